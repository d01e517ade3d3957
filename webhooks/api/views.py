from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api.permissions import IsStaff

from ..models import WebhookDelivery, WebhookSubscription
from ..services import webhook_ping, webhook_subscription_create, webhook_subscription_update
from .serializers import (
    WebhookDeliverySerializer,
    WebhookSubscriptionSerializer,
    WebhookSubscriptionSummarySerializer,
)


class WebhookSubscriptionViewSet(viewsets.ModelViewSet):
    """Webhook subscriptions (desk staff only): URLs that receive signed event POSTs."""

    queryset = WebhookSubscription.objects.all()
    permission_classes = [IsStaff]
    filterset_fields = ["active"]
    ordering = ("-created_at", "-id")
    ordering_fields = ("created_at", "id")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "list":
            return WebhookSubscriptionSummarySerializer
        return WebhookSubscriptionSerializer

    def perform_create(self, serializer: WebhookSubscriptionSerializer) -> None:
        serializer.instance = webhook_subscription_create(
            created_by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: WebhookSubscriptionSerializer) -> None:
        serializer.instance = webhook_subscription_update(
            subscription=serializer.instance, **serializer.validated_data
        )

    @extend_schema(responses=WebhookDeliverySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        """The subscription's deliveries, newest first, with their status and outcome."""
        subscription = self.get_object()
        deliveries = (
            WebhookDelivery.objects.filter(subscription=subscription)
            .select_related("job")
            .order_by("-created_at", "-id")
        )
        page = self.paginate_queryset(deliveries)
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def ping(self, request: Request, pk: str | None = None) -> Response:
        """Queue a webhook.ping delivery to this subscription only (202)."""
        delivery = webhook_ping(subscription=self.get_object())
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
