"""Step 3: read the comparator and the range, and so the bounds.

What stands before a number is read forwards, each part by a regex anchored at
the end of a short window just before what was read already:
``[between|from] [comparator] [(] [minus|-] [currency] [-] NUMBER``. After it
come a trailing comparator ("or more", "65+"), an uncertainty ("+/- 0.2"), or
the other end of a range ("5 to 10", "5-10%", "between 44 and 50 mg"); a change
("rose from 5% to 7%") is no range but two figures.
"""

from __future__ import annotations

import re

from factcheck.text.vocabulary import alternation

from .context import Context
from .numbers import number_at
from .quantity import SKIP, Draft, Number, Skip
from .tables import (
    AUXILIARIES,
    BE_FORMS,
    CHANGE_VERBS,
    COMPARATORS,
    COUNT,
    CURRENCY,
    CURRENCY_LETTER_PREFIXES,
    CURRENCY_PREFIXES,
    CURRENCY_SYMBOLS,
    NOUN_LY,
    SUFFIX_COMPARATORS,
)
from .units import apply_scale, unit_after, unit_kind

# Each part of the left context: a regex anchored at the end of its window (\Z is
# the window's end; (?<![a-z]) keeps a phrase from starting inside a word), how
# far back the window reaches (its longest phrase and a few spaces), and how the
# text before the part's trailing spaces may end for the regex to be worth trying.
_Part = tuple[re.Pattern[str], int, tuple[str, ...]]
_SPACES = 4
_NEG: _Part = (re.compile(r"(?<![a-z0-9])-\Z"), 1, ("-",))
_CURRENCY: _Part = (
    re.compile(
        r"(?:(?<![a-z])(?P<code>" + alternation(CURRENCY_LETTER_PREFIXES) + r") ?"
        r"|(?P<sign>" + alternation(CURRENCY_SYMBOLS) + r") ?)\Z"
    ),
    max(map(len, CURRENCY_PREFIXES)) + 1,
    tuple(CURRENCY_PREFIXES),
)
_NEG_WORD: _Part = (
    re.compile(r"(?:(?<![a-z0-9])-|(?<![a-z])(?:minus|negative) +)\Z"),
    len("negative") + _SPACES,
    ("-", "minus", "negative"),
)
_COMPARATOR: _Part = (
    re.compile(r"(?<![a-z])(?P<cmp>" + alternation(COMPARATORS) + r") +\Z"),
    max(map(len, COMPARATORS)) + _SPACES,
    tuple({phrase.rpartition(" ")[2] for phrase in COMPARATORS}),
)
_BETWEEN_FROM: _Part = (
    re.compile(r"(?<![a-z])(?P<pre>between|from) +\Z"),
    len("between") + _SPACES,
    ("between", "from"),
)
# How the text just before a number (spaces aside) ends when any part is there.
_LEFT_ENDINGS = (
    "(",
    *{
        ending
        for part in (_NEG, _CURRENCY, _NEG_WORD, _COMPARATOR, _BETWEEN_FROM)
        for ending in part[2]
    },
)
_COPULA = re.compile(r"(?<![a-z])(?:" + alternation(BE_FORMS) + r") +\Z")
_COPULA_REACH = max(map(len, BE_FORMS)) + _SPACES

_UNCERTAINTY = re.compile(r" ?(?:\+/-|\+-|\u00b1) ?")
RANGE_CONNECTOR = re.compile(r" ?- ?to | to | through | and | ?- ?")
# "65 or more", "five or so", "5-plus": a comparator after the number.
_SUFFIX_CMP = re.compile(
    "(?:" + alternation(f" {p}" if p[0].isalpha() else p for p in SUFFIX_COMPARATORS) + ")(?![a-z])"
)


class Left:
    """What stands before a number; each ``*_at`` is where that part starts.

    ``start`` is where the sign or currency begins (the number's start when there
    is neither); ``paren`` is the offset of a "(" before them, or -1; ``begin`` is
    where the whole left context starts.
    """

    __slots__ = ("begin", "cmp", "cmp_at", "cur", "neg", "paren", "pre", "pre_at", "start")

    def __init__(self, cur: str, neg: bool, start: int, paren: int) -> None:
        self.cur = cur  # ISO code of a currency before the number
        self.neg = neg
        self.start = start
        self.paren = paren
        self.cmp = ""  # comparator phrase, lower case
        self.cmp_at = start
        self.pre = ""  # "between" or "from"
        self.pre_at = start
        self.begin = start


def _ending(
    pattern: re.Pattern[str], low: str, lo: int, p: int, reach: int
) -> re.Match[str] | None:
    """pattern matched in low so that it ends exactly at p, starting at lo or later."""
    return pattern.search(low, max(lo, p - reach), p)


def _ends_with(low: str, lo: int, p: int, endings: tuple[str, ...]) -> bool:
    """Whether low[lo:p], trailing spaces aside, ends with one of endings (a test in C)."""
    while p > lo and low[p - 1] == " ":
        p -= 1
    return low.endswith(endings, lo, p)


