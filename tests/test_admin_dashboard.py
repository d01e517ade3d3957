"""The desk's dashboard on the admin index: claims by status, the longest waits,
recent job failures and check throughput, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.choices import ClaimStatus, ReviewAction
from claims.models import Check, ReviewEvent
from factcheck.dashboard import desk_dashboard
from factcheck.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def arrived_in_review(claim, at, *, version=2):
    """Log the claim's move into needs_review at the given time."""
    return ReviewEvent.objects.create(
        claim=claim,
        action=ReviewAction.COMPLETE_CHECK,
        from_status=ClaimStatus.CHECKING,
        to_status=ClaimStatus.NEEDS_REVIEW,
        version=version,
        created_at=at,
    )


def completed_check(claim, *, completed_at, seconds=None):
    """A check whose job ran for `seconds` (untimed when None), completed at a time."""
    job = Job.objects.create(kind="verify", target=f"claim:{claim.pk}", status=JobStatus.SUCCEEDED)
    if seconds is not None:
        job.started_at = completed_at - timedelta(seconds=seconds)
        job.finished_at = completed_at
        job.save()
    return Check.objects.create(claim=claim, job=job, completed_at=completed_at)


def test_it_counts_claims_by_status_and_links_each_to_the_filtered_claim_list(make_claim):
    for status in [ClaimStatus.NEW, ClaimStatus.NEW, ClaimStatus.NEEDS_REVIEW]:
        make_claim(status=status)

    statuses = {row["status"]: row for row in desk_dashboard()["statuses"]}

    assert list(statuses) == ClaimStatus.values  # every status, in workflow order
    assert statuses["new"]["count"] == 2
    assert statuses["needs_review"]["count"] == 1
    assert statuses["published"]["count"] == 0
    assert statuses["needs_review"]["url"] == "/admin/claims/claim/?status__exact=needs_review"


def test_it_lists_claims_waiting_for_review_oldest_first_from_their_arrival_in_review(
    make_claim,
):
    now = timezone.now()
    # Created long ago but only sent to review an hour ago: waits an hour.
    old_but_recent = make_claim(status=ClaimStatus.NEEDS_REVIEW, created_at=now - timedelta(days=9))
    arrived_in_review(old_but_recent, now - timedelta(hours=1))
    # No review event at all: waits since it was created.
    never_logged = make_claim(status=ClaimStatus.NEEDS_REVIEW, created_at=now - timedelta(days=2))
    # Arrived three days ago; a comment yesterday does not restart its clock.
    commented = make_claim(status=ClaimStatus.NEEDS_REVIEW, created_at=now - timedelta(days=5))
    arrived_in_review(commented, now - timedelta(days=3))
    ReviewEvent.objects.create(
        claim=commented,
        action=ReviewAction.COMMENT,
        from_status=ClaimStatus.NEEDS_REVIEW,
        to_status=ClaimStatus.NEEDS_REVIEW,
        version=2,
        created_at=now - timedelta(days=1),
    )
    make_claim(status=ClaimStatus.IN_REVIEW, created_at=now - timedelta(days=30))

    waiting = desk_dashboard(now)["waiting"]

    assert [row["claim"] for row in waiting] == [commented, never_logged, old_but_recent]
    assert [row["waiting_since"] for row in waiting] == [
        now - timedelta(days=3),
        now - timedelta(days=2),
        now - timedelta(hours=1),
    ]
    assert waiting[0]["url"] == f"/admin/claims/claim/{commented.pk}/change/"


def test_it_shows_only_the_ten_longest_waiting_claims(make_claim):
    now = timezone.now()
    claims = [
        make_claim(status=ClaimStatus.NEEDS_REVIEW, created_at=now - timedelta(hours=hours))
        for hours in range(12, 0, -1)
    ]

    waiting = desk_dashboard(now)["waiting"]

    assert [row["claim"] for row in waiting] == claims[:10]


def test_it_counts_jobs_that_failed_in_the_last_day_by_when_they_failed():
    now = timezone.now()
    Job.objects.create(
        kind="verify",
        status=JobStatus.FAILED,
        created_at=now - timedelta(days=6),  # old job, failed after its retries today
        finished_at=now - timedelta(hours=2),
    )
    Job.objects.create(
        kind="extract", status=JobStatus.FAILED, finished_at=now - timedelta(hours=23)
    )
    Job.objects.create(kind="verify", status=JobStatus.FAILED, finished_at=now - timedelta(days=2))
    Job.objects.create(kind="verify", status=JobStatus.SUCCEEDED, finished_at=now)

    failed = desk_dashboard(now)["failed_jobs"]

    assert failed["count"] == 2
    assert failed["url"] == "/admin/jobs/job/?failed_within=1d"


