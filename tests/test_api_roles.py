"""Who may call what: every API route against every role, tokens, and the object rules.

The roles table below has one row per (route, method) of the URL conf; a route
added without a row fails `test_every_api_route_has_a_row_in_the_roles_table`.
Each row makes a valid request against real rows, so "allowed" means the exact
2xx the endpoint promises, and a refusal must leave the database as it was.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims.checks import check_enqueue
from claims.choices import ClaimStatus, ReviewAction
from claims.models import Check, Claim, ReviewEvent
from factcheck.jobs.models import Job
from sources.models import Document, Source
from webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

ROLES = ("anonymous", "no_role", "client", "reviewer", "staff", "superuser")
ARTICLE = (
    "Harbour traffic grows\n\n"
    "The port handled 4.2 million containers last year, the harbour authority said."
)
# A public address needs no DNS lookup and passes the webhook URL rules.
HOOK_URL = "https://93.184.215.14/hook"


# --- throttles: every test starts with empty counters ------------------------------


# --- the desk every request of the table runs against ------------------------------


@dataclass
class World:
    users: dict[str, User | None]
    tokens: dict[str, str]
    source: Source
    document: Document
    new_claim: Claim
    waiting_claim: Claim  # needs_review, unassigned
    assigned_claim: Claim  # in_review, assigned to the reviewer
    published_claim: Claim
    check: Check
    job: Job
    webhook: WebhookSubscription
    reviewer: User
    second_reviewer: User
    other_superuser: User  # an account only superusers may change
    other_staff: User

    def api(self, role: str) -> APIClient:
        if role == "anonymous":
            return APIClient()
        return APIClient(HTTP_AUTHORIZATION=f"Token {self.tokens[role]}")

    def password(self, role: str) -> tuple[str, str]:
        user = self.users["client" if role == "anonymous" else role]
        return user.username, "pw-" + user.username


@pytest.fixture
def world(
    client_user, reviewer, second_reviewer, staff_user, superuser, make_claim, make_document
) -> World:
    no_role = User.objects.create_user("nobody", password="pw-nobody")
    users = {
        "anonymous": None,
        "no_role": no_role,
        "client": client_user,
        "reviewer": reviewer,
        "staff": staff_user,
        "superuser": superuser,
    }
    tokens = {role: AuthToken.objects.create(user)[1] for role, user in users.items() if user}
    document = make_document(ARTICLE)
    waiting = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    check = check_enqueue(claim=waiting)
    return World(
        users=users,
        tokens=tokens,
        source=document.source,
        document=document,
        new_claim=make_claim(),
        waiting_claim=waiting,
        assigned_claim=make_claim(status=ClaimStatus.IN_REVIEW, assignee=reviewer),
        published_claim=make_claim(status=ClaimStatus.PUBLISHED, verdict="false"),
        check=check,
        job=check.job,
        webhook=WebhookSubscription.objects.create(url=HOOK_URL, events=["claim.assigned"]),
        reviewer=reviewer,
        second_reviewer=second_reviewer,
        other_superuser=User.objects.create_superuser("root-2", password="pw-root-2"),
        other_staff=User.objects.create_user("editor-2", password="pw-editor-2", is_staff=True),
    )


# --- the roles table ---------------------------------------------------------------

Body = dict | None
Request = Callable[[World], tuple[str, Body]]


@dataclass(frozen=True)
class Row:
    """One route and method: the request to make, and each role's status code."""

    name: str
    method: str
    request: Request
    expect: dict[str, int]
    case: str = ""  # tells apart rows of one route that differ in their target


def everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, code)


def members(code: int) -> dict[str, int]:
    """Read and submit: every desk member (client, reviewer, staff, superuser)."""
    return {
        "anonymous": 401, "no_role": 403, "client": code, "reviewer": code, "staff": code,
        "superuser": code,
    }  # fmt: skip


def reviewers(code: int) -> dict[str, int]:
    return {**members(code), "client": 403}


def staff(code: int) -> dict[str, int]:
    return {**reviewers(code), "reviewer": 403}