def _part(low: str, lo: int, p: int, part: _Part) -> re.Match[str] | None:
    """The part of the left context that ends at p, or None; its regex is tried
    only where the text before p ends as one of its phrases does."""
    pattern, reach, endings = part
    return _ending(pattern, low, lo, p, reach) if _ends_with(low, lo, p, endings) else None


def read_left(ctx: Context, s: int, lo: int) -> Left | None:
    """The left context of the number at s, read no further back than lo; None if empty."""
    low = ctx.low
    if not _ends_with(low, lo, s, _LEFT_ENDINGS):
        return None  # most numbers: no part of a left context ends before them
    p, cur, neg, paren = s, "", False, -1
    if m := _part(low, lo, p, _NEG):
        neg, p = True, m.start()
    if m := _part(low, lo, p, _CURRENCY):
        cur, p = CURRENCY_PREFIXES[m.group("code") or m.group("sign")], m.start()
    if m := _part(low, lo, p, _NEG_WORD):
        neg, p = True, m.start()
    start = p
    if p > lo and low[p - 1] == "(":
        paren = p = p - 1
    if cmp := _part(low, lo, p, _COMPARATOR):
        p = cmp.start()
    if pre := _part(low, lo, p, _BETWEEN_FROM):
        p = pre.start()
    if p == s:
        return None
    left = Left(cur, neg, start, paren)
    if cmp is not None:
        left.cmp, left.cmp_at = cmp.group("cmp"), cmp.start()
    if pre is not None:
        left.pre, left.pre_at = pre.group("pre"), pre.start()
    left.begin = p
    return left


def read_plus(ctx: Context, num: Number) -> bool:
    """Whether a "+" follows num ("65+", "5+ years"), which then ends after it."""
    norm, n, e = ctx.norm, ctx.n, num.end
    if e < n and norm[e] == "+" and (e + 1 >= n or not norm[e + 1].isalnum()):
        num.end += 1
        return True
    return False


def read_uncertainty(ctx: Context, num: Number) -> float | None:
    """The "+/- 0.2" after num, which then ends after it; None when there is none."""
    near = ctx.low[num.end : num.end + 2]
    if "+" not in near and "\u00b1" not in near:
        return None
    um = _UNCERTAINTY.match(ctx.low, num.end)
    if um is None or (unc := number_at(ctx, um.end())) is None:
        return None
    num.end = unc.end
    return abs(unc.value)


def comparator(
    ctx: Context, left: Left | None, end: int, plus: bool, vague: bool
) -> tuple[str, str, str, int]:
    """(the comparator phrase before the number, comparator, bounds mode, end).

    A phrase before ("more than"), or after it ("or more", which then ends the
    quantity); a "+" is ">="; a vague plural ("thousands of") is "~" with a floor.
    """
    phrase, cmp, mode = "", "=", "="
    if left is not None and left.cmp and left.paren < 0:
        phrase = left.cmp  # (not "about (5 km)": the bracket ends the phrase)
        cmp, mode = COMPARATORS[phrase]
    sm = _SUFFIX_CMP.match(ctx.low, end)
    if sm is not None and mode == "=":
        cmp, mode = SUFFIX_COMPARATORS[sm.group().strip()]
        end = sm.end()
    if plus and mode == "=":
        cmp, mode = ">=", "lo"
    if vague and mode == "=":
        cmp, mode = "~", "lo"
    return phrase, cmp, mode, end


def is_change(ctx: Context, pos: int) -> bool:
    """Is there a change verb just before pos ("rose", "was cut by", "fell sharply")?"""
    for _ in range(3):
        word, _sp, pos = ctx.prev_word(pos)
        lw = word.lower()
        if lw in CHANGE_VERBS:
            return True
        adverb = lw.endswith("ly") and lw not in NOUN_LY
        if not (lw == "by" or lw in AUXILIARIES or adverb):
            return False
    return False


# --------------------------------------------------------------------------------------
# Ranges.


def _upper_number(ctx: Context, p: int, hyphen: bool) -> tuple[Number | None, str, float]:
    """The number after a range connector at p, a currency sign written before it
    ("\u00a350 and \u00a3120") and its sign ("-18 \u00b0C to -34 \u00b0C")."""
    low, norm, n = ctx.low, ctx.norm, ctx.n
    cur = ""
    if p < n and norm[p] in CURRENCY_SYMBOLS:
        cur = CURRENCY_SYMBOLS[norm[p]]
        p += 1
    sign = 1.0
    if not hyphen and low.startswith("-", p) and p + 1 < n and low[p + 1].isdigit():
        sign, p = -1.0, p + 1
    elif low.startswith("minus ", p):
        sign, p = -1.0, p + 6
    return number_at(ctx, p), cur, sign


