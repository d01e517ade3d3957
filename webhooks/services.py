"""Webhooks: signed POSTs to subscribed URLs, each delivery a job in the ledger.

webhook_emit() records a WebhookDelivery and its "deliver_webhook" job for
every active subscription that wants the event, in the caller's transaction:
a delivery exists only if what it announces commits. webhook_deliver() is the
job: one signed POST per attempt, through the SSRF-safe connection of
sources.fetch, never following a redirect. The ledger retries 408, 429, 5xx,
time-outs and connection errors with backoff; any other answer fails the
delivery at once.

What a receiver gets (the body is JSON; data depends on the event):

    POST <url>
    Content-Type: application/json
    User-Agent: factcheck-webhooks/1
    X-Factcheck-Event: check.completed
    X-Factcheck-Delivery: <event id, the same on every retry: the idempotency key>
    X-Factcheck-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">

    {"id": "<event id>", "event": "check.completed", "created_at": "...", "data": {...}}

How a receiver verifies it, with the subscription's secret and the raw body
bytes as received (not re-serialised JSON):

    import hashlib, hmac, time

    def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
        fields = dict(item.split("=", 1) for item in header.split(","))
        signed = fields["t"].encode() + b"." + body
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        fresh = abs(time.time() - int(fields["t"])) <= tolerance
        return fresh and hmac.compare_digest(expected, fields["v1"])

The timestamp check refuses replays of an old delivery; each attempt is
signed afresh. A delivery may arrive more than once (a worker can die between
the POST and recording it), so receivers should ignore an X-Factcheck-Delivery
they have already processed.
"""

import hashlib
import hmac
import json
import time
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from factcheck.errors import DomainError
from factcheck.jobs.registry import PermanentJobError
from factcheck.jobs.services import job_enqueue
from sources.fetch import FetchError, check_url_allowed, post_json

from .events import PING_EVENT, WebhookEvent
from .models import WebhookDelivery, WebhookSubscription

DELIVER_JOB_KIND = "deliver_webhook"
USER_AGENT = "factcheck-webhooks/1"
# A receiver should answer at once and do its work later; this bounds one attempt.
DELIVERY_TIMEOUT_SECONDS = 10
RESPONSE_BODY_CHARS = 1000
_ERROR_MAX_CHARS = 2000
# Answers that say "not now" rather than "never": the ledger tries again later.
_RETRY_STATUSES = {408, 429}


class WebhookURLRefused(DomainError):
    """A webhook URL the fetcher's address rules refuse (an API 400)."""


class DeliveryFailed(Exception):
    """An attempt the receiver may accept later (5xx, 408, 429, network): retried."""


def webhook_url_check(*, url: str) -> None:
    """Refuse a URL a delivery could never reach: wrong scheme, credentials, or a
    host that is or resolves to a non-public address (sources.fetch's rules).

    Deliveries check again when they connect, since DNS may answer differently.
    """
    try:
        check_url_allowed(url)
    except FetchError as exc:
        raise WebhookURLRefused(str(exc), code=exc.code, details={"url": [str(exc)]}) from None


def _unique_events(events: list[str]) -> list[str]:
    return list(dict.fromkeys(str(event) for event in events))


@transaction.atomic
def webhook_subscription_create(
    *,
    url: str,
    events: list[str],
    created_by: AbstractBaseUser | None,
    description: str = "",
    active: bool = True,
    secret: str = "",
) -> WebhookSubscription:
    """Subscribe a URL to events; without a secret, a random one is generated."""
    webhook_url_check(url=url)
    subscription = WebhookSubscription(
        url=url,
        events=_unique_events(events),
        description=description,
        active=active,
        created_by=created_by,
    )
    if secret:
        subscription.secret = secret
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def webhook_subscription_update(
    *, subscription: WebhookSubscription, **changes: Any
) -> WebhookSubscription:
    """Change a subscription's url, events, description or active flag (not its secret)."""
    allowed = {"url", "events", "description", "active"}
    if unexpected := set(changes) - allowed:
        raise ValueError(f"cannot change {', '.join(sorted(unexpected))}")
    if "url" in changes and changes["url"] != subscription.url:
        webhook_url_check(url=changes["url"])
    if "events" in changes:
        changes["events"] = _unique_events(changes["events"])
    for name, value in changes.items():
        setattr(subscription, name, value)
    subscription.full_clean()
    subscription.save()
    return subscription


