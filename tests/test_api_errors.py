"""One error shape, {"error": {"code", "message", "details"}}, for every 4xx and 5xx the
API gives, and no bad request leaves anything half-written."""

import base64
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path
from knox.models import AuthToken
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.test import APIClient
from rest_framework.views import APIView

from claims.choices import ClaimStatus
from claims.models import Check, Claim, ReviewEvent
from factcheck import urls as project_urls
from factcheck.api.fields import MAX_SEARCH_WORDS
from factcheck.api.parsers import MAX_JSON_DEPTH
from factcheck.jobs.models import Job
from sources.models import Document, Source
from tests.api_support import assert_error, clear_throttles
from webhooks.models import WebhookSubscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

ARTICLE = (
    "City council approves record budget\n\n"
    "The city council approved a budget of 4.2 billion euros on Tuesday, "
    "the mayor's office said."
)


# --- a URL conf with views that fail, for the 500s -----------------------------------


class _BrokenAPIView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get(self, request: Request) -> HttpResponse:
        raise RuntimeError("database password is hunter2")


def _broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("database password is hunter2")


urlpatterns = [
    path("api/v1/broken-drf/", _BrokenAPIView.as_view()),
    path("api/v1/broken-django/", _broken_view),
    path("broken/", _broken_view),
    path("", include(project_urls)),
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


# --- helpers -------------------------------------------------------------------------


def token_client(user: User) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")


@pytest.fixture
def client_api(client_user: User) -> APIClient:
    return token_client(client_user)


@pytest.fixture
def desk(reviewer: User) -> APIClient:
    return token_client(reviewer)


def counts() -> dict[str, int]:
    models = (Source, Document, Claim, ReviewEvent, Check, Job, User, AuthToken)
    return {model.__name__: model.objects.count() for model in models}


# --- 400 -----------------------------------------------------------------------------


def test_a_validation_error_is_a_400_with_details_per_field(client_api) -> None:
    before = counts()
    response = client_api.post(
        "/api/v1/claims/", {"text": "short", "kind": "rumour"}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert set(error["details"]) == {"text", "kind"}
    assert all(isinstance(messages, list) for messages in error["details"].values())
    assert counts() == before


def test_a_missing_required_field_is_named(client_api) -> None:
    before = counts()
    error = assert_error(client_api.post("/api/v1/claims/", {}, format="json"), 400, "invalid")
    assert "text" in error["details"]
    assert counts() == before


def test_a_document_with_an_unknown_source_writes_nothing(client_api) -> None:
    before = counts()
    response = client_api.post(
        "/api/v1/documents/", {"text": ARTICLE, "source": 987654}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert "source" in error["details"]
    assert counts() == before


@pytest.mark.parametrize(
    ("text", "code"), [("  \n  ", "empty"), ("Budget \x01\x02\x03\x04 approved", "binary_content")]
)
def test_a_document_refused_by_ingestion_leaves_no_new_source_behind(
    client_api, text, code
) -> None:
    before = counts()
    response = client_api.post(
        "/api/v1/documents/",
        {"text": text, "source": {"name": "Brand New Outlet", "domain": "new.example"}},
        format="json",
    )
    error = assert_error(response, 400, code)
    assert "text" in error["details"]
    assert counts() == before


def test_malformed_json_is_a_400_parse_error(client_api) -> None:
    before = counts()
    response = client_api.post(
        "/api/v1/claims/", '{"text": "The port handled', content_type="application/json"
    )
    assert_error(response, 400, "parse_error")
    assert counts() == before


def test_a_json_body_that_is_not_an_object_is_a_400(client_api) -> None:
    before = counts()
    response = client_api.post("/api/v1/claims/", ["a", "list"], format="json")
    error = assert_error(response, 400, "invalid")
    assert "non_field_errors" in error["details"]
    assert counts() == before


def test_a_bad_filter_value_is_a_400_naming_the_filter(client_api) -> None:
    error = assert_error(client_api.get("/api/v1/claims/?status=bogus"), 400, "invalid")
    assert "status" in error["details"]


def _cursor(query: str) -> str:
    """A cursor as DRF encodes one (base64 of a query string), around any content."""
    return base64.b64encode(query.encode()).decode()


# Every list that pages with cursors; {webhook} is a subscription of the test's.
CURSOR_LISTS = [
    "/api/v1/claims/",
    "/api/v1/claims/?ordering=check_worthiness",
    "/api/v1/checks/",
    "/api/v1/jobs/",
    "/api/v1/documents/",
    "/api/v1/sources/",
    "/api/v1/users/",
    "/api/v1/webhooks/",
    "/api/v1/webhooks/{webhook}/deliveries/",
]


def _with_cursor(path: str, cursor: str, webhook: int) -> str:
    path = path.format(webhook=webhook)
    return f"{path}{'&' if '?' in path else '?'}{urlencode({'cursor': cursor})}"


@pytest.mark.parametrize("path", CURSOR_LISTS)
@pytest.mark.parametrize(
    "cursor",
    [
        "!!not base64!!",
        "cD0",  # base64 with its padding cut off
        "café",  # not ASCII
        _cursor("o=ten"),  # an offset that is not a number
        _cursor("o=" + "9" * 5000),  # more digits than Python turns into an int
        _cursor("r=backwards"),
        _cursor("p=%00"),  # a NUL, which PostgreSQL refuses in any text
    ],
)
def test_a_tampered_cursor_is_a_400_on_every_cursor_list(staff_user, path, cursor) -> None:
    webhook = WebhookSubscription.objects.create(url="https://hooks.example.org/", events=[])
    response = token_client(staff_user).get(_with_cursor(path, cursor, webhook.pk))
    error = assert_error(response, 400, "invalid_cursor")
    assert "next and previous links" in error["message"]


@pytest.mark.parametrize(
    "path",
    [p for p in CURSOR_LISTS if p not in ("/api/v1/sources/", "/api/v1/users/")],
)
@pytest.mark.parametrize(
    "position",
    [
        "not-a-date",
        "2025-02-30 10:00:00+00:00",
        "9999-12-31 23:59:59-23:00",  # past the calendar's end once in UTC
        "nan",
        "1e999",
    ],
)
def test_a_cursor_position_that_is_no_value_of_the_ordering_field_is_a_400(
    staff_user, make_claim, path, position
) -> None:
    # Lists ordered by a moment (or, for check_worthiness, a number); sources and
    # users are ordered by name, where any text is a place in the list.
    make_claim()
    webhook = WebhookSubscription.objects.create(url="https://hooks.example.org/", events=[])
    cursor = _cursor(urlencode({"p": position}))
    response = token_client(staff_user).get(_with_cursor(path, cursor, webhook.pk))
    assert_error(response, 400, "invalid_cursor")


def test_a_huge_cursor_offset_is_capped_not_an_error(client_api, make_claim) -> None:
    make_claim()
    response = client_api.get(f"/api/v1/claims/?cursor={_cursor('o=' + '9' * 30)}")
    assert response.status_code == 200, response.content
    assert response.json()["results"] == []


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/v1/documents/"])
def test_json_nested_thousands_deep_is_a_400_parse_error(client_api, path) -> None:
    before = counts()
    body = '{"text": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client_api.post(path, body, content_type="application/json")
    error = assert_error(response, 400, "parse_error")
    assert "deeper than 100 levels" in error["message"]
    assert counts() == before


def test_json_nested_deeper_than_the_limit_is_a_400_below_pythons_own_limit(client_api) -> None:
    too_deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    response = client_api.post("/api/v1/claims/", too_deep, content_type="application/json")
    assert_error(response, 400, "parse_error")
    # At the limit the body is parsed, and refused for what it says, not how deep it is.
    at_limit = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    response = client_api.post("/api/v1/claims/", at_limit, content_type="application/json")
    assert_error(response, 400, "invalid")


def test_json_nested_thousands_deep_on_the_anonymous_login_is_a_400(client_user) -> None:
    body = '{"username": "cms-plugin", "password": ' + "[" * 5000 + "]" * 5000 + "}"
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    error = assert_error(response, 400, "parse_error")
    assert "deeper than 100 levels" in error["message"]
    assert not AuthToken.objects.exists()


def test_a_text_search_of_more_words_than_the_limit_is_a_400_naming_q(client_api) -> None:
    words = " ".join(f"word{n}" for n in range(1000))
    error = assert_error(client_api.get("/api/v1/claims/", {"q": words}), 400, "invalid")
    assert error["details"] == {"q": [f"At most {MAX_SEARCH_WORDS} words."]}
    # At the limit the search runs (one LIKE per word on SQLite).
    at_limit = " ".join(f"word{n}" for n in range(MAX_SEARCH_WORDS))
    assert client_api.get("/api/v1/claims/", {"q": at_limit}).status_code == 200


def test_an_unknown_workflow_action_is_a_400_naming_the_field(desk, make_claim) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    before = counts()
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "delete", "version": 1},
        format="json",
    )
    error = assert_error(response, 400, "invalid")
    assert "action" in error["details"]
    assert counts() == before


def test_a_step_not_possible_from_the_claims_status_is_a_400(desk, make_claim) -> None:
    claim = make_claim(status=ClaimStatus.NEW)
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "publish", "version": 1},
        format="json",
    )
    assert_error(response, 400, "illegal_transition")
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.NEW, 1)
    assert not ReviewEvent.objects.exists()


