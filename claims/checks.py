"""Checks: verifying a claim against other sources, as a replayable ledger of runs.

check_enqueue() records a Check and its verify Job in the caller's transaction;
check_run() (the job) takes the steps of claims.verification (retrieve,
relate, judge, aggregate), stores the Evidence and the suggested verdict, and
moves the claim from checking to needs_review through the workflow.
"""

import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from factcheck.jobs.services import job_enqueue
from factcheck.text import embeddings
from factcheck.text.sentences import split_sentences
from sources.models import Document
from webhooks.events import WebhookEvent
from webhooks.services import webhook_emit

from .choices import ClaimStatus, ReviewAction, Stance
from .extraction.canonical import content_words
from .extraction.entities import find_entities
from .models import Check, Claim, Evidence
from .verification.aggregate import aggregate
from .verification.direction import RELATED, decide
from .verification.facts import ClaimFacts, Judgement, Verdict
from .verification.judge import judge_passage
from .verification.model import Weights, weights_for
from .verification.relate import ClaimTerms, Relation, passages_features, relation_of
from .verification.retrieve import Candidate, retrieve
from .workflow import claim_transition, claims_start_check

logger = logging.getLogger(__name__)

# Numbers with a decimal or thousands separator, or of three digits or more:
# specific enough to find the claims a document bears on.
_NUMBER = re.compile(r"\d+[.,]\d+|\d{3,}")
_RECHECK_CANDIDATES = 200
# Claims per round of bulk queries when a document's new claims are queued.
_NEW_CLAIMS_BATCH = 500
# How many candidate passages a check reads for relatedness (cheap), how many
# of the most related it judges (the rules cost more), and how many it keeps.
PASSAGES_READ = 60
PASSAGES_JUDGED = 25
EVIDENCE_KEPT = 10


