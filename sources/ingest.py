"""Ingestion: plain text, HTML or a URL in; one Document (never a copy) out.

Text and HTML are stored at once, in the caller's transaction. A URL is
fetched by a worker (job kind "fetch") through the SSRF-safe fetcher, and the
page then goes through the same path as submitted HTML.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from factcheck.errors import DomainError
from factcheck.jobs.models import Job
from factcheck.jobs.services import job_enqueue
from webhooks.events import WebhookEvent
from webhooks.services import webhook_emit

from .dates import split_date_prefix
from .fetch import FetchError, check_url_allowed
from .html import parse_html
from .models import Document, DocumentOrigin, Source
from .services import document_get_or_create, source_for_url
from .signals import document_stored

# Text that is mostly control characters is binary data sent as text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BINARY_SHARE = 0.01


class IngestError(DomainError):
    """The submitted content cannot become a Document."""


@dataclass(frozen=True)
class IngestResult:
    document: Document
    created: bool
    extract_job: Job | None


def clean_submitted_text(text: str, *, field: str = "text") -> str:
    """The text to store, or IngestError for empty, binary or oversized content."""
    if "\x00" in text or len(_CONTROL.findall(text)) > _BINARY_SHARE * max(len(text), 1):
        raise IngestError(
            "The content looks like binary data, not text.",
            code="binary_content",
            details={field: "contains control characters"},
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise IngestError("The content is empty.", code="empty", details={field: "is empty"})
    if len(text) > settings.FACTCHECK_MAX_TEXT_CHARS:
        raise IngestError(
            f"The text is longer than {settings.FACTCHECK_MAX_TEXT_CHARS} characters.",
            code="too_large",
            details={field: "too long"},
        )
    return text


def extraction_enqueue(*, document: Document) -> Job:
    """Queue claim extraction for a document (once per document and text)."""
    return job_enqueue(
        kind="extract",
        payload={"document_id": document.pk},
        target=f"document:{document.pk}",
        idempotency_key=f"extract:{document.pk}:{document.content_hash[:16]}",
    )


@transaction.atomic
def document_ingest(
    *,
    source: Source | None,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    title: str = "",
    author: str = "",
    published_at: datetime | None = None,
    extract: bool = True,
    origin: str = DocumentOrigin.SUBMITTED,
    submitted_by: AbstractBaseUser | None = None,
) -> IngestResult:
    """Store submitted text or HTML as a Document (the existing one for a duplicate).

    With no source, the publisher the HTML page names becomes the Source
    (fetched pages); text always needs one. `origin` says whether we fetched
    the page ourselves (the fetch job) or somebody submitted it (`submitted_by`).
    """
    if (text is None) == (html is None):
        raise IngestError("Send exactly one of text or html.", code="invalid")
    if source is None and html is None:
        raise IngestError("Text needs a source.", code="invalid", details={"source": "required"})
    clean_html = ""
    if html is not None:
        page = parse_html(clean_submitted_text(html, field="html"), url=url)
        text = page.text
        title, author = title or page.title, author or page.author
        published_at = published_at or page.published_at
        clean_html = page.html
        if source is None:
            source = source_for_url(name=page.publisher or page.url or url or "", url=url)
        if not text.strip():
            raise IngestError(
                "No article text could be found in the HTML.",
                code="empty",
                details={"html": "no main text"},
            )
    body, dated = split_date_prefix(clean_submitted_text(text or ""))
    result = document_get_or_create(
        source=source,
        text=body,
        url=url,
        # Pages may carry any length of title or author; the columns have limits.
        title=title[: Document._meta.get_field("title").max_length],
        author=author[: Document._meta.get_field("author").max_length],
        published_at=published_at or dated,
        html=clean_html,
        origin=origin,
        submitted_by=submitted_by,
    )
    # The apps building on documents act on it here, in this transaction, while
    # the raw HTML is at hand: claims imports the fact-checks a page marks up
    # (schema.org ClaimReview), which sanitising drops. A signal, because
    # claims builds on sources and sources must not import it (sources/signals.py).
    document_stored.send(
        sender=Document,
        document=result.document,
        created=result.created,
        raw_html=html,
        base_url=url,
    )
    job = extraction_enqueue(document=result.document) if extract else None
    if result.created:
        # New evidence: the claims it bears on get a fresh check (job kind
        # "recheck", registered by the claims app, which bounds how often).
        job_enqueue(
            kind="recheck",
            payload={"document_id": result.document.pk},
            target=f"document:{result.document.pk}",
        )
        webhook_emit(
            event=WebhookEvent.DOCUMENT_INGESTED,
            payload={
                "document_id": result.document.pk,
                "source_id": result.document.source_id,
                "url": result.document.url,
                "origin": result.document.origin,
                "title": result.document.title,
            },
        )
    return IngestResult(result.document, result.created, job)


@transaction.atomic
def document_ingest_url(
    *,
    url: str,
    source: Source | None = None,
    title: str = "",
    published_at: datetime | None = None,
    extract: bool = True,
) -> Job:
    """Queue a fetch of the URL; refuse at once what the fetcher would refuse."""
    try:
        check_url_allowed(url)
    except FetchError as exc:
        raise IngestError(str(exc), code=exc.code, details={"url": str(exc)}) from None
    return job_enqueue(
        kind="fetch",
        payload={
            "url": url,
            "source_id": source.pk if source else None,
            "title": title,
            "published_at": published_at.isoformat() if published_at else None,
            "extract": extract,
        },
        target=f"url:{url[:90]}",
    )
