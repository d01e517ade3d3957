"""The job ledger's services, run in-process (the worker tests use real workers)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

import tests.jobkinds  # noqa: F401 - registers the test job kinds
from factcheck.jobs.models import Job, JobStatus
from factcheck.jobs.registry import UnknownJobKind
from factcheck.jobs.services import (
    JobNotFailed,
    JobOutcome,
    backoff_seconds,
    job_enqueue,
    job_execute,
    job_requeue,
    jobs_sweep,
)
from sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "runs.txt"


def runs(marker: Path) -> list[str]:
    return marker.read_text().splitlines() if marker.exists() else []


def make_due(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())


def test_enqueue_records_a_queued_job_and_sends_its_message_only_on_commit(
    marker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)}, target="test:1")
        assert callbacks == []  # nothing is sent while the transaction is open
    job.refresh_from_db()
    assert (job.status, job.attempts, job.target) == (JobStatus.QUEUED, 0, "test:1")
    assert len(callbacks) == 1


def test_enqueue_with_the_same_idempotency_key_returns_the_existing_job(marker):
    first = job_enqueue(kind="test.sleep", payload={"marker": str(marker)}, idempotency_key="k1")
    again = job_enqueue(kind="test.sleep", payload={"marker": str(marker)}, idempotency_key="k1")
    assert again.pk == first.pk
    assert Job.objects.count() == 1


def test_enqueue_refuses_an_unknown_kind():
    with pytest.raises(UnknownJobKind):
        job_enqueue(kind="no.such.kind")
    assert not Job.objects.exists()


def test_a_worker_runs_a_queued_job_and_records_its_success(marker):
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker), "seconds": 0})
    assert job_execute(job_id=job.pk, worker="w1") == JobOutcome.SUCCEEDED
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 1
    assert job.worker == "w1"
    assert job.result == {"slept": 0}
    assert job.lease_expires_at is None
    assert job.finished_at >= job.started_at
    assert runs(marker) == ["start", "done"]


def test_a_second_delivery_of_a_finished_job_does_nothing(marker):
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    job_execute(job_id=job.pk, worker="w1")
    assert job_execute(job_id=job.pk, worker="w2") == JobOutcome.SKIPPED
    assert runs(marker) == ["start", "done"]
    job.refresh_from_db()
    assert (job.attempts, job.worker) == (1, "w1")


def test_a_job_leased_to_another_worker_is_not_run_again(marker):
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        worker="w1",
        lease_expires_at=timezone.now() + timedelta(minutes=5),
    )
    assert job_execute(job_id=job.pk, worker="w2") == JobOutcome.SKIPPED
    assert runs(marker) == []


def test_a_job_waiting_out_its_backoff_is_not_run_early(marker):
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now() + timedelta(minutes=1))
    assert job_execute(job_id=job.pk, worker="w1") == JobOutcome.SKIPPED
    assert runs(marker) == []


def test_a_message_for_a_deleted_job_is_dropped():
    assert job_execute(job_id=987654, worker="w1") == JobOutcome.SKIPPED


def test_a_transient_failure_is_retried_later_with_backoff(
    marker, django_capture_on_commit_callbacks
):
    job = job_enqueue(kind="test.flaky", payload={"marker": str(marker), "failures": 1})
    before = timezone.now()
    with django_capture_on_commit_callbacks() as callbacks:
        assert job_execute(job_id=job.pk, worker="w1") == JobOutcome.RETRYING
    assert len(callbacks) == 1  # the retry's message, sent with a countdown
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1
    assert "RuntimeError: transient failure 1" in job.error
    assert job.run_after > before

    make_due(job)
    assert job_execute(job_id=job.pk, worker="w1") == JobOutcome.SUCCEEDED
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")


def test_a_job_that_keeps_failing_ends_failed_with_its_error(marker):
    job = job_enqueue(kind="test.flaky", payload={"marker": str(marker), "failures": 99})
    outcomes = []
    for _ in range(job.max_attempts):
        make_due(job)
        outcomes.append(job_execute(job_id=job.pk, worker="w1"))
    assert outcomes == [JobOutcome.RETRYING, JobOutcome.RETRYING, JobOutcome.FAILED]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.attempts == 3
    assert "transient failure 3" in job.error
    make_due(job)
    assert job_execute(job_id=job.pk, worker="w1") == JobOutcome.SKIPPED


def test_a_permanent_error_fails_the_job_at_once(marker):
    job = job_enqueue(kind="test.broken", payload={"marker": str(marker)})
    assert job_execute(job_id=job.pk, worker="w1") == JobOutcome.FAILED
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert "PermanentJobError: the input can never work" in job.error
    assert runs(marker) == ["run"]


def test_a_job_of_a_kind_nobody_registered_fails_with_a_clear_error():
    job = Job.objects.create(kind="retired.kind")
    assert job_execute(job_id=job.pk, worker="w1") == JobOutcome.FAILED
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "unknown job kind 'retired.kind'" in job.error


def test_a_worker_that_lost_its_lease_rolls_its_work_back():
    job = job_enqueue(kind="test.steal_lease", payload={"source_name": "Ghost Gazette"})
    Job.objects.filter(pk=job.pk).update(payload={"source_name": "Ghost Gazette", "job_id": job.pk})
    assert job_execute(job_id=job.pk, worker="w1") == JobOutcome.LEASE_LOST
    # The row it wrote is gone and the job was not marked succeeded by us.
    assert not Source.objects.filter(name="Ghost Gazette").exists()
    assert Job.objects.get(pk=job.pk).status != JobStatus.SUCCEEDED


def test_backoff_grows_exponentially_with_jitter_up_to_a_cap(settings):
    settings.JOBS_BACKOFF_BASE = 2
    settings.JOBS_BACKOFF_CAP = 30
    first = [backoff_seconds(1) for _ in range(50)]
    third = [backoff_seconds(3) for _ in range(50)]
    late = [backoff_seconds(12) for _ in range(50)]
    assert all(1 <= d <= 2 for d in first)
    assert all(4 <= d <= 8 for d in third)
    assert all(15 <= d <= 30 for d in late)
    assert len(set(third)) > 1  # jittered, so failing jobs do not retry in lockstep


def test_the_sweeper_requeues_a_job_whose_worker_died(marker, django_capture_on_commit_callbacks):
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        worker="dead-worker",
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        report = jobs_sweep()
    assert report.requeued_expired == 1
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.lease_expires_at is None
    assert "lease expired on dead-worker" in job.error
    assert job_execute(job_id=job.pk, worker="w2") == JobOutcome.SUCCEEDED
    job.refresh_from_db()
    assert job.attempts == 2


def test_the_sweeper_fails_a_job_whose_lease_expired_on_its_last_attempt(marker):
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=job.max_attempts,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert jobs_sweep().failed_expired == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "no attempts left" in job.error


def test_the_sweeper_leaves_running_jobs_with_a_live_lease_alone(marker):
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        lease_expires_at=timezone.now() + timedelta(seconds=30),
    )
    assert jobs_sweep().requeued_expired == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_the_sweeper_resends_a_queued_job_whose_message_was_lost_once_per_interval(
    marker, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_REQUEUE_AFTER = 60
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks() as callbacks:
        assert jobs_sweep().resent == 1
        assert jobs_sweep().resent == 0  # just re-sent: give the message time to arrive
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.last_sent_at is not None
    assert jobs_sweep(now=timezone.now() + timedelta(minutes=2)).resent == 1


def test_the_sweeper_leaves_a_freshly_queued_job_alone(marker):
    job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    assert jobs_sweep().resent == 0


def test_requeue_gives_a_failed_job_a_fresh_set_of_attempts(marker):
    job = job_enqueue(kind="test.broken", payload={"marker": str(marker)})
    job_execute(job_id=job.pk, worker="w1")
    job = job_requeue(job=Job.objects.get(pk=job.pk))
    assert (job.status, job.attempts, job.error) == (JobStatus.QUEUED, 0, "")


def test_requeue_refuses_a_job_that_has_not_failed(marker):
    job = job_enqueue(kind="test.sleep", payload={"marker": str(marker)})
    with pytest.raises(JobNotFailed):
        job_requeue(job=job)
