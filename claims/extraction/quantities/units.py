"""Step 2: read the scale and the unit after a number.

A scale multiplies the number ("3.5 million", "$4bn", "0.5k"); the unit is a
measurement ("km", "degrees Celsius", "km2", "km/h"), a currency ("euros",
"15\u20ac"), a percentage, or else the counted noun that follows (step 4,
nouns.py). Compound units are joined by " per " ("$80 a barrel" -> "USD per
barrel").
"""

from __future__ import annotations

import re

from factcheck.text.vocabulary import alternation

from .context import Context
from .exclusions import measures_length
from .nouns import SPACED_WORD, counted_noun, looks_plural, singular
from .quantity import SKIP, Number, Skip, Unit
from .tables import (
    AMBIGUOUS_SYMBOLS,
    COUNT,
    CURRENCY,
    CURRENCY_CODES,
    CURRENCY_SUBUNITS,
    CURRENCY_SYMBOLS,
    FRACTIONS,
    INCH_NEXT,
    MEASURE,
    MEASURE_UNITS,
    MONTHS,
    MULTI_WORD_UNITS,
    NOT_PER_AFTER,
    PER_AFTER_A,
    PERCENT,
    PERCENT_UNITS,
    POWERABLE,
    SCALE_SUFFIX,
    SCALE_SUFFIX_CURRENCY,
    SCALE_WORDS,
    STOP,
    SYMBOLS,
    WORD_UNITS,
)

_LETTERS = re.compile(r"[A-Za-z\u00b5]+")
_SCALE_WORD = re.compile(r" ?(" + alternation(SCALE_WORDS) + r")(?![a-z])")
_POWER = re.compile(r"\^\(?(-?[1-4])\)?|(-1)(?![0-9]|[,.][0-9])|([2-4])(?![0-9])|([\u00b2\u00b3])")
_POWER_WORD = re.compile(r" (squared|cubed)(?![a-z])")
_PER = re.compile(r" per | an? |/")
_OF_OR_AGO = re.compile(r" (?:of|ago)(?![a-z])")
_POWER_PREFIXES = {2: "square ", 3: "cubic ", -1: "inverse ", -2: "inverse square "}


def unit_kind(unit: str) -> str:
    """Classify a unit name: "measure", "currency", "percent", "count", or "" for none.

    Compound units ("USD per hour") take the kind of their first part; any unit that
    is not a known measurement, currency or percentage is a counted noun.
    """
    if not unit:
        return ""
    head = unit.split(" per ", 1)[0]
    if head in PERCENT_UNITS:
        return PERCENT
    if head in CURRENCY_CODES or head in CURRENCY_SUBUNITS:
        return CURRENCY
    for prefix in ("inverse square ", "inverse ", "square ", "cubic "):
        if head.startswith(prefix):
            head = head[len(prefix) :]
            break
    return MEASURE if head in MEASURE_UNITS else COUNT


# --------------------------------------------------------------------------------------
# Scale.


def apply_scale(ctx: Context, num: Number, has_cur: bool) -> None:
    """Apply a scale word or suffix after num ("3.5 million", "$4bn", "0.5k", "10m people")."""
    if not num.src:
        return
    letters = _LETTERS.match(ctx.norm, num.end)
    if letters is not None:
        _scale_suffix(ctx, num, letters, has_cur)
        return
    for _ in range(2):  # "3 hundred million"
        m = _SCALE_WORD.match(ctx.low, num.end)
        if m is None:
            break
        num.value *= SCALE_WORDS[m.group(1)]
        num.end = m.end()
        num.scaled = True


def _scale_suffix(ctx: Context, num: Number, letters: re.Match[str], has_cur: bool) -> None:
    """A scale attached to the digits: "5k", "$4bn"; "m", "b", "t" only after a
    currency, or "m"/"B" before a plural noun ("10m people", not "10m tall")."""
    norm = ctx.norm
    tok, after = letters.group(), letters.end()
    factor = SCALE_SUFFIX.get(tok)
    if factor is None and tok in SCALE_SUFFIX_CURRENCY:
        if has_cur:
            factor = SCALE_SUFFIX_CURRENCY[tok]
        elif tok in ("m", "M", "B") and (wm := SPACED_WORD.match(norm, after)) is not None:
            word = wm.group(1).lower()
            if looks_plural(word) and word not in WORD_UNITS and word not in STOP:
                factor = SCALE_SUFFIX_CURRENCY[tok]
    if factor is not None and (after >= ctx.n or not norm[after].isalnum()):
        num.value *= factor
        num.end = after
        num.scaled = True


# --------------------------------------------------------------------------------------
# Unit tokens.


def _power_name(canonical: str, power: int) -> str:
    return _POWER_PREFIXES.get(power, "") + canonical