def superusers(code: int) -> dict[str, int]:
    """Accounts with staff or superuser rights: changed by superusers only."""
    return {**staff(code), "staff": 403}


def claim_url(attr: str, suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/api/v1/claims/{getattr(w, attr).pk}/{suffix}"


def token_body(w: World, role: str) -> dict:
    username, password = w.password(role)
    return {"username": username, "password": password}


TABLE: list[Row] = [
    # auth: the login endpoint takes credentials in the body and ignores any header
    Row("api-token", "POST", lambda w: ("/api/v1/auth/token/", None), everyone(200)),
    Row(
        "api-logout",
        "POST",
        lambda w: ("/api/v1/auth/logout/", None),
        {**members(204), "no_role": 204},  # anyone may revoke their own token
    ),
    Row(
        "api-logout-all",
        "POST",
        lambda w: ("/api/v1/auth/logout-all/", None),
        {**members(204), "no_role": 204},
    ),
    Row(
        "api-root",
        "GET",
        lambda w: ("/api/v1/", None),
        members(200),
    ),
    Row("schema", "GET", lambda w: ("/api/schema/", None), everyone(200)),
    Row("api-docs", "GET", lambda w: ("/api/docs/", None), everyone(200)),
    Row("healthz", "GET", lambda w: ("/healthz", None), everyone(200)),
    Row("readyz", "GET", lambda w: ("/readyz", None), everyone(200)),
    # sources and documents
    Row("source-list", "GET", lambda w: ("/api/v1/sources/", None), members(200)),
    Row(
        "source-list",
        "POST",
        lambda w: ("/api/v1/sources/", {"name": "Harbour Times", "kind": "news"}),
        staff(201),
    ),
    Row(
        "source-detail",
        "GET",
        lambda w: (f"/api/v1/sources/{w.source.pk}/", None),
        members(200),
    ),
    Row(
        "source-detail",
        "PUT",
        lambda w: (
            f"/api/v1/sources/{w.source.pk}/",
            {"name": "Example Gazette", "kind": "news", "domains": [], "reliability": 0.7},
        ),
        staff(200),
    ),
    Row(
        "source-detail",
        "PATCH",
        lambda w: (f"/api/v1/sources/{w.source.pk}/", {"reliability": 0.9}),
        staff(200),
    ),
    Row("document-list", "GET", lambda w: ("/api/v1/documents/", None), members(200)),
    Row(
        "document-list",
        "POST",
        lambda w: (
            "/api/v1/documents/",
            {"text": ARTICLE + " It was a record.", "source": {"name": "Civic Ledger"}},
        ),
        members(201),
    ),
    Row(
        "document-detail",
        "GET",
        lambda w: (f"/api/v1/documents/{w.document.pk}/", None),
        members(200),
    ),
    # claims: read, add by hand and queue checks for everyone; review commands for reviewers
    Row("claim-list", "GET", lambda w: ("/api/v1/claims/", None), members(200)),
    Row(
        "claim-list",
        "POST",
        lambda w: (
            "/api/v1/claims/",
            {"text": "The harbour handled 4 million containers in 2023."},
        ),
        members(201),
    ),
    Row("claim-detail", "GET", lambda w: (claim_url("waiting_claim")(w), None), members(200)),
    Row(
        "claim-detail",
        "PATCH",
        lambda w: (
            claim_url("waiting_claim")(w),
            {"version": w.waiting_claim.version, "claimant": "the harbour authority"},
        ),
        reviewers(200),
    ),
    Row(
        "claim-transition",
        "POST",
        lambda w: (
            claim_url("waiting_claim", "transition/")(w),
            {"action": "start_review", "version": w.waiting_claim.version},
        ),
        reviewers(200),
    ),
    Row(
        "claim-assign",
        "POST",
        lambda w: (
            claim_url("waiting_claim", "assign/")(w),
            {"assignee": w.second_reviewer.pk, "version": w.waiting_claim.version},
        ),
        reviewers(200),
    ),
    Row(
        "claim-unassign",
        "POST",
        lambda w: (claim_url("assigned_claim", "unassign/")(w), {}),
        reviewers(200),
    ),
    Row(
        "claim-bulk-assign",
        "POST",
        lambda w: (
            "/api/v1/claims/bulk-assign/",
            {
                "claims": [w.new_claim.pk, w.waiting_claim.pk],
                "assignee": w.second_reviewer.pk,
            },
        ),
        reviewers(200),
    ),
    Row(
        "claim-comments",
        "GET",
        lambda w: (claim_url("waiting_claim", "comments/")(w), None),
        members(200),
    ),
    Row(
        "claim-comments",
        "POST",
        lambda w: (claim_url("waiting_claim", "comments/")(w), {"text": "Which year?"}),
        reviewers(201),
    ),
    Row(
        "claim-checks",
        "GET",
        lambda w: (claim_url("waiting_claim", "checks/")(w), None),
        members(200),
    ),
    Row(
        "claim-checks",
        "POST",
        lambda w: (claim_url("waiting_claim", "checks/")(w), {}),
        members(202),
    ),
    Row(
        "claim-claimreview",
        "GET",
        lambda w: (claim_url("published_claim", "claimreview/")(w), None),
        members(200),
    ),
    # checks and jobs: read-only
    Row("check-list", "GET", lambda w: ("/api/v1/checks/", None), members(200)),
    Row("check-detail", "GET", lambda w: (f"/api/v1/checks/{w.check.pk}/", None), members(200)),
    Row("job-list", "GET", lambda w: ("/api/v1/jobs/", None), members(200)),
    Row("job-detail", "GET", lambda w: (f"/api/v1/jobs/{w.job.pk}/", None), members(200)),
    # accounts: staff only
    Row("user-list", "GET", lambda w: ("/api/v1/users/", None), staff(200)),
    Row(
        "user-list",
        "POST",
        lambda w: (
            "/api/v1/users/",
            {"username": "night-desk", "password": "harbour-lights-1987", "roles": ["client"]},
        ),
        staff(201),
    ),
    Row(
        "user-detail",
        "GET",
        lambda w: (f"/api/v1/users/{w.reviewer.pk}/", None),
        staff(200),
    ),
    Row(
        "user-detail",
        "PATCH",
        lambda w: (f"/api/v1/users/{w.reviewer.pk}/", {"first_name": "Rita"}),
        staff(200),
    ),
    Row(
        "user-detail",
        "GET",
        lambda w: (f"/api/v1/users/{w.other_superuser.pk}/", None),
        staff(200),
        case="a superuser's account",
    ),
    Row(
        "user-detail",
        "PATCH",
        lambda w: (
            f"/api/v1/users/{w.other_superuser.pk}/",
            {"password": "taken-over-at-night-42"},
        ),
        superusers(200),
        case="a superuser's password",
    ),
    Row(
        "user-detail",
        "PATCH",
        lambda w: (f"/api/v1/users/{w.other_superuser.pk}/", {"is_active": False}),
        superusers(200),
        case="deactivate a superuser",
    ),
    Row(
        "user-detail",
        "PATCH",
        lambda w: (f"/api/v1/users/{w.other_staff.pk}/", {"password": "taken-over-at-night-42"}),
        superusers(200),
        case="another staff account's password",
    ),
    # webhooks: staff only, reads included (a subscription's secret signs deliveries)
    Row("webhook-list", "GET", lambda w: ("/api/v1/webhooks/", None), staff(200)),
    Row(
        "webhook-list",
        "POST",
        lambda w: ("/api/v1/webhooks/", {"url": HOOK_URL, "events": ["check.completed"]}),
        staff(201),
    ),
    Row(
        "webhook-detail",
        "GET",
        lambda w: (f"/api/v1/webhooks/{w.webhook.pk}/", None),
        staff(200),
    ),
    Row(
        "webhook-detail",
        "PUT",
        lambda w: (
            f"/api/v1/webhooks/{w.webhook.pk}/",
            {"url": HOOK_URL, "events": ["claim.status_changed"], "description": "CMS"},
        ),
        staff(200),
    ),
    Row(
        "webhook-detail",
        "PATCH",
        lambda w: (f"/api/v1/webhooks/{w.webhook.pk}/", {"active": False}),
        staff(200),
    ),
    Row(
        "webhook-detail",
        "DELETE",
        lambda w: (f"/api/v1/webhooks/{w.webhook.pk}/", None),
        staff(204),
    ),
    Row(
        "webhook-deliveries",
        "GET",
        lambda w: (f"/api/v1/webhooks/{w.webhook.pk}/deliveries/", None),
        staff(200),
    ),
    Row(
        "webhook-ping",
        "POST",
        lambda w: (f"/api/v1/webhooks/{w.webhook.pk}/ping/", None),
        staff(202),
    ),
]


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def url_conf_routes() -> set[tuple[str, str]]:
    """(url name, METHOD) for every route of the URL conf but the admin (a site for
    people, with its own login) and DRF's format-suffix twins of each route."""
    routes = set()
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or "format" in pattern.pattern.regex.groupindex:
            continue
        view = pattern.callback
        cls = getattr(view, "cls", None)
        if cls is None:
            methods = {"get"}  # plain function views: the health probes (require_GET)
        elif getattr(view, "actions", None):
            methods = {m for m in view.actions if m in cls.http_method_names}
        else:
            methods = {m for m in cls.http_method_names if hasattr(cls, m)}
        # HEAD and OPTIONS come with GET and with every view (DRF even adds "head" to
        # a viewset's actions on its first request); they are not routes of their own.
        routes |= {(pattern.name, m.upper()) for m in methods - {"head", "options"}}
    return routes


def test_every_api_route_has_a_row_in_the_roles_table() -> None:
    table = {(row.name, row.method) for row in TABLE}
    routes = url_conf_routes()
    assert not routes - table, f"routes without a row in the roles table: {routes - table}"
    assert not table - routes, f"rows for routes that do not exist: {table - routes}"
    cases = {(row.name, row.method, row.case) for row in TABLE}
    assert len(cases) == len(TABLE), "one row per route, method and case"


def snapshot() -> dict[str, object]:
    """What a refused request must not change."""
    counted = (
        Source, Document, Claim, ReviewEvent, Check, Job, AuthToken, WebhookSubscription,
        WebhookDelivery,
    )  # fmt: skip
    return {
        **{model.__name__: model.objects.count() for model in counted},
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "is_active", "is_staff", "first_name", "password"
            )
        ),
        "sources": list(Source.objects.order_by("pk").values_list("pk", "name", "reliability")),
        "claims": list(
            Claim.objects.order_by("pk").values_list(
                "pk", "status", "verdict", "version", "assignee_id", "claimant"
            )
        ),
        "webhooks": list(
            WebhookSubscription.objects.order_by("pk").values_list("pk", "active", "events")
        ),
    }


