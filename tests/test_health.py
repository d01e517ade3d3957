"""Health probes, and the one JSON error shape of the API."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import Client
from kombu import Connection

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


def test_readyz_is_unavailable_naming_the_broker_when_the_broker_is_unreachable(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        health.celery_app,
        "connection_for_write",
        lambda *args, **kwargs: Connection(UNREACHABLE_BROKER),
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] != "ok"
    assert "OperationalError" in body["checks"]["broker"]
    assert "127.0.0.1:1" in body["checks"]["broker"]


class _BrokenConnection:
    def cursor(self) -> Any:
        raise OperationalError("could not connect to server: Connection refused")


def test_readyz_is_unavailable_naming_the_database_when_the_database_fails(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "connection", _BrokenConnection())
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"] == "ok"
    assert body["checks"]["database"] == (
        "OperationalError: could not connect to server: Connection refused"
    )


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
