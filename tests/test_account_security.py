"""Accounts cannot be taken over: who may change whom, and tokens that follow the account.

Staff manage reviewer and client accounts; accounts with staff or superuser
rights are changed by superusers only, in the API and in the admin alike. Any
password change and any deactivation, wherever it is made, revokes the
account's API tokens.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.api_support import as_user, assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

NEW_PASSWORD = "taken-over-at-night-42"


def token_for(user: User) -> str:
    return AuthToken.objects.create(user)[1]


def token_works(token: str) -> bool:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/claims/").status_code == 200


def admin_as(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


# --- the API ---------------------------------------------------------------------


def test_staff_cannot_set_a_superusers_password_over_the_api(staff_user, superuser) -> None:
    response = as_user(staff_user).patch(
        f"/api/v1/users/{superuser.pk}/", {"password": NEW_PASSWORD}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    superuser.refresh_from_db()
    assert superuser.check_password("pw-root")
    assert not superuser.check_password(NEW_PASSWORD)


def test_staff_cannot_deactivate_a_superuser_or_another_staff_account(
    staff_user, superuser
) -> None:
    colleague = User.objects.create_user("editor-2", password="pw-editor-2", is_staff=True)
    for account in (superuser, colleague):
        response = as_user(staff_user).patch(
            f"/api/v1/users/{account.pk}/", {"is_active": False}, format="json"
        )
        assert_error(response, 403, "permission_denied")
        account.refresh_from_db()
        assert account.is_active


def test_a_superuser_manages_superusers_and_staff_manage_reviewers(
    superuser, staff_user, reviewer
) -> None:
    other = User.objects.create_superuser("root-2", password="pw-root-2")
    response = as_user(superuser).patch(
        f"/api/v1/users/{other.pk}/", {"password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD)

    response = as_user(staff_user).patch(
        f"/api/v1/users/{reviewer.pk}/", {"password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_superuser"] is False


# --- the admin -------------------------------------------------------------------


def test_staff_cannot_open_a_superusers_password_page_in_the_admin(staff_user, superuser) -> None:
    url = f"/admin/auth/user/{superuser.pk}/password/"
    browser = admin_as(staff_user)
    assert browser.get(url).status_code == 403
    response = browser.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password("pw-root")


def test_staff_see_a_superusers_account_read_only_in_the_admin(staff_user, superuser) -> None:
    url = f"/admin/auth/user/{superuser.pk}/change/"
    browser = admin_as(staff_user)
    page = browser.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # a view page, not a form
    response = browser.post(url, {"username": superuser.username, "is_active": ""})
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active


def test_staff_change_a_reviewers_password_in_the_admin(staff_user, reviewer) -> None:
    url = f"/admin/auth/user/{reviewer.pk}/password/"
    response = admin_as(staff_user).post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302, response.content[:2000]
    reviewer.refresh_from_db()
    assert reviewer.check_password(NEW_PASSWORD)


def test_staff_cannot_grant_staff_or_superuser_rights_in_the_admin(staff_user, reviewer) -> None:
    url = f"/admin/auth/user/{reviewer.pk}/change/"
    browser = admin_as(staff_user)
    form = browser.get(url)
    assert b'name="is_superuser"' not in form.content
    assert b'name="is_staff"' not in form.content
    response = browser.post(
        url,
        {
            "username": reviewer.username,
            "first_name": "Rita",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    reviewer.refresh_from_db()
    assert reviewer.first_name == "Rita"
    assert (reviewer.is_staff, reviewer.is_superuser) == (False, False)


def test_a_superuser_changes_a_superusers_password_in_the_admin(superuser) -> None:
    other = User.objects.create_superuser("root-2", password="pw-root-2")
    response = admin_as(superuser).post(
        f"/admin/auth/user/{other.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD)


# --- tokens follow the account ------------------------------------------------------


def test_a_password_change_over_the_api_revokes_the_accounts_tokens(staff_user, reviewer) -> None:
    token = token_for(reviewer)
    as_user(staff_user).patch(
        f"/api/v1/users/{reviewer.pk}/", {"password": NEW_PASSWORD}, format="json"
    )
    assert not token_works(token)
    assert not AuthToken.objects.filter(user=reviewer).exists()


def test_a_password_set_in_a_shell_revokes_the_accounts_tokens(reviewer, client_user) -> None:
    token, bystander = token_for(reviewer), token_for(client_user)
    assert token_works(token)
    reviewer.set_password(NEW_PASSWORD)
    reviewer.save()
    assert not token_works(token)
    assert token_works(bystander)  # other accounts keep theirs


def test_a_password_reset_in_the_admin_revokes_the_accounts_tokens(staff_user, reviewer) -> None:
    token = token_for(reviewer)
    admin_as(staff_user).post(
        f"/admin/auth/user/{reviewer.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert not token_works(token)


def test_deactivation_in_a_shell_revokes_tokens_for_good(reviewer) -> None:
    token = token_for(reviewer)
    reviewer.is_active = False
    reviewer.save()
    reviewer.is_active = True
    reviewer.save()
    assert not token_works(token)


def test_deactivation_with_update_fields_revokes_tokens(reviewer) -> None:
    token = token_for(reviewer)
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    User.objects.filter(pk=reviewer.pk).update(is_active=True)
    assert not token_works(token)


def test_other_saves_keep_the_accounts_tokens(reviewer) -> None:
    token = token_for(reviewer)
    reviewer.first_name = "Rita"
    reviewer.save()
    login = APIClient().post(
        "/api/v1/auth/token/", {"username": "rita", "password": "pw-rita"}, format="json"
    )
    assert login.status_code == 200
    assert token_works(token)  # logging in again (last_login saved) revokes nothing


def test_the_same_password_hashed_again_keeps_the_tokens(reviewer) -> None:
    """What Django does at login when the hasher or its iterations change."""
    token = token_for(reviewer)
    reviewer.set_password("pw-rita")
    reviewer.save(update_fields=["password"])
    assert token_works(token)
