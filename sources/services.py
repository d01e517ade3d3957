"""Writes for sources and documents."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models.functions import Lower

from .models import Document, DocumentOrigin, Source, SourceKind, content_hash
from .urlnorm import normalize_url, url_domain


@dataclass(frozen=True)
class DocumentResult:
    document: Document
    created: bool


@transaction.atomic
def source_get_or_create(*, name: str, kind: str = SourceKind.NEWS, domain: str = "") -> Source:
    """The source with this name (case-insensitive), or a new one with this kind and domain.

    An existing source is never changed: its domains and kind are staff's to
    edit, and a client (or a page naming its own publisher) must not add a
    domain to a source the desk trusts.
    """
    name = " ".join(name.split())
    source = Source.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
    if source is None:
        source = Source.objects.create(name=name, kind=kind, domains=[domain] if domain else [])
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
    origin: str = DocumentOrigin.SUBMITTED,
    submitted_by: AbstractBaseUser | None = None,
) -> DocumentResult:
    """Store a text once: the same text is the existing Document, and so is the
    page we fetched from the same URL.

    A URL is matched against fetched documents only: a submitted text that
    names a URL never answers for that page. A fetch whose page is exactly a
    submitted text makes that document the fetched page (the text is now
    confirmed by the page).
    """
    url = normalize_url(url) if url else None
    fetched = origin == DocumentOrigin.FETCHED
    existing = Document.objects.filter(content_hash=content_hash(text)).first()
    if existing is None and url:
        existing = Document.objects.filter(url=url, origin=DocumentOrigin.FETCHED).first()
    if existing is not None:
        if fetched and existing.origin == DocumentOrigin.SUBMITTED:
            _confirm_by_fetch(existing, url)
        return DocumentResult(existing, created=False)
    document = Document.objects.create(
        source=source,
        text=text,
        url=url,
        title=title,
        author=author,
        published_at=published_at,
        html=html,
        origin=origin,
        submitted_by=None if fetched else submitted_by,
    )
    return DocumentResult(document, created=True)


def _confirm_by_fetch(document: Document, url: str | None) -> None:
    if url and Document.objects.filter(url=url, origin=DocumentOrigin.FETCHED).exists():
        return  # that URL has its fetched page already (the same text under two URLs)
    document.origin = DocumentOrigin.FETCHED
    document.url = url
    document.save(update_fields=["origin", "url"])


def source_for_url(*, name: str, url: str | None) -> Source:
    """The publisher's Source, remembering the domain the URL is on."""
    return source_get_or_create(name=name, domain=url_domain(url) if url else "")
