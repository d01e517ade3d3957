"""With the throttles' cache unreachable the API keeps working: throttles fail open.

The work behind a request (a document, its extraction job in the ledger)
must not fail because a protection cannot read its counters; each request let
through unchecked is logged and counted.
"""

import logging

import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from factcheck.cache_guard import fail_open_counts
from factcheck.jobs.models import Job
from sources.models import Document
from tests.workers import free_port

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Harbour traffic grows\n\n"
    "The port handled 4.2 million containers last year, the harbour authority said."
)


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_a_write_succeeds_while_the_throttle_cache_is_down(cache_down, client_user, caplog):
    token = AuthToken.objects.create(client_user)[1]
    before = fail_open_counts().get("throttle client", 0)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    with caplog.at_level(logging.WARNING, logger="factcheck.cache"):
        response = api.post(
            "/api/v1/documents/", {"text": ARTICLE, "source": {"name": "Harbour Times"}}, "json"
        )
    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["id"])
    assert Job.objects.filter(kind="extract", target=f"document:{document.pk}").exists()
    assert fail_open_counts()["throttle client"] == before + 1
    assert "fails open" in caplog.text


def test_login_works_while_the_cache_is_down(cache_down, client_user, reviewer):
    api = APIClient()
    wrong = api.post("/api/v1/auth/token/", {"username": "cms-plugin", "password": "x"}, "json")
    assert wrong.status_code == 400
    right = api.post(
        "/api/v1/auth/token/", {"username": "cms-plugin", "password": "pw-cms-plugin"}, "json"
    )
    assert right.status_code == 200
    assert fail_open_counts()["login failures"] >= 2
    browser = Client()
    response = browser.post(
        "/admin/login/?next=/admin/", {"username": "rita", "password": "pw-rita"}
    )
    assert response.status_code == 302
