from rest_framework import serializers

from factcheck.jobs.models import JobStatus

from ..events import WebhookEvent
from ..models import SECRET_MIN_LENGTH, WebhookDelivery, WebhookSubscription


class WebhookSubscriptionSummarySerializer(serializers.ModelSerializer):
    """A subscription as listed: everything but its secret."""

    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        allow_empty=False,
        max_length=len(WebhookEvent.values),
    )

    class Meta:
        model = WebhookSubscription
        fields = [
            "id", "url", "events", "description", "active", "created_by", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_by", "created_at", "updated_at"]


class WebhookSubscriptionSerializer(WebhookSubscriptionSummarySerializer):
    """A subscription with its secret: shown on create and on its own page."""

    secret = serializers.CharField(
        required=False,
        min_length=SECRET_MIN_LENGTH,
        max_length=128,
        help_text="Keys the signature of every delivery; generated when not given. "
        "Set on creation only.",
    )

    class Meta(WebhookSubscriptionSummarySerializer.Meta):
        fields = [*WebhookSubscriptionSummarySerializer.Meta.fields, "secret"]

    def validate_secret(self, value: str) -> str:
        if self.instance is not None:
            raise serializers.ValidationError(
                "The secret cannot be changed; create a new subscription for a new secret."
            )
        return value


class WebhookDeliverySerializer(serializers.ModelSerializer):
    """One event sent to a subscription; its status and attempts are its job's."""

    status = serializers.ChoiceField(choices=JobStatus.choices, read_only=True)
    attempts = serializers.IntegerField(read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id", "subscription", "event", "event_id", "payload", "status", "attempts",
            "response_status", "response_body", "error", "delivered_at", "created_at", "job",
        ]  # fmt: skip
        read_only_fields = fields
