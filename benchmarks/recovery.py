"""Recovery after a worker is SIGKILLed mid-job, with the ledger's default settings.

One worker takes a long job and is killed (its whole process group, as a
crashed machine); a second worker and a separate beat run on. Prints how long
the job waited before it was running again on the second worker, and how long
the healthy job took to finish. Default lease, heartbeat and sweep settings:
nothing is shortened (the worker tests shorten them; this measures what a
desk gets). SQLite and the embedded broker by default; set DATABASE_URL and
REDIS_URL for PostgreSQL and Redis. Prints figures, asserts nothing.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = Path(os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="factcheck-rec-")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")
os.environ["FACTCHECK_JOB_MODULES"] = "tests.jobkinds"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from factcheck.jobs.models import Job, JobStatus  # noqa: E402
from factcheck.jobs.registry import get_job_kind  # noqa: E402
from factcheck.jobs.services import job_enqueue, lease_seconds  # noqa: E402

JOB_SECONDS = float(os.environ.get("BENCH_JOB_SECONDS", "40"))
# test.sleep_long_limit runs in the job's transaction (like extract and verify);
# test.sleep_non_atomic does not (like fetch and webhook deliveries).
KIND = os.environ.get("BENCH_KIND", "test.sleep_long_limit")
TIMEOUT = 900


def start(name: str, *args: str) -> subprocess.Popen:
    log = (VAR / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", *args],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def worker(name: str) -> subprocess.Popen:
    return start(
        name, "worker", "--hostname", f"{name}@%h", "--concurrency", "1",
        "--without-gossip", "--without-mingle", "--loglevel", "INFO",
    )  # fmt: skip


def wait(predicate, what: str) -> float:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def runs(marker: Path) -> list[str]:
    return marker.read_text().splitlines() if marker.exists() else []


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def main() -> None:
    call_command("migrate", verbosity=0)
    print(
        f"database: {connection.vendor}, broker: {settings.CELERY_BROKER_URL.split(':')[0]}, "
        f"job kind {KIND}, lease {lease_seconds(get_job_kind(KIND))} s, "
        f"sweep every {settings.JOBS_SWEEP_INTERVAL} s"
    )
    marker = VAR / "runs.txt"
    job = job_enqueue(kind=KIND, payload={"marker": str(marker), "seconds": JOB_SECONDS})
    doomed = worker("doomed")
    wait(lambda: runs(marker) == ["start"], "the job to start on the first worker")
    rescuer = worker("rescuer")
    beat = start("beat", "beat", "--schedule", str(VAR / "beat-schedule"), "--loglevel", "INFO")
    time.sleep(5)  # the rescuer and beat up and idle, as in a running deployment
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=30)
    killed = time.monotonic()
    try:
        restarted = wait(lambda: runs(marker) == ["start", "start"], "the job to run again")
        done = wait(
            lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).exists(),
            "the job to finish",
        )
    finally:
        stop(rescuer)
        stop(beat)
    print(f"SIGKILL -> running again on another worker: {restarted - killed:.1f} s")
    print(f"SIGKILL -> finished ({JOB_SECONDS:.0f} s job):  {done - killed:.1f} s")


if __name__ == "__main__":
    main()
