"""The job ledger's services: enqueue, execute (worker side), sweep, requeue.

The database is the truth and the broker only a trigger. A message carries a
job id; a worker that receives it claims the row with a conditional UPDATE, so
a message delivered twice, or re-sent by the sweeper, runs the work once.

A claim is a short lease that the running job renews (a heartbeat thread)
while it works: a job whose worker died is noticed within the lease, and a
healthy long job keeps its lease however long it runs, up to its time limit.
"""

import logging
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Job, JobStatus
from .registry import JobKind, PermanentJobError, get_job_kind

logger = logging.getLogger(__name__)

# Messages may arrive a moment before a backoff's run_after on a skewed clock.
_CLOCK_SKEW = timedelta(seconds=2)
_ERROR_MAX_CHARS = 4000
_SWEEP_BATCH = 500


class JobOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    RETRYING = "retrying"
    FAILED = "failed"
    SKIPPED = "skipped"  # not ours to run: done already, running elsewhere, or not yet due
    LEASE_LOST = "lease_lost"  # the sweeper gave the job to another worker meanwhile


class _LeaseLost(Exception):
    pass


class JobNotFailed(ValueError):
    """Only failed jobs can be re-queued."""


@dataclass(frozen=True)
class SweepReport:
    requeued_expired: int
    failed_expired: int
    resent: int


def heartbeat_renews(kind: JobKind) -> bool:
    """Whether a running job of this kind can renew its lease as it works.

    Not an atomic job on SQLite: it holds the database's only write lock from
    its first statement to its commit, so no heartbeat could be written, and
    none is needed, since that lock keeps every other writer (the sweeper
    included) off the job until it commits, and dies with a killed worker.
    """
    return not (kind.atomic and connection.vendor == "sqlite")


def lease_seconds(kind: JobKind) -> int:
    """How long a claim lasts before the sweeper may give the job to another worker.

    JOBS_LEASE_SECONDS, renewed by the job's heartbeat; where no heartbeat can
    be written, the hard time limit plus a margin, so a live worker's lease
    never runs out before Celery would have killed the job.
    """
    if heartbeat_renews(kind):
        return settings.JOBS_LEASE_SECONDS
    return kind.time_limit + settings.JOBS_LEASE_MARGIN


class _Heartbeat(threading.Thread):
    """Renews one attempt's lease every JOBS_HEARTBEAT_SECONDS until stopped.

    Each renewal is fenced like every other write of the attempt: once the
    sweeper has given the job away (or it finished), nothing matches and the
    heartbeat stops. A failed renewal (the database briefly away) is logged
    and tried again at the next beat.
    """

    def __init__(self, job_id: int, attempt: int, lease: int):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.attempt, self.lease = job_id, attempt, lease
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.JOBS_HEARTBEAT_SECONDS):
                if not self._renew():
                    return
        finally:
            connections.close_all()  # this thread's own connections

    def _renew(self) -> bool:
        now = timezone.now()
        try:
            renewed = Job.objects.filter(
                pk=self.job_id, status=JobStatus.RUNNING, attempts=self.attempt
            ).update(lease_expires_at=now + timedelta(seconds=self.lease), updated_at=now)
        except Exception as exc:
            logger.warning("job %s: could not renew its lease: %s", self.job_id, _describe(exc))
            return True
        if not renewed and not self.stopped.is_set():
            logger.warning(
                "job %s attempt %s: lease no longer ours; heartbeat stops",
                self.job_id,
                self.attempt,
            )
        return bool(renewed)


