"""Configuration from the environment: strict parsing, and settings that start (or refuse to)."""

import os
import secrets
import subprocess
from pathlib import Path

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import (
    env_bool,
    env_broker_url,
    env_database,
    env_int,
    env_list,
    env_str,
)
from factcheck.system_checks import fetch_networks_check, secret_key_check
from tests.workers import run_manage

VAR = "FACTCHECK_TEST_VALUE"


@pytest.fixture
def unset(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A monkeypatch with the variables these tests read removed first."""
    for name in (VAR, "DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- booleans -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["true", "1", "yes", "on", "TRUE", " On "])
def test_it_reads_true_words_as_true(unset: pytest.MonkeyPatch, text: str) -> None:
    unset.setenv(VAR, text)
    assert env_bool(VAR, False) is True


@pytest.mark.parametrize("text", ["false", "0", "no", "off", "FALSE", " Off "])
def test_it_reads_false_words_as_false(unset: pytest.MonkeyPatch, text: str) -> None:
    unset.setenv(VAR, text)
    assert env_bool(VAR, True) is False


@pytest.mark.parametrize("text", [None, "", "   "])
def test_it_uses_the_boolean_default_when_unset_or_blank(
    unset: pytest.MonkeyPatch, text: str | None
) -> None:
    if text is not None:
        unset.setenv(VAR, text)
    assert env_bool(VAR, True) is True
    assert env_bool(VAR, False) is False


@pytest.mark.parametrize("text", ["maybe", "2", "y", "enabled"])
def test_it_refuses_a_non_boolean_flag_naming_the_variable(
    unset: pytest.MonkeyPatch, text: str
) -> None:
    unset.setenv(VAR, text)
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_bool(VAR, False)


# --- whole numbers --------------------------------------------------------------


def test_it_reads_a_whole_number(unset: pytest.MonkeyPatch) -> None:
    unset.setenv(VAR, " 42 ")
    assert env_int(VAR, 7) == 42


def test_it_uses_the_number_default_when_unset(unset: pytest.MonkeyPatch) -> None:
    assert env_int(VAR, 7, minimum=1) == 7


@pytest.mark.parametrize("text", ["ten", "1.5", "3 4", "0x10"])
def test_it_refuses_a_value_that_is_not_a_whole_number(
    unset: pytest.MonkeyPatch, text: str
) -> None:
    unset.setenv(VAR, text)
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_int(VAR, 7)


def test_it_refuses_a_number_below_the_minimum(unset: pytest.MonkeyPatch) -> None:
    unset.setenv(VAR, "0")
    with pytest.raises(ImproperlyConfigured, match=rf"{VAR}=0 must be at least 1"):
        env_int(VAR, 7, minimum=1)


def test_it_accepts_a_number_equal_to_the_minimum(unset: pytest.MonkeyPatch) -> None:
    unset.setenv(VAR, "1")
    assert env_int(VAR, 7, minimum=1) == 1


# --- lists ----------------------------------------------------------------------


def test_it_splits_a_comma_separated_list_and_trims_items(unset: pytest.MonkeyPatch) -> None:
    unset.setenv(VAR, "factcheck.example.org, api.example.org ,localhost")
    assert env_list(VAR, []) == ["factcheck.example.org", "api.example.org", "localhost"]


def test_it_returns_a_copy_of_the_list_default_when_unset(unset: pytest.MonkeyPatch) -> None:
    default = ["localhost"]
    result = env_list(VAR, default)
    assert result == ["localhost"]
    assert result is not default


@pytest.mark.parametrize("text", ["a,,b", "a,b,", ",a", "a, ,b"])
def test_it_refuses_a_list_with_an_empty_item(unset: pytest.MonkeyPatch, text: str) -> None:
    unset.setenv(VAR, text)
    with pytest.raises(ImproperlyConfigured, match=rf"{VAR}=.*empty item"):
        env_list(VAR, [])


# --- DATABASE_URL ---------------------------------------------------------------


def test_it_defaults_to_the_sqlite_file_it_is_given(
    unset: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "factcheck.sqlite3"
    config = env_database("DATABASE_URL", path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(path)


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_it_parses_a_postgres_url_to_the_postgresql_engine(
    unset: pytest.MonkeyPatch, tmp_path: Path, scheme: str
) -> None:
    unset.setenv("DATABASE_URL", f"{scheme}://desk:secret@db.internal:6543/factcheck")
    config = env_database("DATABASE_URL", tmp_path / "unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["HOST"] == "db.internal"
    assert config["PORT"] == 6543
    assert config["NAME"] == "factcheck"
    assert config["USER"] == "desk"
    assert config["PASSWORD"] == "secret"


@pytest.mark.parametrize(
    "url",
    ["mysql://x/y", "junk", "oracle://u:p@host/db", "postgres//db.internal/factcheck"],
)
def test_it_refuses_a_database_url_of_an_unknown_scheme(
    unset: pytest.MonkeyPatch, tmp_path: Path, url: str
) -> None:
    unset.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", tmp_path / "unused.sqlite3")


def test_it_refuses_a_postgres_url_that_names_no_database(
    unset: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    unset.setenv("DATABASE_URL", "postgres://db.internal:5432")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL names no database"):
        env_database("DATABASE_URL", tmp_path / "unused.sqlite3")


# --- the broker -----------------------------------------------------------------


def test_the_celery_broker_url_wins_over_redis_url(
    unset: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    unset.setenv("CELERY_BROKER_URL", "amqp://guest@rabbit:5672//")
    unset.setenv("REDIS_URL", "redis://cache:6379/0")
    assert env_broker_url(tmp_path) == "amqp://guest@rabbit:5672//"


def test_it_uses_redis_url_as_the_broker_when_no_celery_broker_url(
    unset: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    unset.setenv("REDIS_URL", "redis://cache:6379/0")
    assert env_broker_url(tmp_path) == "redis://cache:6379/0"


def test_it_defaults_to_the_embedded_filesystem_broker_in_the_given_folder(
    unset: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert env_broker_url(tmp_path / "broker") == f"filesystem://{tmp_path / 'broker'}"


@pytest.mark.parametrize("name", ["CELERY_BROKER_URL", "REDIS_URL"])
@pytest.mark.parametrize("url", ["http://cache:6379/0", "cache:6379", "sqs://queue"])
def test_it_refuses_a_broker_url_of_an_unsupported_scheme(
    unset: pytest.MonkeyPatch, tmp_path: Path, name: str, url: str
) -> None:
    unset.setenv(name, url)
    with pytest.raises(ImproperlyConfigured, match=name):
        env_broker_url(tmp_path)


# --- plain text -----------------------------------------------------------------


def test_it_refuses_an_unset_required_value_naming_the_variable(
    unset: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ImproperlyConfigured, match=rf"{VAR} must be set"):
        env_str(VAR, required=True)


def test_it_refuses_a_blank_required_value(unset: pytest.MonkeyPatch) -> None:
    unset.setenv(VAR, "   ")
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_str(VAR, required=True)


def test_it_returns_the_trimmed_text_or_the_default(unset: pytest.MonkeyPatch) -> None:
    assert env_str(VAR, "fallback") == "fallback"
    assert env_str(VAR) is None
    unset.setenv(VAR, "  value ")
    assert env_str(VAR, "fallback") == "value"


# --- whole settings modules, started in a fresh process ------------------------


def _run_manage(*args: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh interpreter with a clean environment.

    Every DJANGO_* variable of the calling shell is dropped so only what the
    test passes counts; DATABASE_URL and the broker variables are kept, so the
    run sees the same database the suite is using. A value of None unsets.
    """
    clean = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    for name, value in env.items():
        if value is None:
            clean.pop(name, None)
        else:
            clean[name] = value
    return run_manage(*args, env=clean)


def _production(**env: str | None) -> dict[str, str | None]:
    settings = {
        "DJANGO_SETTINGS_MODULE": "factcheck.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
    }
    settings.update(env)
    return settings


def test_production_settings_pass_the_deployment_checks_without_warnings() -> None:
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", **_production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _run_manage("check", **_production(DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_non_boolean_debug_flag_stops_start_up_naming_it() -> None:
    result = _run_manage("check", **_production(DJANGO_DEBUG="maybe"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


def test_an_unsupported_database_url_stops_start_up_naming_it() -> None:
    result = _run_manage("check", **_production(DATABASE_URL="mysql://x/y"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DATABASE_URL must be a sqlite:// or postgres:// URL" in result.stderr


# --- our deployment checks (factcheck.system_checks) -----------------------------


def _env_example_value(name: str) -> str:
    lines = (Path(__file__).resolve().parent.parent / ".env.example").read_text().splitlines()
    return next(line.split("=", 1)[1] for line in lines if line.startswith(f"{name}="))


def test_the_deploy_checks_refuse_the_placeholder_secret_key_of_env_example() -> None:
    placeholder = _env_example_value("DJANGO_SECRET_KEY")
    result = _run_manage("check", "--deploy", **_production(DJANGO_SECRET_KEY=placeholder))
    assert result.returncode != 0
    assert "factcheck.E001" in result.stderr
    assert "DJANGO_SECRET_KEY is a placeholder" in result.stderr
    assert placeholder not in result.stdout + result.stderr  # the key is never printed


def test_the_deploy_checks_warn_of_an_allowed_network_that_covers_public_addresses() -> None:
    env = _production(FETCH_ALLOW_PRIVATE_NETWORKS="10.20.0.0/16,8.8.8.0/24")
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "factcheck.W001" in output
    assert "'8.8.8.0/24'" in output
    assert "10.20.0.0/16" not in output


@pytest.mark.parametrize(
    "key",
    [
        "change-me-to-a-long-random-string",
        "CHANGE_ME_" + secrets.token_urlsafe(50),  # a placeholder made long stays one
        "please-replace-me-" + secrets.token_urlsafe(50),
        "my-super-secret-key-" + secrets.token_urlsafe(50),
        "django-insecure-" + secrets.token_urlsafe(50),
        "placeholder" * 6,
        "an-example-key-" + secrets.token_urlsafe(50),
        secrets.token_urlsafe(30),  # random, but 40 characters
        "ab" * 40,  # long, but two characters
    ],
)
def test_a_short_plain_or_placeholder_secret_key_is_an_error(settings, key: str) -> None:
    settings.SECRET_KEY = key
    (error,) = secret_key_check()
    assert error.level == checks.ERROR
    assert error.id == "factcheck.E001"
    assert key not in error.msg


def test_a_long_random_secret_key_passes(settings) -> None:
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    assert secret_key_check() == []


@pytest.mark.parametrize(
    "network", ["0.0.0.0/0", "::/0", "8.8.8.0/24", "10.0.0.0/7", "0.0.0.0/1", "2001:4860::/32"]
)
def test_an_allowed_network_over_public_addresses_is_a_warning_naming_it(
    settings, network: str
) -> None:
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = ["127.0.0.0/8", network]
    (warning,) = fetch_networks_check()
    assert warning.level == checks.WARNING
    assert warning.id == "factcheck.W001"
    assert repr(network) in warning.msg


@pytest.mark.parametrize(
    "networks",
    [[], ["127.0.0.0/8"], ["10.20.0.0/16", "192.168.1.0/24", "172.16.0.0/12"], ["fd00::/8"]],
)
def test_allowed_networks_inside_private_space_pass(settings, networks: list[str]) -> None:
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = networks
    assert fetch_networks_check() == []


@pytest.mark.parametrize("network", ["10.0.0.0/33", "10.0.0.1/8", "intranet", ""])
def test_an_allowed_network_that_does_not_parse_is_an_error(settings, network: str) -> None:
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = [network]
    (error,) = fetch_networks_check()
    assert error.level == checks.ERROR
    assert error.id == "factcheck.E002"
    assert repr(network) in error.msg