def _cells() -> Iterator:
    for row in TABLE:
        for role in ROLES:
            case = f" ({row.case})" if row.case else ""
            yield pytest.param(row, role, id=f"{row.method} {row.name}{case} as {role}")


@pytest.mark.parametrize(("row", "role"), list(_cells()))
def test_each_route_answers_each_role_as_the_roles_table_says(
    row: Row, role: str, world: World
) -> None:
    path, body = row.request(world)
    if row.name == "api-token":
        body = token_body(world, role)
    before = snapshot()
    response = getattr(world.api(role), row.method.lower())(path, body, format="json")

    expected = row.expect[role]
    assert response.status_code == expected, response.content[:500]
    if expected in (401, 403):
        error = response.json()["error"]
        assert set(error) == {"code", "message", "details"}
        assert error["code"] == ("not_authenticated" if expected == 401 else "permission_denied")
        assert snapshot() == before, "a refused request changed the database"


# --- PATCH: fields that move only through the workflow ---------------------------


@pytest.fixture
def desk(reviewer: User) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(reviewer)[1]}")


def claim_row(claim: Claim) -> tuple:
    return Claim.objects.filter(pk=claim.pk).values_list(
        "status", "verdict", "version", "created_at", "claimant", "updated_at"
    )[0]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("status", "published"),
        ("verdict", "true"),
        ("id", 999),
        ("created_at", "2020-01-01T00:00:00Z"),
        ("published_at", "2020-01-01T00:00:00Z"),
        ("updated_at", "2020-01-01T00:00:00Z"),
    ],
)
def test_a_read_only_field_cannot_be_written_through_patch(desk, make_claim, name, value) -> None:
    claim = make_claim(status=ClaimStatus.IN_REVIEW)
    before = claim_row(claim)
    response = desk.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"version": claim.version, "claimant": "the mayor", name: value},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert name in response.json()["error"]["details"]
    # Not even the allowed field next to it was written.
    assert claim_row(claim) == before
    assert not ReviewEvent.objects.filter(claim=claim).exists()