def _inch_ok(ctx: Context, e: int, num: Number | None) -> bool:
    """Is "in" after a number the inch symbol ("2 in thick") and not a preposition?"""
    if num is None or not (num.src or num.value != int(num.value)):
        return False
    low = ctx.low
    if e >= ctx.n or low[e] in ",;:)!?\"'":
        return True
    if low[e] == ".":
        return e + 1 >= ctx.n or low[e + 1] == " "
    m = SPACED_WORD.match(low, e)
    return m is not None and m.group(1) in INCH_NEXT


def _symbol_here(ctx: Context, tok: str, e: int, num: Number | None, attached: bool) -> bool:
    """Does the symbol tok, ending at e, read as a unit here?

    "in" only where it cannot be the preposition, "s" not against digits ("1990s"),
    and a symbol that is also a common word only in its clear context (see
    ambiguous_unit_symbols.txt): "1cds", "2 TB of data", "66 Ma ago", "a size of
    2.1 pm"; not "40 cd players", "10,000 TB cases" or "closed at 4.5 pm".
    """
    if tok == "in":
        return _inch_ok(ctx, e, num)
    if tok == "s":
        return not attached
    context = AMBIGUOUS_SYMBOLS.get(tok)
    if context is None:
        return True
    if context == "length":
        return num is not None and measures_length(ctx, num.start)
    return attached or _OF_OR_AGO.match(ctx.low, e) is not None


def _sign_unit(ctx: Context, p: int, attached: bool) -> Unit | None:
    """ "%", "\u00b0", "\u00b0C", "\u00b0 F", or a currency sign after the digits ("15\u20ac")."""
    norm, n = ctx.norm, ctx.n
    ch = norm[p]
    if ch == "%":
        return "percent", p + 1
    if ch == "\u00b0":
        q = p + 1 + (p + 1 < n and norm[p + 1] == " ")
        if q < n and norm[q] in "CF" and (q + 1 >= n or not norm[q + 1].isalpha()):
            return ("degree Celsius" if norm[q] == "C" else "degree Fahrenheit"), q + 1
        return "degree", p + 1
    if attached and ch in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[ch], p + 1
    return None


def _square_or_cubic(ctx: Context, word: str, e: int, num: Number | None) -> Unit | None:
    """ "square kilometres", "sq mi", "cubic metres", "cu. ft"."""
    low = ctx.low
    q = e + 1 if low.startswith(" ", e) else e + 2 if low.startswith(". ", e) else 0
    inner = unit_token(ctx, q, num, False) if q else None
    if inner is not None and inner[0] in MEASURE_UNITS:
        return _power_name(inner[0], 2 if word[0] == "s" else 3), inner[1]
    return None


def _multi_word(ctx: Context, word: str, e: int) -> Unit | None:
    """A unit of several words starting with word: "degrees Celsius", "per cent"."""
    low, n = ctx.low, ctx.n
    for rest, canonical in MULTI_WORD_UNITS.get(word, ()):
        q = e + len(rest)
        if low.startswith(rest, e) and (q >= n or not low[q].isalpha()):
            return canonical, q
    return None


def unit_token(ctx: Context, p: int, num: Number | None, attached: bool) -> Unit | None:
    """A measurement, currency or percent unit starting exactly at p -> (canonical, end).

    attached: the unit touches the digits ("5km"); num: the number before it, if any.
    """
    if p >= ctx.n:
        return None
    sign = _sign_unit(ctx, p, attached)
    if sign is not None:
        return sign
    m = _LETTERS.match(ctx.norm, p)
    if m is None:
        return None
    tok, e = m.group(), m.end()
    word = ctx.low[p:e]
    if word in ("square", "sq", "cubic", "cu"):
        return _square_or_cubic(ctx, word, e, num)
    multi = _multi_word(ctx, word, e)
    if multi is not None:
        return multi
    symbol = SYMBOLS.get(tok)
    if symbol is not None and _symbol_here(ctx, tok, e, num, attached):
        return symbol, e
    if word in WORD_UNITS:
        return WORD_UNITS[word], e
    if attached and tok in ("C", "F"):
        return ("degree Celsius" if tok == "C" else "degree Fahrenheit"), e  # "30C"
    return None


def _power(ctx: Context, e: int) -> tuple[int, int] | None:
    """(power, end) of "2", "^3", "-1", "\u00b2" attached to a unit symbol."""
    m = _POWER.match(ctx.norm, e)
    if m is None:
        return None
    if m.group(1) is not None:
        return int(m.group(1)), m.end()
    if m.group(2) is not None:
        return -1, m.end()
    if m.group(3) is not None:
        return int(m.group(3)), m.end()
    return (2 if m.group(4) == "\u00b2" else 3), m.end()


