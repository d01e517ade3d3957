"""Reads of the job ledger that more than one caller makes (API, admin, dashboard)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from factcheck.roles import is_staff

from .models import Job
from .registry import staff_only_kind_names


def jobs_visible_to(
    user: AbstractBaseUser | AnonymousUser | None, jobs: QuerySet[Job] | None = None
) -> QuerySet[Job]:
    """The jobs this user may see: staff see all; others never see the jobs of
    staff-only features (webhook deliveries, whose errors name subscription URLs)."""
    jobs = Job.objects.all() if jobs is None else jobs
    if is_staff(user):
        return jobs
    return jobs.exclude(kind__in=staff_only_kind_names())
