"""The admin is usable from day one: every model's pages render, roles are respected."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from claims.choices import ClaimStatus
from claims.models import Appearance, Check, Evidence, ReviewEvent
from claims.workflow import claim_transition
from factcheck.jobs.models import Job

pytestmark = pytest.mark.django_db

OUR_APPS = {"claims", "sources", "jobs"}


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("chief", "chief@example.org", "pw")


@pytest.fixture
def populated(make_document, make_claim, reviewer):
    document = make_document(url="https://example.org/budget")
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    Appearance.objects.create(claim=claim, document=document, start=0, end=10, sentence="The counc")
    job = Job.objects.create(kind="verify", target=f"claim:{claim.pk}")
    check = Check.objects.create(claim=claim, job=job, suggested_verdict="supported")
    Evidence.objects.create(check_run=check, document=document, start=0, end=5, text="The c")
    claim_transition(claim_id=claim.pk, action="start_review", actor=reviewer, version=1)
    return claim


def our_models():
    return [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_registered_in_the_admin():
    names = {m.__name__ for m in our_models()}
    expected = {"Source", "Document", "Claim", "Appearance", "Check", "Evidence", "ReviewEvent"}
    assert names >= expected | {"Job"}


def test_every_changelist_and_change_page_renders(client, superuser, populated):
    client.force_login(superuser)
    for model in our_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        assert client.get(changelist, {"q": "council"}).status_code == 200, changelist
        obj = model.objects.first()
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200, change


def test_the_claim_page_shows_its_review_history_and_keeps_status_read_only(
    client, superuser, populated
):
    client.force_login(superuser)
    page = client.get(reverse("admin:claims_claim_change", args=[populated.pk]))
    body = page.content.decode()
    assert "Start review" in body  # the history's step
    # Status and verdict move through the workflow's buttons only, never the form.
    form_fields = set(page.context["adminform"].form.fields)
    assert form_fields == {"loaded_version", "claimant", "kind", "review_url", "rating_text"}
    assert 'name="status"' not in body


def test_a_reviewer_can_open_the_claims_list(client, reviewer, populated):
    client.force_login(reviewer)
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 200


def test_a_client_app_account_has_no_admin_access(client, client_user):
    client.force_login(client_user)
    response = client.get(reverse("admin:claims_claim_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_review_log_cannot_be_edited_in_the_admin(client, superuser, populated):
    client.force_login(superuser)
    event = ReviewEvent.objects.get(claim=populated)
    url = reverse("admin:claims_reviewevent_change", args=[event.pk])
    client.post(url, {"note": "rewritten history"})
    event.refresh_from_db()
    assert event.note == ""


def test_a_failed_job_can_be_requeued_from_the_admin(client, superuser):
    job = Job.objects.create(kind="test.sleep", status="failed", attempts=5, error="boom")
    import tests.jobkinds  # noqa: F401 - registers test.sleep

    client.force_login(superuser)
    client.post(
        reverse("admin:jobs_job_changelist"),
        {"action": "requeue_failed", "_selected_action": [job.pk]},
    )
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("queued", 0, "")


def test_a_reviewer_logs_in_through_the_admin_login_form_and_a_client_app_cannot(
    client, reviewer, client_user
):
    login = reverse("admin:login")
    refused = client.post(login, {"username": "cms-plugin", "password": "pw-cms-plugin"})
    assert refused.status_code == 200  # the form again
    assert "Client-app accounts use the API only" in refused.content.decode()

    accepted = client.post(login, {"username": "rita", "password": "pw-rita"})
    assert accepted.status_code == 302
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 200