def test_a_disallowed_host_under_api_is_a_json_400(client_api) -> None:
    response = client_api.get("/api/v1/claims/", HTTP_HOST="evil.example")
    assert_error(response, 400, "bad_request")


# --- 401 / 403 ------------------------------------------------------------------------


def test_no_credentials_is_a_401_in_the_error_shape() -> None:
    response = APIClient().get("/api/v1/claims/")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_an_account_without_a_role_is_a_403_in_the_error_shape() -> None:
    nobody = User.objects.create_user("nobody", password="pw-nobody")
    assert_error(token_client(nobody).get("/api/v1/claims/"), 403, "permission_denied")


def test_a_client_taking_a_workflow_step_is_a_403(client_api, make_claim) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    response = client_api.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "start_review", "version": 1},
        format="json",
    )
    assert_error(response, 403, "permission_denied")
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.NEEDS_REVIEW, 1)
    assert not ReviewEvent.objects.exists()


def test_a_reviewer_taking_a_workers_step_is_a_403(desk, make_claim) -> None:
    claim = make_claim(status=ClaimStatus.CHECKING)
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "complete_check", "version": 1},
        format="json",
    )
    assert_error(response, 403, "forbidden")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHECKING


def test_a_session_post_without_a_csrf_token_is_a_403_in_the_error_shape(reviewer) -> None:
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(reviewer)
    assert browser.get("/api/v1/claims/").status_code == 200  # the session works
    before = counts()
    response = browser.post("/api/v1/claims/", {"text": "The port grew by 5%."}, format="json")
    error = assert_error(response, 403, "permission_denied")
    assert "CSRF" in error["message"]
    assert counts() == before


