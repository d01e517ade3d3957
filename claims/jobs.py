"""Background jobs of the claims app.

Imports of the work itself happen inside each job: web processes register
the kinds at start-up, but only workers need extraction and verification.
"""

from factcheck.jobs.registry import PermanentJobError, job_kind


@job_kind("extract", time_limit=120)
def extract(*, document_id: int) -> dict:
    """Extract a document's claims (running it again leaves the same rows)."""
    from sources.models import Document

    from .services import DocumentTooLarge, claims_extract_from_document

    try:
        return claims_extract_from_document(document_id=document_id).as_dict()
    except Document.DoesNotExist:
        raise PermanentJobError(f"document {document_id} does not exist") from None
    except DocumentTooLarge as exc:
        # The same text is as long on every attempt: fail now, not after five.
        raise PermanentJobError(str(exc)) from None


@job_kind("verify", time_limit=120)
def verify(*, check_id: int, published_before: str | None = None) -> dict:
    """Run one check of a claim against other sources."""
    from .checks import check_run
    from .models import Check

    try:
        return check_run(check_id=check_id, published_before=published_before)
    except Check.DoesNotExist:
        raise PermanentJobError(f"check {check_id} does not exist") from None


@job_kind("recheck", time_limit=120)
def recheck(*, document_id: int) -> dict:
    """Queue checks for the claims a new document plausibly bears on."""
    from sources.models import Document

    from .checks import claims_recheck_for_document

    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        raise PermanentJobError(f"document {document_id} does not exist")
    return {"checks_queued": len(claims_recheck_for_document(document=document))}
