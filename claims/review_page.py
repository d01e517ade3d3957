"""What the admin's claim page shows a reviewer, gathered in a few queries.

The template only renders: the article with the claim's sentence marked, the
other places it appears, the latest check with each passage in its context and
the claim's words marked in it, older checks, the review history and comments,
and the workflow steps this reviewer may take now.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.safestring import SafeString

from factcheck.highlight import Span, highlight

from .choices import ReviewAction, Verdict
from .extraction.canonical import matching_spans
from .models import Appearance, Check, Claim, Evidence, ReviewEvent
from .workflow import TRANSITIONS, available_actions

# Characters of the source document shown either side of an evidence passage.
CONTEXT_CHARS = 240


@dataclass
class EvidenceRow:
    evidence: Evidence
    context: SafeString  # the passage within its document, passage and matched words marked


@dataclass
class StepButton:
    action: str
    label: str
    needs_verdict: bool
    needs_note: bool


@dataclass
class ReviewPage:
    claim: Claim
    article: SafeString | None
    article_appearance: Appearance | None
    other_appearances: list[Appearance]
    latest_check: Check | None
    evidence: list[EvidenceRow]
    older_checks: list[Check]
    history: list[ReviewEvent]
    comments: list[ReviewEvent]
    steps: list[StepButton] = field(default_factory=list)
    verdicts: list[tuple[str, str]] = field(default_factory=list)


def _in_context(claim: Claim, evidence: Evidence) -> SafeString:
    text = evidence.document.text
    passage = evidence.text
    matched = [Span(a, b, "fc-match") for a, b in matching_spans(claim.text, passage)]
    if text[evidence.start : evidence.end] != passage:  # the document changed since
        return format_html('<span class="fc-passage">{}</span>', highlight(passage, matched))
    start = max(0, evidence.start - CONTEXT_CHARS)
    end = min(len(text), evidence.end + CONTEXT_CHARS)
    # Cut at word boundaries so the context does not open mid-word.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return format_html(
        '{}{}<span class="fc-passage">{}</span>{}{}',
        "… " if start > 0 else "",
        highlight(text[start : evidence.start], []),
        highlight(passage, matched),
        highlight(text[evidence.end : end], []),
        " …" if end < len(text) else "",
    )


def review_page(claim_id: int, user: AbstractBaseUser) -> ReviewPage:
    """Everything the claim page shows, for this user."""
    claim = (
        Claim.objects.select_related("assignee")
        .prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("document__source").order_by(
                    "document__published_at", "id"
                ),
            ),
            Prefetch(
                "checks",
                queryset=Check.objects.select_related("job").order_by("-created_at", "-id"),
            ),
            Prefetch(
                "review_events",
                queryset=ReviewEvent.objects.select_related("actor", "assignee").order_by(
                    "created_at", "id"
                ),
            ),
        )
        .get(pk=claim_id)
    )
    appearances = list(claim.appearances.all())
    first = appearances[0] if appearances else None
    article = None
    if first is not None:
        article = highlight(
            first.document.text,
            [Span(first.start, first.end, "fc-claim", "the claim", "fc-claim-span")],
        )
    checks = list(claim.checks.all())
    latest = checks[0] if checks else None
    evidence = []
    if latest is not None:
        rows = latest.evidence.select_related("document__source").order_by("-score", "id")
        evidence = [EvidenceRow(e, _in_context(claim, e)) for e in rows]
    events = list(claim.review_events.all())
    steps = [
        StepButton(
            action=name,
            label=TRANSITIONS[name].action.label,
            needs_verdict=TRANSITIONS[name].needs_verdict,
            needs_note=TRANSITIONS[name].needs_note,
        )
        for name in available_actions(claim, user)
    ]
    return ReviewPage(
        claim=claim,
        article=article,
        article_appearance=first,
        other_appearances=appearances[1:],
        latest_check=latest,
        evidence=evidence,
        older_checks=checks[1:],
        history=[e for e in events if e.action != ReviewAction.COMMENT],
        comments=[e for e in events if e.action == ReviewAction.COMMENT],
        steps=steps,
        verdicts=list(Verdict.choices),
    )
