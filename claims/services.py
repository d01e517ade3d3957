"""Writes for claims: turning a document's extracted claims into canonical Claims."""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db import transaction

from sources.models import Document

from .checks import check_enqueue
from .extraction.canonical import anchor_words, fingerprint, same_statement, similarity
from .extraction.pipeline import ExtractedClaim, describe_statement, extract_claims
from .models import Appearance, Claim

_NEAR_DUPLICATE_CANDIDATES = 50


@dataclass
class ExtractionReport:
    document_id: int
    claims: list[int] = field(default_factory=list)
    new_claims: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "document_id": self.document_id,
            "claims": len(self.claims),
            "new_claims": len(self.new_claims),
        }


def claim_find_canonical(*, text: str) -> Claim | None:
    """The existing Claim this statement is a copy or near-copy of, if any."""
    exact = Claim.objects.filter(fingerprint=fingerprint(text)).first()
    if exact is not None:
        return exact
    anchors = anchor_words(text)
    if len(anchors) < 2:
        return None
    candidates = Claim.objects.all()
    for word in anchors[:2]:
        candidates = candidates.filter(text__icontains=word)
    best, best_score = None, 0.0
    for candidate in candidates.only("id", "text")[:_NEAR_DUPLICATE_CANDIDATES]:
        if not same_statement(text, candidate.text):
            continue
        score = similarity(text, candidate.text)
        if score > best_score:
            best, best_score = candidate, score
    return Claim.objects.get(pk=best.pk) if best else None


def claim_get_or_create(item: ExtractedClaim) -> tuple[Claim, bool]:
    """The canonical Claim for an extracted statement, created when new (not yet queued)."""
    existing = claim_find_canonical(text=item.text)
    if existing is not None:
        return existing, False
    return Claim.objects.get_or_create(
        fingerprint=fingerprint(item.text),
        defaults={
            "text": item.text,
            "kind": item.kind,
            "claimant": item.claimant[:300],
            "quantities": item.quantities,
            "time_references": item.time_references,
            "entities": item.entities,
            "check_worthiness": item.check_worthiness,
            "worthiness_features": {
                **item.features,
                "claimant_cue": item.claimant_cue,
                "hedges": list(item.hedges),
            },
        },
    )


@transaction.atomic
def claims_extract_from_document(*, document_id: int) -> ExtractionReport:
    """Extract a document's claims and record where each appears (idempotent)."""
    document = Document.objects.get(pk=document_id)
    published = document.published_at.date() if document.published_at else None
    report = ExtractionReport(document_id=document.pk)
    for item in extract_claims(document.text, published=published):
        claim, created = claim_get_or_create(item)
        Appearance.objects.get_or_create(
            claim=claim,
            document=document,
            start=item.start,
            defaults={"end": item.end, "sentence": item.text},
        )
        report.claims.append(claim.pk)
        if created:
            report.new_claims.append(claim.pk)
            # Every new claim is checked against the other sources at once.
            check_enqueue(claim=claim)
    return report


@transaction.atomic
def claim_create(
    *,
    text: str,
    claimant: str = "",
    kind: str = "",
    said_on: date | None = None,
) -> tuple[Claim, bool]:
    """A claim typed in by hand: analysed like an extracted one, checked when new.

    Returns the claim and whether it was created; a statement the desk already
    has returns the existing claim, as a duplicate document does.
    """
    item = describe_statement(" ".join(text.split()), published=said_on)
    overrides = {key: value for key, value in (("claimant", claimant), ("kind", kind)) if value}
    claim, created = claim_get_or_create(replace(item, **overrides))
    if created:
        check_enqueue(claim=claim)
    return claim, created
