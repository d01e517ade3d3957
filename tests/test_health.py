"""Health probes, and the one JSON error shape of the API."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import Client
from knox.models import AuthToken
from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError

from factcheck import health

# Port 1 on the loopback refuses at once, so the real connect path fails fast.
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


def assert_error_shape(body: dict[str, Any]) -> dict[str, Any]:
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    return error


# --- probes -----------------------------------------------------------------------


def test_healthz_answers_ok_without_authentication(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_only_answers_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_readyz_is_ok_when_the_database_and_the_broker_answer(client: Client, db: None) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def broker_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real connect path, to a port that refuses (about two seconds of retry)."""
    monkeypatch.setattr(
        health.celery_app,
        "connection_for_write",
        lambda *args, **kwargs: Connection(UNREACHABLE_BROKER),
    )


class _RefusingBroker:
    def __enter__(self) -> Any:
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """What broker_unreachable ends in, at once."""
    monkeypatch.setattr(
        health.celery_app, "connection_for_write", lambda *args, **kwargs: _RefusingBroker()
    )


class _BrokenConnection:
    def cursor(self) -> Any:
        raise OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "connection", _BrokenConnection())


def test_readyz_is_unavailable_naming_the_broker_when_the_broker_is_unreachable(
    client: Client, db: None, broker_unreachable: None
) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "broker": "unavailable"},
    }


def test_readyz_is_unavailable_naming_the_database_when_the_database_fails(
    client: Client, db: None, database_down: None
) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "broker": "ok"},
    }


def test_readyz_tells_anonymous_and_desk_callers_nothing_of_the_error_but_logs_it(
    client: Client,
    reviewer: User,
    db: None,
    broker_down: None,
    database_down: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    anonymous = client.get("/readyz")
    client.force_login(reviewer)
    desk = client.get("/readyz")
    token = AuthToken.objects.create(reviewer)[1]
    by_token = Client().get("/readyz", HTTP_AUTHORIZATION=f"Token {token}")
    for response in (anonymous, desk, by_token):
        assert response.status_code == 503
        assert b"127.0.0.1:1" not in response.content
        assert b"Connection refused" not in response.content
        assert b"Error" not in response.content
        assert set(response.json()) == {"status", "checks"}
    logged = [r.getMessage() for r in caplog.records if r.name == "factcheck.health"]
    assert any("broker" in line and "127.0.0.1:1" in line for line in logged), logged
    assert any("database" in line and "Connection refused" in line for line in logged), logged


def test_readyz_shows_staff_the_errors_by_session_or_token(
    client: Client, staff_user: User, db: None, broker_down: None, database_down: None
) -> None:
    client.force_login(staff_user)
    by_session = client.get("/readyz")
    token = AuthToken.objects.create(staff_user)[1]
    by_token = Client().get("/readyz", HTTP_AUTHORIZATION=f"Token {token}")
    for response in (by_session, by_token):
        assert response.status_code == 503
        body = response.json()
        assert body["checks"] == {"database": "unavailable", "broker": "unavailable"}
        assert body["details"]["database"] == (
            "OperationalError: could not connect to server: Connection refused"
        )
        assert "OperationalError" in body["details"]["broker"]
        assert "127.0.0.1:1" in body["details"]["broker"]


def test_readyz_treats_a_bad_token_as_an_anonymous_caller(db: None, broker_down: None) -> None:
    response = Client().get("/readyz", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 503
    assert set(response.json()) == {"status", "checks"}


# --- the API's error shape ----------------------------------------------------------


def test_the_api_refuses_an_anonymous_request_in_the_error_shape(client: Client, db: None) -> None:
    response = client.get("/api/v1/sources/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    error = assert_error_shape(response.json())
    assert error["code"] == "not_authenticated"
    assert error["details"] == {}


def test_an_unknown_api_url_is_a_404_in_the_error_shape(client: Client, db: None) -> None:
    response = client.get("/api/v1/nope/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    error = assert_error_shape(response.json())
    assert error["code"] == "not_found"


def test_an_unknown_page_outside_the_api_is_django_s_normal_page(
    client: Client, staff_user: User
) -> None:
    client.force_login(staff_user)
    for url in ("/admin/no-such-page/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("text/html"), url
        assert b'"error"' not in response.content, url


def test_a_missing_job_is_a_404_in_the_error_shape(client: Client, client_user: User) -> None:
    client.force_login(client_user)
    response = client.get("/api/v1/jobs/999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    error = assert_error_shape(response.json())
    assert error["code"] == "not_found"
    assert error["details"] == {}


def test_an_account_without_a_desk_role_is_refused_in_the_error_shape(
    client: Client, db: None
) -> None:
    user = User.objects.create_user(username="drifter", password="pw-drifter")
    client.force_login(user)
    response = client.get("/api/v1/jobs/")
    assert response.status_code == 403
    assert assert_error_shape(response.json())["code"] == "permission_denied"
