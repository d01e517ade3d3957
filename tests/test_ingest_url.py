"""URL ingestion: the API queues a fetch job; the job fetches safely and ingests the page."""

import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.models import Claim
from factcheck.jobs.models import Job, JobStatus
from factcheck.jobs.services import job_execute
from sources.models import Document
from tests.local_http import page, redirect

pytestmark = pytest.mark.django_db

ARTICLE_HTML = b"""<!doctype html><html lang="en"><head>
<title>Port authority reports record cargo | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="Lena Brandt">
<meta property="article:published_time" content="2024-04-09">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Port authority reports record cargo</h1>
<p>The port handled 14.2 million tonnes of cargo last year, up 8% from 2022, the port authority said on Monday.</p>
<p>Container traffic rose to more than 910,000 units, according to the authority's annual report.</p>
<p>Chief executive Mara Olsen said a new deep-water berth would open in 2026.</p>
<script>trackVisit()</script>
</article>
<footer>Copyright Harbour Times. All rights reserved.</footer>
</body></html>"""  # noqa: E501


@pytest.fixture
def api(client_user) -> APIClient:
    api = APIClient()
    api.force_authenticate(client_user)
    return api


def run_all_jobs() -> None:
    """Run queued jobs in order, as a worker would (including the ones they queue)."""
    while job := Job.objects.filter(status=JobStatus.QUEUED).order_by("id").first():
        job_execute(job_id=job.pk, worker="test")


def test_a_url_is_fetched_by_a_job_and_its_page_becomes_a_document_with_claims(
    api, local_server, allow_loopback
):
    local_server.routes["/news/cargo?utm_source=feed"] = page(ARTICLE_HTML)
    response = api.post(
        "/api/v1/documents/",
        {"url": local_server.url("/news/cargo?utm_source=feed")},
        format="json",
    )
    assert response.status_code == 202
    job_url = response["Location"]
    assert job_url == f"/api/v1/jobs/{response.json()['job']['id']}/"
    assert not Document.objects.exists()  # nothing until the worker fetches

    run_all_jobs()
    job = api.get(job_url).json()
    assert job["status"] == "succeeded", job
    document = Document.objects.get()
    assert document.url == local_server.url("/news/cargo")  # tracking parameter dropped
    assert document.title.startswith("Port authority reports record cargo")
    assert document.author == "Lena Brandt"
    assert document.published_at.date().isoformat() == "2024-04-09"
    assert document.source.name == "Harbour Times"
    assert "trackVisit" not in document.text
    assert "All rights reserved" not in document.text
    assert "<script" not in document.html
    assert Claim.objects.filter(text__contains="14.2 million tonnes").exists()


def test_a_redirect_to_a_private_address_fails_the_job_with_a_clear_error(
    api, local_server, allow_loopback
):
    local_server.routes["/story"] = redirect("http://169.254.169.254/latest/meta-data/")
    response = api.post("/api/v1/documents/", {"url": local_server.url("/story")}, format="json")
    run_all_jobs()
    job = api.get(response["Location"]).json()
    assert job["status"] == "failed"
    assert "address_not_allowed" in job["error"]
    assert job["attempts"] == 1  # a refusal is permanent: no retries
    assert not Document.objects.exists()


def test_a_page_that_is_not_html_fails_the_job(api, local_server, allow_loopback):
    local_server.routes["/file"] = page(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    response = api.post("/api/v1/documents/", {"url": local_server.url("/file")}, format="json")
    run_all_jobs()
    job = api.get(response["Location"]).json()
    assert job["status"] == "failed"
    assert "bad_content_type" in job["error"]
    assert not Document.objects.exists()


def test_a_server_error_is_retried_later_not_failed_at_once(api, local_server, allow_loopback):
    local_server.routes["/flaky"] = page(b"oops", status=503)
    response = api.post("/api/v1/documents/", {"url": local_server.url("/flaky")}, format="json")
    job = Job.objects.get(pk=response.json()["job"]["id"])
    job_execute(job_id=job.pk, worker="test")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1
    assert "503" in job.error


def test_the_ingest_command_prints_a_file_articles_claims_as_json(tmp_path, capsys, db):
    article = tmp_path / "budget.txt"
    article.write_text(
        " date 2024-02-20 Town approves budget\n"
        "The town council approved a budget of $48 million on Monday, the mayor said.\n"
        "Property taxes will rise by 3% next year, according to the finance office.\n"
    )
    call_command("ingest", str(article), "--source", "Town Crier", "--json", "--no-extract")
    first = json.loads(capsys.readouterr().out)
    assert first["document"]["source"] == "Town Crier"
    assert first["document"]["published_at"].startswith("2024-02-20")
    assert not Job.objects.filter(kind="extract").exists()  # --no-extract

    call_command("ingest", str(article), "--source", "Town Crier", "--json")
    run_all_jobs()
    capsys.readouterr()
    call_command("ingest", str(article), "--source", "Town Crier", "--json", "--no-extract")
    out = json.loads(capsys.readouterr().out)
    texts = [c["text"] for c in out["claims"]]
    assert any("$48 million" in t for t in texts)
    assert Document.objects.count() == 1


def test_the_ingest_command_refuses_a_missing_file_and_a_private_url(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a file"):
        call_command("ingest", "/no/such/file.txt")
    with pytest.raises(CommandError, match="address_not_allowed"):
        call_command("ingest", "http://127.0.0.1:9/")
