"""Writes for sources and documents."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models.functions import Lower

from .models import Document, Source, SourceKind, content_hash
from .urlnorm import normalize_url, url_domain


@dataclass(frozen=True)
class DocumentResult:
    document: Document
    created: bool


@transaction.atomic
def source_get_or_create(*, name: str, kind: str = SourceKind.NEWS, domain: str = "") -> Source:
    """The source with this name (case-insensitive), created if new; learns new domains."""
    name = " ".join(name.split())
    source = Source.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
    if source is None:
        source = Source.objects.create(name=name, kind=kind, domains=[domain] if domain else [])
    elif domain and domain not in source.domains:
        source.domains = [*source.domains, domain]
        source.save(update_fields=["domains", "updated_at"])
    return source


@transaction.atomic
def document_get_or_create(
    *,
    source: Source,
    text: str,
    url: str | None = None,
    title: str = "",
    author: str = "",
    published_at: datetime | None = None,
    html: str = "",
) -> DocumentResult:
    """Store a text once: the same text (or the same URL) is the existing Document."""
    url = normalize_url(url) if url else None
    existing = Document.objects.filter(content_hash=content_hash(text)).first()
    if existing is None and url:
        existing = Document.objects.filter(url=url).first()
    if existing is not None:
        return DocumentResult(existing, created=False)
    document = Document.objects.create(
        source=source,
        text=text,
        url=url,
        title=title,
        author=author,
        published_at=published_at,
        html=html,
    )
    return DocumentResult(document, created=True)


def source_for_url(*, name: str, url: str | None) -> Source:
    """The publisher's Source, remembering the domain the URL is on."""
    return source_get_or_create(name=name, domain=url_domain(url) if url else "")
