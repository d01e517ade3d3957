"""Real worker processes on a real broker: jobs are neither lost nor run twice.

These run on whatever the suite is configured with: the embedded filesystem
broker and SQLite by default, Redis and PostgreSQL in CI's second run.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import tests.jobkinds  # noqa: F401 - registers the test job kinds
from factcheck.jobs.models import Job, JobStatus
from factcheck.jobs.registry import get_job_kind
from factcheck.jobs.services import (
    heartbeat_renews,
    job_enqueue,
    lease_seconds,
    send_job_message,
)
from tests.workers import Worker, lose_queued_messages, purge_broker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    purge_broker()
    started: list[Worker] = []

    def start(name: str, **options: object) -> Worker:
        worker = Worker(name, tmp_path, **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def status_of(job: Job) -> str:
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


def wait_until_succeeded(job: Job, worker: Worker, *, timeout: float, what: str) -> None:
    wait_for(
        lambda: status_of(job) == JobStatus.SUCCEEDED, timeout=timeout, what=what, workers=(worker,)
    )


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_a_job_goes_from_queued_to_running_to_succeeded_on_a_real_worker(start_worker, tmp_path):
    marker = tmp_path / "runs.txt"
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker), "seconds": 1.5})
    seen = [status_of(job)]
    worker = start_worker("w1")

    def record() -> bool:
        status = status_of(job)
        if status != seen[-1]:
            seen.append(status)
        return status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    wait_for(record, timeout=30, what="the job to finish", workers=(worker,))
    assert seen == [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED]
    job.refresh_from_db()
    assert job.attempts == 1
    assert job.worker.startswith("w1@")
    assert lines(marker) == ["start", "done"]


def test_a_job_survives_its_worker_being_killed_mid_job(start_worker, tmp_path):
    marker = tmp_path / "runs.txt"
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker), "seconds": 2})
    doomed = start_worker("doomed")
    wait_for(lambda: lines(marker) == ["start"], timeout=30, what="the job to start")
    doomed.kill()
    assert status_of(job) == JobStatus.RUNNING  # leased to a dead worker

    rescuer = start_worker("rescuer", beat=True)
    wait_until_succeeded(job, rescuer, timeout=60, what="the job to finish on another worker")
    job.refresh_from_db()
    assert job.attempts == 2
    assert job.worker.startswith("rescuer@")
    assert lines(marker) == ["start", "start", "done"]


def test_a_job_whose_broker_message_was_lost_is_found_and_requeued_by_the_sweeper(
    start_worker, tmp_path
):
    marker = tmp_path / "runs.txt"
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    lose_queued_messages()
    assert Job.objects.get(pk=job.pk).last_sent_at is None

    worker = start_worker("w1", beat=True)
    wait_until_succeeded(job, worker, timeout=60, what="the sweeper to re-send the lost job")
    job.refresh_from_db()
    assert job.last_sent_at is not None  # the sweeper sent it again
    assert job.attempts == 1
    assert lines(marker) == ["start", "done"]


def test_delivering_one_jobs_message_twice_runs_its_work_once(start_worker, tmp_path):
    marker = tmp_path / "runs.txt"
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker), "seconds": 1})
    assert send_job_message(job.pk, kind=get_job_kind("test.sleep"))  # the duplicate
    worker = start_worker("w1", concurrency=2)
    wait_until_succeeded(job, worker, timeout=30, what="the job to finish")
    wait_for(
        lambda: worker.log().count("Task jobs.run[") >= 4,  # two received, two finished
        timeout=30,
        what="both messages to be handled",
        workers=(worker,),
    )
    job.refresh_from_db()
    assert job.attempts == 1
    assert lines(marker) == ["start", "done"]
    assert "'skipped'" in worker.log()


def test_a_failing_job_is_retried_with_backoff_until_it_succeeds(start_worker, tmp_path):
    marker = tmp_path / "runs.txt"
    job = job_enqueue(kind="test.flaky", payload={"marker": str(marker), "failures": 2})
    worker = start_worker("w1")
    wait_until_succeeded(job, worker, timeout=60, what="the retries to succeed")
    job.refresh_from_db()
    assert job.attempts == 3
    assert job.error == ""
    assert lines(marker) == ["run", "run", "run"]


def test_an_article_posted_to_the_api_is_extracted_by_a_real_worker(start_worker, client_user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(client_user)
    article = (
        " date 2024-05-02 Exports slow\n"
        "Exports fell 4.1% in April from a year earlier, the statistics office said on Tuesday.\n"
        "Shipments to Asia dropped by more than $2 billion, according to customs data.\n"
    )
    response = api.post(
        "/api/v1/documents/", {"text": article, "source": {"name": "Trade Wire"}}, format="json"
    )
    assert response.status_code == 201
    document_id, job_id = response.json()["id"], response.json()["extract_job"]["id"]
    worker = start_worker("w1")
    wait_for(
        lambda: api.get(f"/api/v1/jobs/{job_id}/").json()["status"] == "succeeded",
        timeout=60,
        what="the extract job to succeed",
        workers=(worker,),
    )
    claims = api.get("/api/v1/claims/", {"document": document_id}).json()["results"]
    exports = next(c for c in claims if c["text"].startswith("Exports fell"))
    assert exports["claimant"] == "the statistics office"
    assert exports["quantities"][0]["unit"] == "percent"
    assert exports["time_references"][0]["date_from"] == "2024-04-01"


def test_the_ingest_command_waits_for_a_real_worker_and_prints_the_claims(
    start_worker, tmp_path, capsys
):
    import json

    from django.core.management import call_command

    article = tmp_path / "trial.txt"
    article.write_text(
        " date 2024-06-11 Drug trial results\n"
        "The drug cut hospital admissions by 31% in a trial of 4,200 patients, the company "
        "said on Monday.\n"
    )
    worker = start_worker("w1")
    call_command(
        "ingest", str(article), "--source", "Pharma Wire", "--wait", "--timeout", "60", "--json"
    )
    out = json.loads(capsys.readouterr().out)
    assert worker.process.poll() is None
    [claim] = out["claims"]
    assert claim["claimant"] == "the company"
    assert {q["value"] for q in claim["quantities"]} == {31, 4200}


def test_an_ingested_article_ends_with_every_claim_checked_and_in_review(start_worker, client_user):
    """Seen through the API alone: extraction, then a check of every claim, on a real worker."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(client_user)
    evidence = "The statistics office said exports fell 4.1% in April compared with a year earlier."
    api.post(
        "/api/v1/documents/",
        {"text": evidence, "source": {"name": "Wire"}, "extract": False},
        format="json",
    )
    article = (
        " date 2024-05-02 Exports slow\n"
        "Exports fell 4.1% in April from a year earlier, the statistics office said on Tuesday.\n"
        "Shipments to Asia dropped by more than $2 billion, according to customs data.\n"
    )
    document_id = api.post(
        "/api/v1/documents/", {"text": article, "source": {"name": "Trade Wire"}}, format="json"
    ).json()["id"]
    worker = start_worker("w1")

    def all_checked() -> bool:
        claims = api.get("/api/v1/claims/", {"document": document_id}).json()["results"]
        return bool(claims) and all(c["status"] == "needs_review" for c in claims)

    wait_for(all_checked, timeout=90, what="every claim to reach needs_review", workers=(worker,))
    for claim in api.get("/api/v1/claims/", {"document": document_id}).json()["results"]:
        detail = api.get(f"/api/v1/claims/{claim['id']}/").json()
        check = detail["latest_check"]
        assert check["status"] == "succeeded"
        assert check["suggested_verdict"] in {
            "supported", "refuted", "conflicting", "not_enough_evidence"
        }  # fmt: skip
    exports = next(
        c
        for c in api.get("/api/v1/claims/", {"document": document_id}).json()["results"]
        if c["text"].startswith("Exports fell")
    )
    latest = api.get(f"/api/v1/claims/{exports['id']}/").json()["latest_check"]
    assert latest["suggested_verdict"] == "supported"
    assert latest["evidence"][0]["publisher"] == "Wire"


