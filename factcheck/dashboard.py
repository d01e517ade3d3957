"""The desk's dashboard: what the admin index shows above the app list.

Everything is computed here, in a fixed number of queries however many claims,
checks and jobs there are; the template only renders the dict.
"""

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from claims.choices import ClaimStatus
from claims.models import Check, Claim, ReviewEvent
from factcheck.jobs.models import JobStatus
from factcheck.jobs.selectors import jobs_visible_to

# How far back a failed job counts as "recent", on the dashboard and in the
# job list's "failed in the last day" filter alike.
FAILED_JOBS_WINDOW = timedelta(days=1)
LONGEST_WAITING = 10


def failed_jobs_since(since: datetime) -> Q:
    """Jobs that ended failed at or after `since`.

    finished_at, not created_at: a job created last week that gave up an hour
    ago after its retries is a failure of the last day.
    """
    return Q(status=JobStatus.FAILED, finished_at__gte=since)


def desk_dashboard(
    now: datetime | None = None, user: AbstractBaseUser | AnonymousUser | None = None
) -> dict[str, Any]:
    """Claims by status, the longest wait for review, recent failures, check throughput.

    Keys: now; statuses [{status, label, count, url}] in workflow order;
    waiting [{claim, waiting_since, url}] oldest first; failed_jobs {count,
    url}, counting the jobs `user` may see (factcheck.jobs.selectors); checks
    {last_hour, last_day, last_week, median_seconds}. Five queries at most.
    """
    now = now or timezone.now()
    return {
        "now": now,
        "statuses": _claims_by_status(),
        "waiting": _longest_waiting(),
        "failed_jobs": _failed_jobs(now, user),
        "checks": _check_throughput(now),
    }


def _claims_by_status() -> list[dict[str, Any]]:
    counts = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("id")))
    changelist = reverse("admin:claims_claim_changelist")
    return [
        {
            "status": status.value,
            "label": status.label,
            "count": counts.get(status.value, 0),
            "url": f"{changelist}?{urlencode({'status__exact': status.value})}",
        }
        for status in ClaimStatus
    ]


def _longest_waiting() -> list[dict[str, Any]]:
    # A claim waits from its last move into needs_review. Comments, assignments
    # and edits are logged with from == to and must not restart the clock.
    arrived = (
        ReviewEvent.objects.filter(claim=OuterRef("pk"), to_status=ClaimStatus.NEEDS_REVIEW)
        .exclude(from_status=ClaimStatus.NEEDS_REVIEW)
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    claims = (
        Claim.objects.filter(status=ClaimStatus.NEEDS_REVIEW)
        .annotate(waiting_since=Coalesce(Subquery(arrived), F("created_at")))
        .select_related("assignee")
        .order_by("waiting_since", "id")[:LONGEST_WAITING]
    )
    return [
        {
            "claim": claim,
            "waiting_since": claim.waiting_since,
            "url": reverse("admin:claims_claim_change", args=[claim.pk]),
        }
        for claim in claims
    ]


def _failed_jobs(now: datetime, user: AbstractBaseUser | AnonymousUser | None) -> dict[str, Any]:
    count = jobs_visible_to(user).filter(failed_jobs_since(now - FAILED_JOBS_WINDOW)).count()
    # The job list's filter (factcheck.jobs.admin.FailedInLastDayFilter) shows
    # the same jobs, counted from the moment the list is opened.
    url = f"{reverse('admin:jobs_job_changelist')}?{urlencode({'failed_within': '1d'})}"
    return {"count": count, "url": url}


def _check_throughput(now: datetime) -> dict[str, Any]:
    hour_ago, day_ago, week_ago = (
        now - timedelta(hours=1),
        now - timedelta(days=1),
        now - timedelta(days=7),
    )
    timed_today = Q(
        completed_at__gte=day_ago, job__started_at__isnull=False, job__finished_at__isnull=False
    )
    counts = Check.objects.filter(completed_at__gte=week_ago, completed_at__lte=now).aggregate(
        last_hour=Count("id", filter=Q(completed_at__gte=hour_ago)),
        last_day=Count("id", filter=Q(completed_at__gte=day_ago)),
        last_week=Count("id"),
        timed=Count("id", filter=timed_today),
    )
    return {
        "last_hour": counts["last_hour"],
        "last_day": counts["last_day"],
        "last_week": counts["last_week"],
        "median_seconds": _median_check_seconds(now, timed_today, counts["timed"]),
    }


def _median_check_seconds(now: datetime, timed_today: Q, count: int) -> float | None:
    # Neither SQLite nor Django has a portable median aggregate: order the
    # durations in the database and read only the middle one or two rows.
    if not count:
        return None
    durations = (
        Check.objects.filter(timed_today, completed_at__lte=now)
        .annotate(
            duration=ExpressionWrapper(
                F("job__finished_at") - F("job__started_at"), output_field=DurationField()
            )
        )
        .order_by("duration", "id")
        .values_list("duration", flat=True)
    )
    middle = list(durations[(count - 1) // 2 : count // 2 + 1])
    if not middle:  # checks completed between the count and this query
        return None
    return sum(middle, timedelta()).total_seconds() / len(middle)
