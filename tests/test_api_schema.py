"""The OpenAPI description: valid, complete, served offline, and true to what the API
answers (a bounded schemathesis run against the live schema)."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import resolve
from drf_spectacular.drainage import GENERATOR_STATS
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from knox.models import AuthToken
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from claims.checks import check_enqueue
from claims.choices import ClaimStatus
from factcheck.roles import Role
from factcheck.settings import base as base_settings
from sources.models import Source
from tests.test_api_roles import TABLE, url_conf_routes
from webhooks.models import WebhookSubscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

# Routes the API description leaves out on purpose: the router's index, the
# description and its docs page themselves, and the health probes (not API views).
UNDESCRIBED = {
    ("api-root", "GET"),
    ("schema", "GET"),
    ("api-docs", "GET"),
    ("healthz", "GET"),
    ("readyz", "GET"),
}


def live_schema() -> dict:
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


def schema_operations(schema: dict) -> set[tuple[str, str]]:
    """(url name, METHOD) of every operation the description lists."""
    operations = set()
    for template, item in schema["paths"].items():
        name = resolve(re.sub(r"\{[^}]+\}", "1", template)).url_name
        operations |= {(name, method.upper()) for method in item if method != "parameters"}
    return operations


# --- (a) the description is valid and complete -----------------------------------


def test_the_schema_generates_without_warnings_and_validates(tmp_path: Path) -> None:
    target = tmp_path / "schema.yaml"
    GENERATOR_STATS.reset()  # count this generation's warnings only
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3")


def test_the_schema_describes_every_route_of_the_url_conf() -> None:
    described = schema_operations(live_schema())
    routes = url_conf_routes() - UNDESCRIBED
    assert not routes - described, f"routes missing from the schema: {routes - described}"
    assert not described - routes, f"schema operations with no route: {described - routes}"


def test_the_schema_names_the_token_header_as_its_security_scheme() -> None:
    schema = live_schema()
    token_schemes = {
        name
        for name, scheme in schema["components"]["securitySchemes"].items()
        if (scheme.get("type"), scheme.get("in"), scheme.get("name"))
        == ("apiKey", "header", "Authorization")
    }
    assert token_schemes, "no scheme describes the Authorization: Token header"
    assert "security" not in schema  # no requirement applies to every operation
    login = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert login.get("security") in (None, [], [{}])  # logging in needs no token
    claims = schema["paths"]["/api/v1/claims/"]["get"]
    assert any(set(requirement) & token_schemes for requirement in claims["security"])


# --- (b) the docs page is served offline -------------------------------------------


class _Assets(HTMLParser):
    """Every URL a page makes the browser fetch (scripts, styles, icons, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name) and tag in ("script", "link", "img", "iframe", "source"):
                self.urls.append(values[name])


def docs_page() -> str:
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_the_docs_page_loads_scripts_and_styles_from_this_service_only() -> None:
    page = docs_page()
    parser = _Assets()
    parser.feed(page)
    assert parser.urls, "the docs page loads no assets at all?"
    assert django_settings.STATIC_URL == "/static/"
    assert all(url.startswith("/static/") for url in parser.urls), parser.urls
    # Nor anything pulled in another way (inline @import, protocol-relative URLs).
    assert not re.search(r"""["'(]\s*(https?:)?//""", page), "the page names a remote URL"


@pytest.fixture
def production_static(settings, tmp_path: Path) -> None:
    """Serve static files as production does (WhiteNoise in the middleware), from the
    finders rather than a collectstatic'd STATIC_ROOT."""
    settings.MIDDLEWARE = base_settings.MIDDLEWARE
    settings.WHITENOISE_USE_FINDERS = True
    settings.STATIC_ROOT = tmp_path


def test_every_asset_of_the_docs_page_is_served_by_this_service(production_static) -> None:
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in django_settings.MIDDLEWARE
    parser = _Assets()
    parser.feed(docs_page())
    browser = APIClient()
    for url in parser.urls:
        found = finders.find(url.removeprefix(django_settings.STATIC_URL))
        assert found, f"{url} is not a static file of any app"
        response = browser.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content) == Path(found).read_bytes(), url


def test_the_docs_page_does_not_call_the_online_swagger_validator() -> None:
    bundle = finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert "https://validator.swagger.io/validator" in Path(bundle).read_text()  # the default
    settings_js = re.search(r"const swaggerSettings = (\{.*?\});", docs_page(), re.S)
    assert settings_js, "the docs page no longer sets swaggerSettings"
    swagger_settings = json.loads(settings_js.group(1))
    assert "validatorUrl" in swagger_settings
    assert swagger_settings["validatorUrl"] in (None, "none")


