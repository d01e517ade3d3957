"""Writes for claims: turning a document's extracted claims into canonical Claims."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from factcheck.errors import DomainError
from factcheck.text.sentences import split_sentences
from sources.models import Document

from .checks import check_enqueue, checks_enqueue_new_claims
from .extraction.canonical import (
    anchor_words,
    fingerprint,
    numbers_of,
    same_statement,
    similarity,
)
from .extraction.pipeline import ExtractedClaim, describe_statement, extract_claims
from .models import Appearance, Claim

_NEAR_DUPLICATE_CANDIDATES = 50
# Among the claims one extraction has just created, a near-copy is looked for
# in the latest this many with the same numbers: enough for a statement an
# article repeats, and it keeps a long document's matching linear.
_SAME_DOCUMENT_CANDIDATES = 200
# Rows per "IN (...)" query, under SQLite's limit on query parameters.
_LOOKUP_BATCH = 500


class DocumentTooLarge(DomainError):
    """A document longer than one extraction may examine (FACTCHECK_MAX_SENTENCES)."""

    code = "too_large"


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
    best = _closest(text, _near_duplicate_candidates(text))
    return Claim.objects.get(pk=best.pk) if best else None


def _near_duplicate_candidates(text: str, *, up_to_pk: int | None = None) -> list[Claim]:
    """The latest claims (id and text only) holding the statement's two anchor words.

    No index serves a substring search: it reads the rows one by one. With
    `up_to_pk` (newest first by primary key, so the scan starts at that id)
    an extraction does not re-read the claims it has just created, which made
    one document's matching grow with the square of its statements.
    """
    anchors = anchor_words(text)
    if len(anchors) < 2:
        return []
    candidates = Claim.objects.all()
    if up_to_pk is not None:
        candidates = candidates.filter(pk__lte=up_to_pk)
    for word in anchors[:2]:
        candidates = candidates.filter(text__icontains=word)
    return list(candidates.only("id", "text").order_by("-pk")[:_NEAR_DUPLICATE_CANDIDATES])


def _closest(text: str, candidates: Iterable[Claim]) -> Claim | None:
    """The candidate stating the same fact most alike in wording, if any does."""
    best, best_score = None, 0.0
    for candidate in candidates:
        if not same_statement(text, candidate.text):
            continue
        score = similarity(text, candidate.text)
        if score > best_score:
            best, best_score = candidate, score
    return best


def claim_get_or_create(item: ExtractedClaim) -> tuple[Claim, bool]:
    """The canonical Claim for an extracted statement, created when new (not yet queued)."""
    existing = claim_find_canonical(text=item.text)
    if existing is not None:
        return existing, False
    return _claim_create_from(item)


def _claim_create_from(item: ExtractedClaim) -> tuple[Claim, bool]:
    # get_or_create: another worker may have stored the same statement meanwhile.
    return Claim.objects.get_or_create(
        fingerprint=fingerprint(item.text), defaults=_claim_fields(item)
    )


def _claim_fields(item: ExtractedClaim) -> dict[str, object]:
    return {
        "text": item.text,
        "kind": item.kind,
        "forecast": item.forecast,
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
    }


@transaction.atomic
def claims_extract_from_document(*, document_id: int) -> ExtractionReport:
    """Extract a document's claims and record where each appears (idempotent).

    A document of more than FACTCHECK_MAX_SENTENCES sentences is refused
    (DocumentTooLarge) once its sentences are counted, before any analysis or
    write. The database work is a few queries per batch of statements, plus
    one near-duplicate query for each statement with no exact copy and one
    verify job for each new claim.
    """
    document = Document.objects.get(pk=document_id)
    sentences = split_sentences(document.text)
    _check_sentence_count(document, len(sentences))
    published = document.published_at.date() if document.published_at else None
    items = extract_claims(document.text, published=published, sentences=sentences)
    claims, new = _canonical_claims(items)
    _appearances_record(document, items, claims)
    # Every new claim is checked against the other sources at once.
    checks_enqueue_new_claims(claims=new)
    return ExtractionReport(
        document_id=document.pk,
        claims=[claim.pk for claim in claims],
        new_claims=[claim.pk for claim in new],
    )


def _check_sentence_count(document: Document, count: int) -> None:
    limit = settings.FACTCHECK_MAX_SENTENCES
    if count > limit:
        raise DocumentTooLarge(
            f"document {document.pk} has {count:,} sentences; "
            f"the limit is FACTCHECK_MAX_SENTENCES={limit:,}",
            details={"sentences": count, "limit": limit},
        )


def _canonical_claims(items: list[ExtractedClaim]) -> tuple[list[Claim], list[Claim]]:
    """Each statement's canonical Claim in order, and the claims that are new.

    What claim_get_or_create does for each, in fewer queries: the new claims
    are matched in memory and inserted in batches.
    """
    if not connection.features.can_return_rows_from_bulk_insert:
        return _canonical_claims_one_by_one(items)  # SQLite before 3.35 gives no ids back
    claims, new = _matched_or_new(items)
    try:
        with transaction.atomic():
            Claim.objects.bulk_create(new, batch_size=_LOOKUP_BATCH)
    except IntegrityError:
        # Another worker stored one of these statements meanwhile (PostgreSQL
        # runs extractions side by side): its claim is the canonical one.
        return _canonical_claims_one_by_one(items)
    return claims, new


def _matched_or_new(items: list[ExtractedClaim]) -> tuple[list[Claim], list[Claim]]:
    """Each statement's existing claim, or a new (unsaved) one; and the new ones.

    Exact copies are looked up in one query per batch of fingerprints; a
    statement with none gets one near-duplicate query over the claims that
    existed before, and is compared in memory with those new here.
    """
    digests = [fingerprint(item.text) for item in items]
    known = _claims_by_fingerprint(digests)
    existed_up_to = Claim.objects.aggregate(last=Max("pk"))["last"] or 0
    new_here = _NewClaims()
    claims: list[Claim] = []
    for item, digest in zip(items, digests, strict=True):
        claim = known.get(digest)
        if claim is None:
            candidates = [
                *_near_duplicate_candidates(item.text, up_to_pk=existed_up_to),
                *new_here.candidates(item.text),
            ]
            claim = _closest(item.text, candidates)
        if claim is None:
            claim = known[digest] = Claim(fingerprint=digest, **_claim_fields(item))
            new_here.add(claim)
        claims.append(claim)
    return claims, new_here.claims


def _canonical_claims_one_by_one(
    items: list[ExtractedClaim],
) -> tuple[list[Claim], list[Claim]]:
    claims, new = [], []
    for item in items:
        claim, created = claim_get_or_create(item)
        claims.append(claim)
        if created:
            new.append(claim)
    return claims, new


def _claims_by_fingerprint(fingerprints: Iterable[str]) -> dict[str, Claim]:
    wanted = sorted(set(fingerprints))
    found: dict[str, Claim] = {}
    for start in range(0, len(wanted), _LOOKUP_BATCH):
        batch = wanted[start : start + _LOOKUP_BATCH]
        found.update((c.fingerprint, c) for c in Claim.objects.filter(fingerprint__in=batch))
    return found


class _NewClaims:
    """The claims one extraction is creating, found again as the near-duplicate
    query would find them: the latest holding both anchor words. Only claims
    with the statement's numbers are looked at, since no other can match."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self._by_numbers: dict[frozenset[str], list[Claim]] = defaultdict(list)

    def add(self, claim: Claim) -> None:
        self.claims.append(claim)
        self._by_numbers[numbers_of(claim.text)].append(claim)

    def candidates(self, text: str) -> list[Claim]:
        anchors = anchor_words(text)[:2]
        if len(anchors) < 2:
            return []
        latest = self._by_numbers.get(numbers_of(text), [])[-_SAME_DOCUMENT_CANDIDATES:]
        holding = [c for c in reversed(latest) if all(a in c.text.lower() for a in anchors)]
        return holding[:_NEAR_DUPLICATE_CANDIDATES]


def _appearances_record(
    document: Document, items: list[ExtractedClaim], claims: list[Claim]
) -> None:
    """An Appearance for each statement at its place, unless there is one already."""
    present = set(Appearance.objects.filter(document=document).values_list("claim_id", "start"))
    Appearance.objects.bulk_create(
        [
            Appearance(
                claim=claim, document=document, start=item.start, end=item.end, sentence=item.text
            )
            for item, claim in zip(items, claims, strict=True)
            if (claim.pk, item.start) not in present
        ],
        batch_size=_LOOKUP_BATCH,
        ignore_conflicts=True,
    )


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