def test_the_failed_jobs_link_lists_exactly_the_jobs_counted(client, reviewer):
    now = timezone.now()
    recent = Job.objects.create(kind="verify", status=JobStatus.FAILED, finished_at=now)
    old = Job.objects.create(
        kind="verify", status=JobStatus.FAILED, finished_at=now - timedelta(days=2)
    )
    running = Job.objects.create(
        kind="verify", status=JobStatus.RUNNING, lease_expires_at=now + timedelta(minutes=1)
    )
    client.force_login(reviewer)

    page = client.get(desk_dashboard(now)["failed_jobs"]["url"])

    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [recent]
    assert {old, running}.isdisjoint(page.context["cl"].result_list)


def test_it_counts_checks_completed_in_the_last_hour_day_and_week(make_claim):
    now = timezone.now()
    claim = make_claim()
    for age in [timedelta(minutes=5), timedelta(hours=3), timedelta(days=3), timedelta(days=8)]:
        completed_check(claim, completed_at=now - age)
    Check.objects.create(claim=claim)  # still running: not completed

    checks = desk_dashboard(now)["checks"]

    assert (checks["last_hour"], checks["last_day"], checks["last_week"]) == (1, 2, 3)


def test_the_median_check_duration_is_the_middle_of_the_last_days_job_timings(make_claim):
    now = timezone.now()
    claim = make_claim()
    for seconds in [30, 2, 10]:
        completed_check(claim, completed_at=now - timedelta(minutes=10), seconds=seconds)
    completed_check(claim, completed_at=now - timedelta(days=2), seconds=1000)  # too old
    completed_check(claim, completed_at=now - timedelta(minutes=1))  # no timings

    assert desk_dashboard(now)["checks"]["median_seconds"] == 10.0

    completed_check(claim, completed_at=now - timedelta(minutes=10), seconds=20)

    # An even count: the mean of the middle two (10 s and 20 s).
    assert desk_dashboard(now)["checks"]["median_seconds"] == 15.0


def test_there_is_no_median_without_a_timed_check_in_the_last_day():
    assert desk_dashboard()["checks"]["median_seconds"] is None


def populate(make_claim, *, claims):
    now = timezone.now()
    for n in range(claims):
        claim = make_claim(status=ClaimStatus.NEEDS_REVIEW, created_at=now - timedelta(hours=n))
        arrived_in_review(claim, now - timedelta(minutes=n))
        completed_check(claim, completed_at=now - timedelta(minutes=n), seconds=n + 1)
        Job.objects.create(kind="verify", status=JobStatus.FAILED, finished_at=now)


def test_the_dashboard_takes_five_queries_however_many_rows(
    make_claim, django_assert_max_num_queries
):
    populate(make_claim, claims=15)

    with django_assert_max_num_queries(5):
        dashboard = desk_dashboard()

    assert len(dashboard["waiting"]) == 10
    # Rendering reads the assignee of each waiting claim: loaded already.
    with django_assert_max_num_queries(0):
        [row["claim"].assignee for row in dashboard["waiting"]]


def test_the_admin_index_costs_the_same_queries_with_more_rows(client, reviewer, make_claim):
    client.force_login(reviewer)
    populate(make_claim, claims=1)
    client.get(INDEX)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(INDEX).status_code == 200

    populate(make_claim, claims=12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(INDEX).status_code == 200

    assert len(many) == len(few)


def test_the_admin_index_shows_the_dashboard_above_the_app_list(client, reviewer, make_claim):
    now = timezone.now()
    waiting = make_claim(
        status=ClaimStatus.NEEDS_REVIEW,
        text="The minister said exports doubled in 2023.",
        created_at=now - timedelta(days=2, hours=1),
    )
    make_claim(status=ClaimStatus.NEEDS_REVIEW, created_at=now - timedelta(hours=1))
    Job.objects.create(kind="verify", status=JobStatus.FAILED, finished_at=now)
    completed_check(waiting, completed_at=now - timedelta(minutes=1), seconds=4)
    client.force_login(reviewer)

    body = client.get(INDEX).content.decode()

    assert body.index('id="fc-claims-by-status"') < body.index('id="fc-waiting"')
    assert body.index('id="fc-throughput"') < body.index('class="app-sources')
    assert (
        '<a href="/admin/claims/claim/?status__exact=needs_review">'
        '<span class="fc-tile-count">2</span>'
        '<span class="fc-badge fc-status-needs_review">Needs review</span></a>'
    ) in body
    assert (
        f'<a href="/admin/claims/claim/{waiting.pk}/change/">'
        "The minister said exports doubled in 2023.</a>"
    ) in body
    assert "2\xa0days, 1\xa0hour" in body  # how long it has waited
    assert '<a href="/admin/jobs/job/?failed_within=1d">1</a>' in body
    assert "<dt>Last hour</dt><dd>1</dd>" in body
    assert "<dt>Median duration, 24 h</dt><dd>4.0 s</dd>" in body
    assert 'href="/static/factcheck/admin.css"' in body
