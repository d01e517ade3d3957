"""A reviewer's day in the claims admin: triage list, actions, and the claim page."""

from collections.abc import Callable

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.choices import ClaimStatus, ReviewAction
from claims.models import Appearance, Check, Claim, Evidence, ReviewEvent
from factcheck.api.fields import MAX_SEARCH_WORDS
from factcheck.jobs.models import Job

pytestmark = pytest.mark.django_db

MakeClaim = Callable[..., Claim]
CHANGELIST = "/admin/claims/claim/"

ARTICLE = (
    "Harbour report\n\n"
    "The port handled 4.2 million containers in 2024, the harbour authority said. "
    "Dock workers expect more traffic next year."
)
CLAIM = "The port handled 4.2 million containers in 2024, the harbour authority said."


@pytest.fixture
def desk(client: Client, reviewer: User) -> Client:
    client.force_login(reviewer)
    return client


def page(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def step(claim: Claim) -> str:
    return reverse("admin:claims_claim_step", args=[claim.pk])


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def checked(make_claim: MakeClaim, make_document, make_source) -> Claim:
    """A claim in needs_review, in its article, with a finished check and evidence."""
    article = make_document(ARTICLE, title="Harbour report", source=make_source("Coast News"))
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW, text=CLAIM, check_worthiness=0.8)
    start = ARTICLE.index(CLAIM)
    Appearance.objects.create(
        claim=claim, document=article, start=start, end=start + len(CLAIM), sentence=CLAIM
    )
    other_text = (
        "Shipping figures\n\nOfficial data show the port handled 4.2 million containers "
        "last year, a record. Rail freight was flat."
    )
    other = make_document(other_text, title="Shipping figures", source=make_source("Port Data"))
    passage = "Official data show the port handled 4.2 million containers last year, a record."
    check = Check.objects.create(
        claim=claim,
        job=Job.objects.create(kind="verify", target=f"claim:{claim.pk}", status="succeeded"),
        suggested_verdict="supported",
        confidence=0.82,
        explanation="Port Data reports the same figure.",
        flags=[{"kind": "date_conflict", "detail": "2024 against 2023"}],
    )
    s = other_text.index(passage)
    Evidence.objects.create(
        check_run=check,
        document=other,
        start=s,
        end=s + len(passage),
        text=passage,
        stance="supports",
        score=0.9,
        reasons=[{"kind": "quantity_match", "detail": "same quantity: 4.2 million containers"}],
    )
    return claim


# --- the triage list ----------------------------------------------------------------


def test_the_list_puts_claims_waiting_for_review_first_then_the_most_check_worthy(
    desk, make_claim: MakeClaim
) -> None:
    new_high = make_claim(status=ClaimStatus.NEW, check_worthiness=0.99)
    waiting_low = make_claim(status=ClaimStatus.NEEDS_REVIEW, check_worthiness=0.3)
    waiting_high = make_claim(status=ClaimStatus.NEEDS_REVIEW, check_worthiness=0.9)

    shown = list(desk.get(CHANGELIST).context["cl"].result_list)

    assert shown == [waiting_high, waiting_low, new_high]


def test_the_list_shows_badges_the_suggestion_with_confidence_and_flags(desk, checked) -> None:
    body = desk.get(CHANGELIST).content.decode()
    assert 'class="fc-badge fc-status-needs_review"' in body
    assert "Supported <small>(82%)</small>" in body
    assert '<span class="fc-badge fc-flag">2024 against 2023</span>' in body  # in words
    assert "Harbour report" in body  # the article it comes from


def test_a_page_of_the_list_costs_the_same_queries_for_few_or_many_claims(
    desk, make_claim: MakeClaim, checked
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert desk.get(CHANGELIST).status_code == 200
        return len(queries)

    few = count()
    for _ in range(30):
        make_claim(status=ClaimStatus.NEEDS_REVIEW)
    assert count() == few


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("assignee=me", {"mine"}),
        ("assignee=none", {"nobody", "flagged"}),
        ("flags=date_conflict", {"flagged"}),
        ("flags=any", {"flagged"}),
        ("worthiness=high", {"mine", "flagged"}),
        ("status__exact=needs_review", {"nobody", "flagged"}),
    ],
)
def test_the_triage_filters_narrow_the_list(
    desk, reviewer: User, make_claim: MakeClaim, checked, query: str, expected: set[str]
) -> None:
    claims = {
        "mine": make_claim(status=ClaimStatus.IN_REVIEW, assignee=reviewer, check_worthiness=0.9),
        "nobody": make_claim(status=ClaimStatus.NEEDS_REVIEW, check_worthiness=0.2),
        "flagged": checked,
    }
    shown = set(desk.get(f"{CHANGELIST}?{query}").context["cl"].result_list)
    assert shown == {claims[name] for name in expected}


def test_the_source_filter_keeps_claims_printed_by_that_source(desk, checked, make_claim):
    make_claim()
    source = checked.appearances.get().document.source
    shown = list(desk.get(f"{CHANGELIST}?source={source.pk}").context["cl"].result_list)
    assert shown == [checked]


