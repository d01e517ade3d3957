from django.db.models import QuerySet
from rest_framework import viewsets

from factcheck.api.permissions import IsDeskMember
from factcheck.roles import is_staff

from ..models import Job
from ..registry import staff_only_kind_names
from .serializers import JobSerializer


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Any background job: its kind, status, attempts, error and timings. Jobs of
    staff-only features (webhook deliveries) are listed to staff only."""

    queryset = Job.objects.all()
    serializer_class = JobSerializer
    permission_classes = [IsDeskMember]
    filterset_fields = ["status", "kind"]
    ordering = ("-created_at", "-id")
    ordering_fields = ("created_at", "id")

    def get_queryset(self) -> QuerySet[Job]:
        jobs = super().get_queryset()
        if is_staff(self.request.user):
            return jobs
        return jobs.exclude(kind__in=staff_only_kind_names())
