from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api.permissions import IsDeskMember

from ..checks import check_enqueue
from ..models import Appearance, Check, Claim
from .filters import ClaimFilter
from .serializers import (
    CheckRequestSerializer,
    CheckSerializer,
    ClaimDetailSerializer,
    ClaimSerializer,
)

_CHECKS = Check.objects.select_related("job").prefetch_related("evidence__document__source")


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Claims with their structured parts, status and where they appear."""

    queryset = Claim.objects.prefetch_related(
        Prefetch("appearances", queryset=Appearance.objects.order_by("document_id", "start"))
    ).order_by("-created_at", "-id")
    permission_classes = [IsDeskMember]
    filterset_class = ClaimFilter

    def get_serializer_class(self) -> type:
        return ClaimDetailSerializer if self.action == "retrieve" else ClaimSerializer

    @extend_schema(
        request=CheckRequestSerializer,
        responses={200: CheckSerializer(many=True), 202: CheckSerializer},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def checks(self, request: Request, pk: str | None = None) -> Response:
        """GET: the claim's checks, newest first. POST: queue a new check (202)."""
        claim = self.get_object()
        if request.method == "POST":
            options = CheckRequestSerializer(data=request.data or {})
            options.is_valid(raise_exception=True)
            check = check_enqueue(
                claim=claim,
                actor=request.user,
                published_before=options.validated_data.get("published_before"),
            )
            location = reverse("check-detail", args=[check.pk])
            body = CheckSerializer(_CHECKS.get(pk=check.pk)).data
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
        checks = _CHECKS.filter(claim=claim).order_by("-created_at", "-id")
        return Response(CheckSerializer(checks, many=True).data)


class CheckViewSet(viewsets.ReadOnlyModelViewSet):
    """One check: status, suggested verdict, confidence, explanation, flags, evidence."""

    queryset = _CHECKS.order_by("-created_at", "-id")
    serializer_class = CheckSerializer
    permission_classes = [IsDeskMember]
    filterset_fields = ["claim", "suggested_verdict"]
