"""The events a webhook subscription may ask for."""

from django.core.exceptions import ValidationError
from django.db import models


class WebhookEvent(models.TextChoices):
    CLAIM_STATUS_CHANGED = "claim.status_changed", "A claim's review status changed"
    CLAIM_ASSIGNED = "claim.assigned", "A claim was assigned to a reviewer"
    CHECK_COMPLETED = "check.completed", "A check of a claim completed"
    DOCUMENT_INGESTED = "document.ingested", "A new document was ingested"


# Sent on request to one subscription (POST /api/v1/webhooks/{id}/ping/) to
# test its receiver; nobody subscribes to it.
PING_EVENT = "webhook.ping"


def validate_events(value: object) -> None:
    """A subscription's events: a non-empty list of WebhookEvent names."""
    if not isinstance(value, list) or not value:
        raise ValidationError("Give a non-empty list of event names.", code="invalid")
    unknown = sorted({str(name) for name in value if name not in WebhookEvent.values})
    if unknown:
        raise ValidationError(
            f"Unknown events: {', '.join(unknown)}. "
            f"Known events: {', '.join(WebhookEvent.values)}.",
            code="invalid_choice",
        )
