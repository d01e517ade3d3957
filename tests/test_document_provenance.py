"""A submitted text never stands in for a page, and ingestion never changes a source.

Documents say how they arrived: fetched by us (the text is what the page at
the URL said) or submitted (somebody's text, with whatever URL they named).
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from factcheck.jobs.models import Job, JobStatus
from sources.models import Document, DocumentOrigin, Source
from tests.api_support import as_user
from tests.local_http import page
from tests.test_ingest_url import ARTICLE_HTML, run_all_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

FAKE = (
    "Port authority admits cargo collapse\n\n"
    "The port handled only 2 million tonnes of cargo last year, the port authority said."
)


@pytest.fixture
def api(client_user) -> APIClient:
    return as_user(client_user)


def fetch_through_the_api(api: APIClient, url: str) -> dict:
    response = api.post("/api/v1/documents/", {"url": url}, format="json")
    assert response.status_code == 202, response.content
    run_all_jobs()
    job = Job.objects.get(pk=response.json()["job"]["id"])
    assert job.status == JobStatus.SUCCEEDED, job.error
    return job.result


def test_a_submitted_text_naming_a_url_does_not_stand_in_for_the_fetched_page(
    api, client_user, local_server, allow_loopback
) -> None:
    url = local_server.url("/news/cargo")
    local_server.routes["/news/cargo"] = page(ARTICLE_HTML)
    fake = api.post(
        "/api/v1/documents/",
        {"text": FAKE, "url": url, "source": {"name": "Harbour Times"}, "extract": False},
        format="json",
    )
    assert fake.status_code == 201
    assert (fake.json()["origin"], fake.json()["submitted_by"]) == ("submitted", "cms-plugin")

    result = fetch_through_the_api(api, url)
    assert result["created"] is True
    real = Document.objects.get(pk=result["document_id"])
    assert real.pk != fake.json()["id"]
    assert (real.origin, real.url, real.submitted_by) == (DocumentOrigin.FETCHED, url, None)
    assert "14.2 million tonnes" in real.text
    body = api.get(f"/api/v1/documents/{real.pk}/").json()
    assert (body["origin"], body["submitted_by"]) == ("fetched", None)

    # The submitted text stays, marked as what it is.
    submitted = Document.objects.get(pk=fake.json()["id"])
    assert (submitted.origin, submitted.submitted_by) == (DocumentOrigin.SUBMITTED, client_user)
    # A second fetch finds the page we fetched, not the submission.
    assert fetch_through_the_api(api, url) == {**result, "created": False}


def test_a_submission_naming_a_fetched_pages_url_gets_the_fetched_page(
    api, local_server, allow_loopback
) -> None:
    url = local_server.url("/news/cargo")
    local_server.routes["/news/cargo"] = page(ARTICLE_HTML)
    fetched = fetch_through_the_api(api, url)["document_id"]
    response = api.post(
        "/api/v1/documents/",
        {"text": FAKE, "url": url, "source": {"name": "Harbour Times"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["id"] == fetched
    assert "14.2 million tonnes" in response.json()["text"]
    assert not Document.objects.filter(text__contains="only 2 million").exists()


def test_a_fetch_that_finds_exactly_a_submitted_text_confirms_it(
    api, local_server, allow_loopback
) -> None:
    local_server.routes["/plain"] = page(ARTICLE_HTML)
    first = fetch_through_the_api(api, local_server.url("/plain"))
    Document.objects.filter(pk=first["document_id"]).update(
        origin=DocumentOrigin.SUBMITTED, url=None
    )
    again = fetch_through_the_api(api, local_server.url("/plain"))
    assert (again["document_id"], again["created"]) == (first["document_id"], False)
    document = Document.objects.get(pk=first["document_id"])
    assert (document.origin, document.url) == (DocumentOrigin.FETCHED, local_server.url("/plain"))


def test_documents_can_be_listed_by_origin(api, make_document) -> None:
    make_document("A submitted text.")
    make_document("A fetched page.", url="https://example.org/p", origin=DocumentOrigin.FETCHED)
    fetched = api.get("/api/v1/documents/?origin=fetched").json()["results"]
    assert [d["url"] for d in fetched] == ["https://example.org/p"]


def test_the_admin_says_which_documents_were_fetched_and_who_submitted(
    staff_user, reviewer, make_document
) -> None:
    submitted = make_document("A submitted text.", submitted_by=reviewer)
    browser = Client()
    browser.force_login(staff_user)
    listing = browser.get("/admin/sources/document/?origin__exact=submitted")
    assert listing.status_code == 200
    assert b"Submitted" in listing.content
    detail = browser.get(f"/admin/sources/document/{submitted.pk}/change/").content.decode()
    assert "Submitted" in detail
    assert "rita" in detail
    assert 'name="origin"' not in detail  # read-only: only the fetch job marks a page fetched


# --- sources: picked or created, never changed ---------------------------------------


def test_ingestion_never_adds_a_domain_to_an_existing_source(api, make_source) -> None:
    trusted = make_source("Harbour Times", domains=["harbour.example"])
    response = api.post(
        "/api/v1/documents/",
        {"text": FAKE, "source": {"name": "harbour times", "domain": "evil.example"}},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["source"]["id"] == trusted.pk
    trusted.refresh_from_db()
    assert trusted.domains == ["harbour.example"]


def test_ingestion_creates_a_new_source_with_its_domain(api) -> None:
    response = api.post(
        "/api/v1/documents/",
        {"text": FAKE, "source": {"name": "Dockside Weekly", "domain": "dockside.example"}},
        format="json",
    )
    assert response.status_code == 201
    assert Source.objects.get(name="Dockside Weekly").domains == ["dockside.example"]


def test_a_fetched_page_naming_a_known_publisher_adds_no_domain_to_it(
    api, make_source, local_server, allow_loopback
) -> None:
    trusted = make_source("Harbour Times", domains=["harbour.example"])
    local_server.routes["/copy"] = page(ARTICLE_HTML)  # its og:site_name says Harbour Times
    result = fetch_through_the_api(api, local_server.url("/copy"))
    assert Document.objects.get(pk=result["document_id"]).source == trusted
    trusted.refresh_from_db()
    assert trusted.domains == ["harbour.example"]
