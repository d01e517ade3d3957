"""The steps in order, for each number of a sentence, and the sentence's quantities."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator

from .bounds import (
    RANGE_CONNECTOR,
    Left,
    comparator,
    draft,
    read_left,
    read_plus,
    read_range,
    read_uncertainty,
    text_span,
)
from .context import Context
from .exclusions import code_end, date_time_or_address_end, year_or_name
from .numbers import read_number, read_ratio, scan
from .quantity import SKIP, Draft, Number, Quantity
from .tables import CURRENCY
from .units import apply_scale, unit_after, unit_kind, with_per

# The package's name, as before it was a package, so that logging set up for it holds.
_log = logging.getLogger("claims.extraction.quantities")


def parse_quantity(
    ctx: Context, s: int, atom_end: int, kind: str, prev_end: int
) -> tuple[Draft | None, int]:
    """Parse the quantity whose number starts at s -> (quantity or None, consumed end).

    The steps, in order: what stands before the number (read_left: comparator,
    currency, sign); 1. the number (read_number, read_ratio); whether it is a date,
    time or address instead; 2. its scale and unit (apply_scale, unit_after, which
    falls back on 4. the counted noun); 3. range and comparator (read_range,
    comparator); whether a bare number is a year or a name; then its text and
    bounds. kind is the atom's kind (see numbers.Atom); prev_end is where the last
    quantity ended, the furthest back its left context may reach. A step that finds
    no quantity says how far its text (a code, a date, a clock time) runs, so that
    it is not read again.
    """
    left = read_left(ctx, s, prev_end)
    cur = left.cur if left is not None else ""
    neg = left is not None and left.neg
    num, consumed = read_number(ctx, s, atom_end, kind, cur, neg)
    if num is None:
        return None, consumed
    skip = date_time_or_address_end(ctx, num, s, cur)
    if skip is not None:
        return None, skip
    apply_scale(ctx, num, bool(cur))
    if neg:
        num.value = -num.value
    plus = read_plus(ctx, num)
    read_ratio(ctx, num)
    uncertainty = read_uncertainty(ctx, num)
    measured = _unit_and_range(ctx, num, s, kind, cur, left, uncertainty)
    if isinstance(measured, int):
        return None, measured
    unit, unit_end, hi, end = measured
    phrase, cmp, mode, end = comparator(ctx, left, end, plus, num.vague)
    bare = not cur and bool(num.src) and hi is None and not neg
    if bare and year_or_name(ctx, num, s, unit_kind(unit), unit_end, phrase):
        return None, num.end
    start, end, negative = text_span(ctx, left, s, end, cur, bool(phrase), hi is not None)
    if negative:
        num.value = -num.value
    return draft(start, end, num, unit, cmp, mode, hi, uncertainty), end


def _unit_and_range(
    ctx: Context,
    num: Number,
    s: int,
    kind: str,
    cur: str,
    left: Left | None,
    uncertainty: float | None,
) -> tuple[str, int, Number | None, int] | int:
    """(unit, where the unit ends, the upper end of a range, end of the quantity).

    Or, for letters glued to the number (a code) and for scores, year spans and
    phone numbers, how far that text runs.
    """
    unit, unit_end = cur, num.end
    found = unit_after(ctx, num, bool(cur))
    if found is SKIP:
        return code_end(ctx, s)
    if found is not None:
        if not cur:
            unit, unit_end = found
        elif unit_kind(found[0]) == CURRENCY:
            unit_end = found[1]  # "US$5 billion dollars"
    if kind == "w" and num.value == 0 and ctx.low.startswith("absolute", s):
        unit = "kelvin"
    hi: Number | None = None
    end = unit_end
    rm = RANGE_CONNECTOR.match(ctx.low, unit_end)
    between = left is not None and left.pre == "between"
    if rm is not None and uncertainty is None and (between or rm.group() != " and "):
        verdict = read_range(ctx, rm, num, unit, unit_end, bool(cur), left, s)
        if verdict is SKIP:
            return code_end(ctx, rm.end())
        if verdict is not None:
            hi, unit, end = verdict
    if unit:
        unit, end = with_per(ctx, unit, end)  # "$15.4/hour", "$80 a barrel"
    return unit, unit_end, hi, end


def _inherit_units(found: list[Draft], norm: str) -> None:
    """ "45 and 50 mg", "two or three days": a bare number takes the next unit."""
    for i in range(len(found) - 2, -1, -1):
        a, b = found[i], found[i + 1]
        if (
            not a.unit
            and b.unit
            and norm[a.end : b.start] in (" and ", " or ", ", ", ", and ", ", or ", " to ", " nor ")
        ):
            a.unit = b.unit


def _tidy(value: float | None) -> float | None:
    """Drop binary noise from scaling: 4.1 * 1e9 -> 4100000000.0, not ...99.9999995."""
    if value is None or value.is_integer():
        return value
    return float(f"{value:.15g}")


def _drafts(ctx: Context) -> Iterator[Draft]:
    """The sentence's quantities as they are found, in order and without overlaps."""
    pos = 0
    for start, end, kind in scan(ctx):
        if start < pos:
            continue
        q, consumed = parse_quantity(ctx, start, end, kind, pos)
        if q is not None and pos <= q.start < q.end and math.isfinite(q.value):
            yield q
            pos = q.end
        pos = max(pos, consumed)


def _quantity(sentence: str, q: Draft) -> Quantity:
    return Quantity(
        sentence[q.start : q.end],
        _tidy(q.value),
        _tidy(q.lower),
        _tidy(q.upper),
        q.cmp,
        q.unit,
        q.start,
        q.end,
    )


def extract_quantities(sentence: str) -> list[Quantity]:
    """Find the quantities in one English sentence, in order and without overlaps.

    Never raises: anything that is not a non-empty string gives []. A failure
    inside the parser (a rule's bug) is logged at WARNING with the sentence and
    the traceback, and the quantities found before it are returned.
    """
    if not isinstance(sentence, str) or not sentence:
        return []
    found: list[Draft] = []
    try:
        ctx = Context(sentence)
        for q in _drafts(ctx):
            found.append(q)
        _inherit_units(found, ctx.norm)
    except Exception:  # the article pipeline must go on; the log shows what to fix
        _log.warning(
            "quantity parser failed on %r; returning the %d quantities found before",
            sentence,
            len(found),
            exc_info=True,
        )
    return [_quantity(sentence, q) for q in found]
