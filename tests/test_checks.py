"""Checks: queued on extraction and on demand, run by the verify job, shown by the API."""

import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from claims.checks import check_enqueue
from claims.choices import ClaimStatus
from claims.models import Check, Claim, Evidence, ReviewEvent
from claims.services import claims_extract_from_document
from claims.verification.model import weights_for
from factcheck.jobs.models import Job, JobStatus
from factcheck.jobs.services import job_execute
from sources.dates import parse_publication_date, split_date_prefix
from sources.ingest import document_ingest
from sources.seeds import seeds_load
from sources.services import source_for_url, source_get_or_create

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = (
    " date 2024-05-16 Rail fares to rise\n"
    "Regional rail fares will rise by 4.5% in July, the transport ministry said on Tuesday.\n"
    "The operator carried 48 million passengers last year, according to its annual report.\n"
)
EVIDENCE = {
    "Metro Courier": (
        "2024-05-15",
        "The transport ministry confirmed that regional rail fares will rise by 4.5% from July.",
    ),
    "Daily Ledger": (
        "2024-04-02",
        "The regional rail operator carried 31 million passengers last year, its annual report "
        "shows, down from 35 million the year before.",
    ),
    "Garden Weekly": ("2024-05-01", "Tulip bulbs should be planted in autumn for spring colour."),
}


def run_jobs(kind: str | None = None) -> None:
    """Run queued jobs in order, as a worker would (including the jobs they queue)."""
    jobs = Job.objects.filter(status=JobStatus.QUEUED)
    if kind:
        jobs = jobs.filter(kind=kind)
    while job := jobs.order_by("id").first():
        job_execute(job_id=job.pk, worker="test")


@pytest.fixture
def corpus():
    for publisher, (day, text) in EVIDENCE.items():
        document_ingest(
            source=source_get_or_create(name=publisher),
            text=text,
            published_at=parse_publication_date(day),
            extract=False,
        )
    result = document_ingest(
        source=source_get_or_create(name="Rail News"), text=ARTICLE, extract=True
    )
    run_jobs("extract")
    return result.document


@pytest.fixture
def api(client_user) -> APIClient:
    api = APIClient()
    api.force_authenticate(client_user)
    return api


def fares(document) -> Claim:
    return Claim.objects.get(appearances__document=document, text__contains="4.5%")


def test_extraction_queues_a_check_for_each_new_claim_and_marks_it_checking(corpus):
    claims = Claim.objects.filter(appearances__document=corpus)
    assert claims.count() == 2
    for claim in claims:
        assert claim.status == ClaimStatus.CHECKING
        check = claim.checks.get()
        assert check.job.kind == "verify"
        assert check.job.status == JobStatus.QUEUED


def test_the_verify_job_stores_evidence_and_a_verdict_then_hands_the_claim_to_review(corpus):
    run_jobs("verify")
    claim = fares(corpus)
    assert claim.status == ClaimStatus.NEEDS_REVIEW
    check = claim.checks.get()
    assert check.job.status == JobStatus.SUCCEEDED
    assert check.suggested_verdict == "supported"
    assert 0 < check.confidence <= 1
    assert "Metro Courier" in check.explanation
    top = check.evidence.order_by("-score").first()
    assert top.document.source.name == "Metro Courier"
    assert top.stance == "supports"
    assert top.document.text[top.start : top.end] == top.text
    assert not check.evidence.filter(document__source__name="Garden Weekly", stance="supports")
    events = ReviewEvent.objects.filter(claim=claim).order_by("version")
    assert [(e.action, e.actor) for e in events] == [
        ("start_check", None),
        ("complete_check", None),
    ]


def test_a_clearly_different_number_refutes_the_claim(corpus):
    run_jobs("verify")
    claim = Claim.objects.get(appearances__document=corpus, text__contains="48 million")
    check = claim.checks.get()
    refuting = check.evidence.filter(stance="refutes")
    assert refuting.filter(document__source__name="Daily Ledger").exists()
    assert check.suggested_verdict in {"refuted", "conflicting"}


def test_the_claims_own_article_and_its_copies_are_never_evidence(corpus):
    copy = document_ingest(
        source=source_get_or_create(name="Syndicated Copy"),
        text=ARTICLE.replace("Rail fares to rise", "Rail fares to rise  "),
        extract=False,
    )
    assert not copy.created  # the same text is the same document
    run_jobs("verify")
    claim = fares(corpus)
    assert not Evidence.objects.filter(check_run__claim=claim, document=corpus).exists()


def test_running_a_check_again_replaces_its_evidence_instead_of_adding(corpus):
    from claims.checks import check_run

    run_jobs("verify")
    check = fares(corpus).checks.get()
    before = sorted(check.evidence.values_list("document_id", "start", "stance"))
    check_run(check_id=check.pk)
    assert sorted(check.evidence.values_list("document_id", "start", "stance")) == before


def test_a_check_can_be_queued_on_demand_and_older_checks_stay_readable(corpus, api):
    run_jobs("verify")
    claim = fares(corpus)
    response = api.post(f"/api/v1/claims/{claim.pk}/checks/")
    assert response.status_code == 202
    assert response["Location"] == f"/api/v1/checks/{response.json()['id']}/"
    assert response.json()["status"] == "queued"
    run_jobs("verify")
    listed = api.get(f"/api/v1/claims/{claim.pk}/checks/").json()
    assert len(listed) == 2
    assert all(c["suggested_verdict"] == "supported" for c in listed)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.NEEDS_REVIEW