def test_patch_cannot_set_the_version_it_is_only_the_version_the_client_read(
    desk, make_claim
) -> None:
    claim = make_claim(status=ClaimStatus.IN_REVIEW)
    before = claim_row(claim)
    jump = desk.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"version": claim.version + 5, "claimant": "the mayor"},
        format="json",
    )
    assert jump.status_code == 409, jump.content
    assert jump.json()["error"]["code"] == "stale_version"
    assert claim_row(claim) == before

    edit = desk.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"version": claim.version, "claimant": "the mayor"},
        format="json",
    )
    assert edit.status_code == 200, edit.content
    assert edit.json()["version"] == claim.version + 1  # the server counts, not the client


def test_put_on_a_claim_is_a_405_in_the_error_shape(desk, make_claim) -> None:
    claim = make_claim()
    before = claim_row(claim)
    body = {"text": claim.text, "claimant": "x", "status": "published", "version": 1}
    response = desk.put(f"/api/v1/claims/{claim.pk}/", body, format="json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert set(response.json()["error"]) == {"code", "message", "details"}
    assert claim_row(claim) == before


# --- second review --------------------------------------------------------------------


def test_a_reviewer_cannot_approve_his_own_decision_when_second_review_is_on(
    settings, reviewer, second_reviewer, make_claim
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    claim = make_claim(status=ClaimStatus.IN_REVIEW)
    rita = APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(reviewer)[1]}")
    sam = APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(second_reviewer)[1]}")
    url = f"/api/v1/claims/{claim.pk}/transition/"

    decided = rita.post(url, {"action": "resolve", "verdict": "false", "version": 1}, format="json")
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == ClaimStatus.AWAITING_APPROVAL
    assert "approve" not in decided.json()["available_actions"]

    own = rita.post(url, {"action": "approve", "version": 2}, format="json")
    assert own.status_code == 403, own.content
    assert own.json()["error"]["code"] == "forbidden"
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.AWAITING_APPROVAL, 2)
    assert not claim.review_events.filter(action=ReviewAction.APPROVE).exists()

    approved = sam.post(url, {"action": "approve", "version": 2}, format="json")
    assert approved.status_code == 200, approved.content
    assert (approved.json()["status"], approved.json()["verdict"]) == ("resolved", "false")


