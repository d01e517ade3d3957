"""Job ledger overhead: how many jobs/s one worker process can claim, run and close.

Compares job_execute() (read, conditional claim UPDATE, transaction, fenced
"succeeded" UPDATE) against a baseline that marks the same rows done with one
plain UPDATE each, in the same run, on the configured database (SQLite under a
temporary folder by default; set DATABASE_URL for PostgreSQL). Prints figures,
asserts nothing.
"""

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="factcheck-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from factcheck.jobs.models import Job, JobStatus  # noqa: E402
from factcheck.jobs.registry import job_kind  # noqa: E402
from factcheck.jobs.services import job_execute  # noqa: E402

N = int(os.environ.get("BENCH_JOBS", "2000"))


@job_kind("bench.noop", time_limit=10)
def noop() -> None:
    """A job that does nothing, so the figure is the ledger's own cost."""


def make_jobs() -> list[int]:
    Job.objects.all().delete()
    Job.objects.bulk_create([Job(kind="bench.noop") for _ in range(N)])
    return list(Job.objects.values_list("pk", flat=True))


def timed(label: str, run: Callable[[int], object]) -> float:
    ids = make_jobs()
    start = time.perf_counter()
    for pk in ids:
        run(pk)
    elapsed = time.perf_counter() - start
    assert Job.objects.filter(status=JobStatus.SUCCEEDED).count() == N
    rate = N / elapsed
    print(f"{label:<34} {rate:>9.0f} jobs/s  ({elapsed * 1e6 / N:.0f} us/job)")
    return rate


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, {N} jobs, one process")
    baseline = timed(
        "baseline: one UPDATE per job",
        lambda pk: Job.objects.filter(pk=pk).update(status=JobStatus.SUCCEEDED),
    )
    ledger = timed("job_execute: claim, run, close", lambda pk: job_execute(job_id=pk, worker="b"))
    print(f"ratio ledger/baseline: {ledger / baseline:.2f}x")


if __name__ == "__main__":
    main()
