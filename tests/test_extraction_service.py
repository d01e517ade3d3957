"""Extraction as a service and a job: claims, appearances, canonical matching."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Appearance, Claim
from claims.services import claims_extract_from_document
from factcheck.jobs.models import JobStatus
from factcheck.jobs.services import JobOutcome, job_execute
from factcheck.text.sentences import split_sentences
from sources.dates import split_date_prefix
from sources.ingest import document_ingest
from sources.models import Source
from tests.extraction_eval import ARTICLES

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

HEALTH = "\n".join(
    [
        " date 2024-03-14 Hospital waiting list hits record",
        "By Priya Natarajan",
        "",
        "More than 7,400 patients were waiting for planned surgery at Northgate General "
        "Hospital in February, the hospital trust said on Tuesday.",
        "The figure is up 12% from a year earlier, according to the regional health board.",
        "Photo: Patients queue outside the outpatient clinic.",
        "Why is the list growing?",
        "Dr. Alan Reyes, the trust's medical director, said the hospital had lost 85 nurses "
        "last year.",
        "He said a new surgical wing would open in September.",
    ]
)

OTHER_PAPER = "\n".join(
    [
        "Regional round-up",
        "More than 7,400 patients were waiting for planned surgery at Northgate General "
        "Hospital in February, the hospital trust said on Tuesday.",
        "Elsewhere, the county library reopened after a fire.",
    ]
)


@pytest.fixture
def source():
    return Source.objects.create(name="Northgate Courier")


def ingest(source, text):
    return document_ingest(source=source, text=text, extract=False).document


def test_each_claim_appearance_points_at_its_sentence_in_the_document(source):
    document = ingest(source, HEALTH)
    claims_extract_from_document(document_id=document.pk)
    appearances = Appearance.objects.filter(document=document)
    assert appearances.count() >= 3
    for appearance in appearances:
        assert document.text[appearance.start : appearance.end] == appearance.sentence


def test_headlines_bylines_captions_and_questions_do_not_become_claims(source):
    document = ingest(source, HEALTH)
    claims_extract_from_document(document_id=document.pk)
    texts = list(Claim.objects.values_list("text", flat=True))
    assert not any(
        t.startswith(("Hospital waiting list", "By Priya", "Photo:", "Why is")) for t in texts
    )


def test_a_claim_carries_its_claimant_quantities_and_resolved_dates(source):
    document = ingest(source, HEALTH)
    claims_extract_from_document(document_id=document.pk)
    claim = Claim.objects.get(text__startswith="More than 7,400 patients")
    # No trust was named before, so the description stands as written.
    assert claim.claimant == "the hospital trust"
    assert claim.kind == "quantity"
    [quantity] = claim.quantities
    assert (quantity["value"], quantity["comparator"], quantity["unit"]) == (7400, ">", "patient")
    february = next(t for t in claim.time_references if t["text"] == "February")
    assert (february["date_from"], february["date_to"]) == ("2024-02-01", "2024-02-29")
    assert claim.check_worthiness > 0.5
    assert "quantities" in claim.worthiness_features


def test_he_said_is_attributed_to_the_last_named_speaker_without_a_title(source):
    document = ingest(source, HEALTH)
    claims_extract_from_document(document_id=document.pk)
    named = Claim.objects.get(text__startswith="Dr. Alan Reyes")
    claim = Claim.objects.get(text__startswith="He said a new surgical wing")
    assert named.claimant == claim.claimant == "Alan Reyes"
    assert claim.kind == "prediction"
    assert claim.forecast == ""  # a prediction's forecast is the claim itself


def test_running_extraction_twice_leaves_the_same_claims_and_appearances(source):
    document = ingest(source, HEALTH)
    claims_extract_from_document(document_id=document.pk)
    before = (
        sorted(Claim.objects.values_list("id", "fingerprint")),
        sorted(Appearance.objects.values_list("claim_id", "document_id", "start", "end")),
    )
    report = claims_extract_from_document(document_id=document.pk)
    after = (
        sorted(Claim.objects.values_list("id", "fingerprint")),
        sorted(Appearance.objects.values_list("claim_id", "document_id", "start", "end")),
    )
    assert after == before
    assert report.new_claims == []


def test_the_same_statement_in_a_second_article_is_a_second_appearance_of_one_claim(source):
    first = ingest(source, HEALTH)
    second = ingest(Source.objects.create(name="County Post"), OTHER_PAPER)
    claims_extract_from_document(document_id=first.pk)
    claims_extract_from_document(document_id=second.pk)
    claim = Claim.objects.get(text__startswith="More than 7,400 patients")
    assert sorted(claim.appearances.values_list("document_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )


def test_a_reworded_copy_of_a_statement_joins_the_existing_claim(source):
    first = ingest(source, HEALTH)
    claims_extract_from_document(document_id=first.pk)
    reworded = ingest(
        Source.objects.create(name="Metro Daily"),
        "On Tuesday the hospital trust said more than 7,400 patients were waiting for planned "
        "surgery at Northgate General Hospital in February.",
    )
    claims_extract_from_document(document_id=reworded.pk)
    claim = Claim.objects.get(text__startswith="More than 7,400 patients")
    assert claim.appearances.count() == 2


def test_the_extract_job_runs_extraction_and_reports_counts(
    source, django_capture_on_commit_callbacks
):
    result = document_ingest(source=source, text=HEALTH, extract=True)
    assert job_execute(job_id=result.extract_job.pk, worker="w") == "succeeded"
    result.extract_job.refresh_from_db()
    assert result.extract_job.status == JobStatus.SUCCEEDED
    assert result.extract_job.result["claims"] == Claim.objects.count() > 0


def test_an_extract_job_for_a_deleted_document_fails_at_once(source):
    result = document_ingest(source=source, text=HEALTH, extract=True)
    result.document.delete()
    assert job_execute(job_id=result.extract_job.pk, worker="w") == "failed"
    result.extract_job.refresh_from_db()
    assert "does not exist" in result.extract_job.error


def test_a_reworded_copy_later_in_the_same_article_joins_the_claim_of_the_first(source):
    document = ingest(
        source,
        HEALTH + "\nOn Tuesday the hospital trust said more than 7,400 patients were waiting "
        "for planned surgery at Northgate General Hospital in February.",
    )
    claims_extract_from_document(document_id=document.pk)
    claim = Claim.objects.get(text__startswith="More than 7,400 patients")
    assert claim.appearances.count() == 2
    assert not Claim.objects.filter(text__startswith="On Tuesday the hospital trust").exists()


# --- limits -------------------------------------------------------------------


def test_an_extract_job_over_the_sentence_limit_fails_at_once_saying_what_was_too_big(
    settings, source
):
    settings.FACTCHECK_MAX_SENTENCES = 5
    result = document_ingest(source=source, text=HEALTH, extract=True)
    sentences = len(split_sentences(result.document.text))
    assert job_execute(job_id=result.extract_job.pk, worker="w") == JobOutcome.FAILED
    job = result.extract_job
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert job.error == (
        f"PermanentJobError: document {result.document.pk} has {sentences} sentences; "
        "the limit is FACTCHECK_MAX_SENTENCES=5"
    )
    assert not Claim.objects.exists()
    assert not Appearance.objects.exists()


def test_a_document_of_exactly_the_sentence_limit_extracts(settings, source):
    document = ingest(source, HEALTH)
    settings.FACTCHECK_MAX_SENTENCES = len(split_sentences(document.text))
    assert claims_extract_from_document(document_id=document.pk).claims


def million_character_article(limit: int) -> str:
    """The labelled articles and the seed, paragraph after paragraph, repeated up to
    `limit` characters: ordinary news sentences at their ordinary density."""
    paragraphs = []
    for path in sorted(ARTICLES.glob("*/*.txt")) + sorted(SEEDS.glob("*.txt")):
        body, _ = split_date_prefix(path.read_text(encoding="utf-8"))
        paragraphs += [line for line in body.splitlines() if line.strip()]
    text, index = "", 0
    while len(text) + len(paragraphs[index % len(paragraphs)]) + 2 <= limit:
        text += paragraphs[index % len(paragraphs)] + "\n\n"
        index += 1
    return text


def test_an_article_of_the_longest_accepted_text_extracts_within_the_default_limits(
    settings, source
):
    text = million_character_article(settings.FACTCHECK_MAX_TEXT_CHARS)
    result = document_ingest(source=source, text=text, extract=True)
    assert len(result.document.text) > 0.99 * settings.FACTCHECK_MAX_TEXT_CHARS
    assert job_execute(job_id=result.extract_job.pk, worker="w") == JobOutcome.SUCCEEDED
    result.extract_job.refresh_from_db()
    appearances = Appearance.objects.filter(document=result.document)
    assert result.extract_job.result["claims"] == appearances.count() > 1000
    assert Claim.objects.filter(text__startswith="The Riverton City Council voted 7-2").exists()


def statements(count: int, *, first: int) -> str:
    return "\n".join(
        f"The council said {n:,} homes were built in 2021." for n in range(first, first + count)
    )


def queries_to_extract_a_copy(source: Source, text: str) -> int:
    """Queries spent on a second document repeating statements the desk already has."""
    claims_extract_from_document(document_id=ingest(source, text).pk)
    copy = ingest(source, "Round-up\n" + text)
    with CaptureQueriesContext(connection) as queries:
        report = claims_extract_from_document(document_id=copy.pk)
    assert len(report.claims) == len(text.splitlines())
    assert report.new_claims == []
    return len(queries)


def test_statements_the_desk_already_has_cost_the_same_queries_however_many(source):
    few = queries_to_extract_a_copy(source, statements(5, first=1000))
    many = queries_to_extract_a_copy(source, statements(60, first=2000))
    assert many == few


def queries_to_extract(source: Source, text: str) -> int:
    document = ingest(source, text)
    with CaptureQueriesContext(connection) as queries:
        claims_extract_from_document(document_id=document.pk)
    return len(queries)


def test_each_new_statement_costs_a_few_queries_not_a_round_of_its_own(source):
    # Its near-duplicate lookup, its verify job and the webhook check of its
    # status change; claims, checks, appearances and review events go in batches.
    few = queries_to_extract(source, statements(5, first=1000))
    many = queries_to_extract(source, statements(60, first=2000))
    assert Claim.objects.count() == 65
    assert many - few <= 6 * (60 - 5)