@contextmanager
def _lease_kept(job: Job, attempt: int, kind: JobKind) -> Iterator[None]:
    if not heartbeat_renews(kind):
        yield
        return
    heartbeat = _Heartbeat(job.pk, attempt, lease_seconds(kind))
    heartbeat.start()
    try:
        yield
    finally:
        heartbeat.stopped.set()
        # Not joined: a renewal in flight is fenced by the attempt, and the
        # thread ends at its next wake-up.


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with jitter, so failing jobs do not retry in lockstep."""
    ceiling = min(settings.JOBS_BACKOFF_CAP, settings.JOBS_BACKOFF_BASE * 2 ** max(attempts - 1, 0))
    return ceiling * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not cryptography


def send_job_message(job_id: int, *, kind: JobKind, countdown: float | None = None) -> bool:
    """Send the broker message that triggers a job; False (and logged) if it failed.

    A send that fails loses nothing: the row stays queued and the sweeper
    sends again later.
    """
    from .tasks import run_job

    try:
        run_job.apply_async(
            args=[job_id],
            queue=kind.queue,
            countdown=countdown,
            soft_time_limit=kind.soft_time_limit,
            time_limit=kind.time_limit,
        )
    except Exception:
        logger.exception("could not send job %s; the sweeper will send it again", job_id)
        return False
    return True


@transaction.atomic
def job_enqueue(
    *,
    kind: str,
    payload: dict[str, Any] | None = None,
    target: str = "",
    idempotency_key: str | None = None,
) -> Job:
    """Record a job in the caller's transaction; its message is sent on commit.

    With an idempotency key, enqueuing the same key again returns the
    existing job instead of creating a second one.
    """
    spec = get_job_kind(kind)
    fields = {
        "kind": kind,
        "payload": payload or {},
        "target": target,
        "max_attempts": spec.max_attempts or settings.JOBS_MAX_ATTEMPTS,
    }
    if idempotency_key:
        job, created = Job.objects.get_or_create(idempotency_key=idempotency_key, defaults=fields)
        if not created:
            return job
    else:
        job = Job.objects.create(**fields)
    transaction.on_commit(lambda: send_job_message(job.pk, kind=spec))
    return job


def job_execute(*, job_id: int, worker: str) -> JobOutcome:
    """Run one job on this worker, if it is due and nobody else holds it."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s does not exist; dropping its message", job_id)
        return JobOutcome.SKIPPED
    try:
        spec = get_job_kind(job.kind)
    except LookupError:
        _fail_unclaimed(job, f"unknown job kind {job.kind!r}")
        return JobOutcome.FAILED

    now = timezone.now()
    # The claim: only one worker's UPDATE can match a queued, due row.
    claimed = Job.objects.filter(
        pk=job.pk, status=JobStatus.QUEUED, run_after__lte=now + _CLOCK_SKEW
    ).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        worker=worker,
        started_at=now,
        finished_at=None,
        lease_expires_at=now + timedelta(seconds=lease_seconds(spec)),
        updated_at=now,
    )
    if not claimed:
        logger.info("job %s is not ours to run (status %s); skipping", job.pk, job.status)
        return JobOutcome.SKIPPED
    job.refresh_from_db()
    attempt = job.attempts

    try:
        with _lease_kept(job, attempt, spec):
            if spec.atomic:
                with transaction.atomic():
                    result = spec.func(**job.payload)
                    _finish(job, attempt, result)
            else:
                result = spec.func(**job.payload)
                _finish(job, attempt, result)
    except _LeaseLost:
        logger.warning(
            "job %s attempt %s lost its lease; its work was rolled back", job.pk, attempt
        )
        return JobOutcome.LEASE_LOST
    except PermanentJobError as exc:
        return _fail_or_retry(job, attempt, exc, spec=spec, permanent=True)
    except Exception as exc:  # SoftTimeLimitExceeded included: retried
        logger.exception("job %s attempt %s raised", job.pk, attempt)
        return _fail_or_retry(job, attempt, exc, spec=spec, permanent=False)
    return JobOutcome.SUCCEEDED


def _finish(job: Job, attempt: int, result: Any) -> None:
    # Fenced by the attempt number: if the sweeper re-queued this job while we
    # worked, the row no longer matches and (when atomic) the work rolls back.
    done = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=attempt).update(
        status=JobStatus.SUCCEEDED,
        result=result if isinstance(result, dict | list | int | float | str | bool) else None,
        error="",
        finished_at=timezone.now(),
        lease_expires_at=None,
        updated_at=timezone.now(),
    )
    if not done:
        raise _LeaseLost


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:_ERROR_MAX_CHARS]


