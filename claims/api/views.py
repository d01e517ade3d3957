from django.db.models import Prefetch
from rest_framework import viewsets

from factcheck.api.permissions import IsDeskMember

from ..models import Appearance, Claim
from .filters import ClaimFilter
from .serializers import ClaimSerializer


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Claims with their structured parts, status and where they appear."""

    queryset = Claim.objects.prefetch_related(
        Prefetch("appearances", queryset=Appearance.objects.order_by("document_id", "start"))
    ).order_by("-created_at", "-id")
    serializer_class = ClaimSerializer
    permission_classes = [IsDeskMember]
    filterset_class = ClaimFilter
