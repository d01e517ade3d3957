"""The text layer: what every part of factcheck reads text with.

Django-free and free of any app: one tokeniser and one stemmer (tokens), the
sentence splitter (sentences), vocabularies kept as data files
(vocabulary, data/), and sentence embeddings behind one small interface
(embeddings). ``sources`` and ``claims`` both build on it; it imports
neither, and tests/test_text_layer.py keeps it that way.
"""