# --- leases: short, renewed while the job works ----------------------------------------


def test_a_killed_workers_job_runs_again_after_a_short_lease_at_default_settings(
    start_worker, tmp_path
):
    """With the ledger's default lease and sweep settings (nothing shortened), a
    job whose worker is SIGKILLed is given to another worker once its short lease
    lapses: the lease the dead worker last wrote ends within JOBS_LEASE_SECONDS
    of its last renewal, not after the job's time limit."""
    defaults = {"JOBS_LEASE_SECONDS": "15", "JOBS_HEARTBEAT_SECONDS": "5"}
    defaults |= {"JOBS_SWEEP_INTERVAL": "5", "JOBS_REQUEUE_AFTER": "120"}
    marker = tmp_path / "runs.txt"
    job = job_enqueue(kind="test.sleep_non_atomic", payload={"marker": str(marker), "seconds": 30})
    kind = get_job_kind("test.sleep_non_atomic")
    assert lease_seconds(kind) < kind.time_limit
    doomed = start_worker("doomed", env=defaults)
    wait_for(lambda: lines(marker) == ["start"], timeout=60, what="the job to start")
    wait_for(  # one renewal seen, so the lease below is the heartbeat's
        lambda: Job.objects.get(pk=job.pk).updated_at > Job.objects.get(pk=job.pk).started_at,
        timeout=60,
        what="a heartbeat",
        workers=(doomed,),
    )
    doomed.kill()
    dead = Job.objects.get(pk=job.pk)
    assert dead.status == JobStatus.RUNNING
    assert (dead.lease_expires_at - dead.updated_at).total_seconds() <= 15

    rescuer = start_worker("rescuer", beat=True, env=defaults)
    wait_for(
        lambda: lines(marker) == ["start", "start"],
        timeout=120,
        what="the job to run again on the rescuer",
        workers=(rescuer,),
    )
    rerun = Job.objects.get(pk=job.pk)
    assert rerun.attempts == 2
    assert rerun.worker.startswith("rescuer@")
    assert "lease expired on doomed@" in rerun.error


@pytest.mark.parametrize("kind", ["test.sleep_non_atomic", "test.sleep_long_limit"])
def test_a_healthy_job_far_longer_than_its_lease_keeps_its_worker(start_worker, tmp_path, kind):
    """A 3 s lease, renewed every second; the job runs 10 s while a second worker
    with beat sweeps every second. The lease is renewed, never lapses, and the
    job runs once, on its own worker."""
    marker = tmp_path / "runs.txt"
    job = job_enqueue(kind=kind, payload={"marker": str(marker), "seconds": 10})
    owner = start_worker("owner")
    wait_for(lambda: lines(marker) == ["start"], timeout=60, what="the job to start")
    start_worker("sweeper", beat=True)
    leases = set()

    def record() -> bool:
        row = Job.objects.get(pk=job.pk)
        if row.lease_expires_at is not None:
            leases.add(row.lease_expires_at)
        return row.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    wait_for(record, timeout=120, what="the long job to finish", workers=(owner,))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 1
    assert job.worker.startswith("owner@")
    assert lines(marker) == ["start", "done"]
    if heartbeat_renews(get_job_kind(kind)):
        assert len(leases) >= 3  # renewed while it ran
