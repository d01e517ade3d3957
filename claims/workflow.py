"""The review workflow: the only code that changes a claim's status or verdict.

    new -> checking -> needs_review -> in_review -> resolved -> published
                                          ^    (awaiting_approval)  |
                                          +------- reopen ----------+

API, admin and workers all call claim_transition(). Each step checks that it
is legal from the current status and that the actor may take it, bumps the
claim's version (optimistic locking), and writes a ReviewEvent in the same
transaction.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from factcheck.errors import DomainError
from factcheck.roles import Role, has_role, is_staff
from webhooks.events import WebhookEvent
from webhooks.services import webhook_emit

from .choices import ClaimStatus, ReviewAction, Verdict
from .models import Claim, ReviewEvent

S = ClaimStatus


class WorkflowError(DomainError):
    """Base of the workflow's domain errors; `code` names the error for clients."""

    code = "workflow_error"


class IllegalTransition(WorkflowError):
    """The action is not possible from the claim's status, or its input is missing."""

    code = "illegal_transition"


class TransitionForbidden(WorkflowError):
    """The actor may not take this action."""

    code = "forbidden"


class UnknownClaims(WorkflowError):
    """A bulk step named claims that do not exist."""

    code = "unknown_claims"


class StaleVersion(WorkflowError):
    """The claim changed since the caller read it."""

    code = "stale_version"


@dataclass(frozen=True)
class Transition:
    action: ReviewAction
    sources: frozenset[str]
    target: str
    by_worker: bool = False  # taken by background workers (or staff), not reviewers
    needs_verdict: bool = False
    needs_note: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action.value: t
    for t in (
        Transition(ReviewAction.START_CHECK, frozenset({S.NEW}), S.CHECKING, by_worker=True),
        Transition(
            ReviewAction.COMPLETE_CHECK, frozenset({S.CHECKING}), S.NEEDS_REVIEW, by_worker=True
        ),
        Transition(ReviewAction.START_REVIEW, frozenset({S.NEEDS_REVIEW}), S.IN_REVIEW),
        # The target becomes awaiting_approval when the second-review step is on.
        Transition(ReviewAction.RESOLVE, frozenset({S.IN_REVIEW}), S.RESOLVED, needs_verdict=True),
        Transition(ReviewAction.APPROVE, frozenset({S.AWAITING_APPROVAL}), S.RESOLVED),
        Transition(ReviewAction.PUBLISH, frozenset({S.RESOLVED}), S.PUBLISHED),
        Transition(
            ReviewAction.REOPEN,
            frozenset({S.AWAITING_APPROVAL, S.RESOLVED, S.PUBLISHED}),
            S.IN_REVIEW,
            needs_note=True,
        ),
    )
}

# A decision stays on the claim through approval and publishing; reopening clears it.
_KEEPS_VERDICT = frozenset({ReviewAction.APPROVE, ReviewAction.PUBLISH})


def available_actions(claim: Claim, actor: AbstractBaseUser | None) -> list[str]:
    """The actions this actor could take on the claim now (for buttons and clients)."""
    actions = []
    for name, t in TRANSITIONS.items():
        if claim.status not in t.sources or not _may(t, actor) or not _reachable(t):
            continue
        if t.action == ReviewAction.APPROVE and _is_decider(claim, actor):
            continue
        actions.append(name)
    return actions


def _reachable(t: Transition) -> bool:
    return t.action != ReviewAction.APPROVE or settings.CLAIMS_SECOND_REVIEW


def _may(t: Transition, actor: AbstractBaseUser | None) -> bool:
    if t.by_worker:
        return actor is None or is_staff(actor)
    return has_role(actor, Role.REVIEWER)


