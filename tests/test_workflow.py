"""The review workflow (claims.workflow): legal steps, refusals, locking and races."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection

from claims.choices import ClaimStatus, ReviewAction, Verdict
from claims.models import Claim, ReviewEvent
from claims.workflow import (
    TRANSITIONS,
    IllegalTransition,
    StaleVersion,
    TransitionForbidden,
    available_actions,
    claim_transition,
    claims_start_check,
)
from webhooks.events import WebhookEvent
from webhooks.models import WebhookDelivery, WebhookSubscription

S = ClaimStatus
A = ReviewAction

WORKER_ACTIONS = {A.START_CHECK, A.COMPLETE_CHECK}
REVIEWER_ACTIONS = {A.START_REVIEW, A.RESOLVE, A.APPROVE, A.PUBLISH, A.REOPEN}

# The design, written out by hand so that a wrong TRANSITIONS table fails a test:
# (action, from_status) -> to_status with the second-review step off ...
LEGAL = {
    (A.START_CHECK, S.NEW): S.CHECKING,
    (A.COMPLETE_CHECK, S.CHECKING): S.NEEDS_REVIEW,
    (A.START_REVIEW, S.NEEDS_REVIEW): S.IN_REVIEW,
    (A.RESOLVE, S.IN_REVIEW): S.RESOLVED,
    (A.PUBLISH, S.RESOLVED): S.PUBLISHED,
    (A.REOPEN, S.AWAITING_APPROVAL): S.IN_REVIEW,
    (A.REOPEN, S.RESOLVED): S.IN_REVIEW,
    (A.REOPEN, S.PUBLISHED): S.IN_REVIEW,
}
# ... and with it on: a decision waits for a second reviewer's approval.
LEGAL_WITH_SECOND_REVIEW = {
    **LEGAL,
    (A.RESOLVE, S.IN_REVIEW): S.AWAITING_APPROVAL,
    (A.APPROVE, S.AWAITING_APPROVAL): S.RESOLVED,
}

DECIDED = {S.AWAITING_APPROVAL, S.RESOLVED, S.PUBLISHED}

MakeClaim = Callable[..., Claim]


@pytest.fixture(autouse=True)
def _second_review_off(settings: Any) -> None:
    """Start every test from the default, whatever FACTCHECK_SECOND_REVIEW says."""
    settings.CLAIMS_SECOND_REVIEW = False


def _inputs(action: str) -> dict[str, str]:
    """The minimal valid verdict/note an action needs, so only the tested thing fails."""
    if action == A.RESOLVE:
        return {"verdict": Verdict.MOSTLY_TRUE}
    if action == A.REOPEN:
        return {"note": "A new source contradicts the figure."}
    return {}


def _actor(request: pytest.FixtureRequest, who: str) -> User | AnonymousUser | None:
    """None for a background worker, else the named user fixture (or an anonymous user)."""
    if who == "worker":
        return None
    if who == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(who)


def _assert_unchanged(claim: Claim) -> None:
    """The claim in the database is as `claim` was read, and nothing was logged."""
    current = Claim.objects.get(pk=claim.pk)
    assert (current.status, current.verdict, current.version, current.assignee_id) == (
        claim.status,
        claim.verdict,
        claim.version,
        claim.assignee_id,
    )
    assert not ReviewEvent.objects.filter(claim=claim).exists()


# --- 1. legal transitions ---------------------------------------------------


def test_the_transition_table_matches_the_design() -> None:
    table = {(name, source): t.target for name, t in TRANSITIONS.items() for source in t.sources}
    assert table == {(a.value, s.value): to.value for (a, s), to in LEGAL.items()} | {
        (A.APPROVE.value, S.AWAITING_APPROVAL.value): S.RESOLVED.value
    }
    assert {name for name, t in TRANSITIONS.items() if t.by_worker} == WORKER_ACTIONS
    assert {name for name, t in TRANSITIONS.items() if t.needs_verdict} == {A.RESOLVE}
    assert {name for name, t in TRANSITIONS.items() if t.needs_note} == {A.REOPEN}
    # The other review actions (assign, edit, comment) never change the status.
    assert set(TRANSITIONS) == set(A.values) - {A.ASSIGN, A.UNASSIGN, A.EDIT, A.COMMENT}


def _case(
    action: str,
    source: str,
    target: str,
    who: str,
    *,
    second_review: bool = False,
    verdict: str = "",
    after: str = "",
    id: str,
) -> Any:
    """One legal step: who takes it, the verdict given, and the verdict expected after."""
    return pytest.param(action, source, target, second_review, who, verdict, after, id=id)


LEGAL_CASES = [
    _case(A.START_CHECK, S.NEW, S.CHECKING, "worker", id="start_check-worker"),
    _case(A.START_CHECK, S.NEW, S.CHECKING, "staff_user", id="start_check-staff"),
    _case(A.COMPLETE_CHECK, S.CHECKING, S.NEEDS_REVIEW, "worker", id="complete_check-worker"),
    _case(A.COMPLETE_CHECK, S.CHECKING, S.NEEDS_REVIEW, "staff_user", id="complete_check-staff"),
    _case(A.START_REVIEW, S.NEEDS_REVIEW, S.IN_REVIEW, "reviewer", id="start_review"),
    _case(
        A.RESOLVE,
        S.IN_REVIEW,
        S.RESOLVED,
        "reviewer",
        verdict="mostly_false",
        after="mostly_false",
        id="resolve",
    ),
    _case(
        A.RESOLVE,
        S.IN_REVIEW,
        S.AWAITING_APPROVAL,
        "reviewer",
        second_review=True,
        verdict="true",
        after="true",
        id="resolve-second_review",
    ),
    # Claims made in a decided status carry the verdict "mixed" (see the test).
    _case(
        A.APPROVE,
        S.AWAITING_APPROVAL,
        S.RESOLVED,
        "second_reviewer",
        second_review=True,
        after="mixed",
        id="approve-second_review",
    ),
    _case(A.PUBLISH, S.RESOLVED, S.PUBLISHED, "reviewer", after="mixed", id="publish"),
    _case(
        A.REOPEN,
        S.AWAITING_APPROVAL,
        S.IN_REVIEW,
        "reviewer",
        second_review=True,
        id="reopen-awaiting_approval",
    ),
    _case(A.REOPEN, S.RESOLVED, S.IN_REVIEW, "reviewer", id="reopen-resolved"),
    _case(A.REOPEN, S.PUBLISHED, S.IN_REVIEW, "reviewer", id="reopen-published"),
]


@pytest.mark.parametrize(
    ("action", "source", "target", "second_review", "who", "verdict", "verdict_after"), LEGAL_CASES
)
def test_each_legal_step_moves_the_claim_bumps_its_version_and_logs_an_event(
    request: pytest.FixtureRequest,
    settings: Any,
    make_claim: MakeClaim,
    action: str,
    source: str,
    target: str,
    second_review: bool,
    who: str,
    verdict: str,
    verdict_after: str,
) -> None:
    settings.CLAIMS_SECOND_REVIEW = second_review
    actor = _actor(request, who)
    claim = make_claim(status=source, verdict="mixed" if source in DECIDED else "")
    note = "A new source contradicts the figure." if action == A.REOPEN else ""

    result = claim_transition(
        claim_id=claim.pk,
        action=action,
        actor=actor,
        version=claim.version,
        verdict=verdict,
        note=note,
    )

    stored = Claim.objects.get(pk=claim.pk)
    for c in (result, stored):
        assert c.status == target
        assert c.verdict == verdict_after
        assert c.version == claim.version + 1
    event = ReviewEvent.objects.get(claim=claim)
    assert event.actor == actor
    assert event.action == action
    assert (event.from_status, event.to_status) == (source, target)
    assert event.verdict == verdict_after
    assert event.note == note
    assert event.version == claim.version + 1


def test_the_hand_written_legal_cases_cover_the_whole_design() -> None:
    covered = {(p.values[0], p.values[1], p.values[3]) for p in LEGAL_CASES}
    for action, source in LEGAL:
        if action != A.RESOLVE:
            assert any(c[:2] == (action, source) for c in covered), (action, source)
    assert (A.RESOLVE, S.IN_REVIEW, False) in covered
    assert (A.RESOLVE, S.IN_REVIEW, True) in covered
    assert (A.APPROVE, S.AWAITING_APPROVAL, True) in covered


def test_a_claim_goes_all_the_way_from_new_to_published_with_second_review(
    settings: Any, make_claim: MakeClaim, reviewer: User, second_reviewer: User
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    claim = make_claim()
    steps = [
        (A.START_CHECK, None, ""),
        (A.COMPLETE_CHECK, None, ""),
        (A.START_REVIEW, reviewer, ""),
        (A.RESOLVE, reviewer, Verdict.FALSE),
        (A.APPROVE, second_reviewer, ""),
        (A.PUBLISH, reviewer, ""),
    ]
    for action, actor, verdict in steps:
        version = None if actor is None else claim.version
        claim = claim_transition(
            claim_id=claim.pk, action=action, actor=actor, version=version, verdict=verdict
        )

    assert (claim.status, claim.verdict, claim.version) == (S.PUBLISHED, Verdict.FALSE, 7)
    events = list(ReviewEvent.objects.filter(claim=claim))
    assert [(e.action, e.from_status, e.to_status, e.version) for e in events] == [
        (A.START_CHECK, S.NEW, S.CHECKING, 2),
        (A.COMPLETE_CHECK, S.CHECKING, S.NEEDS_REVIEW, 3),
        (A.START_REVIEW, S.NEEDS_REVIEW, S.IN_REVIEW, 4),
        (A.RESOLVE, S.IN_REVIEW, S.AWAITING_APPROVAL, 5),
        (A.APPROVE, S.AWAITING_APPROVAL, S.RESOLVED, 6),
        (A.PUBLISH, S.RESOLVED, S.PUBLISHED, 7),
    ]


# --- 2. illegal transitions -------------------------------------------------

ILLEGAL = [
    (action, status)
    for action in TRANSITIONS
    for status in S
    if (action, status) not in LEGAL_WITH_SECOND_REVIEW
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL, ids=lambda v: str(v))
def test_it_refuses_an_action_the_claims_status_does_not_allow(
    settings: Any, make_claim: MakeClaim, reviewer: User, action: str, status: str
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    actor = None if action in WORKER_ACTIONS else reviewer
    claim = make_claim(status=status)

    with pytest.raises(IllegalTransition):
        claim_transition(
            claim_id=claim.pk, action=action, actor=actor, version=claim.version, **_inputs(action)
        )

    _assert_unchanged(claim)


def test_it_refuses_to_publish_a_claim_still_in_review(
    make_claim: MakeClaim, reviewer: User
) -> None:
    claim = make_claim(status=S.IN_REVIEW)
    with pytest.raises(IllegalTransition):
        claim_transition(claim_id=claim.pk, action=A.PUBLISH, actor=reviewer, version=1)
    _assert_unchanged(claim)


def test_it_refuses_to_approve_when_the_second_review_step_is_off(
    make_claim: MakeClaim, reviewer: User
) -> None:
    claim = make_claim(status=S.AWAITING_APPROVAL)
    with pytest.raises(IllegalTransition):
        claim_transition(claim_id=claim.pk, action=A.APPROVE, actor=reviewer, version=1)
    _assert_unchanged(claim)


# --- 3. permissions and input -----------------------------------------------

SOURCE_OF = {
    A.START_CHECK: S.NEW,
    A.COMPLETE_CHECK: S.CHECKING,
    A.START_REVIEW: S.NEEDS_REVIEW,
    A.RESOLVE: S.IN_REVIEW,
    A.APPROVE: S.AWAITING_APPROVAL,
    A.PUBLISH: S.RESOLVED,
    A.REOPEN: S.PUBLISHED,
}


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_a_client_app_may_take_no_workflow_step(
    settings: Any, make_claim: MakeClaim, client_user: User, action: str
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    claim = make_claim(status=SOURCE_OF[action])
    with pytest.raises(TransitionForbidden):
        claim_transition(
            claim_id=claim.pk, action=action, actor=client_user, version=1, **_inputs(action)
        )
    _assert_unchanged(claim)


@pytest.mark.parametrize("action", sorted(REVIEWER_ACTIONS))
@pytest.mark.parametrize("anonymous", [None, AnonymousUser()], ids=["none", "anonymous_user"])
def test_an_anonymous_actor_may_take_no_reviewer_step(
    settings: Any, make_claim: MakeClaim, action: str, anonymous: AnonymousUser | None
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    claim = make_claim(status=SOURCE_OF[action])
    with pytest.raises(TransitionForbidden):
        claim_transition(
            claim_id=claim.pk, action=action, actor=anonymous, version=1, **_inputs(action)
        )
    _assert_unchanged(claim)


@pytest.mark.parametrize("action", sorted(WORKER_ACTIONS))
def test_an_anonymous_user_object_is_not_a_worker(make_claim: MakeClaim, action: str) -> None:
    claim = make_claim(status=SOURCE_OF[action])
    with pytest.raises(TransitionForbidden):
        claim_transition(claim_id=claim.pk, action=action, actor=AnonymousUser())
    _assert_unchanged(claim)


@pytest.mark.parametrize("action", sorted(WORKER_ACTIONS))
def test_a_reviewer_cannot_take_a_worker_step(
    make_claim: MakeClaim, reviewer: User, action: str
) -> None:
    claim = make_claim(status=SOURCE_OF[action])
    with pytest.raises(TransitionForbidden):
        claim_transition(claim_id=claim.pk, action=action, actor=reviewer, version=1)
    _assert_unchanged(claim)


def test_an_inactive_reviewer_may_not_review(make_claim: MakeClaim, reviewer: User) -> None:
    reviewer.is_active = False
    reviewer.save()
    claim = make_claim(status=S.NEEDS_REVIEW)
    with pytest.raises(TransitionForbidden):
        claim_transition(claim_id=claim.pk, action=A.START_REVIEW, actor=reviewer, version=1)
    _assert_unchanged(claim)


def test_staff_may_also_take_reviewer_steps(make_claim: MakeClaim, staff_user: User) -> None:
    claim = make_claim(status=S.IN_REVIEW)
    claim = claim_transition(
        claim_id=claim.pk, action=A.RESOLVE, actor=staff_user, version=1, verdict=Verdict.TRUE
    )
    assert (claim.status, claim.verdict) == (S.RESOLVED, Verdict.TRUE)


def test_the_reviewer_who_resolved_cannot_approve_their_own_decision(
    settings: Any, make_claim: MakeClaim, reviewer: User, second_reviewer: User
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    claim = make_claim(status=S.IN_REVIEW)
    claim = claim_transition(
        claim_id=claim.pk, action=A.RESOLVE, actor=reviewer, version=1, verdict=Verdict.FALSE
    )
    assert claim.status == S.AWAITING_APPROVAL

    with pytest.raises(TransitionForbidden):
        claim_transition(claim_id=claim.pk, action=A.APPROVE, actor=reviewer, version=2)
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.verdict, stored.version) == (S.AWAITING_APPROVAL, "false", 2)
    assert ReviewEvent.objects.filter(claim=claim).count() == 1

    claim = claim_transition(claim_id=claim.pk, action=A.APPROVE, actor=second_reviewer, version=2)
    assert (claim.status, claim.verdict, claim.version) == (S.RESOLVED, Verdict.FALSE, 3)
    assert ReviewEvent.objects.get(claim=claim, action=A.APPROVE).actor == second_reviewer


def test_after_a_reopen_only_the_latest_decision_maker_is_barred_from_approving(
    settings: Any, make_claim: MakeClaim, reviewer: User, second_reviewer: User
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    claim = make_claim(status=S.IN_REVIEW)
    claim = claim_transition(
        claim_id=claim.pk, action=A.RESOLVE, actor=reviewer, version=1, verdict=Verdict.FALSE
    )
    claim = claim_transition(
        claim_id=claim.pk, action=A.REOPEN, actor=second_reviewer, version=2, note="Check again."
    )
    claim = claim_transition(
        claim_id=claim.pk, action=A.RESOLVE, actor=second_reviewer, version=3, verdict="mixed"
    )

    with pytest.raises(TransitionForbidden):
        claim_transition(claim_id=claim.pk, action=A.APPROVE, actor=second_reviewer, version=4)
    claim = claim_transition(claim_id=claim.pk, action=A.APPROVE, actor=reviewer, version=4)
    assert (claim.status, claim.verdict) == (S.RESOLVED, Verdict.MIXED)


@pytest.mark.parametrize(
    "verdict",
    ["", "maybe", "supported", "TRUE"],
    ids=["missing", "unknown", "suggested_verdict_not_a_verdict", "wrong_case"],
)
def test_it_refuses_to_resolve_without_a_valid_verdict(
    make_claim: MakeClaim, reviewer: User, verdict: str
) -> None:
    claim = make_claim(status=S.IN_REVIEW)
    with pytest.raises(IllegalTransition):
        claim_transition(
            claim_id=claim.pk, action=A.RESOLVE, actor=reviewer, version=1, verdict=verdict
        )
    _assert_unchanged(claim)


@pytest.mark.parametrize("note", ["", "   \n"], ids=["empty", "blank"])
def test_it_refuses_to_reopen_without_a_note(
    make_claim: MakeClaim, reviewer: User, note: str
) -> None:
    claim = make_claim(status=S.RESOLVED)
    with pytest.raises(IllegalTransition):
        claim_transition(claim_id=claim.pk, action=A.REOPEN, actor=reviewer, version=1, note=note)
    _assert_unchanged(claim)


@pytest.mark.parametrize("action", [a for a in TRANSITIONS if a != A.RESOLVE])
def test_it_refuses_a_verdict_given_to_an_action_that_takes_none(
    settings: Any, make_claim: MakeClaim, reviewer: User, action: str
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    actor = None if action in WORKER_ACTIONS else reviewer
    claim = make_claim(status=SOURCE_OF[action])
    inputs = _inputs(action) | {"verdict": Verdict.TRUE}
    with pytest.raises(IllegalTransition):
        claim_transition(claim_id=claim.pk, action=action, actor=actor, version=1, **inputs)
    _assert_unchanged(claim)


def test_it_refuses_an_unknown_action(make_claim: MakeClaim, reviewer: User) -> None:
    claim = make_claim(status=S.IN_REVIEW)
    with pytest.raises(IllegalTransition, match="unknown action"):
        claim_transition(claim_id=claim.pk, action="delete", actor=reviewer, version=1)
    _assert_unchanged(claim)


# --- 4. stale versions ------------------------------------------------------


def test_it_refuses_a_step_based_on_a_stale_version(
    make_claim: MakeClaim, reviewer: User, second_reviewer: User
) -> None:
    claim = make_claim(status=S.NEEDS_REVIEW)
    seen = claim.version
    claim = claim_transition(claim_id=claim.pk, action=A.START_REVIEW, actor=reviewer, version=seen)

    with pytest.raises(StaleVersion):
        claim_transition(
            claim_id=claim.pk,
            action=A.RESOLVE,
            actor=second_reviewer,
            version=seen,
            verdict=Verdict.TRUE,
        )

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.verdict, stored.version) == (S.IN_REVIEW, "", seen + 1)
    assert list(ReviewEvent.objects.filter(claim=claim).values_list("action", flat=True)) == [
        A.START_REVIEW
    ]


def test_it_refuses_a_version_from_the_future(make_claim: MakeClaim, reviewer: User) -> None:
    claim = make_claim(status=S.RESOLVED)
    with pytest.raises(StaleVersion):
        claim_transition(claim_id=claim.pk, action=A.PUBLISH, actor=reviewer, version=2)
    _assert_unchanged(claim)


def test_a_worker_without_a_version_acts_on_the_current_state(make_claim: MakeClaim) -> None:
    claim = make_claim(status=S.NEW)
    Claim.objects.filter(pk=claim.pk).update(version=5)
    claim = claim_transition(claim_id=claim.pk, action=A.START_CHECK, actor=None)
    assert (claim.status, claim.version) == (S.CHECKING, 6)
    assert ReviewEvent.objects.get(claim=claim).version == 6


def _steps(claim: Claim) -> list[tuple[object, ...]]:
    return list(
        ReviewEvent.objects.filter(claim=claim).values_list(
            "action", "actor", "from_status", "to_status", "verdict", "version"
        )
    )


def _announced(claim: Claim, *, leaving_out: tuple[str, ...] = ()) -> dict[str, object]:
    payload = WebhookDelivery.objects.get(payload__claim_id=claim.pk).payload
    return {key: value for key, value in payload.items() if key not in leaving_out}


def test_starting_checks_in_bulk_moves_the_new_claims_as_one_transition_each_would(
    make_claim: MakeClaim,
) -> None:
    WebhookSubscription.objects.create(
        url="https://hooks.example.org/factcheck", events=[WebhookEvent.CLAIM_STATUS_CHANGED]
    )
    alone, first, second = (make_claim(status=S.NEW) for _ in range(3))
    checking = make_claim(status=S.CHECKING)
    claim_transition(claim_id=alone.pk, action=A.START_CHECK, actor=None)

    moved = claims_start_check(claim_ids=[second.pk, checking.pk, first.pk])

    assert [c.pk for c in moved] == [first.pk, second.pk]
    for claim in (first, second):
        claim.refresh_from_db()
        assert (claim.status, claim.version) == (S.CHECKING, 2)
        assert _steps(claim) == _steps(alone)
        assert _announced(claim, leaving_out=("claim_id",)) == _announced(
            alone, leaving_out=("claim_id",)
        )
        assert _announced(claim)["from_status"] == S.NEW
    _assert_unchanged(checking)


# --- 5. assignment ----------------------------------------------------------


def test_starting_a_review_assigns_an_unassigned_claim_to_the_reviewer(
    make_claim: MakeClaim, reviewer: User
) -> None:
    claim = make_claim(status=S.NEEDS_REVIEW)
    claim = claim_transition(claim_id=claim.pk, action=A.START_REVIEW, actor=reviewer, version=1)
    assert claim.assignee == reviewer


def test_starting_a_review_keeps_an_existing_assignee(
    make_claim: MakeClaim, reviewer: User, second_reviewer: User
) -> None:
    claim = make_claim(status=S.NEEDS_REVIEW, assignee=second_reviewer)
    claim = claim_transition(claim_id=claim.pk, action=A.START_REVIEW, actor=reviewer, version=1)
    assert claim.assignee == second_reviewer
    assert ReviewEvent.objects.get(claim=claim).actor == reviewer


# --- 6. available actions ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "second_review", "who", "expected"),
    [
        (S.NEW, False, "worker", {A.START_CHECK}),
        (S.NEW, False, "staff_user", {A.START_CHECK}),
        (S.NEW, False, "reviewer", set()),
        (S.CHECKING, False, "worker", {A.COMPLETE_CHECK}),
        (S.CHECKING, False, "reviewer", set()),
        (S.NEEDS_REVIEW, False, "reviewer", {A.START_REVIEW}),
        (S.NEEDS_REVIEW, False, "worker", set()),
        (S.NEEDS_REVIEW, False, "client_user", set()),
        (S.IN_REVIEW, False, "reviewer", {A.RESOLVE}),
        (S.IN_REVIEW, False, "anonymous", set()),
        (S.AWAITING_APPROVAL, False, "reviewer", {A.REOPEN}),
        (S.AWAITING_APPROVAL, True, "reviewer", {A.APPROVE, A.REOPEN}),
        (S.RESOLVED, False, "reviewer", {A.PUBLISH, A.REOPEN}),
        (S.RESOLVED, False, "staff_user", {A.PUBLISH, A.REOPEN}),
        (S.RESOLVED, False, "client_user", set()),
        (S.PUBLISHED, False, "reviewer", {A.REOPEN}),
        (S.PUBLISHED, False, "worker", set()),
    ],
)
def test_available_actions_lists_what_the_actor_could_do_now(
    request: pytest.FixtureRequest,
    settings: Any,
    make_claim: MakeClaim,
    status: str,
    second_review: bool,
    who: str,
    expected: set[str],
) -> None:
    settings.CLAIMS_SECOND_REVIEW = second_review
    actor = _actor(request, who)
    claim = make_claim(status=status)
    actions = available_actions(claim, actor)
    assert len(actions) == len(set(actions))
    assert set(actions) == expected


def test_the_reviewer_who_decided_is_not_offered_approval_of_their_own_decision(
    settings: Any, make_claim: MakeClaim, reviewer: User, second_reviewer: User
) -> None:
    settings.CLAIMS_SECOND_REVIEW = True
    claim = make_claim(status=S.IN_REVIEW)
    claim = claim_transition(
        claim_id=claim.pk, action=A.RESOLVE, actor=reviewer, version=1, verdict="false"
    )
    assert claim.status == S.AWAITING_APPROVAL
    assert A.APPROVE not in available_actions(claim, reviewer)
    assert A.APPROVE in available_actions(claim, second_reviewer)


# --- 7. concurrency ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_on_one_claim_let_exactly_one_win(
    reviewer: User, second_reviewer: User
) -> None:
    claim = Claim.objects.create(text="Turnout was 71% in 2024.", fingerprint="fp-race")
    Claim.objects.filter(pk=claim.pk).update(status=S.IN_REVIEW)
    claim.refresh_from_db()
    version = claim.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, Claim | BaseException] = {}

    def decide(actor: User, verdict: str) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[actor.username] = claim_transition(
                claim_id=claim.pk,
                action=A.RESOLVE,
                actor=actor,
                version=version,
                verdict=verdict,
            )
        except BaseException as exc:
            outcomes[actor.username] = exc
        finally:
            connection.close()

    verdicts = {reviewer.username: Verdict.TRUE, second_reviewer.username: Verdict.FALSE}
    threads = [
        threading.Thread(target=decide, args=(actor, verdicts[actor.username]))
        for actor in (reviewer, second_reviewer)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)

    winners = [name for name, o in outcomes.items() if isinstance(o, Claim)]
    losers = [name for name, o in outcomes.items() if isinstance(o, StaleVersion)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1, outcomes
    winner = winners[0]

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.verdict, stored.version) == (
        S.RESOLVED,
        verdicts[winner],
        version + 1,
    )
    event = ReviewEvent.objects.get(claim=claim, action=A.RESOLVE)
    assert event.actor.username == winner
    assert event.verdict == verdicts[winner]
    assert ReviewEvent.objects.filter(claim=claim).count() == 1
