"""Figures as the verifier compares them: a value in its unit family's base
unit, and the interval the wording allows.

"=" allows EXACT_TOLERANCE (10%), "~" APPROX_TOLERANCE (15%), "more than
1,000" is [1000, inf); a percentage is as precise as it is written ("6.1%" is
6.05..6.15, so 5.8% conflicts, while a source's "6%" covers 5.5..6.5 and is
merely consistent). Evidence is taken at its word ("about 1,000" is 1,000).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from claims.extraction.quantities import unit_kind
from factcheck.text.vocabulary import alternation, table, words

# Measured on tests/data/stance.json (tests/test_stance.py).
EXACT_TOLERANCE = 0.10  # "1,000" still matches 900..1,100
APPROX_TOLERANCE = 0.15  # "about 1,000" matches 850..1,150
PERCENT_TOLERANCE = 0.01  # percentages: the stated precision, at least 1% of the value

_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


class Relation(StrEnum):
    """How the evidence's figure stands to the claim's."""

    MATCH = "match"  # inside what the claim allows
    CONSISTENT = "consistent"  # the claim's figure is inside the evidence's bound
    CONFLICT = "conflict"  # outside what the claim allows
    QUALIFIES = "qualifies"  # bounds that only overlap


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity in the verifier's terms: values converted to the family's base unit."""

    text: str
    value: float
    lower: float | None
    upper: float | None
    comparator: str
    unit: str
    family: str  # "length", "count:job", "percent", "" for a bare number
    start: int  # offset in its sentence (-1 when unknown)
    end: int
    step: float = 0.0  # percentages: half the last stated digit ("6.1%" -> 0.05)

    @property
    def vague(self) -> bool:  # "thousands of"
        return self.comparator == "~" and self.lower is not None and self.upper is None

    @property
    def ranged(self) -> bool:  # "between 5 and 10"
        return self.lower is not None and self.upper is not None and self.lower != self.upper

    @property
    def pointlike(self) -> bool:
        return self.comparator in ("=", "~") and not self.vague and not self.ranged


def number(value: object) -> float | None:
    """The value as a finite float, or None."""
    if value is None:
        return None
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def unit_family(unit: str) -> tuple[str, float] | None:
    """(family, factor to the family's base unit); None for a bare number.

    Counts are one family per counted noun, with synonyms ("workers" are
    "jobs"); currencies, percent and other units compare by name only.
    """
    if not unit:
        return None
    if (conversion := table("unit_conversions").get(unit)) is not None:
        family, factor = conversion.split()
        return family, float(factor)
    if unit_kind(unit) == "count":
        return "count:" + table("count_synonyms").get(unit, unit), 1.0
    return unit, 1.0


def as_figure(raw: object, sentence: str) -> Figure | None:
    """A stored or extracted quantity ({text, value, lower, upper, comparator,
    unit, start}) as a Figure located in its sentence; None if it has no value."""
    if not isinstance(raw, dict) or (value := number(raw.get("value"))) is None:
        return None
    unit = str(raw.get("unit") or "")
    family, factor = unit_family(unit) or ("", 1.0)  # "" for a bare number ("rose to 340")
    text = str(raw.get("text") or "")
    start = raw.get("start")
    if not isinstance(start, int) or sentence[start : start + len(text)] != text:
        start = sentence.find(text) if text else -1
    lower, upper = number(raw.get("lower")), number(raw.get("upper"))
    step = 0.0
    if unit_kind(unit) == "percent" and (digits := _DIGITS.search(text)) is not None:
        step = 0.5 * 10.0 ** -len(digits.group(1) or "")
    return Figure(
        text=text,
        value=value * factor,
        lower=None if lower is None else lower * factor,
        upper=None if upper is None else upper * factor,
        comparator=str(raw.get("comparator") or "="),
        unit=unit,
        family=family,
        start=start,
        end=start + len(text) if start >= 0 else -1,
        step=step,
    )


def claim_interval(q: Figure) -> tuple[float, float]:
    """What the claim allows, with the tolerance its wording implies."""
    v = q.value
    if q.ranged:
        return q.lower, q.upper  # type: ignore[return-value]
    if q.comparator in (">", ">="):
        return v, math.inf
    if q.comparator in ("<", "<="):
        return -math.inf, v
    if q.comparator == "~":
        if q.vague:
            return q.lower, math.inf  # type: ignore[return-value]
        if q.upper is not None and q.lower is None:  # "nearly 500"
            return v - abs(v) * APPROX_TOLERANCE, v
        return v - abs(v) * APPROX_TOLERANCE, v + abs(v) * APPROX_TOLERANCE
    if q.step:  # a rate is as precise as it is written: 6.1% is not 5.8%
        tolerance = max(q.step, abs(v) * PERCENT_TOLERANCE)
        return v - tolerance, v + tolerance
    return v - abs(v) * EXACT_TOLERANCE, v + abs(v) * EXACT_TOLERANCE


def evidence_interval(q: Figure) -> tuple[float, float]:
    """What the evidence states, taken at its word ('about 1,000' is 1,000)."""
    if q.ranged:
        return q.lower, q.upper  # type: ignore[return-value]
    if q.vague:
        return q.lower, math.inf  # type: ignore[return-value]
    if q.comparator in (">", ">="):
        return q.value, math.inf
    if q.comparator in ("<", "<="):
        return -math.inf, q.value
    return q.value - q.step, q.value + q.step  # "6%" may be anything that rounds to 6


def relation(claimed: Figure, evidence: Figure) -> Relation:
    """How the evidence's figure stands to what the claim's figure allows."""
    c_lo, c_hi = claim_interval(claimed)
    e_lo, e_hi = evidence_interval(evidence)
    eps = 1e-9 * max(1.0, abs(claimed.value))
    if e_lo >= c_lo - eps and e_hi <= c_hi + eps:
        return Relation.MATCH
    if e_hi < c_lo - eps or e_lo > c_hi + eps:
        return Relation.CONFLICT
    if claimed.pointlike and e_lo <= claimed.value <= e_hi:
        return Relation.CONSISTENT
    return Relation.QUALIFIES


@cache
def _cumulative() -> re.Pattern[str]:
    return re.compile(rf"\b{alternation(words('cumulative_words'))}\b", re.IGNORECASE)


def running_total(text: str) -> bool:
    """Whether the text gives a running total ("so far", "in total", "since ..."):
    a larger total reported later includes a claimed figure, not contradicts it."""
    return _cumulative().search(text) is not None


def comparator_words(comparator: str) -> str:
    """'>' -> 'more than': the comparator as a reason writes it."""
    return table("comparator_words").get(comparator, comparator)
