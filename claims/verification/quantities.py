"""Quantities: does the passage give the claim's figure, another, or context?

Each claim figure is compared with the nearest figure of a compatible unit in
a passage sentence about the same thing (the same counted noun or a synonym,
the same currency, percent with percent, convertible measures), by the
intervals of figures.py. A match supports, a conflict refutes, bounds that
only overlap qualify. Opposite direction words ("rose to 4%" against "fell to
4%") conflict even when the numbers agree. Context never refutes: a larger
running total in a later report, an earlier smaller count against a claimed
total, or a figure the passage dates to another period (which leaves the
passage unrelated). A figure in a negated clause supports nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from claims.extraction.attribution import find_hedges
from claims.extraction.quantities import unit_kind
from claims.extraction.timerefs import extract_time_references
from factcheck.text.tokens import Token, stem
from factcheck.text.vocabulary import words

from .dates import in_window
from .figures import (
    Figure,
    Relation,
    comparator_words,
    relation,
    running_total,
    unit_family,
)
from .signals import Signals, Strength
from .words import figure, salient, snippet, token_index

if TYPE_CHECKING:
    from .facts import ClaimFacts, PassageFacts
    from .profile import ClaimProfile, PassageSentence

RISE, FALL = "rise", "fall"
_DIRECTION_REACH = 5  # a direction word this many words before the figure names its move
_NO_DISTANCE = 8.0  # a figure with no claim word near it


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    """A claim's figure with what is around it in the claim."""

    figure: Figure
    context: frozenset[str]  # salient stems near the figure ("unemployment", "rise")
    direction: str  # RISE, FALL or ""
    measured: frozenset[str]  # context words naming what is measured ("unemployment", "rate")


@cache
def direction_stems() -> frozenset[str]:
    """Stems of every direction word: they say which way, not what is measured."""
    return frozenset(stem(word) for word in words("rise_words") | words("fall_words"))


def direction(tokens: list[Token], index: int) -> str:
    """The direction of the move a figure reports: the nearest rise or fall word
    in the few words before token `index`."""
    for j in range(index - 1, max(-1, index - _DIRECTION_REACH - 1), -1):
        low = tokens[j].lower
        if low == "up" and j + 1 < len(tokens) and tokens[j + 1].lower == "to":
            continue  # "up to 1,000" is a bound
        if low in words("rise_words"):
            return RISE
        if low in words("fall_words"):
            return FALL
    return ""


def claim_figure(q: Figure, tokens: list[Token], not_measured: frozenset[str]) -> ClaimFigure:
    """The claim's figure with the words around it (six before, four after)."""
    if q.start < 0:
        context = salient(tokens)
        return ClaimFigure(q, frozenset(context), "", frozenset(context - not_measured))
    index = token_index(tokens, q.start)
    end_index = token_index(tokens, q.end)
    near = tokens[max(0, index - 6) : end_index + 4]
    context = salient(t for t in near if not (q.start <= t.start < q.end))
    return ClaimFigure(
        q, frozenset(context), direction(tokens, index), frozenset(context - not_measured)
    )


def _unit_stem(q: Figure) -> str:
    return stem(q.unit.split()[-1]) if q.unit else ""


def comparable(cq: ClaimFigure, eq: Figure, sent: PassageSentence) -> bool:
    """Whether two figures measure the same thing (same unit family, same subject)."""
    family = cq.figure.family
    if family and family == eq.family:
        # "4%" of what? Counts name their noun; other units need the claim's subject nearby
        if family.startswith("count:"):
            return True
        if unit_kind(cq.figure.unit) == "percent":  # a rate needs its own noun, not just a place
            return bool(cq.measured & sent.stems)
        return bool(cq.context & sent.stems)
    if not family and eq.family.startswith("count:"):
        return _unit_stem(eq) in cq.context  # claim "cases rose to 340" vs "340 cases"
    if family.startswith("count:") and not eq.family:
        # claim "340 cases" vs "cases rose to 340": the noun just before the bare number
        index = token_index(sent.tokens, eq.start)
        before = {t.stem for t in sent.tokens[max(0, index - 4) : index]}
        return _unit_stem(cq.figure) in before
    return False


def _distance(sent: PassageSentence, eq: Figure, context: frozenset[str]) -> float:
    """Word distance from the figure to the nearest claim context word (after counts double)."""
    index = token_index(sent.tokens, eq.start)
    end_index = token_index(sent.tokens, eq.end)
    best = _NO_DISTANCE
    for j, token in enumerate(sent.tokens):
        if token.stem not in context or index <= j < end_index:
            continue
        distance = index - j if j < index else 2.0 * (j - end_index + 1)
        best = min(best, float(distance))
    return best


