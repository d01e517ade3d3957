"""What the API tests share: clients per user, the error-shape check, fresh throttles."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.test import APIClient

from factcheck.logins import login_failures_forget

# Addresses the tests send in X-Forwarded-For (TEST-NET-3, never a real caller).
TEST_ADDRESSES = [f"203.0.113.{n}" for n in range(1, 100)]


def as_user(user: User) -> APIClient:
    """A client logged in as the user (no token: the request's auth is not under test)."""
    api = APIClient()
    api.force_authenticate(user)
    return api


def assert_error(response: Any, status: int, code: str | None = None) -> dict:
    """The response is `status` in the one error shape; its error."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["code"], str)
    assert isinstance(error["message"], str)
    assert error["message"]
    assert isinstance(error["details"], dict)
    if code is not None:
        assert error["code"] == code, error
    return error


def clear_throttles(*user_ids: int) -> None:
    """Forget request counts: LocMem is this process's own, so clear it; in a
    shared Redis delete only the keys these tests use, never flush."""
    if "LocMemCache" in settings.CACHES["default"]["BACKEND"]:
        cache.clear()
        return
    scopes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    addresses = ["127.0.0.1", *TEST_ADDRESSES]
    idents = [*addresses, *user_ids]
    cache.delete_many([f"throttle_{scope}_{ident}" for scope in scopes for ident in idents])
    usernames = User.objects.filter(pk__in=user_ids).values_list("username", flat=True)
    login_failures_forget(usernames=usernames, addresses=addresses)


@pytest.fixture
def fresh_throttles(db: None) -> Iterator[None]:
    """Every test starts with empty request counters, and leaves none behind."""
    clear_throttles()
    yield
    clear_throttles(*User.objects.values_list("pk", flat=True))
