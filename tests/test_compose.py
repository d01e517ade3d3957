"""The production container setup: docker-compose.yml, Dockerfile, .env.example.

No Docker daemon runs here, so these tests read the files, interpolate the
compose file the way `docker compose` does (with .env.example as the .env), and
check what the containers would run. None of them touches the database.
"""

import importlib
import json
import os
import re
import shlex
import subprocess
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from django.test import Client, override_settings

from factcheck.env import env_broker_url, env_database
from tests.workers import run_manage

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS_READ_IN_PRODUCTION = [
    ROOT / "factcheck" / "settings" / "base.py",
    ROOT / "factcheck" / "settings" / "production.py",
]

APP_SERVICES = ("web", "worker", "beat")
REQUIRED_FROM_ENV = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "POSTGRES_PASSWORD")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|(^|_)KEY$")

# `$$` (a literal dollar), `${NAME}`, `${NAME:-default}`, `${NAME:?message}`, `$NAME`.
_INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariableError(Exception):
    pass


# --- Reading the files ---------------------------------------------------------


def _env_example() -> dict[str, str]:
    """The variables .env.example sets (uncommented NAME=value lines)."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            values[match[1]] = match[2]
    return values


def _documented_in_env_example() -> set[str]:
    """Variables .env.example sets or shows commented out (`# NAME=...`)."""
    text = ENV_EXAMPLE.read_text()
    return set(re.findall(r"^(?:#\s*)?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def _interpolate(value: Any, env: dict[str, str], used: set[str] | None = None) -> Any:
    """Substitute ${...} in every string of a parsed compose file, as compose does."""
    if isinstance(value, dict):
        return {key: _interpolate(item, env, used) for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate(item, env, used) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["name"] or match["bare"]
        if used is not None:
            used.add(name)
        current, op, arg = env.get(name), match["op"], match["arg"]
        unset_or_empty = not current
        if op in (":?", "?") and (unset_or_empty if op == ":?" else current is None):
            raise MissingVariableError(f"{name}: {arg}")
        if op in (":-", "-") and (unset_or_empty if op == ":-" else current is None):
            return arg
        return current or ""

    return _INTERPOLATION.sub(replace, value)


def _raw_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def _rendered_compose(env: dict[str, str] | None = None) -> dict[str, Any]:
    return _interpolate(_raw_compose(), _env_example() if env is None else env)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """The compose file as `docker compose` runs it with .env copied from .env.example."""
    return _rendered_compose()


def _service(compose: dict[str, Any], name: str) -> dict[str, Any]:
    return compose["services"][name]


def _command(service: dict[str, Any]) -> list[str]:
    command = service.get("command")
    if isinstance(command, str):
        return shlex.split(command)
    return [str(part) for part in command or []]


def _environment(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return {key: "" if value is None else str(value) for key, value in environment.items()}


def _env_files(service: dict[str, Any]) -> list[str]:
    env_file = service.get("env_file") or []
    entries = [env_file] if isinstance(env_file, str | dict) else env_file
    return [entry if isinstance(entry, str) else entry["path"] for entry in entries]


def _depends_on(service: dict[str, Any]) -> dict[str, str]:
    depends_on = service.get("depends_on") or {}
    if isinstance(depends_on, list):
        return dict.fromkeys(depends_on, "service_started")
    return {
        name: (spec or {}).get("condition", "service_started") for name, spec in depends_on.items()
    }


def _healthcheck_test(service: dict[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def _value_after(command: list[str], option: str) -> str:
    assert option in command, f"{option} missing from {command}"
    return command[command.index(option) + 1]


def _dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (INSTRUCTION, arguments), continuations joined."""
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def _instructions(keyword: str) -> list[str]:
    return [arguments for name, arguments in _dockerfile() if name == keyword]


def _exec_form(arguments: str) -> list[str]:
    return json.loads(arguments) if arguments.startswith("[") else ["sh", "-c", arguments]


def _healthcheck_code() -> str:
    (healthcheck,) = _instructions("HEALTHCHECK")
    _, _, command = healthcheck.partition("CMD ")
    program, flag, code = shlex.split(command)
    assert (program, flag) == ("python", "-c")
    return code


