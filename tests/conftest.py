"""Shared fixtures: users in each role, and factories for the core rows."""

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from claims.choices import ClaimStatus
from claims.models import Claim
from factcheck.roles import Role, ensure_role_groups
from factcheck.text import embeddings
from sources.models import Document, Source
from tests.api_support import fresh_throttles  # noqa: F401 - a fixture for the API tests
from tests.local_http import LocalServer, Server, serving


def _user(username: str, *, role: Role | None = None, staff: bool = False) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username, is_staff=staff)
    if role is not None:
        ensure_role_groups()
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def reviewer(db: None) -> User:
    return _user("rita", role=Role.REVIEWER)


@pytest.fixture
def second_reviewer(db: None) -> User:
    return _user("sam", role=Role.REVIEWER)


@pytest.fixture
def client_user(db: None) -> User:
    return _user("cms-plugin", role=Role.CLIENT)


@pytest.fixture
def staff_user(db: None) -> User:
    return _user("desk-editor", staff=True)


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root", password="pw-root")


@pytest.fixture
def make_source(db: None) -> Callable[..., Source]:
    def make(name: str = "Example Gazette", **fields: Any) -> Source:
        return Source.objects.get_or_create(name=name, defaults=fields)[0]

    return make


@pytest.fixture
def make_document(make_source: Callable[..., Source]) -> Callable[..., Document]:
    def make(text: str = "The council approved a budget of 4 million euros.", **fields: Any):
        fields.setdefault("source", make_source())
        return Document.objects.create(text=text, **fields)

    return make


@pytest.fixture
def make_claim(db: None) -> Callable[..., Claim]:
    counter = iter(range(1_000_000))

    def make(status: str = ClaimStatus.NEW, verdict: str = "", **fields: Any) -> Claim:
        n = next(counter)
        fields.setdefault("text", f"Unemployment fell to {n}.1% in March.")
        fields.setdefault("fingerprint", f"fp-{n}")
        claim = Claim.objects.create(**fields)
        # Tests may start a claim anywhere in the workflow; production code
        # only ever moves it through claims.workflow.
        decided = status in (
            ClaimStatus.AWAITING_APPROVAL,
            ClaimStatus.RESOLVED,
            ClaimStatus.PUBLISHED,
        )
        Claim.objects.filter(pk=claim.pk).update(
            status=status, verdict=verdict or ("false" if decided else "")
        )
        claim.refresh_from_db()
        return claim

    return make


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    with serving(Server()) as server:
        yield LocalServer(server)


@pytest.fixture
def allow_loopback(settings) -> None:
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = ["127.0.0.0/8"]


@pytest.fixture
def network_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every connection attempt fails: what loads here loads offline. The embeddings
    cache is cleared before and after, so the model is really loaded in the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embeddings.embedder.cache_clear()
    yield
    embeddings.embedder.cache_clear()
