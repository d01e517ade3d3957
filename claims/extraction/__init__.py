"""Claim extraction: sentences in, structured check-worthy claims out.

Offline and rule-based, so every decision can be explained and it runs at
thousands of sentences per second on one core.
"""
