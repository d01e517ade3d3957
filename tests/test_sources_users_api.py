"""Staff's part of the API: sources (with their reliability) and desk accounts."""

import pytest
from django.contrib.auth.models import User
from knox.models import AuthToken
from rest_framework.test import APIClient

from factcheck.roles import Role, has_role
from sources.models import Source
from tests.api_support import as_user, assert_error

pytestmark = pytest.mark.django_db


# --- sources ------------------------------------------------------------------------


def test_staff_add_a_source_with_normalised_domains(staff_user: User) -> None:
    response = as_user(staff_user).post(
        "/api/v1/sources/",
        {
            "name": "  Harbour   Times ",
            "kind": "news",
            "domains": ["https://www.harbourtimes.example/news", "HarbourTimes.example"],
            "reliability": 0.8,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["domains"]) == ("Harbour Times", ["harbourtimes.example"])


def test_staff_change_a_sources_reliability(staff_user: User, make_source) -> None:
    source = make_source("Valley Post")
    response = as_user(staff_user).patch(
        f"/api/v1/sources/{source.pk}/", {"reliability": 0.2}, format="json"
    )
    assert response.status_code == 200
    assert Source.objects.get(pk=source.pk).reliability == 0.2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "valley post"}, "name"),  # taken, whatever the case
        ({"name": "New One", "reliability": 1.5}, "reliability"),
        ({"name": "New One", "kind": "blog"}, "kind"),
        ({"name": "New One", "domains": ["not a domain"]}, "domains"),
        ({"name": "New One", "domains": "valley.example"}, "domains"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_source_is_refused_and_nothing_is_written(
    staff_user: User, make_source, body: dict, field: str
) -> None:
    make_source("Valley Post")
    response = as_user(staff_user).post("/api/v1/sources/", body, format="json")
    assert field in assert_error(response, 400, "invalid")["details"]
    assert Source.objects.count() == 1


def test_reviewers_and_clients_read_sources_but_cannot_change_them(
    reviewer: User, client_user: User, make_source
) -> None:
    source = make_source("Valley Post")
    for user in (reviewer, client_user):
        api = as_user(user)
        assert api.get(f"/api/v1/sources/{source.pk}/").status_code == 200
        assert_error(api.patch(f"/api/v1/sources/{source.pk}/", {"reliability": 0}), 403)
        assert_error(api.post("/api/v1/sources/", {"name": "Mine"}, format="json"), 403)
    assert Source.objects.get(pk=source.pk).reliability == 0.5


def test_sources_cannot_be_deleted_over_the_api(staff_user: User, make_source) -> None:
    source = make_source("Valley Post")
    assert_error(as_user(staff_user).delete(f"/api/v1/sources/{source.pk}/"), 405)
    assert Source.objects.filter(pk=source.pk).exists()


# --- accounts ---------------------------------------------------------------------------


def test_staff_create_a_client_app_account_that_can_log_in(staff_user: User) -> None:
    response = as_user(staff_user).post(
        "/api/v1/users/",
        {"username": "dashboard", "password": "long-enough-Passphrase-7", "roles": ["client"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["roles"] == ["client"]
    assert "password" not in body
    login = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "dashboard", "password": "long-enough-Passphrase-7"},
        format="json",
    )
    assert login.status_code == 200
    assert login.json()["user"]["roles"] == ["client"]


def test_a_weak_password_is_refused_and_no_account_is_made(staff_user: User) -> None:
    response = as_user(staff_user).post(
        "/api/v1/users/", {"username": "weak", "password": "123", "roles": []}, format="json"
    )
    assert "password" in assert_error(response, 400, "invalid")["details"]
    assert not User.objects.filter(username="weak").exists()


def test_staff_change_an_accounts_roles(staff_user: User, client_user: User) -> None:
    response = as_user(staff_user).patch(
        f"/api/v1/users/{client_user.pk}/", {"roles": ["reviewer"]}, format="json"
    )
    assert response.status_code == 200
    fresh = User.objects.get(pk=client_user.pk)
    assert has_role(fresh, Role.REVIEWER)
    assert not has_role(fresh, Role.CLIENT)


def test_deactivating_an_account_revokes_its_tokens(staff_user: User, client_user: User) -> None:
    _, token = AuthToken.objects.create(user=client_user)
    app = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert app.get("/api/v1/claims/").status_code == 200

    response = as_user(staff_user).patch(
        f"/api/v1/users/{client_user.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert_error(app.get("/api/v1/claims/"), 401)


def test_staff_cannot_grant_staff_or_rename_over_the_api(
    staff_user: User, client_user: User
) -> None:
    api = as_user(staff_user)
    api.patch(f"/api/v1/users/{client_user.pk}/", {"is_staff": True, "username": "x"}, "json")
    fresh = User.objects.get(pk=client_user.pk)
    assert (fresh.is_staff, fresh.username) == (False, "cms-plugin")


def test_only_staff_see_accounts(reviewer: User, client_user: User) -> None:
    for user in (reviewer, client_user):
        assert_error(as_user(user).get("/api/v1/users/"), 403)
    assert_error(APIClient().get("/api/v1/users/"), 401)