# --- 404 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/nothing-here/", "/api/v1/nothing-here/", "/api/v2/claims/", "/api/v1/claims/1/x/"],
)
def test_an_unknown_route_under_api_is_a_json_404(settings, client_api, path) -> None:
    settings.DEBUG = False
    assert_error(client_api.get(path), 404, "not_found")
    assert_error(APIClient().get(path), 404, "not_found")  # anonymous callers too


def test_an_unknown_route_outside_the_api_is_an_html_page(settings) -> None:
    settings.DEBUG = False
    response = Client().get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/checks/",
        "/api/v1/claims/{id}/comments/",
        "/api/v1/claims/{id}/claimreview/",
        "/api/v1/documents/{id}/",
        "/api/v1/sources/{id}/",
        "/api/v1/checks/{id}/",
        "/api/v1/jobs/{id}/",
    ],
)
@pytest.mark.parametrize("object_id", ["987654", "not-a-number"])
def test_an_unknown_object_id_is_a_404(client_api, path, object_id) -> None:
    assert_error(client_api.get(path.format(id=object_id)), 404, "not_found")


def test_a_step_on_an_unknown_claim_is_a_404_and_writes_nothing(desk) -> None:
    before = counts()
    response = desk.post(
        "/api/v1/claims/987654/transition/", {"action": "start_review", "version": 1}, format="json"
    )
    assert_error(response, 404, "not_found")
    assert counts() == before