@transaction.atomic
def check_enqueue(
    *,
    claim: Claim,
    actor: AbstractBaseUser | None = None,
    published_before: datetime | None = None,
    idempotency_key: str | None = None,
) -> Check:
    """Queue a check of the claim; a new claim moves from new to checking."""
    if idempotency_key:
        existing = Check.objects.filter(job__idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    check = Check.objects.create(claim=claim)
    payload: dict[str, object] = {"check_id": check.pk}
    if published_before is not None:
        payload["published_before"] = published_before.isoformat()
    check.job = job_enqueue(
        kind="verify", payload=payload, target=f"claim:{claim.pk}", idempotency_key=idempotency_key
    )
    check.save(update_fields=["job"])
    if claim.status == ClaimStatus.NEW:
        claim_transition(claim_id=claim.pk, action=ReviewAction.START_CHECK, actor=None)
    return check


@transaction.atomic
def checks_enqueue_new_claims(*, claims: list[Claim]) -> list[Check]:
    """Queue a first check of each of a document's new claims, as check_enqueue
    does for one: a Check and its verify Job each, and the claims move from new
    to checking. A few queries per batch of claims, plus each claim's job."""
    checks: list[Check] = []
    for start in range(0, len(claims), _NEW_CLAIMS_BATCH):
        batch = claims[start : start + _NEW_CLAIMS_BATCH]
        created = Check.objects.bulk_create([Check(claim=claim) for claim in batch])
        for check in created:
            check.job = job_enqueue(
                kind="verify", payload={"check_id": check.pk}, target=f"claim:{check.claim_id}"
            )
        Check.objects.bulk_update(created, ["job"])
        claims_start_check(claim_ids=[claim.pk for claim in batch])
        checks += created
    return checks


def _reviewed_elsewhere(claim: Claim) -> list[dict[str, str]]:
    """Flags for fact-checks other publishers have published on this claim: the
    reviewer should read them before deciding again."""
    return [
        {
            "kind": "reviewed_elsewhere",
            "detail": f"{review.publisher or 'another publisher'} rated it "
            f"{review.alternate_name or review.rating_value or 'unrated'}"
            + (f" on {review.date_published}" if review.date_published else "")
            + (f" ({review.url})" if review.url else ""),
        }
        for review in claim.external_reviews.all()
    ]


def claim_facts(claim: Claim) -> ClaimFacts:
    first = claim.appearances.select_related("document").order_by("id").first()
    published = first.document.published_at if first and first.document.published_at else None
    return ClaimFacts(
        text=claim.text,
        quantities=claim.quantities,
        time_references=claim.time_references,
        entities=claim.entities,
        claimant=claim.claimant,
        published=published.date() if published else None,
    )


@transaction.atomic
def check_run(*, check_id: int, published_before: str | None = None) -> dict[str, object]:
    """Run one check: retrieve, relate, judge, aggregate, store; then hand the claim to review."""
    check = Check.objects.select_related("claim").get(pk=check_id)
    claim = check.claim
    facts = claim_facts(claim)
    embedder = embeddings.embedder(settings.FACTCHECK_EMBEDDINGS)
    weights = weights_for(embedder.backend)
    read = candidates_read(
        claim,
        facts,
        embedder,
        published_before=datetime.fromisoformat(published_before) if published_before else None,
    )
    judged = [
        (item.candidate, _decided(facts, item, relation, weights))
        for item, relation in _most_related(read, weights)
    ]
    verdict = aggregate(facts, [(candidate.facts, judgement) for candidate, judgement in judged])
    kept = _evidence_kept(judged)
    _store(check, kept, verdict, embedder, weights)
    if Claim.objects.filter(pk=claim.pk, status=ClaimStatus.CHECKING).exists():
        claim_transition(claim_id=claim.pk, action=ReviewAction.COMPLETE_CHECK, actor=None)
    webhook_emit(
        event=WebhookEvent.CHECK_COMPLETED,
        payload={
            "check_id": check.pk,
            "claim_id": claim.pk,
            "suggested_verdict": check.suggested_verdict,
            "confidence": check.confidence,
        },
    )
    return {
        "check_id": check.pk,
        "suggested_verdict": check.suggested_verdict,
        "evidence": len(kept),
    }


def claim_terms(claim: Claim, facts: ClaimFacts) -> ClaimTerms:
    """What relate() looks for: the claim's words, its names and numbers, its year."""
    names = [e.get("text", "") for e in claim.entities if isinstance(e, dict)]
    return ClaimTerms.of(claim.text, names, facts.published.year if facts.published else None)


@dataclass(frozen=True)
class ReadCandidate:
    """A candidate passage with the rules' reading of it and relate's signals."""

    candidate: Candidate
    reading: Judgement
    features: dict[str, float]


def candidates_read(
    claim: Claim,
    facts: ClaimFacts,
    embedder: embeddings.Embedder,
    *,
    published_before: datetime | None = None,
) -> list[ReadCandidate]:
    """Retrieve the claim's candidate passages and read each: the rules' reading
    (a fraction of a millisecond each; what they find is one of relate's
    signals) and relate's signals. A check and the fit of its weights
    (verification/weights/fit.py) read candidates through this one function."""
    candidates = retrieve(
        claim.text,
        own_documents=list(claim.appearances.values_list("document_id", "document__content_hash")),
        published_before=published_before,
        limit=PASSAGES_READ,
    )
    readings = [judge_passage(facts, candidate.facts) for candidate in candidates]
    features = passages_features(
        claim_terms(claim, facts),
        [c.passage.text for c in candidates],
        [c.passage.rank for c in candidates],
        readings,
        embedder,
    )
    return [
        ReadCandidate(candidate, reading, signals)
        for candidate, reading, signals in zip(candidates, readings, features, strict=True)
    ]


def reading_as_related(facts: ClaimFacts, item: ReadCandidate) -> Judgement:
    """The rules' reading of a passage relate finds related: its figures and dates
    count even where it words the claim otherwise. Only a passage the rules' word
    gate turned away (read as unrelated) needs reading again."""
    if item.reading.stance != Stance.UNRELATED:
        return item.reading
    return judge_passage(facts, item.candidate.facts, related=True)


def _most_related(
    read: list[ReadCandidate], weights: Weights
) -> list[tuple[ReadCandidate, Relation]]:
    """The candidates most likely to bear on the claim, at most PASSAGES_JUDGED, best
    first, each with its relation."""
    related = [(item, relation_of(item.features, weights)) for item in read]
    related.sort(key=lambda pair: (-pair[1].probability, -pair[0].candidate.passage.rank))
    return related[:PASSAGES_JUDGED]


def _decided(
    facts: ClaimFacts, item: ReadCandidate, relation: Relation, weights: Weights
) -> Judgement:
    """The rules' reading of the passage, with the stance the fitted models decide."""
    judgement = item.reading
    if relation.probability >= RELATED:
        judgement = reading_as_related(facts, item)
    candidate = item.candidate
    decision = decide(
        relation,
        judgement,
        facts.text,
        candidate.passage.text,
        candidate.facts.reliability,
        weights,
    )
    return replace(
        judgement, stance=decision.stance, score=decision.score, reasons=decision.reasons
    )


def _evidence_kept(judged: list[tuple[Candidate, Judgement]]) -> list[tuple[Candidate, Judgement]]:
    """The EVIDENCE_KEPT best related passages: each document's best first, then its
    next best. A passage judged unrelated is not evidence: it would only stand
    between the reviewer and the reports that bear on the claim."""
    related = [pair for pair in judged if pair[1].stance != Stance.UNRELATED]
    ranked = sorted(related, key=lambda pair: -pair[1].score)
    seen: set[int] = set()
    firsts, rest = [], []
    for pair in ranked:
        document = pair[0].passage.document_id
        (rest if document in seen else firsts).append(pair)
        seen.add(document)
    return (firsts + rest)[:EVIDENCE_KEPT]


def _store(
    check: Check,
    kept: list[tuple[Candidate, Judgement]],
    verdict: Verdict,
    embedder: embeddings.Embedder,
    weights: Weights,
) -> None:
    # A re-run of the same check (a redelivered job) replaces, never adds.
    check.evidence.all().delete()
    Evidence.objects.bulk_create(
        Evidence(
            check_run=check,
            document_id=candidate.passage.document_id,
            start=candidate.passage.start,
            end=candidate.passage.end,
            text=candidate.passage.text,
            stance=judgement.stance,
            score=round(judgement.score, 4),
            reasons=judgement.reasons,
        )
        for candidate, judgement in kept
    )
    check.suggested_verdict = verdict.suggested_verdict
    check.confidence = round(verdict.confidence, 4)
    check.explanation = verdict.explanation
    check.flags = verdict.flags + _reviewed_elsewhere(check.claim)
    check.embeddings_backend = embedder.backend
    check.embeddings_model = embedder.model
    check.weights = weights.signature
    check.completed_at = timezone.now()
    check.save()


def claims_recheck_for_document(*, document: Document) -> list[Check]:
    """Queue checks for claims a newly ingested document plausibly bears on.

    Bounded: a claim is re-checked at most once per CHECKS_RECHECK_INTERVAL
    (the idempotency key names the interval), and at most
    CHECKS_RECHECK_LIMIT claims per document.
    """
    interval = settings.CHECKS_RECHECK_INTERVAL
    bucket = int(timezone.now().timestamp()) // interval
    since = timezone.now() - timedelta(seconds=interval)
    candidates = _claims_sharing_names(document)
    checks = []
    for claim in candidates[: settings.CHECKS_RECHECK_LIMIT]:
        if (
            claim.status == ClaimStatus.PUBLISHED
            or claim.checks.filter(created_at__gte=since).exists()
        ):
            continue
        checks.append(check_enqueue(claim=claim, idempotency_key=f"recheck:{claim.pk}:{bucket}"))
    return checks


def _claims_sharing_names(document: Document) -> list[Claim]:
    """Claims (not from this document) that share its numbers or names and some wording.

    Candidates come from the database by a shared number or name; each must
    then share at least three content words with one sentence of the document.
    """
    names = Counter(
        entity.text
        for sentence in split_sentences(document.text)
        for entity in find_entities(sentence.text)
        if len(entity.text) > 2
    )
    keys = [name for name, _ in names.most_common(8)]
    keys += sorted(set(_NUMBER.findall(document.text)), key=len, reverse=True)[:8]
    if not keys:
        return []
    query = Q()
    for key in keys:
        query |= Q(text__icontains=key)
    claims = (
        Claim.objects.filter(query)
        .exclude(appearances__document=document)
        .distinct()
        .order_by("-created_at")[:_RECHECK_CANDIDATES]
    )
    sentences = [content_words(s.text) for s in split_sentences(document.text)]
    return [
        claim
        for claim in claims
        if any(len(content_words(claim.text) & words) >= 3 for words in sentences)
    ]