def full_unit(ctx: Context, p: int, num: Number | None, attached: bool) -> Unit | None:
    """A unit token with its power: "km2", "m^3", "s-1", "km squared"."""
    found = unit_token(ctx, p, num, attached)
    if found is None:
        return None
    canonical, e = found
    if e < ctx.n:
        if ctx.norm[p:e] in POWERABLE and (power := _power(ctx, e)) is not None:
            return _power_name(canonical, power[0]), power[1]
        m = _POWER_WORD.match(ctx.low, e)
        if m is not None and canonical in MEASURE_UNITS:
            return _power_name(canonical, 2 if m.group(1) == "squared" else 3), m.end()
    return canonical, e


# --------------------------------------------------------------------------------------
# Compound units.


def _per_part(ctx: Context, e: int) -> Unit | None:
    """The "per hour", "/kg" or "a barrel" part of a compound unit at e."""
    m = _PER.match(ctx.low, e)
    if m is None:
        return None
    by_a = m.group() in (" a ", " an ")
    q = m.end()
    unit = full_unit(ctx, q, None, False)
    if unit is None and m.group() != "/":
        wm = SPACED_WORD.match(ctx.norm, q - 1)
        if wm is not None and wm.group(1).isalpha() and wm.group(1).lower() not in STOP:
            unit = (singular(wm.group(1).lower()), wm.end(1))
    if unit is None or (by_a and unit[0] not in PER_AFTER_A):
        return None
    if by_a and (wm := SPACED_WORD.match(ctx.low, unit[1])) and wm.group(1) in NOT_PER_AFTER:
        return None  # "\u20ac461 million a year earlier"
    return unit


def with_per(ctx: Context, unit: str, e: int) -> Unit:
    """The unit with up to two "per" parts after e: "J/m^2 per year"."""
    for _ in range(2):
        per = _per_part(ctx, e)
        if per is None:
            break
        unit = unit + " per " + per[0]
        e = per[1]
    return unit, e


# --------------------------------------------------------------------------------------
# The unit after a number.


def unit_after(ctx: Context, num: Number, has_cur: bool) -> Unit | Skip | None:
    """The unit right after a number: measurement, currency, percent or counted noun.

    Returns (unit, end), None when there is none, or SKIP when letters glued to the
    number make it a code ("4G", "06F6").
    """
    norm, n, e = ctx.norm, ctx.n, num.end
    if e >= n:
        return None
    ch = norm[e]
    if ch == "-" and (letters := _LETTERS.match(norm, e + 1)) is not None:
        return _hyphenated(ctx, num, letters)
    if ch.isalpha() or ch in "%\u00b0\u00b5" or ch in CURRENCY_SYMBOLS:
        return full_unit(ctx, e, num, True) or SKIP
    if ch != " ":
        return None
    if e + 2 < n and norm[e + 1] == " ":
        e += 1  # two spaces, e.g. from a normalised control character
    unit = full_unit(ctx, e + 1, num, False)
    if unit is not None:
        return unit
    if e + 1 < n and norm[e + 1] in CURRENCY_SYMBOLS and (e + 2 >= n or norm[e + 2] == " "):
        return CURRENCY_SYMBOLS[norm[e + 1]], e + 2  # "15 \u20ac"
    if has_cur or num.ratio:
        return None
    return _unit_of(ctx, num, e) or counted_noun(
        ctx, e + 3 if num.vague and ctx.low.startswith(" of ", e) else e, _counts_one(num)
    )


def _counts_one(num: Number) -> bool:
    """A plain "one" (or 1) counts a singular noun: "one building", not "1 million"."""
    return num.value == 1 and not num.scaled and not num.vague


def _hyphenated(ctx: Context, num: Number, letters: re.Match[str]) -> Unit | Skip | None:
    """A hyphenated compound: "27-kilometer", "two-year", "6.0-sigma", "9-year-old"."""
    unit = full_unit(ctx, letters.start(), num, False)
    if unit is not None:
        return unit[0], unit[1] + 4 * ctx.low.startswith("-old", unit[1])
    written = letters.group()
    word = written.lower()
    if len(word) < 2:
        return SKIP  # "3-D"
    if written[0].isupper() and not ctx.headline():
        return SKIP  # a name: "7-Eleven", "F-35A"
    if word in STOP or word in FRACTIONS or word == "plus" or written in MONTHS:
        return None
    return word, letters.end()


def _unit_of(ctx: Context, num: Number, e: int) -> Unit | None:
    """A unit after "of": "a quarter of a percentage point", "thousands of miles"."""
    low = ctx.low
    if not num.src and 0 < num.value < 1 and low.startswith((" of a ", " of an "), e):
        return full_unit(ctx, e + (6 if low[e + 5] == " " else 7), num, False)
    if num.vague and low.startswith(" of ", e):
        return full_unit(ctx, e + 4, num, False)
    return None
