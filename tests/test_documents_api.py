"""Ingesting documents over the API, and every kind of bad input it refuses."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from factcheck.jobs.models import Job
from sources.models import Document, Source
from tests.api_support import assert_error

pytestmark = pytest.mark.django_db

ARTICLE = (
    "City council approves record budget\n\n"
    "The city council approved a budget of 4.2 billion euros on Tuesday, "
    "the mayor's office said.\n"
    "Spending on schools will rise by 6% next year, according to the finance department."
)


@pytest.fixture
def api(client_user) -> APIClient:
    api = APIClient()
    api.force_authenticate(client_user)
    return api


def post(api: APIClient, body: dict):
    return api.post("/api/v1/documents/", body, format="json")


def nothing_stored() -> bool:
    return not (Document.objects.exists() or Job.objects.exists() or Source.objects.exists())


def test_a_token_is_issued_for_valid_credentials(client_user):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "cms-plugin", "password": "pw-cms-plugin"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    authed = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert authed.get("/api/v1/documents/").status_code == 200


def test_submitting_text_creates_a_document_and_queues_extraction(api):
    response = post(api, {"text": ARTICLE, "source": {"name": "Civic Ledger"}})
    assert response.status_code == 201
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert response["Location"] == f"/api/v1/documents/{document.pk}/"
    assert body["source"]["name"] == "Civic Ledger"
    assert document.text.startswith("City council approves record budget")
    job = Job.objects.get(pk=body["extract_job"]["id"])
    assert (job.kind, job.payload) == ("extract", {"document_id": document.pk})


def test_the_same_text_twice_returns_the_existing_document_with_200(api):
    first = post(api, {"text": ARTICLE, "source": {"name": "Civic Ledger"}})
    again = post(api, {"text": ARTICLE + "\n", "source": {"name": "civic ledger"}})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Document.objects.count() == 1
    assert Source.objects.count() == 1
    assert Job.objects.filter(kind="extract").count() == 1


def test_a_leading_date_line_becomes_the_publication_date(api):
    response = post(api, {"text": " date 2023-12-28 " + ARTICLE, "source": {"name": "Gazette"}})
    document = Document.objects.get(pk=response.json()["id"])
    assert document.published_at.date().isoformat() == "2023-12-28"
    assert document.text.startswith("City council")


def test_an_existing_source_can_be_named_by_id(api, make_source):
    source = make_source(name="Harbour Times")
    response = post(api, {"text": ARTICLE, "source": source.pk})
    assert response.json()["source"]["id"] == source.pk


def test_the_document_detail_lists_its_claims_after_extraction(api, client_user):
    from claims.services import claims_extract_from_document

    document_id = post(api, {"text": ARTICLE, "source": {"name": "Civic Ledger"}}).json()["id"]
    claims_extract_from_document(document_id=document_id)
    detail = api.get(f"/api/v1/documents/{document_id}/").json()
    texts = [c["text"] for c in detail["claims"]]
    assert any("4.2 billion euros" in t for t in texts)
    listed = api.get("/api/v1/claims/", {"document": document_id}).json()["results"]
    assert {c["id"] for c in listed} == {c["id"] for c in detail["claims"]}
    claim = next(c for c in listed if "4.2 billion" in c["text"])
    assert set(claim) >= {
        "id", "text", "kind", "claimant", "check_worthiness", "quantities",
        "time_references", "entities", "status", "verdict", "version", "assignee", "appearances",
    }  # fmt: skip
    appearance = claim["appearances"][0]
    text = Document.objects.get(pk=document_id).text
    assert text[appearance["start"] : appearance["end"]] == appearance["sentence"]


def test_an_unknown_claim_filter_value_is_a_400(api):
    assert_error(api.get("/api/v1/claims/", {"status": "bogus"}), 400, "invalid")


# --- bad input: a clear 4xx in the one error shape, nothing stored -------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": "", "source": {"name": "Empty Post"}}, "empty"),
        ({"text": "   \n\t  ", "source": {"name": "Blank Post"}}, "empty"),
        ({"text": "PNG\x00\x01binary\x00", "source": {"name": "Binary"}}, "invalid"),
        ({"text": "\x01\x02\x03\x04 controls \x05\x06", "source": {"name": "C"}}, "binary_content"),
        ({"source": {"name": "Nothing Post"}}, "invalid"),
        ({"text": ARTICLE, "html": "<p>x</p>", "source": {"name": "Both"}}, "invalid"),
        ({"text": ARTICLE}, "invalid"),
        ({"text": ARTICLE, "source": 987654}, "invalid"),
        ({"text": ARTICLE, "source": {"domain": "x.org"}}, "invalid"),
        ({"text": ARTICLE, "source": "Gazette"}, "invalid"),
        ({"text": ARTICLE, "source": {"name": "P"}, "published_at": "not a date"}, "invalid"),
        ({"html": "<html><body><script>x()</script></body></html>", "source": {"name": "S"}},
         "empty"),
    ],
)  # fmt: skip
def test_bad_content_is_refused_with_a_clear_error_and_nothing_stored(api, body, code):
    assert_error(post(api, body), 400, code)
    assert nothing_stored()


def test_a_body_that_is_not_valid_utf8_json_is_a_400(api):
    response = api.post(
        "/api/v1/documents/",
        data=b'{"text": "caf\xe9", "source": {"name": "Latin"}}',
        content_type="application/json",
    )
    assert_error(response, 400, "parse_error")
    assert nothing_stored()


def test_a_10_mb_body_is_a_413(api):
    huge = json.dumps({"text": "word " * (2 * 1024 * 1024), "source": {"name": "Huge"}})
    response = api.post("/api/v1/documents/", data=huge, content_type="application/json")
    assert_error(response, 413, "too_large")
    assert nothing_stored()


def test_a_form_encoded_body_is_a_415(api):
    response = api.post("/api/v1/documents/", {"text": ARTICLE}, format="multipart")
    assert_error(response, 415)
    assert nothing_stored()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:8000/",
        "http://10.1.2.3/",
        "http://[::1]/",
        "ftp://example.org/file.txt",
        "file:///etc/passwd",
    ],
)
def test_a_url_to_a_private_or_odd_address_is_refused_at_once(api, url):
    response = post(api, {"url": url})
    assert response.status_code == 400, response.content
    assert nothing_stored()


def test_anonymous_requests_are_refused(db):
    response = Client().post(
        "/api/v1/documents/", {"text": ARTICLE}, content_type="application/json"
    )
    assert_error(response, 401, "not_authenticated")
    assert nothing_stored()
