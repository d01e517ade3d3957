"""Password guessing is stopped per account and per address, in the API and the admin.

X-Forwarded-For is believed only as far as FACTCHECK_TRUSTED_PROXIES says, so
a guesser who makes up a new address for every request gets no fresh budget.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.api_support import TEST_ADDRESSES, assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

LOGIN = "/api/v1/auth/token/"
RIGHT = {"username": "cms-plugin", "password": "pw-cms-plugin"}
WRONG = {"username": "cms-plugin", "password": "guess"}


def login_from(address: str, credentials: dict) -> int:
    api = APIClient(HTTP_X_FORWARDED_FOR=address)
    return api.post(LOGIN, credentials, format="json").status_code


@pytest.fixture
def rates(settings):
    """Generous request throttles, so only the failure budgets are under test."""

    def set_rates(*, login: str = "1000/min", account: str = "3/hour", address: str = "100/hour"):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                "anonymous": "1000/min",
                "login": login,
            },
        }
        settings.FACTCHECK_LOGIN_FAILURES_PER_ACCOUNT = account
        settings.FACTCHECK_LOGIN_FAILURES_PER_ADDRESS = address

    return set_rates


def trust_proxies(settings, count: int) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def test_a_made_up_forwarded_address_buys_no_fresh_login_budget(rates, client_user) -> None:
    rates(login="3/min", account="1000/hour", address="1000/hour")
    fresh = iter(TEST_ADDRESSES)
    for _ in range(3):
        assert login_from(next(fresh), WRONG) == 400
    response = APIClient(HTTP_X_FORWARDED_FOR=next(fresh)).post(LOGIN, RIGHT, format="json")
    assert_error(response, 429, "throttled")


def test_failures_against_one_account_lock_it_from_every_address(
    settings, rates, client_user, reviewer
) -> None:
    trust_proxies(settings, 1)  # each request really comes from another address
    rates(account="3/hour")
    fresh = iter(TEST_ADDRESSES)
    for _ in range(3):
        assert login_from(next(fresh), WRONG) == 400
    response = APIClient(HTTP_X_FORWARDED_FOR=next(fresh)).post(LOGIN, RIGHT, format="json")
    error = assert_error(response, 429, "throttled")
    assert 0 < error["details"]["retry_after_seconds"] <= 3600
    assert 0 < int(response["Retry-After"]) <= 3600
    # Another account is not locked by it.
    assert login_from(next(fresh), {"username": "rita", "password": "pw-rita"}) == 200


def test_the_account_budget_ignores_the_usernames_case(settings, rates, client_user) -> None:
    trust_proxies(settings, 1)
    rates(account="2/hour")
    fresh = iter(TEST_ADDRESSES)
    assert login_from(next(fresh), {**WRONG, "username": "CMS-plugin"}) == 400
    assert login_from(next(fresh), {**WRONG, "username": "Cms-Plugin"}) == 400
    assert login_from(next(fresh), RIGHT) == 429


def test_failures_from_one_address_lock_that_address_only(
    settings, rates, client_user, reviewer
) -> None:
    trust_proxies(settings, 1)
    rates(account="1000/hour", address="3/hour")
    guesser, colleague = TEST_ADDRESSES[0], TEST_ADDRESSES[1]
    for name in ("alice", "bob", "carol"):
        assert login_from(guesser, {"username": name, "password": "guess"}) == 400
    assert login_from(guesser, RIGHT) == 429
    assert login_from(colleague, RIGHT) == 200


def test_a_trusted_proxy_count_reads_the_address_our_proxy_appended(
    settings, rates, client_user
) -> None:
    trust_proxies(settings, 1)
    rates(account="1000/hour", address="2/hour")
    real = TEST_ADDRESSES[5]
    # The caller controls everything left of what our one proxy appended.
    for forged in ("198.51.100.1", "198.51.100.2"):
        api = APIClient(HTTP_X_FORWARDED_FOR=f"{forged}, {real}")
        assert api.post(LOGIN, WRONG, format="json").status_code == 400
    assert login_from(f"198.51.100.3, {real}", RIGHT) == 429
    assert login_from(f"{real}, {TEST_ADDRESSES[6]}", RIGHT) == 200


def test_a_successful_login_does_not_count_as_a_failure(settings, rates, client_user) -> None:
    rates(account="2/hour")
    for _ in range(4):
        assert login_from(TEST_ADDRESSES[0], RIGHT) == 200


# --- the admin's login form: the same budgets --------------------------------------


def admin_login(address: str, username: str, password: str) -> tuple[int, bytes]:
    browser = Client(HTTP_X_FORWARDED_FOR=address)
    response = browser.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response.status_code, response.content


def test_the_admin_login_locks_an_account_after_its_failures(rates, reviewer) -> None:
    rates(account="3/hour")
    fresh = iter(TEST_ADDRESSES)
    for _ in range(3):
        status, _ = admin_login(next(fresh), "rita", "guess")
        assert status == 200  # the form again, with an error
    status, page = admin_login(next(fresh), "rita", "pw-rita")
    assert status == 200
    assert b"Too many failed logins" in page
    # A failure in the admin and a failure in the API spend the same budget.
    assert login_from(next(fresh), {"username": "rita", "password": "pw-rita"}) == 429


def test_the_admin_login_still_lets_the_right_password_in_under_the_budget(rates, reviewer) -> None:
    rates(account="3/hour")
    admin_login(TEST_ADDRESSES[0], "rita", "guess")
    status, _ = admin_login(TEST_ADDRESSES[0], "rita", "pw-rita")
    assert status == 302
