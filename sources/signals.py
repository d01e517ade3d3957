"""Signals sources sends for the apps that build on it.

Imports run one way: claims builds on sources, so sources never imports
claims. What claims must do when sources stores something is therefore
announced here and connected by claims (ClaimsConfig.ready), not called.
"""

from django.dispatch import Signal

# Sent by document_ingest each time it has stored a document or found the one
# already stored (a duplicate), inside its transaction and before it queues
# extraction, with sender=Document and the keyword arguments:
#   document: the Document;
#   created: False for a duplicate;
#   raw_html: the page as submitted or fetched, before sanitising dropped its
#     scripts and structured data (schema.org markup); None for submitted text;
#   base_url: the page's URL, if it has one.
# Sent with send(), not send_robust(): a receiver runs in the ingestion's
# transaction, and an error it raises fails the ingestion, as a direct call
# would. Receivers that must not stop an ingestion handle their own errors.
document_stored = Signal()
