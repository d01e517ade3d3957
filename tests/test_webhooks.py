"""Webhooks: staff subscribe URLs; events are POSTed to them signed, as ledger jobs.

Deliveries go to a real HTTP server on 127.0.0.1, which the tests that should
reach it allow through FETCH_ALLOW_PRIVATE_NETWORKS (production keeps it empty).
"""

import hashlib
import hmac
import json
import logging
import socket
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from claims.checks import check_enqueue
from factcheck.jobs.models import Job, JobStatus
from factcheck.jobs.services import job_execute
from sources.ingest import document_ingest
from tests.local_http import LocalServer, Posted, page, redirect
from tests.workers import Worker, purge_broker, wait_for
from webhooks.events import PING_EVENT, WebhookEvent
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.services import webhook_deliver, webhook_emit

pytestmark = pytest.mark.django_db

CHECK_COMPLETED = WebhookEvent.CHECK_COMPLETED.value
DOCUMENT_INGESTED = WebhookEvent.DOCUMENT_INGESTED.value


def verify(
    secret: str, body: bytes, header: str, *, now: float | None = None, tolerance: int = 300
) -> bool:
    """What a receiver does with X-Factcheck-Signature (the README's recipe)."""
    fields = dict(item.split("=", 1) for item in header.split(","))
    signed = fields["t"].encode() + b"." + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    fresh = abs((time.time() if now is None else now) - int(fields["t"])) <= tolerance
    return fresh and hmac.compare_digest(expected, fields["v1"])


def signed_at(posted: Posted) -> int:
    header = posted.headers["X-Factcheck-Signature"]
    return int(dict(item.split("=", 1) for item in header.split(","))["t"])


@pytest.fixture
def receiver(local_server: LocalServer, allow_loopback: None) -> LocalServer:
    """A webhook receiver at /hook that answers 200."""
    local_server.routes["/hook"] = page(b"thanks", content_type="text/plain")
    return local_server


@pytest.fixture
def make_subscription(db: None) -> Callable[..., WebhookSubscription]:
    def make(
        url: str = "https://hooks.example.org/factcheck",
        events: tuple[str, ...] = (CHECK_COMPLETED,),
        **fields: object,
    ) -> WebhookSubscription:
        return WebhookSubscription.objects.create(url=url, events=list(events), **fields)

    return make


@pytest.fixture
def subscribed(
    receiver: LocalServer, make_subscription: Callable[..., WebhookSubscription]
) -> WebhookSubscription:
    return make_subscription(url=receiver.url("/hook"))