def closest_figure(cq: ClaimFigure, sentences: list[PassageSentence]) -> tuple[int, Figure] | None:
    """(sentence index, figure) of the passage figure that best answers the claim's:
    comparable, near the claim's words and of a similar size."""
    best: tuple[float, int, Figure] | None = None
    for i, sent in enumerate(sentences):
        if sent.hits == 0:
            continue
        for eq in sent.figures:
            if eq.start < 0 or not comparable(cq, eq, sent):
                continue
            cost = _distance(sent, eq, cq.context)
            claimed = cq.figure.value
            if claimed and eq.value and (claimed > 0) == (eq.value > 0):
                cost += 2.0 * min(1.0, abs(math.log(abs(eq.value / claimed))))
            if best is None or cost < best[0]:
                best = (cost, i, eq)
    return None if best is None else (best[1], best[2])


def compare_quantities(
    profile: ClaimProfile,
    sentences: list[PassageSentence],
    claim: ClaimFacts,
    passage: PassageFacts,
    negated: dict[int, list[tuple[int, int]]],
    reasons: list[dict],
    signals: Signals,
) -> None:
    """Compare each claim figure with its closest passage figure; record the reason
    and its signal. `negated` holds, per sentence, the clauses a denial negates."""
    for cq in profile.quantities:
        found = closest_figure(cq, sentences)
        if found is None:
            continue
        i, eq = found
        sent = sentences[i]
        signals.compared = True
        current = current_figure(cq, eq, sent)
        if current is not eq:
            reasons.append(_revision_reason(eq, current, sent))
            eq = current
        found_relation = relation(cq.figure, eq)
        base = {"claim": cq.figure.text, "evidence": eq.text, "sentence": snippet(sent.text)}
        agrees = found_relation in (Relation.MATCH, Relation.CONSISTENT)
        e_direction = direction(sent.tokens, token_index(sent.tokens, eq.start))
        if agrees and cq.direction and e_direction and cq.direction != e_direction:
            reasons.append(_direction_conflict(cq, eq, e_direction) | base)
            signals.add_refute(Strength.CONFLICT, interested=False)
            continue
        if not agrees:
            context = quantity_context(profile, cq, eq, sent, claim, passage)
            if context is not None:
                reasons.append(context | base)
                signals.neutral = signals.neutral or context["relation"] == "another_period"
                continue
        in_negated_clause = any(a <= eq.start < b for a, b in negated.get(i, ()))
        reason, weight = _figure_reason(cq, eq, found_relation, sent, in_negated_clause)
        reasons.append(reason | base)
        if agrees:
            signals.support += weight
        elif found_relation == Relation.CONFLICT:
            signals.add_refute(weight, interested=False)
        else:
            signals.mixed += weight


def _went(move: str) -> str:
    return "up" if move == RISE else "down"


def _direction_conflict(cq: ClaimFigure, eq: Figure, e_direction: str) -> dict:
    return {
        "kind": "quantity_conflict",
        "detail": f"The figures agree ('{eq.text}' against the claim's '{cq.figure.text}'), "
        f"but the claim says it went {_went(cq.direction)} and the passage says it went "
        f"{_went(e_direction)}.",
        "relation": "direction",
    }


def _figure_reason(
    cq: ClaimFigure, eq: Figure, found: Relation, sent: PassageSentence, negated: bool
) -> tuple[dict, float]:
    """The reason for a figure that matches, conflicts or qualifies, and its weight."""
    c_text, e_text = cq.figure.text, eq.text
    if found == Relation.MATCH:
        detail = f"The passage's '{e_text}' matches the claim's '{c_text}'{_bound_note(cq, eq)}"
        weight = Strength.MATCH
    elif found == Relation.CONSISTENT:
        detail = f"The claim's '{c_text}' falls within the passage's '{e_text}'"
        weight = Strength.CONSISTENT
    elif found == Relation.CONFLICT:
        detail = f"The passage's '{e_text}' contradicts the claim's '{c_text}'"
        weight = Strength.CONFLICT
    else:
        detail = (
            f"The passage's '{e_text}' qualifies the claim's '{c_text}': the ranges only overlap"
        )
        weight = Strength.QUALIFY
    agrees = found in (Relation.MATCH, Relation.CONSISTENT)
    if agrees and (hedges := find_hedges(sent.text)):
        detail += f", though the passage hedges it ({', '.join(hedges)})"  # "could cut as many as"
        weight *= 0.5
    kind = "quantity_match" if agrees else "quantity_conflict"
    reason = {
        "kind": kind,
        "detail": "",
        "relation": found.value,
        "comparator": cq.figure.comparator,
    }
    if agrees and negated:
        detail += ", but the sentence says it did not happen"
        reason["negated"] = True
        weight = 0.0
    reason["detail"] = detail + "."
    return reason, weight


