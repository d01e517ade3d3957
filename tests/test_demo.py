"""The quick start: `manage.py demo` on the embedded default (no servers needed)."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.workers import ROOT, run_manage

_SWEEP_RAN = re.compile(r"Task jobs\.sweep\[[^\]]+\] succeeded")
_JOB_RAN = re.compile(r"Task jobs\.run\[[^\]]+\] succeeded in [\d.]+s: 'succeeded'")
_TABLE = re.compile(r"Article \d+: claims and their checks")
_EMBEDDED = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}


def embedded_env(var_dir: Path) -> dict[str, str]:
    """The environment of a fresh machine: no database or broker configured."""
    env = {k: v for k, v in os.environ.items() if k not in _EMBEDDED}
    env["FACTCHECK_VAR_DIR"] = str(var_dir)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def run_setup(var_dir: Path) -> str:
    result = run_manage("demo", "--setup-only", env=embedded_env(var_dir))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_running_the_demo_setup_twice_does_not_duplicate_the_seed_data(tmp_path):
    first = run_setup(tmp_path)
    second = run_setup(tmp_path)
    loaded = int(re.search(r"Seeds: (\d+) documents loaded", first).group(1))
    assert loaded == 1 + len(json.loads((ROOT / "seeds/dev_sources.json").read_text())["documents"])
    assert "Seeds: 0 documents loaded" in second
    # A fresh random password each run, printed with the username.
    passwords = [re.search(r"login:\s+reviewer / (\S+)", out).group(1) for out in (first, second)]
    assert passwords[0] != passwords[1]


def test_the_demo_serves_the_admin_and_api_with_a_worker_on_the_embedded_broker(tmp_path):
    port = free_port()
    log = (tmp_path / "demo.log").open("w+")
    demo = subprocess.Popen(
        [sys.executable, "manage.py", "demo", "--port", str(port)],
        cwd=ROOT, env=embedded_env(tmp_path), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        output = ""
        while time.monotonic() < deadline:
            output = Path(log.name).read_text()
            if _SWEEP_RAN.search(output) and _TABLE.search(output) and _serving(base):
                break
            assert demo.poll() is None, output
            time.sleep(0.5)
        else:
            pytest.fail(f"the demo did not come up:\n{output}")

        password = re.search(r"login:\s+reviewer / (\S+)", output).group(1)
        assert get(f"{base}/admin/login/")[0] == 200
        assert get(f"{base}/api/v1/")[0] == 401  # the API wants credentials
        token_request = urllib.request.Request(
            f"{base}/api/v1/auth/token/",
            data=json.dumps({"username": "reviewer", "password": password}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(token_request, timeout=5) as response:
            token = json.loads(response.read())["token"]
        status, body = get(f"{base}/api/v1/sources/", {"Authorization": f"Token {token}"})
        assert status == 200
        assert len(json.loads(body)["results"]) >= 2
        # The worker consumes from the embedded filesystem broker: the seed
        # article's extraction and check jobs and beat's sweeps travel through it.
        assert "filesystem://" in output
        assert _JOB_RAN.search(output)
        # Once checked, each claim is printed with its verdict, evidence and admin link.
        table = output[_TABLE.search(output).end() :]
        assert "1,000 containers" in table
        assert re.search(r"suggested: (supported|refuted|conflicting|not_enough_evidence)", table)
        assert f"{base}/admin/claims/claim/" in table
    finally:
        os.killpg(demo.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's group
        demo.wait(timeout=30)
        log.close()
    assert "Stopped the web server and the worker." in Path(log.name).read_text()


def _serving(base: str) -> bool:
    try:
        return get(f"{base}/healthz")[0] == 200
    except OSError:
        return False