def test_search_finds_claims_by_text_and_claimant(desk, make_claim: MakeClaim) -> None:
    wanted = make_claim(text="Tuition rose by 9% this year.", claimant="Student Union")
    make_claim(text="Rents fell by 2%.")
    assert list(desk.get(f"{CHANGELIST}?q=union").context["cl"].result_list) == [wanted]
    assert list(desk.get(f"{CHANGELIST}?q=tuition").context["cl"].result_list) == [wanted]


def test_a_search_of_a_thousand_words_searches_the_first_ones_and_says_so(
    desk, make_claim: MakeClaim
) -> None:
    wanted = make_claim(text="Tuition rose by 9% this year.", claimant="Student Union")
    make_claim(text="Rents fell by 2%.")
    # The first 33 words all match the wanted claim; the thousand after them match nothing.
    words = ["tuition", "union", '"rose by"'] * 11 + [f"zz{n}" for n in range(1000)]
    response = desk.get(CHANGELIST, {"q": " ".join(words)})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]
    level, text = messages_of(response)[-1]
    assert level == "warning"
    assert f"first {MAX_SEARCH_WORDS} words" in text


@pytest.mark.parametrize(
    "changelist",
    ["/admin/sources/source/", "/admin/sources/document/", "/admin/jobs/job/"],
)
def test_every_admin_search_takes_a_thousand_words_without_an_error(
    client: Client, staff_user: User, changelist: str
) -> None:
    client.force_login(staff_user)
    response = client.get(changelist, {"q": " ".join(f"w{n}" for n in range(1000))})
    assert response.status_code == 200


# --- actions --------------------------------------------------------------------------


def act(client: Client, action: str, claims: list[Claim], **extra: str):
    data = {"action": action, "_selected_action": [c.pk for c in claims], **extra}
    return client.post(CHANGELIST, data, follow=True)


def test_start_review_on_selected_claims_goes_through_the_workflow(
    desk, reviewer: User, make_claim: MakeClaim
) -> None:
    ready = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    too_early = make_claim(status=ClaimStatus.CHECKING)

    response = act(desk, "start_review", [ready, too_early])

    assert response.status_code == 200
    ready.refresh_from_db()
    assert (ready.status, ready.assignee) == (ClaimStatus.IN_REVIEW, reviewer)
    assert Claim.objects.get(pk=too_early.pk).status == ClaimStatus.CHECKING
    levels = dict(messages_of(response))
    assert "1 claim(s)" in levels["success"]
    assert f"#{too_early.pk}: cannot start_review a claim that is checking" in levels["error"]


def test_resolving_selected_claims_asks_for_the_verdict_first(desk, make_claim) -> None:
    claims = [make_claim(status=ClaimStatus.IN_REVIEW) for _ in range(2)]

    form_page = act(desk, "resolve", claims)
    assert form_page.templates[0].name == "admin/claims/claim/action_form.html"
    assert all(c.status == ClaimStatus.IN_REVIEW for c in Claim.objects.all())

    act(desk, "resolve", claims, apply="1", verdict="mostly_false", note="same table")
    assert {(c.status, c.verdict) for c in Claim.objects.all()} == {("resolved", "mostly_false")}


def test_assign_to_asks_for_a_reviewer_and_logs_each_assignment(
    desk, second_reviewer: User, make_claim: MakeClaim
) -> None:
    claims = [make_claim() for _ in range(3)]
    act(desk, "assign_to", claims, apply="1", assignee=str(second_reviewer.pk))
    assert {c.assignee for c in Claim.objects.all()} == {second_reviewer}
    assert ReviewEvent.objects.filter(action=ReviewAction.ASSIGN).count() == 3


def test_assign_to_me_and_queue_a_check(desk, reviewer: User, make_claim: MakeClaim) -> None:
    claim = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    act(desk, "assign_to_me", [claim])
    act(desk, "queue_check", [claim])
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    assert Job.objects.filter(kind="verify", target=f"claim:{claim.pk}").count() == 1


# --- the claim page -----------------------------------------------------------------


def test_the_claim_page_marks_the_claim_in_its_article(desk, checked) -> None:
    body = desk.get(page(checked)).content.decode()
    assert f'<mark class="fc-claim" title="the claim" id="fc-claim-span">{CLAIM}</mark>' in body
    assert "Dock workers expect more traffic" in body  # the rest of the article, around it


def test_the_claim_page_shows_evidence_in_context_with_the_matched_words_marked(
    desk, checked
) -> None:
    body = desk.get(page(checked)).content.decode()
    assert 'class="fc-evidence-row"' in body
    assert "Shipping figures" not in body.split('id="fc-evidence"')[0]  # context is below
    assert "Rail freight was flat." in body  # the passage's surroundings
    assert '<mark class="fc-match">4.2</mark>' in body
    assert '<mark class="fc-match">containers</mark>' in body
    assert "<div>same quantity: 4.2 million containers</div>" in body
    assert "<li>2024 against 2023</li>" in body
    assert "quantity_match" not in body  # reasons and flags in words, not their kinds


