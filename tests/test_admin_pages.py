"""Source, document and job pages in the admin, and who may see and change what."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.choices import ClaimStatus
from claims.models import Appearance
from factcheck.dashboard import desk_dashboard
from factcheck.jobs.models import Job, JobStatus
from webhooks.models import WebhookSubscription

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Budget day.\n"
    "The council approved a budget of 4 million euros. "
    "Critics said <nothing> changed. "
    "The mayor said taxes fell by 3%."
)
BUDGET = "The council approved a budget of 4 million euros."
TAXES = "The mayor said taxes fell by 3%."


def appear(claim, document, sentence):
    start = document.text.index(sentence)
    return Appearance.objects.create(
        claim=claim, document=document, start=start, end=start + len(sentence), sentence=sentence
    )


@pytest.fixture
def article(make_document, make_source):
    source = make_source("Harbour Times", kind="news", domains=["harbour.example"])
    return make_document(
        ARTICLE, source=source, title="Budget day", url="https://harbour.example/b"
    )


@pytest.fixture
def failed_job():
    return Job.objects.create(
        kind="verify",
        target="claim:1",
        status=JobStatus.FAILED,
        attempts=5,
        max_attempts=5,
        error="ValueError: no passages\n  at line 2",
        started_at=timezone.now() - timedelta(seconds=90),
        finished_at=timezone.now(),
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- sources --------------------------------------------------------------------------


def test_the_source_list_shows_reliability_kind_domains_and_a_linked_document_count(
    client, reviewer, make_source, make_document
):
    source = make_source("Harbour Times", kind="agency", domains=["a.example", "b.example"])
    source.reliability = 0.8
    source.save()
    make_document("One text.", source=source)
    make_document("Another text.", source=source)
    client.force_login(reviewer)

    page = client.get(reverse("admin:sources_source_changelist"))

    counts = {row.name: row.document_count for row in page.context["cl"].result_list}
    assert counts["Harbour Times"] == 2
    body = page.content.decode()
    assert "News agency" in body
    assert "0.8" in body
    assert "a.example, b.example" in body
    documents = f"/admin/sources/document/?source__id__exact={source.pk}"
    assert f'<a href="{documents}">2</a>' in body
    # The link leads to exactly that source's documents.
    make_document("Elsewhere.", source=make_source("Other Post"))
    listed = client.get(documents).context["cl"].result_list
    assert [d.source_id for d in listed] == [source.pk, source.pk]


def test_the_source_list_counts_documents_without_a_query_per_row(
    client, reviewer, make_source, make_document
):
    client.force_login(reviewer)
    make_document("First.", source=make_source("Source 0"))
    client.get(reverse("admin:sources_source_changelist"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("admin:sources_source_changelist"))

    for n in range(1, 8):
        make_document(f"Text {n}.", source=make_source(f"Source {n}"))
    with CaptureQueriesContext(connection) as eight:
        client.get(reverse("admin:sources_source_changelist"))

    assert len(eight) == len(one)


def source_form(source, **changes):
    return {
        "name": source.name,
        "kind": source.kind,
        "domains": '["harbour.example"]',
        "reliability": str(source.reliability),
        **changes,
    }


def test_staff_can_change_a_sources_reliability(client, staff_user, make_source):
    source = make_source("Harbour Times")
    client.force_login(staff_user)
    url = reverse("admin:sources_source_change", args=[source.pk])
    assert 'name="reliability"' in client.get(url).content.decode()

    response = client.post(url, source_form(source, reliability="0.9"))

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.reliability == 0.9


def test_a_reliability_outside_zero_to_one_is_a_form_error_not_a_crash(
    client, staff_user, make_source
):
    source = make_source("Harbour Times")
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:sources_source_change", args=[source.pk]),
        source_form(source, reliability="1.5"),
    )

    assert response.status_code == 200
    assert "reliability" in response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.reliability == 0.5


def test_a_reviewer_sees_a_sources_reliability_read_only_and_cannot_post_a_change(
    client, reviewer, make_source
):
    source = make_source("Harbour Times")
    client.force_login(reviewer)
    url = reverse("admin:sources_source_change", args=[source.pk])

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="reliability"' not in body
    assert "0.5" in body

    assert client.post(url, source_form(source, reliability="0.1")).status_code == 403
    source.refresh_from_db()
    assert source.reliability == 0.5


# --- documents ------------------------------------------------------------------------


def test_the_document_page_marks_each_claim_in_its_text(client, reviewer, article, make_claim):
    budget = make_claim(status=ClaimStatus.NEEDS_REVIEW, text=BUDGET)
    taxes = make_claim(status=ClaimStatus.PUBLISHED, text=TAXES)
    budget_at = appear(budget, article, BUDGET)
    taxes_at = appear(taxes, article, TAXES)
    client.force_login(reviewer)

    body = client.get(reverse("admin:sources_document_change", args=[article.pk])).content.decode()

    marks = re.findall(r'<mark class="fc-claim" title="([^"]*)" id="([^"]*)">([^<]*)</mark>', body)
    assert marks == [
        (f"Claim {budget.pk}: Needs review", f"appearance-{budget_at.pk}", BUDGET),
        (f"Claim {taxes.pk}: Published", f"appearance-{taxes_at.pk}", TAXES),
    ]
    # The text around the marks is escaped, not rendered as HTML.
    assert "Critics said &lt;nothing&gt; changed." in body
    assert "<nothing>" not in body


def test_the_document_page_lists_its_claims_with_status_badges_and_links(
    client, reviewer, article, make_claim
):
    budget = make_claim(status=ClaimStatus.NEEDS_REVIEW, text=BUDGET)
    taxes = make_claim(status=ClaimStatus.RESOLVED, verdict="mostly_false", text=TAXES)
    budget_at = appear(budget, article, BUDGET)
    appear(taxes, article, TAXES)
    client.force_login(reviewer)

    body = client.get(reverse("admin:sources_document_change", args=[article.pk])).content.decode()

    assert f'<a href="/admin/claims/claim/{budget.pk}/change/">#{budget.pk}</a>' in body
    assert f'<a href="/admin/claims/claim/{taxes.pk}/change/">#{taxes.pk}</a>' in body
    assert '<span class="fc-badge fc-status-needs_review">Needs review</span>' in body
    assert '<span class="fc-badge fc-status-resolved">Resolved</span>' in body
    assert '<span class="fc-badge fc-verdict-mostly_false">Mostly false</span>' in body
    assert f'<a href="#appearance-{budget_at.pk}">in the text</a>' in body


def test_the_document_page_loads_its_claims_in_one_query_however_many(
    client, reviewer, article, make_claim
):
    client.force_login(reviewer)
    url = reverse("admin:sources_document_change", args=[article.pk])
    appear(make_claim(text=BUDGET), article, BUDGET)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)

    appear(make_claim(text=TAXES), article, TAXES)
    appear(make_claim(text="Budget day."), article, "Budget day.")
    with CaptureQueriesContext(connection) as three:
        client.get(url)

    assert len(three) == len(one)


def test_the_document_page_lists_its_jobs_with_status_attempts_errors_and_links(
    client, reviewer, article
):
    extract = Job.objects.create(
        kind="extract",
        target=f"document:{article.pk}",
        status=JobStatus.FAILED,
        attempts=3,
        max_attempts=5,
        error="Boom <b>bold</b>",
    )
    Job.objects.create(kind="extract", target=f"document:{article.pk + 1}", error="not mine")
    client.force_login(reviewer)

    body = client.get(reverse("admin:sources_document_change", args=[article.pk])).content.decode()

    assert f'<a href="/admin/jobs/job/{extract.pk}/change/">#{extract.pk}</a>' in body
    assert '<span class="fc-badge fc-status-failed">Failed</span>' in body
    assert "<td>3/5</td>" in body
    assert '<pre class="fc-error">Boom &lt;b&gt;bold&lt;/b&gt;</pre>' in body
    assert "not mine" not in body
    assert f'href="/admin/jobs/job/?target=document%3A{article.pk}"' in body


def test_a_reviewer_sees_a_document_read_only(client, reviewer, article):
    client.force_login(reviewer)
    url = reverse("admin:sources_document_change", args=[article.pk])

    body = client.get(url).content.decode()
    assert 'name="title"' not in body
    assert 'name="_save"' not in body

    assert client.post(url, {"title": "Rewritten"}).status_code == 403
    article.refresh_from_db()
    assert article.title == "Budget day"


def test_the_text_of_a_stored_document_is_never_editable(client, staff_user, article):
    # Appearances index into the text by character: editing it would move every mark.
    client.force_login(staff_user)
    body = client.get(reverse("admin:sources_document_change", args=[article.pk])).content
    assert b'name="text"' not in body


# --- jobs -----------------------------------------------------------------------------


def test_the_job_page_shows_status_attempts_error_and_timings(client, reviewer, failed_job):
    client.force_login(reviewer)

    body = client.get(reverse("admin:jobs_job_change", args=[failed_job.pk])).content.decode()

    assert '<span class="fc-badge fc-status-failed">Failed</span>' in body
    assert "5/5" in body
    assert '<pre class="fc-error">ValueError: no passages\n  at line 2</pre>' in body
    assert "90.0 s" in body


def test_the_job_list_filters_by_status_kind_and_failure_in_the_last_day(
    client, reviewer, failed_job
):
    old = Job.objects.create(
        kind="extract", status=JobStatus.FAILED, finished_at=timezone.now() - timedelta(days=3)
    )
    queued = Job.objects.create(kind="extract")
    client.force_login(reviewer)
    changelist = reverse("admin:jobs_job_changelist")

    def listed(**params):
        return set(client.get(changelist, params).context["cl"].result_list)

    assert listed(failed_within="1d") == {failed_job}
    assert listed(status__exact="failed") == {failed_job, old}
    assert listed(kind="extract") == {old, queued}


def test_a_reviewer_can_requeue_a_failed_job_from_its_page(client, reviewer, failed_job):
    client.force_login(reviewer)
    page = reverse("admin:jobs_job_change", args=[failed_job.pk])
    button = reverse("admin:jobs_job_requeue", args=[failed_job.pk])
    assert f'action="{button}"' in client.get(page).content.decode()

    response = client.post(button)

    assert response.status_code == 302
    assert response["Location"] == page
    assert messages_of(response) == [f"Job {failed_job.pk} re-queued."]
    failed_job.refresh_from_db()
    assert (failed_job.status, failed_job.attempts, failed_job.error) == ("queued", 0, "")


def test_a_reviewer_can_requeue_failed_jobs_from_the_list(client, reviewer, failed_job):
    client.force_login(reviewer)

    client.post(
        reverse("admin:jobs_job_changelist"),
        {"action": "requeue_failed", "_selected_action": [failed_job.pk]},
    )

    failed_job.refresh_from_db()
    assert failed_job.status == JobStatus.QUEUED


def test_the_requeue_button_is_shown_on_failed_jobs_only(client, reviewer):
    job = Job.objects.create(kind="verify", status=JobStatus.SUCCEEDED)
    client.force_login(reviewer)

    body = client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()

    assert reverse("admin:jobs_job_requeue", args=[job.pk]) not in body


def test_requeueing_a_job_that_is_not_failed_is_a_message_not_an_error(client, reviewer):
    job = Job.objects.create(kind="verify", status=JobStatus.SUCCEEDED)
    client.force_login(reviewer)

    response = client.post(reverse("admin:jobs_job_requeue", args=[job.pk]))

    assert response.status_code == 302
    assert messages_of(response) == [
        f"job {job.pk} is succeeded, only failed jobs can be re-queued"
    ]
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_requeueing_a_job_of_an_unregistered_kind_is_a_message_and_leaves_it_failed(
    client, reviewer
):
    job = Job.objects.create(kind="retired.kind", status=JobStatus.FAILED, error="old")
    client.force_login(reviewer)

    response = client.post(reverse("admin:jobs_job_requeue", args=[job.pk]))

    assert response.status_code == 302
    assert messages_of(response) == [
        f"Job {job.pk} cannot be re-queued: no job kind 'retired.kind' is registered."
    ]
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "old")


def test_requeueing_a_missing_job_goes_back_to_the_list(client, reviewer):
    client.force_login(reviewer)

    response = client.post(reverse("admin:jobs_job_requeue", args=[987654]))

    assert response["Location"] == reverse("admin:jobs_job_changelist")
    assert messages_of(response) == ["There is no job 987654."]


def test_requeue_takes_a_post_with_a_csrf_token_only(reviewer, failed_job):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reviewer)
    url = reverse("admin:jobs_job_requeue", args=[failed_job.pk])

    assert browser.get(url).status_code == 405
    assert browser.post(url).status_code == 403
    failed_job.refresh_from_db()
    assert failed_job.status == JobStatus.FAILED


def test_nobody_edits_a_job_by_hand_not_even_a_superuser(client, failed_job):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("chief", "c@example.org", "pw"))
    url = reverse("admin:jobs_job_change", args=[failed_job.pk])

    assert 'name="_save"' not in client.get(url).content.decode()
    assert client.post(url, {"error": ""}).status_code == 403


# --- who gets in ----------------------------------------------------------------------


def admin_pages(source, document, job):
    return [
        ("get", reverse("admin:index")),
        ("get", reverse("admin:sources_source_changelist")),
        ("get", reverse("admin:sources_source_change", args=[source.pk])),
        ("post", reverse("admin:sources_source_change", args=[source.pk])),
        ("get", reverse("admin:sources_document_changelist")),
        ("get", reverse("admin:sources_document_change", args=[document.pk])),
        ("get", reverse("admin:jobs_job_changelist")),
        ("get", reverse("admin:jobs_job_change", args=[job.pk])),
        ("post", reverse("admin:jobs_job_requeue", args=[job.pk])),
    ]


@pytest.mark.parametrize("who", ["client app", "anonymous"])
def test_client_apps_and_strangers_are_sent_to_the_login_from_every_page(
    client, client_user, article, failed_job, who
):
    if who == "client app":
        client.force_login(client_user)
    login = reverse("admin:login")

    for method, url in admin_pages(article.source, article, failed_job):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url

    failed_job.refresh_from_db()
    assert failed_job.status == JobStatus.FAILED


def test_a_reviewer_opens_the_dashboard_sources_documents_and_jobs(
    client, reviewer, article, failed_job
):
    client.force_login(reviewer)

    for method, url in admin_pages(article.source, article, failed_job):
        if method == "get":
            assert client.get(url).status_code == 200, url

    apps = {app["app_label"] for app in client.get("/admin/").context["app_list"]}
    assert {"sources", "jobs"} <= apps
    assert "webhooks" not in apps


def test_staff_see_sources_documents_jobs_and_webhooks(client, staff_user, article, failed_job):
    WebhookSubscription.objects.create(url="https://hooks.example/x", events=["claim.published"])
    client.force_login(staff_user)

    for method, url in admin_pages(article.source, article, failed_job):
        if method == "get":
            assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:webhooks_webhooksubscription_changelist")).status_code == 200

    apps = {app["app_label"] for app in client.get("/admin/").context["app_list"]}
    assert {"sources", "jobs", "webhooks"} <= apps


def test_a_reviewer_cannot_open_webhook_subscriptions(client, reviewer):
    client.force_login(reviewer)

    response = client.get(reverse("admin:webhooks_webhooksubscription_changelist"))

    assert response.status_code == 403


# --- staff-only jobs: the API's rule in the admin too -------------------------------


@pytest.fixture
def delivery_job(db) -> Job:
    """A failed webhook delivery, its error naming the subscription's URL."""
    return Job.objects.create(
        kind="deliver_webhook",
        target="delivery:1",
        status=JobStatus.FAILED,
        attempts=8,
        max_attempts=8,
        error="HTTP 500 from https://hooks.internal.example/secret-path",
        finished_at=timezone.now(),
    )


