"""Real Celery worker processes for the tests, on the suite's own broker and database.

Workers run as separate processes (`celery -A factcheck worker`) in their own
process group, so a test can kill one with SIGKILL mid-job like a crashed
machine would, pool children and all.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from factcheck.celery import filesystem_broker_folder

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`manage.py ARGS` in a fresh process with exactly this environment."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def database_url() -> str:
    """A URL for the test database the suite is using, for the worker processes."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def purge_broker() -> None:
    """Drop every message on the suite's broker, so each test starts empty."""
    url = settings.CELERY_BROKER_URL
    folder = filesystem_broker_folder(url)
    if folder is not None:
        lose_queued_messages()
        return
    import redis

    redis.Redis.from_url(url).flushdb()


def lose_queued_messages() -> None:
    """What a broker crash does to messages waiting in the queue.

    Redis: FLUSHDB. The embedded broker: delete the message files.
    """
    url = settings.CELERY_BROKER_URL
    folder = filesystem_broker_folder(url)
    if folder is None:
        import redis

        redis.Redis.from_url(url).flushdb()
        return
    for message in (folder / "queue").glob("*.msg"):
        message.unlink(missing_ok=True)


def wait_for(
    predicate: Callable[[], bool], *, timeout: float, what: str, workers: tuple["Worker", ...] = ()
) -> None:
    """Poll until predicate() holds; on time-out, fail showing the workers' logs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    logs = "\n".join(f"--- log of {w.name} ---\n{w.log()}" for w in workers)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{logs}")


class Worker:
    """One `celery worker` process (optionally with an embedded beat)."""

    def __init__(self, name: str, workdir: Path, *, concurrency: int = 1, beat: bool = False):
        self.name = name
        self.log_path = workdir / f"{name}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "factcheck", "worker",
            "--loglevel", "INFO", "--hostname", f"{name}@%h",
            "--concurrency", str(concurrency), "--queues", "default",
            "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        if beat:
            command += ["--beat", "--schedule", str(workdir / f"{name}-beat-schedule")]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "FACTCHECK_JOB_MODULES": "tests.jobkinds",
            # Short timings so a lost lease or message is noticed in seconds.
            "JOBS_LEASE_MARGIN": "1",
            "JOBS_SWEEP_INTERVAL": "1",
            "JOBS_REQUEUE_AFTER": "2",
            "JOBS_BACKOFF_BASE": "1",
        }
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._ready, timeout=60, what=f"worker {name} to start", workers=(self,))

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"worker {self.name} exited early:\n{self.log()}")
        return " ready." in self.log()

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole process group: the worker and its pool children."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()