def test_the_check_and_evidence_pages_show_reasons_and_flags_in_words(desk, checked) -> None:
    check = checked.checks.get()
    pages = {
        reverse("admin:claims_check_change", args=[check.pk]): [
            "<div>2024 against 2023</div>",
            "<div>same quantity: 4.2 million containers</div>",  # the evidence inline
        ],
        reverse("admin:claims_evidence_change", args=[check.evidence.get().pk]): [
            "<div>same quantity: 4.2 million containers</div>"
        ],
    }
    for url, sentences in pages.items():
        response = desk.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert all(sentence in body for sentence in sentences)
        assert "quantity_match" not in body
        assert "date_conflict" not in body
        assert '"kind"' not in body  # no JSON


def test_the_claim_page_offers_only_the_steps_this_reviewer_may_take(desk, checked) -> None:
    body = desk.get(page(checked)).content.decode()
    assert 'value="start_review"' in body
    assert 'value="resolve"' not in body
    assert 'value="publish"' not in body


def test_a_reviewer_takes_a_claim_through_review_from_its_page(
    desk, reviewer: User, checked
) -> None:
    desk.post(step(checked), {"action": "start_review", "version": "1"})
    desk.post(step(checked), {"action": "resolve", "version": "2", "verdict": "true"})
    response = desk.post(step(checked), {"action": "publish", "version": "3"}, follow=True)

    checked.refresh_from_db()
    assert (checked.status, checked.verdict) == ("published", "true")
    assert ("success", "Publish: the claim is now published.") in messages_of(response)
    assert 'class="fc-badge fc-status-published"' in response.content.decode()
    actions = list(checked.review_events.values_list("action", "actor__username"))
    assert actions == [("start_review", "rita"), ("resolve", "rita"), ("publish", "rita")]


def test_a_step_from_a_page_loaded_before_a_change_is_refused_with_a_message(desk, checked) -> None:
    desk.post(step(checked), {"action": "start_review", "version": "1"})

    stale = desk.post(step(checked), {"action": "start_review", "version": "1"}, follow=True)

    assert stale.status_code == 200
    level, text = messages_of(stale)[-1]
    assert level == "error"
    assert "changed since you loaded it" in text
    assert ReviewEvent.objects.filter(claim=checked).count() == 1


def test_an_impossible_step_is_an_error_message_not_a_server_error(desk, checked) -> None:
    response = desk.post(step(checked), {"action": "publish", "version": "1"}, follow=True)
    assert response.status_code == 200
    assert messages_of(response)[-1][0] == "error"
    response = desk.post(step(checked), {"action": "bury", "version": "1"}, follow=True)
    assert messages_of(response)[-1][0] == "error"


def test_comments_and_assignment_from_the_claim_page_join_the_history(
    desk, second_reviewer: User, checked
) -> None:
    desk.post(step(checked), {"action": "comment", "note": "Called the port authority."})
    desk.post(step(checked), {"action": "assign", "version": "1", "assignee": second_reviewer.pk})

    body = desk.get(page(checked)).content.decode()
    assert "Called the port authority." in body
    checked.refresh_from_db()
    assert checked.assignee == second_reviewer


def test_corrections_from_a_page_loaded_before_a_change_are_refused(desk, checked) -> None:
    desk.post(step(checked), {"action": "start_review", "version": "1"})
    response = desk.post(
        page(checked),
        {"loaded_version": "1", "claimant": "Harbour Authority", "kind": "quantity",
         "review_url": "", "rating_text": ""},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert "changed since you loaded it" in response.content.decode()
    assert Claim.objects.get(pk=checked.pk).claimant == ""


def test_corrections_are_saved_through_the_workflow_and_logged(desk, checked) -> None:
    desk.post(
        page(checked),
        {"loaded_version": "1", "claimant": "Harbour Authority", "kind": "quantity",
         "review_url": "", "rating_text": ""},
    )  # fmt: skip
    checked.refresh_from_db()
    assert (checked.claimant, checked.version) == ("Harbour Authority", 2)
    assert checked.review_events.get().action == ReviewAction.EDIT


def test_a_client_app_account_cannot_open_a_claim_page_or_take_a_step(
    client: Client, client_user: User, checked
) -> None:
    client.force_login(client_user)
    assert client.get(page(checked)).status_code == 302
    client.post(step(checked), {"action": "start_review", "version": "1"})
    assert Claim.objects.get(pk=checked.pk).status == ClaimStatus.NEEDS_REVIEW


def test_steps_from_the_admin_appear_in_its_recent_actions(desk, checked, make_claim) -> None:
    other = make_claim(status=ClaimStatus.NEEDS_REVIEW)
    desk.post(step(checked), {"action": "start_review", "version": "1"})
    act(desk, "assign_to_me", [other])

    recent = desk.get("/admin/").content.decode()

    assert str(checked) in recent  # the index's "My actions" box
    assert LogEntry.objects.filter(object_id=str(checked.pk)).count() == 1
    assert LogEntry.objects.get(object_id=str(other.pk)).get_change_message() == "Assigned to you"