def test_a_reviewer_never_sees_staff_only_jobs_in_the_admin(
    client, reviewer, delivery_job, failed_job
):
    client.force_login(reviewer)
    listing = client.get(reverse("admin:jobs_job_changelist")).content.decode()
    assert reverse("admin:jobs_job_change", args=[failed_job.pk]) in listing
    assert "hooks.internal.example" not in listing
    assert reverse("admin:jobs_job_change", args=[delivery_job.pk]) not in listing
    page = client.get(reverse("admin:jobs_job_change", args=[delivery_job.pk]))
    assert page.status_code == 302  # Django's "no such object" redirect to the index
    assert "hooks.internal.example" not in page.content.decode()
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert "hooks.internal.example" not in dashboard


def test_a_reviewer_cannot_requeue_a_staff_only_job(client, reviewer, delivery_job):
    client.force_login(reviewer)
    client.post(reverse("admin:jobs_job_requeue", args=[delivery_job.pk]))
    client.post(
        reverse("admin:jobs_job_changelist"),
        {"action": "requeue_failed", "_selected_action": [delivery_job.pk]},
    )
    delivery_job.refresh_from_db()
    assert (delivery_job.status, delivery_job.attempts) == (JobStatus.FAILED, 8)


def test_staff_see_and_requeue_staff_only_jobs(client, staff_user, delivery_job):
    client.force_login(staff_user)
    page = client.get(reverse("admin:jobs_job_change", args=[delivery_job.pk]))
    assert page.status_code == 200
    assert "hooks.internal.example" in page.content.decode()
    client.post(reverse("admin:jobs_job_requeue", args=[delivery_job.pk]))
    delivery_job.refresh_from_db()
    assert delivery_job.status == JobStatus.QUEUED


def test_the_dashboard_counts_only_the_failed_jobs_the_reader_may_see(
    reviewer, staff_user, delivery_job, failed_job
):
    assert desk_dashboard(user=reviewer)["failed_jobs"]["count"] == 1
    assert desk_dashboard(user=staff_user)["failed_jobs"]["count"] == 2
