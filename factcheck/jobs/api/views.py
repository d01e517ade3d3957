from rest_framework import viewsets

from factcheck.api.permissions import IsDeskMember

from ..models import Job
from .serializers import JobSerializer


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Any background job: its kind, status, attempts, error and timings."""

    queryset = Job.objects.all()
    serializer_class = JobSerializer
    permission_classes = [IsDeskMember]
    filterset_fields = ["status", "kind"]
    ordering = ("-created_at", "-id")
    ordering_fields = ("created_at", "id")