def webhook_emit(*, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue a delivery of the event to every active subscription that wants it.

    Runs in the caller's transaction: the deliveries and their jobs commit (and
    the jobs' messages are sent) with what they announce, or not at all.
    Every subscription gets the same event id. With no subscription that
    wants the event, it costs one query.
    """
    if event not in WebhookEvent.values:
        raise ValueError(f"unknown webhook event {event!r}")
    # Subscriptions are few, and JSON containment has no SQLite lookup: filter here.
    active = WebhookSubscription.objects.filter(active=True)
    subscriptions = [subscription for subscription in active if event in subscription.events]
    if not subscriptions:
        return []
    event_id = uuid.uuid4()
    with transaction.atomic():
        return [
            _delivery_enqueue(subscription=s, event=event, event_id=event_id, payload=payload)
            for s in subscriptions
        ]


@transaction.atomic
def webhook_ping(*, subscription: WebhookSubscription) -> WebhookDelivery:
    """Queue a "webhook.ping" delivery to this subscription only (active or not),
    to test its receiver and its signature check."""
    return _delivery_enqueue(
        subscription=subscription,
        event=PING_EVENT,
        event_id=uuid.uuid4(),
        payload={"subscription_id": subscription.pk},
    )


def _delivery_enqueue(
    *, subscription: WebhookSubscription, event: str, event_id: uuid.UUID, payload: dict[str, Any]
) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event=event, event_id=event_id, payload=payload
    )
    delivery.job = job_enqueue(
        kind=DELIVER_JOB_KIND,
        payload={"delivery_id": delivery.pk},
        target=f"webhook:{subscription.pk}",
    )
    delivery.save(update_fields=["job"])
    return delivery


def delivery_body(delivery: WebhookDelivery) -> bytes:
    """The exact bytes POSTed (and signed) for a delivery."""
    document = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, separators=(",", ":")).encode()


def signature_header(*, secret: str, body: bytes, timestamp: int) -> str:
    """X-Factcheck-Signature: t=<timestamp>,v1=<hex HMAC-SHA256 of "<t>.<body>">."""
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def webhook_deliver(*, delivery_id: int) -> dict[str, Any]:
    """One attempt at a delivery (the deliver_webhook job): a signed POST, its
    outcome recorded on the delivery whether it succeeds or not.

    2xx: delivered. 408, 429, 5xx, time-outs and connection errors raise
    DeliveryFailed, which the ledger retries with backoff. Any other answer
    (a redirect included: it is not followed) and a URL the address rules
    refuse raise PermanentJobError: the delivery fails without retrying.
    """
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None:
        raise PermanentJobError(f"webhook delivery {delivery_id} does not exist")
    if delivery.delivered_at is not None:
        # An earlier attempt got through, but its worker died before the
        # ledger marked the job done: do not deliver twice.
        return {"delivery_id": delivery.pk, "response_status": delivery.response_status}
    subscription = delivery.subscription
    if not subscription.active and delivery.event != PING_EVENT:
        _record(delivery, error="The subscription was deactivated before delivery.")
        raise PermanentJobError(f"webhook subscription {subscription.pk} is not active")

    body = delivery_body(delivery)
    headers = {
        "User-Agent": USER_AGENT,
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.event_id),
        "X-Factcheck-Signature": signature_header(
            secret=subscription.secret, body=body, timestamp=int(time.time())
        ),
    }
    try:
        response = post_json(
            subscription.url,
            body,
            headers=headers,
            timeout=DELIVERY_TIMEOUT_SECONDS,
            # Enough bytes for RESPONSE_BODY_CHARS characters of any UTF-8 text.
            max_response_bytes=4 * RESPONSE_BODY_CHARS,
        )
    except FetchError as exc:
        error = f"{exc.code}: {exc}"
        _record(delivery, error=error)
        if exc.retryable:
            raise DeliveryFailed(error) from None
        raise PermanentJobError(error) from None

    text = response.body.decode("utf-8", errors="replace")[:RESPONSE_BODY_CHARS]
    if 200 <= response.status < 300:
        _record(delivery, status=response.status, body=text, delivered=True)
        return {"delivery_id": delivery.pk, "response_status": response.status}
    error = f"The receiver answered HTTP {response.status}."
    if 300 <= response.status < 400:
        error += " Redirects are not followed: subscribe the URL it redirects to."
    _record(delivery, status=response.status, body=text, error=error)
    if response.status >= 500 or response.status in _RETRY_STATUSES:
        raise DeliveryFailed(error)
    raise PermanentJobError(error)


def _record(
    delivery: WebhookDelivery,
    *,
    status: int | None = None,
    body: str = "",
    error: str = "",
    delivered: bool = False,
) -> None:
    # Each attempt replaces the previous attempt's outcome, except that a
    # delivery that got through stays delivered whatever a late attempt says.
    # PostgreSQL text cannot hold NUL characters, so they are replaced.
    WebhookDelivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(
        response_status=status,
        response_body=body.replace("\x00", "\ufffd"),
        error=error.replace("\x00", "\ufffd")[:_ERROR_MAX_CHARS],
        delivered_at=timezone.now() if delivered else None,
    )