def claim_transition(
    *,
    claim_id: int,
    action: str,
    actor: AbstractBaseUser | None,
    version: int | None = None,
    verdict: str = "",
    note: str = "",
) -> Claim:
    """Take one workflow step on a claim and log it; return the updated claim.

    actor is None for background workers. version, when given, must match
    the claim's current version (else StaleVersion): people always send it,
    workers act on whatever the current state is.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IllegalTransition(f"unknown action {action!r}; expected one of {sorted(TRANSITIONS)}")
    if not _may(transition, actor):
        raise TransitionForbidden(f"you may not {action} claims")
    if transition.needs_verdict and verdict not in Verdict.values:
        raise IllegalTransition(f"{action} needs a verdict, one of {Verdict.values}")
    if not transition.needs_verdict and verdict:
        raise IllegalTransition(f"{action} takes no verdict")
    if transition.needs_note and not note.strip():
        raise IllegalTransition(f"{action} needs a note saying why")

    with transaction.atomic():
        # The row lock (PostgreSQL) or the write lock taken at BEGIN (SQLite,
        # IMMEDIATE mode) serialises two decisions on one claim; the loser
        # then sees the bumped version below.
        claim = _locked(claim_id, version)
        if claim.status not in transition.sources or not _reachable(transition):
            raise IllegalTransition(f"cannot {action} a claim that is {claim.status}")

        target = transition.target
        if transition.action == ReviewAction.RESOLVE and settings.CLAIMS_SECOND_REVIEW:
            target = S.AWAITING_APPROVAL
        if transition.action == ReviewAction.APPROVE:
            _check_second_reviewer(claim, actor)

        from_status = claim.status  # _change refreshes the claim in place
        new_verdict = verdict or (claim.verdict if transition.action in _KEEPS_VERDICT else "")
        changes: dict[str, object] = {"status": target, "verdict": new_verdict}
        if transition.action == ReviewAction.START_REVIEW and claim.assignee_id is None:
            changes["assignee"] = actor
        if transition.action == ReviewAction.PUBLISH:
            changes["published_at"] = timezone.now()
        changed = _change(
            claim, changes, actor=actor, action=transition.action, to_status=target,
            verdict=new_verdict, note=note,
        )  # fmt: skip
        _announce(
            WebhookEvent.CLAIM_STATUS_CHANGED, changed, actor, action, from_status=from_status
        )
        return changed


def claims_start_check(*, claim_ids: list[int]) -> list[Claim]:
    """START_CHECK on many claims at once (a worker's step): the new ones among
    them move to checking, each step logged and announced as claim_transition
    does, in a few queries for all of them (a long article's new claims)."""
    transition = TRANSITIONS[ReviewAction.START_CHECK]
    with transaction.atomic():
        # Locked in id order, like claims_assign, so two callers cannot deadlock.
        claims = list(
            Claim.objects.select_for_update()
            .filter(pk__in=claim_ids, status__in=transition.sources)
            .order_by("pk")
        )
        if not claims:
            return []
        moved = [claim.pk for claim in claims]
        Claim.objects.filter(pk__in=moved).update(
            status=transition.target,
            verdict="",
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        ReviewEvent.objects.bulk_create(
            ReviewEvent(
                claim=claim,
                actor=None,
                action=transition.action,
                from_status=claim.status,
                to_status=transition.target,
                verdict="",
                version=claim.version + 1,
            )
            for claim in claims
        )
        changed = Claim.objects.in_bulk(moved)
        for claim in claims:
            _announce(
                WebhookEvent.CLAIM_STATUS_CHANGED,
                changed[claim.pk],
                None,
                transition.action,
                from_status=claim.status,
            )
    return [changed[pk] for pk in moved]


def _announce(
    event: str, claim: Claim, actor: AbstractBaseUser | None, action: str, **extra: object
) -> None:
    """Tell webhook subscribers, in this transaction: no delivery for a rolled-back step."""
    webhook_emit(
        event=event,
        payload={
            "claim_id": claim.pk,
            "action": action,
            "status": claim.status,
            "verdict": claim.verdict,
            "assignee": claim.assignee_id,
            "version": claim.version,
            "actor": actor.get_username() if actor is not None else None,
            **extra,
        },
    )


def _locked(claim_id: int, version: int | None) -> Claim:
    """The claim, locked for this transaction, at the version the caller read."""
    claim = Claim.objects.select_for_update().get(pk=claim_id)
    if version is not None and claim.version != version:
        raise StaleVersion(
            f"claim {claim.pk} is at version {claim.version}, not {version}; reload it"
        )
    return claim


def _change(
    claim: Claim,
    changes: dict[str, object],
    *,
    actor: AbstractBaseUser | None,
    action: str,
    to_status: str | None = None,
    verdict: str | None = None,
    note: str = "",
    assignee: AbstractBaseUser | None = None,
) -> Claim:
    """Apply changes to a locked claim, bump its version, log the step; the fresh claim."""
    changes = {**changes, "version": F("version") + 1, "updated_at": timezone.now()}
    if not Claim.objects.filter(pk=claim.pk, version=claim.version).update(**changes):
        raise StaleVersion(f"claim {claim.pk} changed while this step ran; reload it")
    ReviewEvent.objects.create(
        claim=claim,
        actor=actor,
        action=action,
        assignee=assignee,
        from_status=claim.status,
        to_status=to_status or claim.status,
        verdict=claim.verdict if verdict is None else verdict,
        note=note,
        version=claim.version + 1,
    )
    claim.refresh_from_db()
    return claim


def _require_reviewer(actor: AbstractBaseUser | None, doing: str) -> None:
    if not has_role(actor, Role.REVIEWER):
        raise TransitionForbidden(f"only reviewers may {doing}")


class InvalidAssignee(WorkflowError):
    """Claims are assigned to active reviewers only."""

    code = "invalid_assignee"


def _check_assignee(assignee: AbstractBaseUser | None) -> None:
    if assignee is not None and not has_role(assignee, Role.REVIEWER):
        raise InvalidAssignee(f"{assignee} is not an active reviewer")


def claim_assign(
    *,
    claim_id: int,
    assignee: AbstractBaseUser | None,
    actor: AbstractBaseUser | None,
    version: int | None = None,
    note: str = "",
) -> Claim:
    """Give the claim to a reviewer (None unassigns); logged in the review history.

    Assigning a claim to the reviewer who already holds it changes nothing.
    """
    _require_reviewer(actor, "assign claims")
    _check_assignee(assignee)
    with transaction.atomic():
        claim = _locked(claim_id, version)
        return _assign_locked(claim, assignee, actor=actor, note=note)


def _assign_locked(
    claim: Claim, assignee: AbstractBaseUser | None, *, actor: AbstractBaseUser | None, note: str
) -> Claim:
    new_id = assignee.pk if assignee is not None else None
    if claim.assignee_id == new_id:
        return claim
    action = ReviewAction.ASSIGN if assignee is not None else ReviewAction.UNASSIGN
    changed = _change(
        claim, {"assignee": assignee}, actor=actor, action=action, note=note, assignee=assignee
    )
    _announce(WebhookEvent.CLAIM_ASSIGNED, changed, actor, action)
    return changed


def claims_assign(
    *,
    claim_ids: list[int],
    assignee: AbstractBaseUser | None,
    actor: AbstractBaseUser | None,
    note: str = "",
) -> list[Claim]:
    """Assign many claims at once: all of them or, when one is missing, none."""
    _require_reviewer(actor, "assign claims")
    _check_assignee(assignee)
    wanted = list(dict.fromkeys(claim_ids))
    with transaction.atomic():
        # Locked in id order, so two bulk assignments cannot deadlock.
        claims = list(Claim.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))
        missing = sorted(set(wanted) - {c.pk for c in claims})
        if missing:
            raise UnknownClaims(f"no claims with ids {missing}", details={"missing": missing})
        changed = {c.pk: _assign_locked(c, assignee, actor=actor, note=note) for c in claims}
    return [changed[pk] for pk in wanted]


def claim_comment(*, claim_id: int, actor: AbstractBaseUser | None, text: str) -> ReviewEvent:
    """A reviewer's comment, kept in the review history; the claim itself is unchanged."""
    _require_reviewer(actor, "comment on claims")
    if not text.strip():
        raise IllegalTransition("a comment needs some text")
    claim = Claim.objects.get(pk=claim_id)
    return ReviewEvent.objects.create(
        claim=claim,
        actor=actor,
        action=ReviewAction.COMMENT,
        from_status=claim.status,
        to_status=claim.status,
        verdict=claim.verdict,
        note=text.strip(),
        version=claim.version,
    )


# What a reviewer may correct on a claim; status, verdict and version move
# only through the steps above.
EDITABLE_FIELDS = ("claimant", "kind", "review_url", "rating_text")


def claim_edit(
    *,
    claim_id: int,
    actor: AbstractBaseUser | None,
    version: int,
    changes: dict[str, object],
) -> Claim:
    """Correct the claim's editable fields; the history records old and new values."""
    _require_reviewer(actor, "edit claims")
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise IllegalTransition(f"these fields cannot be edited: {unknown}")
    with transaction.atomic():
        claim = _locked(claim_id, version)
        changed = {k: v for k, v in changes.items() if getattr(claim, k) != v}
        if not changed:
            return claim
        note = "; ".join(f"{k}: {getattr(claim, k)!r} -> {v!r}" for k, v in changed.items())
        return _change(claim, changed, actor=actor, action=ReviewAction.EDIT, note=note)


def _is_decider(claim: Claim, actor: AbstractBaseUser | None) -> bool:
    """Whether the actor made the claim's latest decision (and so may not approve it)."""
    decision = (
        ReviewEvent.objects.filter(claim=claim, action=ReviewAction.RESOLVE)
        .order_by("-version")
        .first()
    )
    return decision is not None and actor is not None and decision.actor_id == actor.pk


def _check_second_reviewer(claim: Claim, actor: AbstractBaseUser | None) -> None:
    if _is_decider(claim, actor):
        raise TransitionForbidden("a second reviewer must approve; you made this decision")