def _is_span_of_codes(ctx: Context, first: Number, hi: Number, hyphen: bool, has_cur: bool) -> bool:
    """A date (2023-12-27), phone number (555-123-4567) or year span ("2023-24",
    "from 2010 to 2020") rather than a range."""
    norm = ctx.norm
    if hi.src and hi.end + 1 < ctx.n and norm[hi.end] in "-/" and norm[hi.end + 1].isdigit():
        return True
    return (
        first.year_like
        and not has_cur
        and hi.plain
        and ((hyphen and len(hi.src) == 2) or hi.year_like)
    )


def _change_not_range(
    ctx: Context, left: Left | None, s: int, unit_written: bool, has_cur: bool
) -> bool:
    """A change is not a range: "rose from 5% to 7%", "rose 0.5% to 3.2%"; but "rose 5
    to 10 percent" is a range of the change."""
    if left is not None and left.pre == "from":
        return is_change(ctx, left.pre_at)
    return (unit_written or has_cur) and is_change(ctx, left.begin if left else s)


def read_range(
    ctx: Context,
    rm: re.Match[str],
    first: Number,
    unit1: str,
    unit1_end: int,
    has_cur: bool,
    left: Left | None,
    s: int,
) -> tuple[Number, str, int] | Skip | None:
    """Read the upper end of a range after connector rm.

    Returns (upper number, unit, end) for a range, None when the first number stands
    alone, or SKIP for scores, year spans and phone numbers (no quantity at all).
    """
    conn = rm.group().strip()
    hyphen = conn == "-"
    unit1_written = unit1_end > first.end  # a unit after the first number ("44 mg to")
    hi, cur2, sign = _upper_number(ctx, rm.end(), hyphen)
    if hi is None or (hyphen and bool(first.src) != bool(hi.src)):
        return None
    if _is_span_of_codes(ctx, first, hi, hyphen, has_cur):
        return SKIP
    hi.value *= sign
    hi_written = hi.value
    apply_scale(ctx, hi, has_cur or bool(cur2))
    if hi.scaled and first.year_like and not has_cur:
        return None  # "from 3 million in 1950 to 8 million"
    found = unit_after(ctx, hi, has_cur or bool(cur2))
    if found is SKIP:
        return None
    unit2, end = found if found is not None else ("", hi.end)
    cur = cur2 or (unit1 if has_cur else "")
    if cur:
        if unit2 and unit_kind(unit2) != CURRENCY:
            end = hi.end
        unit2 = cur
    if unit1_written and unit2 != unit1:
        return None  # "from 44 ml to 50 mg": two quantities
    if hi.value <= first.value and (hyphen or not (unit1 or unit2)):
        # not ascending: a score or tally ("won 3-1", "a 6-3 ruling", "voted seven to two")
        whole = first.value == int(first.value) and hi.value == int(hi.value)
        return SKIP if whole and not unit1 and unit_kind(unit2) in ("", COUNT) else None
    if hi.scaled and not first.scaled and hi_written and abs(first.value) <= abs(hi_written):
        first.value *= hi.value / hi_written  # "5 to 10 million": both ends are millions
        first.scaled = True
    between = left is not None and left.pre == "between"
    if conn == "to" and not between and _change_not_range(ctx, left, s, unit1_written, has_cur):
        return None
    return hi, unit2 or unit1, end


# --------------------------------------------------------------------------------------
# The quantity's text and bounds.


def text_span(
    ctx: Context, left: Left | None, s: int, end: int, cur: str, has_phrase: bool, is_range: bool
) -> tuple[int, int, bool]:
    """(start, end, negative) of the quantity's text: its currency, sign, comparator or
    "between" included; an accounting negative "is ($99.99)" with its brackets."""
    if left is None:
        return s, end, False
    if left.paren >= 0:
        paren = left.paren
        if (
            cur
            and end < ctx.n
            and ctx.norm[end] == ")"
            and _ending(_COPULA, ctx.low, 0, paren, _COPULA_REACH) is not None
        ):
            return paren, end + 1, True
        return left.start, end, False
    start = left.start
    if has_phrase:
        start = left.cmp_at
    if is_range and left.pre == "between":
        start = left.pre_at
    return start, end, False


def draft(
    start: int,
    end: int,
    num: Number,
    unit: str,
    cmp: str,
    mode: str,
    hi: Number | None,
    uncertainty: float | None,
) -> Draft:
    """The quantity with its bounds: a range's ends, value -/+ uncertainty, or as mode says."""
    found = Draft(start, end, num.value, unit, cmp)
    if hi is not None:
        found.lower, found.upper = sorted((num.value, hi.value))
        found.value = found.lower
    elif uncertainty is not None:
        found.lower, found.upper = num.value - uncertainty, num.value + uncertainty
    elif mode == "=":
        found.lower = found.upper = num.value
    elif mode == "lo":
        found.lower = num.value
    elif mode in ("up", "~up"):
        found.upper = num.value
    return found