def _migrates_before(compose: dict[str, Any], name: str) -> bool:
    """The service runs migrations itself first, or waits for a one-shot that does."""
    command = " ".join(_command(_service(compose, name)))
    if re.search(r"manage\.py migrate --noinput\s*&&", command):
        return True
    for dependency, condition in _depends_on(_service(compose, name)).items():
        one_shot = _service(compose, dependency)
        if (
            condition == "service_completed_successfully"
            and _command(one_shot)[-3:] == ["manage.py", "migrate", "--noinput"]
            and one_shot.get("restart", "no") in ("no", "on-failure")
        ):
            return True
    return False


# --- docker-compose.yml --------------------------------------------------------


def test_it_runs_postgres_redis_web_worker_and_beat(compose: dict[str, Any]) -> None:
    assert {"postgres", "redis", *APP_SERVICES} <= set(compose["services"])
    postgres, redis = _service(compose, "postgres"), _service(compose, "redis")
    assert postgres["image"] == "postgres:16"
    assert redis["image"] == "redis:7"
    assert _healthcheck_test(postgres).split()[:2] == ["CMD-SHELL", "pg_isready"]
    assert _healthcheck_test(redis) == "CMD redis-cli ping"


def test_postgres_keeps_its_data_in_a_named_volume(compose: dict[str, Any]) -> None:
    volumes = _service(compose, "postgres")["volumes"]
    named = [v.split(":")[0] for v in volumes if v.endswith(":/var/lib/postgresql/data")]
    assert named, volumes
    assert named[0] in compose["volumes"]


def test_redis_keeps_its_queue_on_disk_with_appendonly(compose: dict[str, Any]) -> None:
    redis = _service(compose, "redis")
    command = _command(redis)
    assert command[0] == "redis-server"
    assert _value_after(command, "--appendonly") == "yes"
    data = [v.split(":")[0] for v in redis["volumes"] if v.endswith(":/data")]
    assert data, redis["volumes"]
    assert data[0] in compose["volumes"]


def test_app_services_share_one_image_built_from_the_dockerfile(
    compose: dict[str, Any],
) -> None:
    services = [_service(compose, name) for name in APP_SERVICES]
    images = {service["image"] for service in services}
    builds = [service["build"] for service in services]
    assert len(images) == 1, images
    assert all(build == builds[0] for build in builds), builds
    build = builds[0] if isinstance(builds[0], dict) else {"context": builds[0]}
    context = (COMPOSE_FILE.parent / build["context"]).resolve()
    assert context == ROOT
    assert (context / build.get("dockerfile", "Dockerfile")).resolve() == DOCKERFILE


