"""Thin Celery tasks: a message carries a job id, the services do the work."""

import os

from celery import shared_task

from .services import JobOutcome, job_execute, jobs_sweep


@shared_task(name="jobs.run", bind=True, acks_late=True, reject_on_worker_lost=True)
def run_job(self, job_id: int) -> str:
    """Run one job from the ledger (time limits are set per kind when sent)."""
    worker = f"{self.request.hostname or 'worker'}:{os.getpid()}"
    outcome: JobOutcome = job_execute(job_id=job_id, worker=worker)
    return outcome.value


@shared_task(name="jobs.sweep", acks_late=False, time_limit=120, soft_time_limit=100)
def sweep_jobs() -> dict[str, int]:
    """Re-queue jobs whose worker died and re-send jobs whose message was lost."""
    report = jobs_sweep()
    return {
        "requeued_expired": report.requeued_expired,
        "failed_expired": report.failed_expired,
        "resent": report.resent,
    }