def _bound_note(cq: ClaimFigure, eq: Figure) -> str:
    """How a match stands to the claim's bound: "more than 1,000" met by "1,000"."""
    claimed = cq.figure
    if claimed.comparator == eq.comparator or claimed.comparator == "=":
        return ""
    at_bound = ", the claim's bound itself" if eq.value == claimed.value else ""
    return (
        f" (the claim says {comparator_words(claimed.comparator)} {figure(claimed.value)}; "
        f"the passage gives {comparator_words(eq.comparator)} {figure(eq.value)}{at_bound})"
    )


def current_figure(cq: ClaimFigure, eq: Figure, sent: PassageSentence) -> Figure:
    """The figure the passage asserts in place of eq, when eq is the old side of a
    change it reports ("cut to 97 from 115", "from 818,000 to 598,000") or the
    alternative it rejects ("growing 0.4% rather than shrinking 0.4%"); else eq.

    Neither the old value of a revision nor a rejected one is what the passage
    asserts, so the claim is compared with the figure it does."""
    before = sent.text[max(0, eq.start - 40) : eq.start]
    if _FROM_BEFORE.search(before):
        asserted = _TO_BEFORE
    elif _REJECTED_BEFORE.search(before):
        asserted = None
    else:
        return eq
    for other in sent.figures:
        if other is eq or other.start < 0:
            continue
        ahead = sent.text[max(0, other.start - 40) : other.start]
        if asserted is not None and not asserted.search(ahead[-6:]):
            continue
        if asserted is None and (_REJECTED_BEFORE.search(ahead) or _FROM_BEFORE.search(ahead)):
            continue
        if not other.unit:  # "from 115 people to 97": the new figure's unit is the old one's
            other = _in_unit_of(other, eq)
        if comparable(cq, other, sent):
            return other
    return eq


def _in_unit_of(bare: Figure, model: Figure) -> Figure:
    """A bare number read in another figure's unit, converted as that one was."""
    _, factor = unit_family(model.unit) or ("", 1.0)

    def scaled(value: float | None) -> float | None:
        return None if value is None else value * factor

    return replace(
        bare,
        value=bare.value * factor,
        lower=scaled(bare.lower),
        upper=scaled(bare.upper),
        unit=model.unit,
        family=model.family,
    )


# "from" right before a figure, "to" right before another: the two ends of a change;
# "rather than" or "instead of" a few words before a figure: an alternative rejected.
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
_REJECTED_BEFORE = re.compile(r"\b(?:rather\s+than|instead\s+of)\s+(?:[^\s.,;]+\s+){0,3}$", re.I)


def _revision_reason(old: Figure, new: Figure, sent: PassageSentence) -> dict:
    return {
        "kind": "revision",
        "detail": f"The passage gives '{new.text}' in place of '{old.text}': "
        f"'{new.text}' is the figure it asserts.",
        "old": old.text,
        "new": new.text,
        "sentence": snippet(sent.text),
    }


def quantity_context(
    profile: ClaimProfile,
    cq: ClaimFigure,
    eq: Figure,
    sent: PassageSentence,
    claim: ClaimFacts,
    passage: PassageFacts,
) -> dict | None:
    """The quantity_context reason when a differing figure does not refute the claim:
    a running total, a partial count, or a figure for another period."""
    claimed, later, earlier = cq.figure, True, True
    if claim.published is not None and passage.published is not None:
        later, earlier = passage.published >= claim.published, passage.published <= claim.published
    if eq.value > claimed.value and later and running_total(sent.text):
        return _context(
            "running_total",
            f"The passage's '{eq.text}' is a larger running total reported later; it "
            f"includes, and does not contradict, the claim's '{claimed.text}'.",
        )
    if eq.value < claimed.value and earlier and profile.cumulative:
        return _context(
            "running_total",
            f"The passage's '{eq.text}' is an earlier, partial count; the claim's "
            f"'{claimed.text}' is a total.",
        )
    if profile.window is not None:
        refs = extract_time_references(sent.text, passage.published)
        if refs and not any(in_window(r.date_from, r.date_to, profile.window) for r in refs):
            ref = refs[0]
            return _context(
                "another_period",
                f"The passage's '{eq.text}' is for another period ({ref.text}: "
                f"{ref.date_from.isoformat()} to {ref.date_to.isoformat()}) than the "
                f"claim's '{claimed.text}'.",
            )
    return None


def _context(relation_: str, detail: str) -> dict:
    return {"kind": "quantity_context", "detail": detail, "relation": relation_}
