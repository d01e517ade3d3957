"""Job kinds used only by the worker tests (loaded via FACTCHECK_JOB_MODULES).

Each run appends a line to a marker file outside the database, so a test can
count how many times the work really started and finished.
"""

import time
from pathlib import Path

from factcheck.jobs.registry import PermanentJobError, job_kind


def _mark(marker: str, line: str) -> None:
    with Path(marker).open("a") as fh:
        fh.write(line + "\n")
        fh.flush()


@job_kind("test.sleep", time_limit=6, max_attempts=3)
def sleep_then_mark(*, marker: str, seconds: float = 0.0) -> dict:
    _mark(marker, "start")
    time.sleep(seconds)
    _mark(marker, "done")
    return {"slept": seconds}


@job_kind("test.flaky", time_limit=4, max_attempts=3)
def fail_until(*, marker: str, failures: int) -> str:
    """Fails `failures` times, then succeeds."""
    path = Path(marker)
    runs = len(path.read_text().splitlines()) if path.exists() else 0
    _mark(marker, "run")
    if runs < failures:
        raise RuntimeError(f"transient failure {runs + 1}")
    return "ok"


@job_kind("test.broken", time_limit=4, max_attempts=3)
def always_permanent(*, marker: str) -> None:
    _mark(marker, "run")
    raise PermanentJobError("the input can never work")


@job_kind("test.steal_lease", time_limit=4, max_attempts=3)
def write_then_lose_lease(*, source_name: str, job_id: int) -> None:
    """Writes a row, then plays the sweeper giving the job to another worker."""
    from django.db.models import F

    from factcheck.jobs.models import Job
    from sources.models import Source

    Source.objects.create(name=source_name)
    Job.objects.filter(pk=job_id).update(attempts=F("attempts") + 1, worker="another-worker")


@job_kind("test.sleep_long_limit", time_limit=120, max_attempts=3)
def sleep_with_an_extract_sized_limit(*, marker: str, seconds: float = 0.0) -> dict:
    """test.sleep with the extract job's time limit, for lease timings at default settings."""
    return sleep_then_mark(marker=marker, seconds=seconds)


@job_kind("test.sleep_non_atomic", time_limit=120, max_attempts=3, atomic=False)
def sleep_outside_a_transaction(*, marker: str, seconds: float = 0.0) -> dict:
    """test.sleep_long_limit without the job's transaction: its heartbeat renews
    the lease on every database, SQLite included."""
    return sleep_then_mark(marker=marker, seconds=seconds)