def api_for(user: User | None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.fixture
def staff_api(staff_user: User) -> APIClient:
    return api_for(staff_user)


def emit_one(event: str = CHECK_COMPLETED, **data: object) -> WebhookDelivery:
    (delivery,) = webhook_emit(event=event, payload=data or {"check_id": 1})
    return delivery


def run(delivery: WebhookDelivery) -> str:
    return job_execute(job_id=delivery.job_id, worker="test")


def reloaded(delivery: WebhookDelivery) -> WebhookDelivery:
    return WebhookDelivery.objects.select_related("job").get(pk=delivery.pk)


def make_due(delivery: WebhookDelivery) -> None:
    """What waiting out the backoff does."""
    Job.objects.filter(pk=delivery.job_id).update(run_after=timezone.now())


# --- The API: staff only -------------------------------------------------------


def test_staff_subscribe_a_url_and_see_its_generated_secret_on_create_and_detail_only(
    staff_api, staff_user, receiver
):
    response = staff_api.post(
        "/api/v1/webhooks/",
        {"url": receiver.url("/hook"), "events": [CHECK_COMPLETED], "description": "CMS"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    subscription = WebhookSubscription.objects.get(pk=body["id"])
    assert body["secret"] == subscription.secret
    assert len(subscription.secret) == 43  # secrets.token_urlsafe(32)
    assert subscription.created_by == staff_user
    assert subscription.active
    assert staff_api.get(f"/api/v1/webhooks/{subscription.pk}/").json()["secret"] == (
        subscription.secret
    )
    listed = staff_api.get("/api/v1/webhooks/").json()["results"]
    assert [item["id"] for item in listed] == [subscription.pk]
    assert "secret" not in listed[0]


def test_a_secret_given_on_create_is_kept_and_cannot_be_changed_later(staff_api, receiver):
    secret = "a-shared-secret-of-enough-length-0123"
    created = staff_api.post(
        "/api/v1/webhooks/",
        {"url": receiver.url("/hook"), "events": [CHECK_COMPLETED], "secret": secret},
        format="json",
    ).json()
    assert created["secret"] == secret
    response = staff_api.patch(
        f"/api/v1/webhooks/{created['id']}/", {"secret": "x" * 40}, format="json"
    )
    assert response.status_code == 400
    assert "secret" in response.json()["error"]["details"]
    assert WebhookSubscription.objects.get(pk=created["id"]).secret == secret


def test_staff_change_a_subscriptions_events_and_deactivate_it(
    staff_api, receiver, make_subscription
):
    subscription = make_subscription(url=receiver.url("/hook"))
    response = staff_api.patch(
        f"/api/v1/webhooks/{subscription.pk}/",
        {"events": [DOCUMENT_INGESTED, CHECK_COMPLETED, DOCUMENT_INGESTED], "active": False},
        format="json",
    )
    assert response.status_code == 200, response.json()
    subscription.refresh_from_db()
    assert subscription.events == [DOCUMENT_INGESTED, CHECK_COMPLETED]
    assert not subscription.active


def test_staff_delete_a_subscription_with_its_deliveries(staff_api, subscribed):
    emit_one()
    response = staff_api.delete(f"/api/v1/webhooks/{subscribed.pk}/")
    assert response.status_code == 204
    assert not WebhookSubscription.objects.exists()
    assert not WebhookDelivery.objects.exists()


def endpoints(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", "/api/v1/webhooks/"),
        ("post", "/api/v1/webhooks/"),
        ("get", f"/api/v1/webhooks/{pk}/"),
        ("put", f"/api/v1/webhooks/{pk}/"),
        ("patch", f"/api/v1/webhooks/{pk}/"),
        ("delete", f"/api/v1/webhooks/{pk}/"),
        ("get", f"/api/v1/webhooks/{pk}/deliveries/"),
        ("post", f"/api/v1/webhooks/{pk}/ping/"),
    ]


def test_anonymous_requests_get_401_on_every_webhook_endpoint(make_subscription):
    subscription = make_subscription()
    for method, path in endpoints(subscription.pk):
        response = getattr(api_for(None), method)(path, {}, format="json")
        assert response.status_code == 401, (method, path)
        assert response.json()["error"]["code"] == "not_authenticated"
    assert WebhookSubscription.objects.get() == subscription
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize("role", ["client_user", "reviewer"])
def test_clients_and_reviewers_get_403_on_every_webhook_endpoint(request, role, make_subscription):
    subscription = make_subscription()
    api = api_for(request.getfixturevalue(role))
    for method, path in endpoints(subscription.pk):
        response = getattr(api, method)(path, {}, format="json")
        assert response.status_code == 403, (method, path)
        assert response.json()["error"]["code"] == "permission_denied"
    assert WebhookSubscription.objects.get() == subscription
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_a_url_to_a_private_or_loopback_address_is_refused_and_nothing_is_written(
    staff_api, settings, url
):
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = []
    response = staff_api.post(
        "/api/v1/webhooks/", {"url": url, "events": [CHECK_COMPLETED]}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "address_not_allowed"
    assert "url" in error["details"]
    assert not WebhookSubscription.objects.exists()


def test_moving_a_subscription_to_a_private_address_is_refused(
    staff_api, settings, make_subscription
):
    subscription = make_subscription()
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = []
    response = staff_api.patch(
        f"/api/v1/webhooks/{subscription.pk}/", {"url": "http://192.168.1.10/"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "address_not_allowed"
    subscription.refresh_from_db()
    assert subscription.url == "https://hooks.example.org/factcheck"


def test_a_url_that_is_not_http_is_refused(staff_api):
    response = staff_api.post(
        "/api/v1/webhooks/",
        {"url": "ftp://files.example.org/hook", "events": [CHECK_COMPLETED]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "scheme_not_allowed"
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("events", [["claim.deleted"], [], "check.completed"])
def test_unknown_or_missing_events_are_refused(staff_api, receiver, events):
    response = staff_api.post(
        "/api/v1/webhooks/", {"url": receiver.url("/hook"), "events": events}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "events" in error["details"]
    assert not WebhookSubscription.objects.exists()


def test_ping_queues_a_ping_delivery_to_that_subscription_only(
    staff_api, subscribed, make_subscription
):
    other = make_subscription(url=subscribed.url)
    response = staff_api.post(f"/api/v1/webhooks/{subscribed.pk}/ping/")
    assert response.status_code == 202
    body = response.json()
    assert body["event"] == PING_EVENT
    assert body["status"] == JobStatus.QUEUED
    assert body["subscription"] == subscribed.pk
    assert not other.deliveries.exists()
    delivery = WebhookDelivery.objects.get(pk=body["id"])
    assert run(delivery) == "succeeded"


def test_deliveries_lists_a_subscriptions_deliveries_newest_first_with_their_outcome(
    staff_api, subscribed, receiver
):
    first = emit_one(check_id=1)
    receiver.routes["/hook"] = page(b"gone", content_type="text/plain", status=410)
    run(first)
    second = emit_one(check_id=2)
    response = staff_api.get(f"/api/v1/webhooks/{subscribed.pk}/deliveries/")
    assert response.status_code == 200
    listed = response.json()["results"]
    assert [d["id"] for d in listed] == [second.pk, first.pk]
    assert listed[0]["status"] == "queued"
    assert listed[0]["attempts"] == 0
    assert listed[1]["status"] == "failed"
    assert listed[1]["attempts"] == 1
    assert listed[1]["response_status"] == 410
    assert listed[1]["response_body"] == "gone"
    assert "410" in listed[1]["error"]
    assert listed[1]["delivered_at"] is None
    assert listed[1]["event_id"] == str(first.event_id)


# --- Emitting events --------------------------------------------------------------


def test_emit_queues_one_delivery_and_job_per_active_subscription_that_wants_the_event(
    make_subscription,
):
    wants = make_subscription()
    wants_too = make_subscription(events=(DOCUMENT_INGESTED, CHECK_COMPLETED))
    make_subscription(active=False)
    make_subscription(events=(DOCUMENT_INGESTED,))

    deliveries = webhook_emit(event=CHECK_COMPLETED, payload={"check_id": 7})

    assert {d.subscription_id for d in deliveries} == {wants.pk, wants_too.pk}
    assert WebhookDelivery.objects.count() == 2
    assert len({d.event_id for d in deliveries}) == 1  # one event, one id for every receiver
    for delivery in deliveries:
        delivery = reloaded(delivery)
        assert delivery.payload == {"check_id": 7}
        assert delivery.event == CHECK_COMPLETED
        assert delivery.job.kind == "deliver_webhook"
        assert delivery.job.status == JobStatus.QUEUED
        assert delivery.job.payload == {"delivery_id": delivery.pk}
        assert delivery.job.target == f"webhook:{delivery.subscription_id}"
    assert Job.objects.count() == 2


def test_emit_costs_one_query_when_nobody_wants_the_event(
    make_subscription, django_assert_num_queries
):
    make_subscription(events=(DOCUMENT_INGESTED,))
    with django_assert_num_queries(1):
        assert webhook_emit(event=CHECK_COMPLETED, payload={}) == []


def test_deliveries_are_part_of_the_callers_transaction(make_subscription):
    make_subscription()

    def announce_then_fail() -> None:
        with transaction.atomic():
            emit_one()
            raise RuntimeError("what the event announced never happened")

    with pytest.raises(RuntimeError):
        announce_then_fail()
    assert not WebhookDelivery.objects.exists()
    assert not Job.objects.exists()


def test_emitting_an_unknown_event_is_a_programming_error():
    with pytest.raises(ValueError, match=r"claim\.deleted"):
        webhook_emit(event="claim.deleted", payload={})


def test_a_completed_check_emits_check_completed(make_subscription, make_claim):
    make_subscription(events=(CHECK_COMPLETED,))
    check = check_enqueue(claim=make_claim())
    assert job_execute(job_id=check.job_id, worker="test") == "succeeded"
    check.refresh_from_db()
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == CHECK_COMPLETED
    assert delivery.payload == {
        "check_id": check.pk,
        "claim_id": check.claim_id,
        "suggested_verdict": check.suggested_verdict,
        "confidence": check.confidence,
    }


def test_a_new_document_emits_document_ingested_and_a_duplicate_does_not(
    make_subscription, make_source
):
    make_subscription(events=(DOCUMENT_INGESTED,))
    source = make_source()
    text = "The harbour authority counted 1,204 ships in March."
    created = document_ingest(source=source, text=text, extract=False)
    document_ingest(source=source, text=text, extract=False)
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == DOCUMENT_INGESTED
    assert delivery.payload == {
        "document_id": created.document.pk,
        "source_id": source.pk,
        "url": None,
        "origin": "submitted",
        "title": "",
    }


# --- Delivering --------------------------------------------------------------------


def test_a_delivery_is_posted_signed_and_the_receiver_verifies_it(subscribed, receiver):
    delivery = emit_one(check_id=5)
    assert run(delivery) == "succeeded"

    (posted,) = receiver.posts
    assert posted.path == "/hook"
    assert posted.headers["Content-Type"] == "application/json"
    assert posted.headers["User-Agent"] == "factcheck-webhooks/1"
    assert posted.headers["X-Factcheck-Event"] == CHECK_COMPLETED
    assert posted.headers["X-Factcheck-Delivery"] == str(delivery.event_id)
    body = json.loads(posted.body)
    assert body == {
        "id": str(delivery.event_id),
        "event": CHECK_COMPLETED,
        "created_at": delivery.created_at.isoformat(),
        "data": {"check_id": 5},
    }
    signature = posted.headers["X-Factcheck-Signature"]
    assert verify(subscribed.secret, posted.body, signature)
    assert abs(signed_at(posted) - time.time()) < 60

    delivery = reloaded(delivery)
    assert delivery.status == JobStatus.SUCCEEDED
    assert delivery.attempts == 1
    assert delivery.response_status == 200
    assert delivery.response_body == "thanks"
    assert delivery.error == ""
    assert delivery.delivered_at is not None


def test_a_wrong_secret_a_changed_body_or_a_stale_timestamp_fail_verification(subscribed, receiver):
    run(emit_one())
    (posted,) = receiver.posts
    signature = posted.headers["X-Factcheck-Signature"]
    t = signed_at(posted)
    assert not verify("not-the-secret-" + "x" * 30, posted.body, signature)
    assert not verify(subscribed.secret, posted.body.replace(b"check", b"chick"), signature)
    # Replayed an hour later: the signature still matches, the timestamp gives it away...
    assert not verify(subscribed.secret, posted.body, signature, now=t + 3600)
    # ...and a fresher timestamp cannot be put in without the secret.
    v1 = signature.split(",v1=")[1]
    assert not verify(subscribed.secret, posted.body, f"t={t + 3600},v1={v1}", now=t + 3600)


def test_a_500_is_retried_with_backoff_and_each_attempt_is_recorded(subscribed, receiver):
    receiver.routes["/hook"] = page(b"database down", content_type="text/plain", status=500)
    delivery = emit_one()
    before = timezone.now()

    assert run(delivery) == "retrying"
    delivery = reloaded(delivery)
    assert delivery.status == JobStatus.QUEUED
    assert delivery.attempts == 1
    assert delivery.job.run_after > before
    assert delivery.response_status == 500
    assert delivery.response_body == "database down"
    assert "500" in delivery.error
    assert "500" in delivery.job.error
    assert delivery.delivered_at is None
    assert run(delivery) == "skipped"  # not due yet: the backoff holds

    receiver.routes["/hook"] = page(b"ok", content_type="text/plain")
    make_due(delivery)
    assert run(delivery) == "succeeded"
    delivery = reloaded(delivery)
    assert delivery.attempts == 2
    assert delivery.response_status == 200
    assert delivery.response_body == "ok"
    assert delivery.error == ""
    assert delivery.delivered_at is not None
    first, second = receiver.posts
    assert first.headers["X-Factcheck-Delivery"] == second.headers["X-Factcheck-Delivery"]
    assert first.body == second.body
    assert verify(subscribed.secret, second.body, second.headers["X-Factcheck-Signature"])


@pytest.mark.parametrize("status", [408, 429, 502, 503])
def test_a_receiver_that_says_not_now_is_tried_again(subscribed, receiver, status):
    receiver.routes["/hook"] = page(b"", content_type="text/plain", status=status)
    delivery = emit_one()
    assert run(delivery) == "retrying"
    assert reloaded(delivery).response_status == status


@pytest.mark.parametrize("status", [400, 401, 404, 410])
def test_a_receiver_that_refuses_the_delivery_fails_it_without_retrying(
    subscribed, receiver, status
):
    receiver.routes["/hook"] = page(b"no such hook", content_type="text/plain", status=status)
    delivery = emit_one()
    assert run(delivery) == "failed"
    delivery = reloaded(delivery)
    assert delivery.status == JobStatus.FAILED
    assert delivery.attempts == 1
    assert delivery.response_status == status
    assert delivery.response_body == "no such hook"
    assert str(status) in delivery.job.error
    assert len(receiver.posts) == 1


def test_a_redirect_is_not_followed(subscribed, receiver):
    receiver.routes["/hook"] = redirect(receiver.url("/elsewhere"), status=307)
    receiver.routes["/elsewhere"] = page(b"ok", content_type="text/plain")
    delivery = emit_one()
    assert run(delivery) == "failed"
    assert receiver.paths_seen == ["/hook"]
    delivery = reloaded(delivery)
    assert delivery.response_status == 307
    assert "Redirects are not followed" in delivery.error


def test_a_subscription_whose_address_became_private_gets_nothing_and_no_retry(
    subscribed, receiver, settings
):
    delivery = emit_one()
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = []
    assert run(delivery) == "failed"
    assert receiver.posts == []
    delivery = reloaded(delivery)
    assert delivery.error.startswith("address_not_allowed")
    assert delivery.response_status is None


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_receiver_that_cannot_be_reached_is_tried_again(make_subscription, allow_loopback):
    make_subscription(url=f"http://127.0.0.1:{closed_port()}/hook")
    delivery = emit_one()
    assert run(delivery) == "retrying"
    delivery = reloaded(delivery)
    assert delivery.error.startswith("connection_failed")
    assert delivery.response_status is None


def test_a_receiver_that_answers_too_slowly_is_tried_again(subscribed, receiver, monkeypatch):
    monkeypatch.setattr("webhooks.services.DELIVERY_TIMEOUT_SECONDS", 0.5)

    def slow(handler: BaseHTTPRequestHandler) -> None:
        receiver.sleep(3)
        page(b"late")(handler)

    receiver.routes["/hook"] = slow
    delivery = emit_one()
    assert run(delivery) == "retrying"
    assert reloaded(delivery).error.startswith("timeout")


def test_only_the_first_thousand_characters_of_an_answer_are_kept(subscribed, receiver):
    receiver.routes["/hook"] = page("é".encode() * 5000, content_type="text/plain")
    delivery = emit_one()
    assert run(delivery) == "succeeded"
    assert reloaded(delivery).response_body == "é" * 1000


def test_a_delivery_that_already_got_through_is_not_posted_again(subscribed, receiver):
    delivery = emit_one()
    webhook_deliver(delivery_id=delivery.pk)
    # As when a worker dies after the POST, before the ledger marks the job done.
    webhook_deliver(delivery_id=delivery.pk)
    assert len(receiver.posts) == 1


def test_a_subscription_deactivated_before_delivery_gets_nothing(subscribed, receiver):
    delivery = emit_one()
    WebhookSubscription.objects.filter(pk=subscribed.pk).update(active=False)
    assert run(delivery) == "failed"
    assert receiver.posts == []
    assert "deactivated" in reloaded(delivery).error


def test_the_secret_appears_in_no_log_and_no_job_error(subscribed, receiver, caplog):
    receiver.routes["/hook"] = page(b"", content_type="text/plain", status=500)
    delivery = emit_one()
    with caplog.at_level(logging.DEBUG):
        run(delivery)
    assert caplog.records  # the retry was logged...
    assert subscribed.secret not in caplog.text  # ...without the secret
    assert subscribed.secret not in reloaded(delivery).job.error
    assert subscribed.secret not in str(subscribed)


# --- The admin ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "pw"))
    return client


def test_the_admin_creates_a_subscription_with_a_generated_secret_it_will_not_edit(
    admin_client, receiver
):
    add = "/admin/webhooks/webhooksubscription/add/"
    assert 'name="secret"' not in admin_client.get(add).content.decode()
    response = admin_client.post(
        add, {"url": receiver.url("/hook"), "events": [CHECK_COMPLETED], "active": "on"}
    )
    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert len(subscription.secret) == 43
    assert subscription.created_by.username == "chief"
    page_html = admin_client.get(
        f"/admin/webhooks/webhooksubscription/{subscription.pk}/change/"
    ).content.decode()
    assert subscription.secret in page_html  # shown...
    assert 'name="secret"' not in page_html  # ...read-only


def test_the_admin_refuses_a_private_url(admin_client, settings):
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = []
    response = admin_client.post(
        "/admin/webhooks/webhooksubscription/add/",
        {"url": "http://10.1.2.3/hook", "events": [CHECK_COMPLETED], "active": "on"},
    )
    assert response.status_code == 200
    assert "not a public address" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_the_admin_shows_deliveries_read_only_with_their_job_status(
    admin_client, subscribed, receiver
):
    delivery = emit_one()
    run(delivery)
    listing = admin_client.get("/admin/webhooks/webhookdelivery/")
    assert listing.status_code == 200
    assert "succeeded" in listing.content.decode()
    change = admin_client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert admin_client.get("/admin/webhooks/webhookdelivery/add/").status_code == 403


# --- A real worker --------------------------------------------------------------------


@pytest.fixture
def worker(tmp_path: Path, monkeypatch) -> Iterator[Worker]:
    # The worker process reads its settings from the environment it inherits.
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE_NETWORKS", "127.0.0.0/8")
    purge_broker()
    worker = Worker("webhooks", tmp_path)
    yield worker
    worker.stop()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_check_completed_on_a_real_worker_is_delivered_signed(
    receiver, make_subscription, make_claim, worker
):
    subscription = make_subscription(url=receiver.url("/hook"), events=(CHECK_COMPLETED,))
    check = check_enqueue(claim=make_claim())

    wait_for(
        lambda: WebhookDelivery.objects.filter(delivered_at__isnull=False).exists(),
        timeout=60,
        what="the check.completed delivery",
        workers=(worker,),
    )
    (posted,) = receiver.posts
    assert posted.headers["X-Factcheck-Event"] == CHECK_COMPLETED
    assert verify(subscription.secret, posted.body, posted.headers["X-Factcheck-Signature"])
    data = json.loads(posted.body)["data"]
    check.refresh_from_db()
    assert data["check_id"] == check.pk
    assert data["claim_id"] == check.claim_id
    assert data["suggested_verdict"] == check.suggested_verdict
    delivery = WebhookDelivery.objects.select_related("job").get()
    assert delivery.status == JobStatus.SUCCEEDED
    assert delivery.job.worker.startswith("webhooks@")
    assert posted.headers["X-Factcheck-Delivery"] == str(delivery.event_id)


def test_delivery_jobs_are_listed_to_staff_only(subscribed, staff_user, client_user, reviewer):
    (delivery,) = webhook_emit(event=WebhookEvent.CHECK_COMPLETED, payload={"check_id": 1})
    listed = {
        user.username: [job["id"] for job in api_for(user).get("/api/v1/jobs/").json()["results"]]
        for user in (staff_user, client_user, reviewer)
    }
    assert delivery.job_id in listed[staff_user.username]
    assert delivery.job_id not in listed[client_user.username]
    assert delivery.job_id not in listed[reviewer.username]
    assert api_for(client_user).get(f"/api/v1/jobs/{delivery.job_id}/").status_code == 404