def _fail_or_retry(
    job: Job, attempt: int, exc: BaseException, *, spec: JobKind, permanent: bool
) -> JobOutcome:
    now = timezone.now()
    mine = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=attempt)
    if permanent or attempt >= job.max_attempts:
        mine.update(
            status=JobStatus.FAILED,
            error=_describe(exc),
            finished_at=now,
            lease_expires_at=None,
            updated_at=now,
        )
        return JobOutcome.FAILED
    delay = backoff_seconds(attempt)
    if mine.update(
        status=JobStatus.QUEUED,
        error=_describe(exc),
        run_after=now + timedelta(seconds=delay),
        lease_expires_at=None,
        worker="",
        updated_at=now,
    ):
        transaction.on_commit(lambda: send_job_message(job.pk, kind=spec, countdown=delay))
    return JobOutcome.RETRYING


def _fail_unclaimed(job: Job, error: str) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.FAILED, error=error, finished_at=now, updated_at=now
    )


def jobs_sweep(*, now: datetime | None = None) -> SweepReport:
    """Recover jobs whose worker died (expired lease) or whose message was lost.

    Run periodically by beat. Every change is a conditional UPDATE, so two
    sweepers, or a sweeper racing a worker, cannot both act on one job.
    """
    now = now or timezone.now()
    requeued = failed = resent = 0

    expired = Job.objects.filter(status=JobStatus.RUNNING, lease_expires_at__lt=now).values_list(
        "pk", "kind", "attempts", "max_attempts", "worker"
    )[:_SWEEP_BATCH]
    for pk, kind, attempts, max_attempts, worker in expired:
        reason = f"lease expired on {worker or 'an unknown worker'} during attempt {attempts}"
        mine = Job.objects.filter(pk=pk, status=JobStatus.RUNNING, attempts=attempts)
        if attempts >= max_attempts:
            failed += mine.update(
                status=JobStatus.FAILED,
                error=f"{reason}; no attempts left",
                finished_at=now,
                lease_expires_at=None,
                updated_at=now,
            )
            continue
        if mine.update(
            status=JobStatus.QUEUED,
            error=reason,
            run_after=now,
            lease_expires_at=None,
            worker="",
            last_sent_at=now,
            updated_at=now,
        ):
            requeued += 1
            _send_known(pk, kind)

    # A queued job that has been due for a while with no worker taking it has
    # most likely lost its message (broker restarted, queue flushed). Sending
    # again is safe: a duplicate message finds the job claimed and does nothing.
    stale_before = now - timedelta(seconds=settings.JOBS_REQUEUE_AFTER)
    stale = (
        Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=stale_before)
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=stale_before))
        .values_list("pk", "kind", "last_sent_at")[:_SWEEP_BATCH]
    )
    for pk, kind, last_sent_at in stale:
        if Job.objects.filter(pk=pk, status=JobStatus.QUEUED, last_sent_at=last_sent_at).update(
            last_sent_at=now, updated_at=now
        ):
            resent += 1
            _send_known(pk, kind)

    if requeued or failed or resent:
        logger.info(
            "sweep: %s expired leases re-queued, %s failed, %s lost messages re-sent",
            requeued,
            failed,
            resent,
        )
    return SweepReport(requeued_expired=requeued, failed_expired=failed, resent=resent)


def _send_known(pk: int, kind: str) -> None:
    try:
        spec = get_job_kind(kind)
    except LookupError:
        _fail_unclaimed(Job(pk=pk), f"unknown job kind {kind!r}")
        return
    transaction.on_commit(lambda: send_job_message(pk, kind=spec))


@transaction.atomic
def job_requeue(*, job: Job) -> Job:
    """Give a failed job a fresh set of attempts (the admin's and API's retry)."""
    now = timezone.now()
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED,
        attempts=0,
        run_after=now,
        error="",
        worker="",
        finished_at=None,
        updated_at=now,
    )
    if not updated:
        raise JobNotFailed(f"job {job.pk} is {job.status}, only failed jobs can be re-queued")
    spec = get_job_kind(job.kind)
    transaction.on_commit(lambda: send_job_message(job.pk, kind=spec))
    job.refresh_from_db()
    return job