# --- (c) schemathesis against the live schema --------------------------------------


@dataclass
class Actor:
    """Who the fuzzer is; restored before each request, since fuzzed requests may
    revoke the token (logout), deactivate the account or change its roles."""

    user: User
    role: Role | None
    token: str = ""

    def headers(self) -> dict[str, str]:
        User.objects.filter(pk=self.user.pk).update(is_active=True)
        if self.role is not None:
            self.user.groups.add(Group.objects.get(name=self.role.value))
        if not self.token or not AuthToken.objects.filter(token_key=self.token[:15]).exists():
            self.token = AuthToken.objects.create(self.user)[1]
        return {"Authorization": f"Token {self.token}"}


@dataclass
class FuzzReport:
    failures: list[str] = field(default_factory=list)
    undocumented: set[tuple[str, int]] = field(default_factory=set)


def fuzz_operation(
    operation: schemathesis.APIOperation,
    actor: Actor,
    report: FuzzReport,
    *,
    path_parameters: dict | None,
    max_examples: int,
) -> None:
    documented = set(operation.responses.status_codes)
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        pinned = path_parameters if mode is GenerationMode.POSITIVE else None

        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=pinned))
        @hypothesis_settings(
            max_examples=max_examples,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            headers = actor.headers()
            response = case.call(headers=headers)
            if str(response.status_code) not in documented:
                report.undocumented.add((operation.label, response.status_code))
            case.validate_response(
                response,
                checks=[not_a_server_error, response_schema_conformance],
                headers=headers,
            )

        try:
            run()
        except (Exception, BaseExceptionGroup) as failure:  # FailureGroup is a BaseExceptionGroup
            report.failures.append(f"{operation.label} ({mode.value}):\n{failure}")


@dataclass
class Desk:
    reviewer: Actor
    staff: Actor
    ids: Callable[[str, str], dict | None]


@pytest.fixture
def fuzz_desk(settings, reviewer, staff_user, client_user, make_claim, make_document) -> Desk:
    # Throttling would answer 429 long before the examples run out.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}
    document = make_document("The port handled 4.2 million containers last year, it said.")
    waiting = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    check = check_enqueue(claim=waiting)
    published = make_claim(status=ClaimStatus.PUBLISHED, verdict="false")
    hook = WebhookSubscription.objects.create(
        url="https://93.184.215.14/a", events=["claim.assigned"]
    )
    spare = WebhookSubscription.objects.create(
        url="https://93.184.215.14/b", events=["claim.assigned"]
    )
    targets = {
        "claims": waiting.pk,
        "documents": document.pk,
        "sources": document.source_id,
        "checks": check.pk,
        "jobs": check.job_id,
        "users": client_user.pk,  # never the fuzzer's own account
        "webhooks": hook.pk,
    }

    def ids(path: str, method: str) -> dict | None:
        """Real objects for the path's {id}, so positive cases reach the code past the 404."""
        if "{id}" not in path:
            return None
        if path.endswith("/claimreview/"):
            return {"id": published.pk}
        if path.startswith("/api/v1/webhooks/") and method == "DELETE":
            return {"id": spare.pk}
        return {"id": targets[path.split("/")[3]]}

    return Desk(reviewer=Actor(reviewer, Role.REVIEWER), staff=Actor(staff_user, None), ids=ids)


def staff_only(path: str, method: str) -> bool:
    """Operations a reviewer is refused (the roles table): the fuzzer runs them as staff."""
    name = resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name
    refused = {(row.name, row.method) for row in TABLE if row.expect["reviewer"] == 403}
    return (name, method) in refused


@pytest.mark.api_fuzz
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_and_no_response_outside_the_schema(
    fuzz_desk: Desk, capsys
) -> None:
    """Every operation of the live schema, through the WSGI application, with up to 8
    positive and 8 negative examples (derandomized: the same requests every run), as
    a reviewer, or as staff for what reviewers are refused. Checks: no 5xx, every
    response matches its schema, and every status code is one the schema documents
    for that operation (errors included, in the one error shape).

    No operation is skipped. The ones that could spoil the run are defused instead:
    logout and logout-all revoke the fuzzer's token and PATCH /users/{id}/ could
    deactivate it, so the actor is restored before each request; positive cases act
    on fixed objects (never the actor's own account; DELETE on a spare webhook).
    """
    from factcheck.wsgi import application

    schema = schemathesis.openapi.from_dict(live_schema())
    schema.app = application
    report = FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()
        method = operation.method.upper()
        actor = fuzz_desk.staff if staff_only(operation.path, method) else fuzz_desk.reviewer
        fuzz_operation(
            operation,
            actor,
            report,
            path_parameters=fuzz_desk.ids(operation.path, method),
            max_examples=8,
        )
    assert not report.failures, "\n\n".join(report.failures)
    assert not report.undocumented, sorted(report.undocumented)


# --- what earlier fuzzing found (500s and answers outside the schema), kept fixed -----


@pytest.fixture
def validate(reviewer) -> Callable[[str, str, dict], None]:
    """Call an operation of the live schema and check its answer against it."""
    from factcheck.wsgi import application

    schema = schemathesis.openapi.from_dict(live_schema())
    schema.app = application
    headers = {"Authorization": f"Token {AuthToken.objects.create(reviewer)[1]}"}

    def check(method: str, path: str, path_parameters: dict) -> None:
        case = schema[path][method].Case(path_parameters=path_parameters)
        response = case.call(headers=headers)
        assert response.status_code == 200, response.content[:300]
        case.validate_response(response, checks=[response_schema_conformance], headers=headers)

    return check


@pytest.mark.django_db(transaction=True)
def test_an_undecided_claim_with_its_history_conforms_to_the_schema(
    validate, reviewer, make_claim
) -> None:
    # verdict "" on the claim and on each step of its history; review_url "" as well.
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(reviewer)[1]}").post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "start_review", "version": claim.version},
        format="json",
    )
    assert claim.review_events.exists()
    validate("GET", "/api/v1/claims/{id}/", {"id": claim.pk})
    validate("GET", "/api/v1/claims/", {})


