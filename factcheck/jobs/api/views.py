from django.db.models import QuerySet
from rest_framework import viewsets

from factcheck.api.permissions import IsDeskMember

from ..models import Job
from ..selectors import jobs_visible_to
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
        return jobs_visible_to(self.request.user, super().get_queryset())