# --- tokens ---------------------------------------------------------------------------


def login(user: User) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "pw-" + user.username},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"token", "expiry", "user"}
    return body["token"]


def with_token(token: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}")


def test_a_token_works_until_logout_revokes_it(client_user) -> None:
    token = login(client_user)
    api = with_token(token)
    assert api.get("/api/v1/claims/").status_code == 200
    assert api.post("/api/v1/auth/logout/").status_code == 204
    after = api.get("/api/v1/claims/")
    assert after.status_code == 401
    assert after.json()["error"]["code"] == "authentication_failed"
    assert not AuthToken.objects.filter(user=client_user).exists()


def test_logout_all_revokes_every_token_of_the_account_only(client_user, reviewer) -> None:
    phone, laptop, other = login(client_user), login(client_user), login(reviewer)
    assert with_token(phone).post("/api/v1/auth/logout-all/").status_code == 204
    assert with_token(laptop).get("/api/v1/claims/").status_code == 401
    assert with_token(phone).get("/api/v1/claims/").status_code == 401
    assert with_token(other).get("/api/v1/claims/").status_code == 200


def test_an_expired_token_is_refused(client_user) -> None:
    token = login(client_user)
    AuthToken.objects.filter(user=client_user).update(expiry=timezone.now() - timedelta(seconds=1))
    response = with_token(token).get("/api/v1/claims/")
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_a_token_expires_after_the_configured_lifetime(client_user) -> None:
    login(client_user)
    row = AuthToken.objects.get(user=client_user)
    lifetime = settings.REST_KNOX["TOKEN_TTL"]
    assert abs((row.expiry - row.created) - lifetime) < timedelta(seconds=5)