def test_an_unknown_account_or_webhook_is_a_404_for_staff(staff_user) -> None:
    api = token_client(staff_user)
    assert_error(api.get("/api/v1/users/987654/"), 404, "not_found")
    assert_error(api.get("/api/v1/webhooks/987654/"), 404, "not_found")


# --- 405 / 415 / 413 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/api/v1/claims/{claim}/"),
        ("put", "/api/v1/claims/{claim}/"),
        ("get", "/api/v1/claims/{claim}/transition/"),
        ("post", "/api/v1/checks/"),
        ("delete", "/api/v1/jobs/{job}/"),
        ("get", "/api/v1/auth/token/"),
    ],
)
def test_a_method_the_route_does_not_take_is_a_405(desk, make_claim, method, path) -> None:
    claim = make_claim()
    job = Job.objects.create(kind="verify")
    before = counts()
    response = getattr(desk, method)(path.format(claim=claim.pk, job=job.pk), {}, format="json")
    error = assert_error(response, 405, "method_not_allowed")
    assert method.upper() in error["message"]
    assert counts() == before


@pytest.mark.parametrize("kind", ["sources", "users"])
def test_not_even_staff_can_delete_a_source_or_an_account(staff_user, make_source, kind) -> None:
    target = make_source() if kind == "sources" else staff_user
    staff = token_client(staff_user)
    before = counts()
    response = staff.delete(f"/api/v1/{kind}/{target.pk}/")
    assert_error(response, 405, "method_not_allowed")
    assert counts() == before


def test_a_body_that_is_not_json_is_a_415(client_api) -> None:
    before = counts()
    response = client_api.post(
        "/api/v1/documents/", "The council approved a budget.", content_type="text/plain"
    )
    assert_error(response, 415, "unsupported_media_type")
    assert counts() == before


def test_a_body_larger_than_the_limit_is_a_413(settings, client_api) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    before = counts()
    text = ARTICLE + " More." * 1000
    response = client_api.post(
        "/api/v1/documents/", {"text": text, "source": {"name": "Civic Ledger"}}, format="json"
    )
    assert_error(response, 413, "too_large")
    assert counts() == before
    # The same article within the limit is accepted.
    small = client_api.post(
        "/api/v1/documents/", {"text": ARTICLE, "source": {"name": "Civic Ledger"}}, format="json"
    )
    assert small.status_code == 201, small.content


def test_a_login_body_larger_than_the_limit_is_a_413(settings, client_user) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "cms-plugin", "password": "pw-cms-plugin" + "x" * 4000},
        format="json",
    )
    assert_error(response, 413, "too_large")
    assert not AuthToken.objects.exists()


# --- 409 ------------------------------------------------------------------------------


def test_a_transition_with_a_stale_version_is_a_409_and_writes_nothing(desk, make_claim) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    Claim.objects.filter(pk=claim.pk).update(version=3)  # someone else moved it on
    before = counts()
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "start_review", "version": 1},
        format="json",
    )
    assert_error(response, 409, "stale_version")
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.assignee_id) == (ClaimStatus.NEEDS_REVIEW, 3, None)
    assert counts() == before


def test_the_claimreview_of_an_unpublished_claim_is_a_409(client_api, make_claim) -> None:
    claim = make_claim(status=ClaimStatus.RESOLVED, verdict="false")
    assert_error(client_api.get(f"/api/v1/claims/{claim.pk}/claimreview/"), 409, "not_published")


# --- 429 ------------------------------------------------------------------------------


def lower_rates(settings, **rates: str) -> None:
    defaults = {"anonymous": "1000/min", "client": "1000/min", "reviewer": "1000/min"}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**defaults, "staff": "1000/min", "login": "1000/min", **rates},
    }


def assert_throttled(response) -> None:
    error = assert_error(response, 429, "throttled")
    wait = error["details"]["retry_after_seconds"]
    assert isinstance(wait, int)
    assert 0 < wait <= 60
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_client_is_throttled_at_the_client_rate_while_a_reviewer_is_not_yet(
    settings, client_user, reviewer
) -> None:
    clear_throttles(client_user.pk, reviewer.pk)
    lower_rates(settings, client="3/min", reviewer="5/min")
    client_api, desk = token_client(client_user), token_client(reviewer)

    for _ in range(3):
        assert client_api.get("/api/v1/claims/").status_code == 200
        assert desk.get("/api/v1/claims/").status_code == 200
    assert_throttled(client_api.get("/api/v1/claims/"))
    # The reviewer has a budget of their own, and a larger one.
    assert desk.get("/api/v1/claims/").status_code == 200
    assert desk.get("/api/v1/claims/").status_code == 200
    assert_throttled(desk.get("/api/v1/claims/"))


def test_a_throttled_write_writes_nothing(settings, client_user) -> None:
    clear_throttles(client_user.pk)
    lower_rates(settings, client="1/min")
    api = token_client(client_user)
    assert api.get("/api/v1/claims/").status_code == 200
    before = counts()
    response = api.post(
        "/api/v1/documents/", {"text": ARTICLE, "source": {"name": "Civic Ledger"}}, format="json"
    )
    assert_throttled(response)
    assert counts() == before


def test_each_account_has_its_own_budget(settings, client_user) -> None:
    other = User.objects.create_user("second-plugin", password="pw")
    other.groups.add(*client_user.groups.all())
    clear_throttles(client_user.pk, other.pk)
    lower_rates(settings, client="2/min")
    first, second = token_client(client_user), token_client(other)
    for _ in range(2):
        assert first.get("/api/v1/claims/").status_code == 200
    assert_throttled(first.get("/api/v1/claims/"))
    assert second.get("/api/v1/claims/").status_code == 200


def test_login_has_its_own_stricter_scope(settings, client_user) -> None:
    clear_throttles(client_user.pk)
    lower_rates(settings, login="2/min", client="100/min")
    credentials = {"username": "cms-plugin", "password": "pw-cms-plugin"}
    wrong = {"username": "cms-plugin", "password": "guess"}
    anonymous = APIClient()
    assert anonymous.post("/api/v1/auth/token/", wrong, format="json").status_code == 400
    token = anonymous.post("/api/v1/auth/token/", credentials, format="json").json()["token"]
    before = counts()
    # Even the right password is refused now: guessing costs the same as logging in.
    assert_throttled(anonymous.post("/api/v1/auth/token/", credentials, format="json"))
    assert counts() == before
    # The login scope does not spend the account's API budget, nor the other way.
    assert with_header(token).get("/api/v1/claims/").status_code == 200


def with_header(token: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}")


def test_anonymous_callers_of_the_public_schema_are_throttled_per_address(settings) -> None:
    lower_rates(settings, anonymous="2/min")
    anonymous = APIClient(HTTP_ACCEPT="application/json")
    for _ in range(2):
        assert anonymous.get("/api/schema/").status_code == 200
    assert_throttled(anonymous.get("/api/schema/"))


def test_an_error_from_the_schema_endpoint_is_json_when_the_client_accepts_anything() -> None:
    response = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token").get("/api/schema/")
    assert_error(response, 401, "authentication_failed")


def test_an_error_from_the_docs_page_is_in_the_error_shape() -> None:
    response = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token").get("/api/docs/")
    assert_error(response, 401, "authentication_failed")


# --- 500 ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/broken-drf/", "/api/v1/broken-django/"])
def test_an_unexpected_exception_under_api_is_a_json_500_that_leaks_nothing(settings, path) -> None:
    settings.DEBUG = False
    with override_settings(ROOT_URLCONF=__name__):
        browser = Client(raise_request_exception=False)
        response = browser.get(path)
    assert_error(response, 500, "server_error")
    assert b"hunter2" not in response.content
    assert b"Traceback" not in response.content


def test_an_unexpected_exception_outside_the_api_is_an_html_500(settings) -> None:
    settings.DEBUG = False
    with override_settings(ROOT_URLCONF=__name__):
        response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"hunter2" not in response.content