@pytest.mark.django_db(transaction=True)
def test_a_queued_check_conforms_to_the_schema(validate, make_claim) -> None:
    # suggested_verdict is "" until the check has run.
    check = check_enqueue(claim=make_claim(status=ClaimStatus.NEEDS_REVIEW))
    validate("GET", "/api/v1/checks/{id}/", {"id": check.pk})
    validate("GET", "/api/v1/claims/{id}/checks/", {"id": check.claim_id})


@pytest.fixture
def no_raise() -> Callable[[User], APIClient]:
    """A token client that returns a 500 as a response instead of raising."""

    def make(user: User) -> APIClient:
        api = APIClient(raise_request_exception=False)
        api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")
        return api

    return make


@pytest.mark.parametrize("domain", ["[x", "]x", "http://[::1"])
def test_a_new_sources_domain_that_is_no_host_is_a_400_not_a_500(
    no_raise, client_user, domain
) -> None:
    response = no_raise(client_user).post(
        "/api/v1/documents/",
        {
            "text": "The council approved 4 million euros.",
            "source": {"name": "N", "domain": domain},
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "source" in response.json()["error"]["details"]
    assert not Source.objects.exists()


def test_a_sources_domain_that_is_no_host_is_a_400_not_a_500(
    no_raise, staff_user, make_source
) -> None:
    source = make_source()
    response = no_raise(staff_user).patch(
        f"/api/v1/sources/{source.pk}/", {"domains": ["[x"]}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "domains" in response.json()["error"]["details"]
    source.refresh_from_db()
    assert source.domains == []


BEYOND_64_BITS = 2**63  # one past the largest id SQLite and PostgreSQL can hold


@pytest.mark.parametrize("name", ["document", "source", "assignee"])
def test_an_id_filter_beyond_64_bits_is_not_a_server_error(no_raise, reviewer, name) -> None:
    response = no_raise(reviewer).get(f"/api/v1/claims/?{name}={BEYOND_64_BITS}")
    assert response.status_code in (200, 400), response.content
    if response.status_code == 200:
        assert response.json()["results"] == []


def test_bulk_assign_naming_an_id_beyond_64_bits_is_a_400_and_assigns_nothing(
    no_raise, reviewer, make_claim
) -> None:
    claim = make_claim()
    response = no_raise(reviewer).post(
        "/api/v1/claims/bulk-assign/",
        {"claims": [claim.pk, BEYOND_64_BITS], "assignee": reviewer.pk},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert set(response.json()["error"]) == {"code", "message", "details"}
    claim.refresh_from_db()
    assert claim.assignee_id is None


@pytest.mark.parametrize(
    "query",
    [
        # PostgreSQL refuses UTC offsets of 16 hours or more.
        "created_after=2024-06-29T03:52:18%2B19:26",
        "published_before=2024-06-29T03:52:18-16:00",
        # Moments that leave the calendar when converted to UTC (SQLite).
        "created_before=0001-01-01T00:00:00%2B01:00",
        "published_after=9999-12-31T23:59:59-05:00",
    ],
)
def test_a_date_filter_the_database_cannot_hold_is_not_a_server_error(
    no_raise, reviewer, query
) -> None:
    response = no_raise(reviewer).get(f"/api/v1/claims/?{query}")
    assert response.status_code in (200, 400), response.content
