"""Background jobs of the claims app."""

from factcheck.jobs.registry import PermanentJobError, job_kind


@job_kind("extract", time_limit=120)
def extract(*, document_id: int) -> dict:
    """Extract a document's claims (running it again leaves the same rows)."""
    # Imported here: web processes register the kind at start-up but only
    # workers need the extraction code.
    from sources.models import Document

    from .services import claims_extract_from_document

    try:
        return claims_extract_from_document(document_id=document_id).as_dict()
    except Document.DoesNotExist:
        raise PermanentJobError(f"document {document_id} does not exist") from None