def test_the_token_is_not_stored_in_clear(client_user) -> None:
    token = login(client_user)
    row = AuthToken.objects.filter(user=client_user).values().get()
    stored = [str(value) for value in row.values()]
    assert token not in stored
    assert all(token not in value for value in stored)  # nor inside a column
    assert row["digest"] != token


def test_a_wrong_password_gets_no_token(client_user) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "cms-plugin", "password": "guess"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "details"}
    assert not AuthToken.objects.exists()


def test_a_made_up_token_is_refused() -> None:
    response = with_token("0" * 64).get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_an_inactive_accounts_token_is_refused(client_user) -> None:
    token = login(client_user)
    User.objects.filter(pk=client_user.pk).update(is_active=False)
    assert with_token(token).get("/api/v1/claims/").status_code == 401


# --- object rules ----------------------------------------------------------------------


def test_a_client_cannot_see_a_webhooks_secret(client_user, reviewer, staff_user) -> None:
    hook = WebhookSubscription.objects.create(url=HOOK_URL, events=["claim.assigned"])
    for user in (client_user, reviewer):
        api = with_token(AuthToken.objects.create(user)[1])
        for url in (f"/api/v1/webhooks/{hook.pk}/", "/api/v1/webhooks/"):
            response = api.get(url)
            assert response.status_code == 403, (user, url)
            assert hook.secret not in response.content.decode()

    staff = with_token(AuthToken.objects.create(staff_user)[1])
    assert staff.get(f"/api/v1/webhooks/{hook.pk}/").json()["secret"] == hook.secret
    # Not even staff see secrets in the list, which pages and logs copy around.
    listed = staff.get("/api/v1/webhooks/")
    assert listed.status_code == 200
    assert hook.secret not in listed.content.decode()


def test_a_comment_is_attributed_to_the_requesting_user_whatever_the_body_says(
    desk, reviewer, second_reviewer, make_claim
) -> None:
    claim = make_claim(status=ClaimStatus.IN_REVIEW)
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/comments/",
        {"text": "Which year?", "actor": second_reviewer.username},
        format="json",
    )
    # The read-only actor field is ignored (not refused): the comment is the caller's.
    assert response.status_code == 201, response.content
    assert response.json()["actor"] == reviewer.username
    event = ReviewEvent.objects.get(claim=claim, action=ReviewAction.COMMENT)
    assert event.actor == reviewer


def test_a_bulk_assign_naming_a_missing_claim_changes_nothing(
    desk, second_reviewer, make_claim
) -> None:
    first, second = make_claim(), make_claim()
    missing = second.pk + 1000
    before = snapshot()
    response = desk.post(
        "/api/v1/claims/bulk-assign/",
        {"claims": [first.pk, missing, second.pk], "assignee": second_reviewer.pk},
        format="json",
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "unknown_claims"
    assert error["details"] == {"missing": [missing]}
    assert snapshot() == before


def test_a_claim_cannot_be_assigned_to_a_client(desk, client_user, make_claim) -> None:
    claim = make_claim()
    before = snapshot()
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": client_user.pk}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_assignee"
    assert snapshot() == before


def test_a_client_cannot_transition_a_claim(client_user, make_claim) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    api = with_token(AuthToken.objects.create(client_user)[1])
    response = api.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "start_review", "version": claim.version},
        format="json",
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.NEEDS_REVIEW, 1)


def test_a_reviewer_cannot_take_a_workers_step(desk, make_claim) -> None:
    claim = make_claim(status=ClaimStatus.NEW)
    response = desk.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "start_check", "version": claim.version},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW
