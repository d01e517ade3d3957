"""What verification reads and what it hands back: plain values, no database.

A check builds a :class:`ClaimFacts` from the stored claim and a
:class:`PassageFacts` for each retrieved passage; :func:`judge.judge_passage`
returns a :class:`Judgement` per passage and :func:`aggregate.aggregate` one
:class:`Verdict` over them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from claims.choices import Stance, SuggestedVerdict
from claims.extraction.attribution import find_attribution
from claims.extraction.entities import find_entities
from claims.extraction.framing import with_counted_noun
from claims.extraction.quantities import extract_quantities
from claims.extraction.timerefs import extract_time_references


@dataclass(frozen=True)
class ClaimFacts:
    """What the verifier knows about the claim (as stored on the Claim)."""

    text: str
    quantities: list[dict]  # {text, value, lower, upper, comparator, unit, ...}
    time_references: list[dict]  # {text, date_from, date_to (ISO strings), granularity ...}
    entities: list[dict]  # {text, type}
    claimant: str
    published: date | None  # the claim's article date

    @classmethod
    def from_text(
        cls, text: str, *, claimant: str = "", published: date | None = None
    ) -> ClaimFacts:
        """Facts extracted from the claim sentence itself (for hand-made claims and tests)."""
        if not claimant and (attribution := find_attribution(text)) is not None:
            claimant = attribution.claimant
        return cls(
            text=text,
            quantities=with_counted_noun(text, [q.as_dict() for q in extract_quantities(text)]),
            time_references=[t.as_dict() for t in extract_time_references(text, published)],
            entities=[{"text": e.text, "type": e.type} for e in find_entities(text)],
            claimant=claimant,
            published=published,
        )


@dataclass(frozen=True)
class PassageFacts:
    """One evidence passage and what is known about where it comes from."""

    text: str
    published: date | None  # the evidence document's published_at date
    publisher: str
    reliability: float  # 0..1, the Source's reliability
    rank: float = 0.0  # retrieval rank (tie-breaks only)


@dataclass(frozen=True)
class Judgement:
    """The stance of one passage towards the claim, with its reasons.

    Each reason is ``{"kind", "detail", ...}``: ``kind`` is a key other code
    counts on (quantity_match, quantity_conflict, date_conflict, denial ...),
    ``detail`` the sentence a reviewer reads.
    """

    stance: Stance
    score: float  # 0..1: relevance x strength x reliability
    reasons: list[dict]
    date_conflict: dict | None  # {claim_window, evidence_date, evidence_text} or None


@dataclass(frozen=True)
class Verdict:
    """A suggested verdict over all judged passages; a reviewer decides."""

    suggested_verdict: SuggestedVerdict
    confidence: float  # 0..1
    explanation: str
    flags: list[dict]  # {kind, detail, ...}: what a reviewer should look at
