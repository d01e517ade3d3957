"""Background jobs of the sources app."""

from datetime import datetime

from factcheck.jobs.registry import PermanentJobError, job_kind

from .fetch import FetchError, fetch_url
from .html import UndecodableBody, decode_body
from .ingest import IngestError, document_ingest
from .models import DocumentOrigin, Source


# Not atomic: no transaction is held open while the network is waited on; the
# document is written in one transaction afterwards.
@job_kind("fetch", time_limit=60, max_attempts=4, atomic=False)
def fetch(
    *,
    url: str,
    source_id: int | None = None,
    title: str = "",
    published_at: str | None = None,
    extract: bool = True,
) -> dict:
    """Fetch an article URL safely and ingest the page as a Document."""
    try:
        page = fetch_url(url)
    except FetchError as exc:
        if exc.retryable:  # network trouble, 5xx, 429: worth another try
            raise
        raise PermanentJobError(f"{exc.code}: {exc}") from None
    try:
        html = decode_body(page.body, page.charset)
    except UndecodableBody as exc:
        raise PermanentJobError(f"undecodable: {exc}") from None
    source = Source.objects.filter(pk=source_id).first() if source_id else None
    try:
        result = document_ingest(
            url=page.url,
            html=html,
            source=source,
            title=title,
            published_at=datetime.fromisoformat(published_at) if published_at else None,
            extract=extract,
            origin=DocumentOrigin.FETCHED,
        )
    except IngestError as exc:
        raise PermanentJobError(f"{exc.code}: {exc}") from None
    return {
        "document_id": result.document.pk,
        "created": result.created,
        "extract_job_id": result.extract_job.pk if result.extract_job else None,
    }
