"""Real Celery worker processes for the tests, on the suite's own broker and database.

Workers run as separate processes (`celery -A factcheck worker`) in their own
process group, so a test can kill one with SIGKILL mid-job like a crashed
machine would, pool children and all.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM a process started in a session of its own, SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Worker:
    """One `celery worker` process (optionally with an embedded beat)."""

    def __init__(
        self,
        name: str,
        workdir: Path,
        *,
        concurrency: int = 1,
        beat: bool = False,
        env: dict[str, str] | None = None,
    ):
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
            "JOBS_LEASE_SECONDS": "3",
            "JOBS_HEARTBEAT_SECONDS": "1",
            "JOBS_LEASE_MARGIN": "1",
            "JOBS_SWEEP_INTERVAL": "1",
            "JOBS_REQUEUE_AFTER": "2",
            "JOBS_BACKOFF_BASE": "1",
            **(env or {}),
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
        stop_process_group(self.process)
        self._log.close()


def free_port() -> int:
    """A TCP port nothing listens on now (for a server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class RedisServer:
    """A Redis of the test's own (`redis-server` from the machine), so a test can
    stop and start it without touching the one the rest of the suite uses."""

    def __init__(self, workdir: Path):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise AssertionError("these tests need redis-server on the PATH (Debian: redis)")
        self.port = free_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        command = [
            self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.workdir),
        ]  # fmt: skip
        log = (self.workdir / f"redis-{self.port}.log").open("a")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(lambda: port_open(self.port), timeout=30, what="redis-server to listen")

    def stop(self) -> None:
        """What a crashed Redis does: gone at once, with everything it held."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        wait_for(lambda: not port_open(self.port), timeout=30, what="redis-server to stop")


class WebServer:
    """The API served by gunicorn in a process of its own, configured by `env`."""

    def __init__(self, workdir: Path, *, env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"web-{self.port}.log"
        self._log = self.log_path.open("w")
        command = [
            sys.executable, "-m", "gunicorn", "factcheck.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "120",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "factcheck.settings.test",
                "DATABASE_URL": database_url(),
                **env,
            },
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._ready, timeout=60, what="gunicorn to serve")

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited early:\n{self.log()}")
        return port_open(self.port)

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def request(
        self, method: str, path: str, body: dict | None = None, *, token: str = ""
    ) -> tuple[int, dict]:
        """One JSON request; (status, body), whatever the status."""
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def stop(self) -> None:
        stop_process_group(self.process)
        self._log.close()
