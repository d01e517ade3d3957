"""Webhook subscriptions, and their deliveries: each delivery is a job in the ledger."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from factcheck.jobs.models import Job, JobStatus

from .events import validate_events

SECRET_MIN_LENGTH = 24


def generate_secret() -> str:
    """A new signing secret: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """A URL that receives signed POSTs for the events it asks for."""

    url = models.URLField(max_length=2000, help_text="Receives a signed POST per event.")
    events = models.JSONField(
        default=list, validators=[validate_events], help_text='e.g. ["check.completed"]'
    )
    secret = models.CharField(
        max_length=128,
        default=generate_secret,
        help_text="Keys the HMAC-SHA256 signature of every delivery.",
    )
    description = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webhook_subscriptions",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__istartswith="http://") | Q(url__istartswith="https://"),
                name="webhook_url_http",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("secret"), SECRET_MIN_LENGTH),
                name="webhook_secret_min_length",
            ),
        ]

    def __str__(self) -> str:
        # Never the secret: this is what logs and the admin's history show.
        return self.url


class WebhookDelivery(models.Model):
    """One event sent to one subscription; its job carries the attempts and retries."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=64)
    event_id = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="The receiver's idempotency key (header X-Factcheck-Delivery).",
    )
    payload = models.JSONField(default=dict, blank=True)
    job = models.OneToOneField(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhook_delivery"
    )
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, help_text="The first 1,000 characters.")
    error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_event_unique"
            ),
            # http.client accepts any three-digit status, so the column does too.
            models.CheckConstraint(
                condition=Q(response_status__isnull=True)
                | Q(response_status__gte=100, response_status__lte=999),
                name="webhook_delivery_status_range",
            ),
        ]
        indexes = [
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_sub_idx")
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} to subscription {self.subscription_id}"

    @property
    def status(self) -> str:
        """The delivery's state is its job's: queued, running, succeeded or failed."""
        if self.job is not None:
            return self.job.status
        # The job row was deleted (jobs are the ledger's to prune); the outcome stays here.
        return JobStatus.SUCCEEDED if self.delivered_at else JobStatus.FAILED

    @property
    def attempts(self) -> int:
        return self.job.attempts if self.job is not None else 0