def test_app_services_wait_for_healthy_postgres_and_redis(compose: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        depends_on = _depends_on(_service(compose, name))
        assert depends_on.get("postgres") == "service_healthy", name
        assert depends_on.get("redis") == "service_healthy", name


def test_web_serves_with_gunicorn_after_migrations(compose: dict[str, Any]) -> None:
    web = _service(compose, "web")
    command = _command(web)
    gunicorn = command[command.index("gunicorn") :]
    assert gunicorn[1] == "factcheck.wsgi:application"
    assert _value_after(gunicorn, "--bind") == "0.0.0.0:8000"
    assert _value_after(gunicorn, "--workers") == _env_example()["GUNICORN_WORKERS"]
    assert _migrates_before(compose, "web")
    assert any(str(port).endswith(":8000") for port in web["ports"]), web["ports"]


def test_worker_and_beat_run_the_factcheck_celery_app(compose: dict[str, Any]) -> None:
    worker = _command(_service(compose, "worker"))
    assert worker[:4] == ["celery", "-A", "factcheck", "worker"]
    assert _value_after(worker, "-l") == "info"
    assert _value_after(worker, "-Q") == "default"
    assert int(_value_after(worker, "--concurrency")) >= 1

    beat = _command(_service(compose, "beat"))
    assert beat[:4] == ["celery", "-A", "factcheck", "beat"]
    assert _value_after(beat, "-l") == "info"
    # The image runs as a non-root user who can write /tmp but not the code.
    assert _value_after(beat, "--schedule") == "/tmp/celerybeat-schedule"

    for name in ("worker", "beat"):
        assert _migrates_before(compose, name), name


def test_worker_health_check_pings_its_own_celery_node() -> None:
    # `$$` keeps compose from interpolating, so the container's shell expands it.
    test = _healthcheck_test(_raw_compose()["services"]["worker"])
    assert "celery -A factcheck inspect ping -d celery@$$HOSTNAME" in test


def test_app_services_point_at_postgres_and_redis_with_production_settings(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    postgres = _environment(_service(compose, "postgres"))
    for name in APP_SERVICES:
        service = _service(compose, name)
        environment = _environment(service)
        assert ".env" in _env_files(service), name
        assert environment["DJANGO_SETTINGS_MODULE"] == "factcheck.settings.production"

        # The URLs must be ones the app's own strict parsers accept.
        monkeypatch.setenv("DATABASE_URL", environment["DATABASE_URL"])
        database = env_database("DATABASE_URL", ROOT / "unused.sqlite3")
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert (database["HOST"], database["PORT"]) == ("postgres", 5432)
        assert database["NAME"] == postgres["POSTGRES_DB"]
        assert database["USER"] == postgres["POSTGRES_USER"]
        assert database["PASSWORD"] == postgres["POSTGRES_PASSWORD"]

        monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
        monkeypatch.setenv("REDIS_URL", environment["REDIS_URL"])
        assert env_broker_url(ROOT / "unused") == "redis://redis:6379/0"


def test_no_secret_is_written_in_the_compose_file() -> None:
    raw = _raw_compose()
    for name, service in raw["services"].items():
        for key, value in _environment(service).items():
            if SECRET_NAME.search(key):
                assert re.fullmatch(r"\$\{[A-Z0-9_]+:\?[^}]+\}", value), (name, key, value)
            # Credentials inside URLs (scheme://user:password@host) too.
            for password in re.findall(r"://[^:/@\s]+:(\$\{[^}]*\}|[^@\s]*)@", value):
                assert re.fullmatch(r"\$\{[A-Z0-9_]+:\?[^}]+\}", password), (name, key)
    text = COMPOSE_FILE.read_text()
    for key, placeholder in _env_example().items():
        if SECRET_NAME.search(key) and placeholder:
            assert placeholder not in text, key


def test_compose_refuses_to_start_without_the_required_settings() -> None:
    for missing in REQUIRED_FROM_ENV:
        env = {k: v for k, v in _env_example().items() if k != missing}
        with pytest.raises(MissingVariableError, match=missing):
            _rendered_compose(env)


def test_every_variable_the_compose_file_needs_is_in_env_example() -> None:
    used: set[str] = set()
    _interpolate(_raw_compose(), _env_example(), used)
    assert set(REQUIRED_FROM_ENV) <= used
    assert used <= set(_env_example()), used - set(_env_example())


def test_env_example_explains_every_variable_with_a_comment() -> None:
    lines = ENV_EXAMPLE.read_text().splitlines()
    for number, line in enumerate(lines):
        if re.match(r"[A-Z][A-Z0-9_]*=", line):
            assert number > 0, line
            assert lines[number - 1].startswith("# "), line
    for name in REQUIRED_FROM_ENV:
        assert _env_example()[name], name


def test_every_setting_read_from_the_environment_is_documented() -> None:
    read = set()
    for path in SETTINGS_READ_IN_PRODUCTION:
        read |= set(re.findall(r"env_\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", path.read_text()))
    assert {"DJANGO_SECRET_KEY", "JOBS_MAX_ATTEMPTS", "FACTCHECK_SECOND_REVIEW"} <= read
    set_by_compose = set().union(
        *(_environment(_service(_raw_compose(), name)) for name in APP_SERVICES)
    )
    set_by_image = {
        part.split("=", 1)[0] for env in _instructions("ENV") for part in shlex.split(env)
    }
    undocumented = read - _documented_in_env_example() - set_by_compose - set_by_image
    assert not undocumented


def test_env_example_wired_as_compose_does_passes_the_deploy_checks(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    web = _environment(_service(compose, "web"))
    env = {
        "PATH": os.environ.get("PATH", ""),
        **_env_example(),
        **web,
        # What .env.example tells the operator to generate.
        "DJANGO_SECRET_KEY": "k7Qm2vX9pL4sT8wR1nB6yH3jF5dG0cZaE-u_iOqYxVbNtMlKsJ",
        "FACTCHECK_VAR_DIR": str(tmp_path),
    }
    check = ["check", "--deploy", "--tag", "security", "--fail-level", "WARNING"]
    result = run_manage(*check, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


# --- Dockerfile ----------------------------------------------------------------


def test_dockerfile_runs_as_non_root_and_exposes_gunicorn(tmp_path: Path) -> None:
    instructions = _dockerfile()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    users = [i for i, (name, _) in enumerate(instructions) if name == "USER"]
    assert users, "no USER: the processes would run as root"
    user = instructions[users[-1]][1]
    assert user.split(":")[0] not in ("root", "0")
    last_run = max(i for i, (name, _) in enumerate(instructions) if name == "RUN")
    assert users[-1] > last_run
    assert "8000" in _instructions("EXPOSE")[-1].split()

    # Run the default command with a stand-in gunicorn that prints its arguments.
    fake = tmp_path / "gunicorn"
    fake.write_text('#!/bin/sh\nfor arg in "$@"; do echo "$arg"; done\n')
    fake.chmod(0o755)
    command = _exec_form(_instructions("CMD")[-1])
    for workers, expected in ((None, "3"), ("7", "7")):
        env = {"PATH": f"{tmp_path}:/usr/bin:/bin"}
        if workers:
            env["GUNICORN_WORKERS"] = workers
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        arguments = result.stdout.split()
        assert arguments[0] == "factcheck.wsgi:application"
        assert _value_after(arguments, "--bind") == "0.0.0.0:8000"
        assert _value_after(arguments, "--workers") == expected


def test_dockerfile_installs_the_project_and_collects_static_without_keeping_a_secret() -> None:
    runs = _instructions("RUN")
    upgrade = next(i for i, run in enumerate(runs) if "pip install --upgrade pip" in run)
    install = next(i for i, run in enumerate(runs) if re.search(r"pip install \.(\s|$)", run))
    collect = next(i for i, run in enumerate(runs) if "collectstatic --noinput" in run)
    assert upgrade < install < collect
    assert "DJANGO_SETTINGS_MODULE=factcheck.settings.production" in runs[collect]
    assert re.search(r"DJANGO_SECRET_KEY=\S+", runs[collect])
    # ENV lands in the image's environment and ARG in its history: neither may hold it.
    for keyword in ("ENV", "ARG"):
        assert not any("DJANGO_SECRET_KEY" in line for line in _instructions(keyword))


@pytest.mark.parametrize(
    "allowed_hosts",
    [_env_example()["DJANGO_ALLOWED_HOSTS"], ".factcheck.example.org,api.example.org", "*"],
)
def test_image_health_check_gets_200_from_healthz_under_production_security(
    allowed_hosts: str,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    code = _healthcheck_code()
    assert "curl" not in code
    requests: list[urllib.request.Request] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda req, **kw: requests.append(req))
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", allowed_hosts)
    exec(compile(code, "HEALTHCHECK", "exec"), {})
    (request,) = requests
    url = urlsplit(request.full_url)
    assert (url.scheme, url.netloc) == ("http", "127.0.0.1:8000")

    # Replay it against the app with production's host and HTTPS-redirect rules.
    monkeypatch.setenv("DJANGO_SECRET_KEY", "only-to-import-the-production-settings")
    production = importlib.import_module("factcheck.settings.production")
    with override_settings(
        ALLOWED_HOSTS=allowed_hosts.split(","),
        SECURE_SSL_REDIRECT=production.SECURE_SSL_REDIRECT,
        SECURE_REDIRECT_EXEMPT=production.SECURE_REDIRECT_EXEMPT,
        SECURE_PROXY_SSL_HEADER=production.SECURE_PROXY_SSL_HEADER,
        STATIC_ROOT=tmp_path,
    ):
        response = client.get(url.path, HTTP_HOST=request.get_header("Host"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_docker_build_context_leaves_out_local_state_and_secrets() -> None:
    patterns = {
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", "var", ".git", "test-artifacts", ".env", "**/__pycache__"} <= patterns
    needed = {"pyproject.toml", "manage.py", "factcheck", "sources", "claims", "*", "**"}
    assert not patterns & needed
    assert "COPY . ." in [f"COPY {arguments}" for arguments in _instructions("COPY")]