def test_a_check_shows_its_evidence_with_the_promised_fields(corpus, api):
    run_jobs("verify")
    check = fares(corpus).checks.get()
    body = api.get(f"/api/v1/checks/{check.pk}/").json()
    assert set(body) >= {
        "id", "claim", "status", "suggested_verdict", "confidence", "explanation", "flags",
        "evidence",
    }  # fmt: skip
    assert body["status"] == "succeeded"
    # The ledger says how the check judged, so that it can be replayed.
    assert (body["embeddings_backend"], body["embeddings_model"]) == (
        "wordllama",
        "l2_supercat_256",
    )
    assert body["weights"] == weights_for("wordllama").signature
    evidence = body["evidence"][0]
    assert set(evidence) >= {
        "document", "url", "publisher", "published_at", "start", "end", "text", "stance",
        "score", "reasons",
    }  # fmt: skip
    detail = api.get(f"/api/v1/claims/{check.claim_id}/").json()
    assert detail["latest_check"]["id"] == check.pk
    assert [e["action"] for e in detail["review_history"]] == ["start_check", "complete_check"]


def test_a_new_document_queues_a_fresh_check_of_the_claims_it_bears_on_once_per_interval(corpus):
    run_jobs()
    claim = fares(corpus)
    Check.objects.filter(claim=claim).update(
        created_at=claim.created_at.replace(year=claim.created_at.year - 1)
    )
    text = (
        "Commuter groups criticised the transport ministry after regional rail fares were set "
        "to rise by 4.5% in July, the largest increase in a decade."
    )
    document_ingest(source=source_get_or_create(name="Commuter Voice"), text=text, extract=False)
    run_jobs("recheck")
    assert claim.checks.count() == 2
    document_ingest(
        source=source_get_or_create(name="Rail Watch"),
        text="Rail fares on regional routes rise by 4.5% in July, the transport ministry says.",
        extract=False,
    )
    run_jobs("recheck")
    assert claim.checks.count() == 2  # already re-checked within the interval


def test_a_check_for_a_deleted_claim_fails_the_job_at_once(corpus):
    claim = fares(corpus)
    job = claim.checks.get().job
    Claim.objects.filter(pk=claim.pk).delete()
    assert job_execute(job_id=job.pk, worker="test") == "failed"


def test_the_seed_container_claim_is_checked_against_the_other_outlets():
    """The seed article and its sources: the shipment is supported by earlier reports,
    Russia's denial is recorded with who denied it, and the date conflict is flagged."""
    text, published = split_date_prefix(
        (ROOT / "seeds" / "000_2a9d7b2181d74fe7.txt").read_text(encoding="utf-8")
    )
    for item in json.loads((ROOT / "seeds" / "dev_sources.json").read_text())["documents"]:
        document_ingest(
            source=source_for_url(name=item["publisher"], url=item["url"]),
            text=item["text"],
            url=item["url"],
            published_at=parse_publication_date(item["date"]),
            extract=False,
        )
    article = document_ingest(
        source=source_get_or_create(name="Desk submissions"),
        text=text,
        published_at=published,
        extract=False,
    ).document
    claims_extract_from_document(document_id=article.pk)
    run_jobs("verify")
    claim = Claim.objects.get(text__contains="1,000 containers")
    check = claim.checks.get()
    assert check.suggested_verdict in {"supported", "conflicting"}
    assert check.evidence.filter(stance="supports").exists()
    denial = [
        reason
        for evidence in check.evidence.all()
        for reason in evidence.reasons
        if reason.get("kind") == "denial"
    ]
    assert denial, "the denial should be recorded with who made it"
    assert any(flag["kind"] == "date_conflict" for flag in check.flags)


def test_enqueue_with_an_idempotency_key_returns_the_same_check(corpus):
    claim = fares(corpus)
    first = check_enqueue(claim=claim, idempotency_key="k")
    assert check_enqueue(claim=claim, idempotency_key="k").pk == first.pk


def test_an_on_demand_check_can_ignore_evidence_published_after_a_cut_off(corpus, api):
    run_jobs("verify")
    claim = fares(corpus)
    response = api.post(
        f"/api/v1/claims/{claim.pk}/checks/",
        {"published_before": "2024-05-01T00:00:00Z"},
        format="json",
    )
    assert response.status_code == 202
    run_jobs("verify")
    check = Check.objects.get(pk=response.json()["id"])
    publishers = set(check.evidence.values_list("document__source__name", flat=True))
    assert "Metro Courier" not in publishers  # published 2024-05-15, after the cut-off
    assert "Daily Ledger" in publishers or check.suggested_verdict == "not_enough_evidence"


def test_a_bad_cut_off_is_a_400_and_queues_nothing(corpus, api):
    claim = fares(corpus)
    before = Check.objects.count()
    response = api.post(
        f"/api/v1/claims/{claim.pk}/checks/", {"published_before": "soon"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert Check.objects.count() == before


def test_the_seed_container_claim_is_supported_by_ap_despite_the_kremlin_denial():
    """The seed article (seeds/): the claim that Pyongyang shipped more than 1,000
    containers is borne out by AP's report (carried by the Atlanta
    Journal-Constitution), which dates the shipments before the claim's "last
    month"; the Kremlin's denial is an interested party's and does not outweigh it."""
    seeds_load(folder=Path(__file__).resolve().parent.parent / "seeds")
    run_jobs()
    claim = Claim.objects.get(text__contains="1,000 containers")
    check = claim.checks.order_by("-id").first()
    assert check.suggested_verdict == "supported"
    assert check.evidence.filter(
        document__source__name="Atlanta Journal-Constitution", stance="supports"
    ).exists()
    assert "date_conflict" in {flag["kind"] for flag in check.flags}
    assert "The Kremlin (an interested party) denied it" in check.explanation
