"""Numbers that are not quantities: calendar years, dates, clock times, ordinals,
phone numbers, house numbers, names, models and codes ("Voyager 2", "COVID-19",
"F-16", "the 787 Dreamliner").

Each check says how far such text runs, so that the scan does not read a
number inside it again.
"""

from __future__ import annotations

import re

from factcheck.text.vocabulary import alternation

from .context import Context
from .nouns import looks_plural
from .quantity import Number
from .tables import (
    COMPARATORS,
    COUNT,
    DETERMINERS,
    FUNCTION_WORDS,
    ID_PREFIXES,
    LENGTH_WORDS,
    MONTH_KEYS,
    MONTHS,
    STREET_WORDS,
    YEAR_COMPARATORS,
    YEAR_PREPOSITIONS,
    ZONES,
)

_LETTERS = re.compile(r"[A-Za-z\u00b5]+")
_CODE_TAIL = re.compile(r"[A-Za-z0-9]*(?:[-+./:'][A-Za-z0-9]+)*")
_PHONE = re.compile(r"(?:\+ ?|\()?[0-9]{1,4}\)?(?:[ -][0-9]{2,5}){2,}(?![0-9])")
_TIME_MARKER = re.compile(rf" ?(?:a\.m\.?|p\.m\.?|am|pm|o'clock|{alternation(ZONES)})(?![a-z])")
_MONTH_AFTER = re.compile(rf" (?:{alternation(m.capitalize() for m in MONTH_KEYS)})\b")
# After a house number: a compass point, then one or two capitalised or ordinal
# words and a street type ("10 Downing Street", "40 W. 57th St.").
_ADDRESS = re.compile(
    rf" (?:[NSEW]\.? )?(?:[A-Z][a-z]+ |[0-9]+(?:st|nd|rd|th) ){{1,2}}"
    rf"(?:{alternation(STREET_WORDS)})\b"
)
# "the 787 Dreamliner", "a 737 Max": a capitalised word after the number.
_NAME_AFTER = re.compile(r" [A-Z][a-z]")
# "a size of 2.1 pm", "a wavelength of about 500 nm": the text names a length.
_LENGTH_NAMED = re.compile(
    rf"(?<![a-z])(?:{alternation(LENGTH_WORDS)}) of +(?:(?:{alternation(COMPARATORS)}) +)?\Z"
)
_LENGTH_REACH = max(map(len, LENGTH_WORDS)) + max(map(len, COMPARATORS)) + 8


def code_end(ctx: Context, p: int) -> int:
    """The end of the code, date or identifier whose characters start at p."""
    return _CODE_TAIL.match(ctx.norm, p).end()  # type: ignore[union-attr]


def phone_end(ctx: Context, s: int) -> int:
    """End of a phone number starting at s ("+44 20 7946 0958", "555-123-4567"), or 0."""
    m = _PHONE.match(ctx.norm, s)
    if m is None:
        return 0
    text = m.group()
    groups = text.replace("-", " ").split()
    thousands = " " in text and "-" not in text and all(len(g) == 3 for g in groups[1:])
    if text[0] in "+(" or not thousands:
        return m.end()
    return 0  # "1 000 000": thousands groups, a number


def measures_length(ctx: Context, s: int) -> bool:
    """Does the text just before the number at s name a length ("a size of 2.1 pm")?"""
    return _LENGTH_NAMED.search(ctx.low, max(0, s - _LENGTH_REACH), s) is not None


def clock_ok(num: Number) -> bool:
    """Could num be a 12-hour clock time ("3", "10.30", or "4.5" for 4.50)?"""
    src = num.src
    if not src:
        return False
    if src.isdigit():
        return 1 <= int(src) <= 12
    hour, _, minute = src.partition(".")
    return hour.isdigit() and 1 <= int(hour) <= 12 and 1 <= len(minute) <= 2 and int(minute) < 60


def _time_end(ctx: Context, num: Number, s: int, attached: str, cur: str) -> int | None:
    """The end of a clock time at num ("3pm", "10.30am", "9 p.m.", "14 GMT"), or None.

    attached: the letters written against the digits, lower case ("" if none).
    """
    if attached in ("am", "pm", "a", "p") and clock_ok(num):
        end = code_end(ctx, s)
    elif (
        not cur
        and (tm := _TIME_MARKER.match(ctx.low, num.end)) is not None
        # a 12-hour time, or an hour before a time zone ("14 GMT")
        and (
            clock_ok(num) or (num.is_int and num.value <= 24 and tm.group().strip()[0] not in "ap")
        )
    ):
        end = tm.end()
    else:
        return None
    return None if measures_length(ctx, s) else end  # "a size of 2.1 pm" is a length


def date_time_or_address_end(ctx: Context, num: Number, s: int, cur: str) -> int | None:
    """The end of an ordinal, a decade, a clock time, a day of a month or a house
    number with its street at num, or None when num may be a quantity."""
    norm, e = ctx.norm, num.end
    if not num.src:
        return None
    letters = _LETTERS.match(norm, e)
    suffix = letters.group().lower() if letters is not None else ""
    if suffix in ("st", "nd", "rd", "th") or (suffix == "s" and not cur):
        return code_end(ctx, s)  # "3rd", "1990s"
    time_end = _time_end(ctx, num, s, suffix, cur)
    if time_end is not None or cur:
        return time_end
    if num.plain and num.value <= 31:
        word, sp, _ = ctx.prev_word(s)
        if (word in MONTHS and sp == " ") or _MONTH_AFTER.match(norm, e):
            return code_end(ctx, s)  # "Dec. 27", "27 December"
    if num.is_int and (m := _ADDRESS.match(norm, e)) is not None:
        return m.end()  # "10 Downing Street", "40 W. 57th St."
    return None


def is_id(ctx: Context, start: int) -> bool:
    """Is the bare number at start a name or model number ("Voyager 2", "Boeing 737")?"""
    word, sp, _ = ctx.prev_word(start)
    if not word:
        return False
    lw = word.lower()
    if lw in ID_PREFIXES or lw.endswith("#"):
        return sp == " " or lw.endswith("#")
    if sp != " ":
        return False
    if any(c.isdigit() for c in word):
        return any(c.isalpha() for c in word)  # "i7 860"
    if (
        not any(c.isupper() for c in word)
        or lw in FUNCTION_WORDS
        or lw.rstrip(".") in FUNCTION_WORDS
        or word in MONTHS
        or word.endswith(("'s", "s'"))
    ):
        return False
    return not ctx.headline()


def year_or_name(ctx: Context, num: Number, s: int, kind: str, unit_end: int, phrase: str) -> bool:
    """Is the bare number a year ("in 2000", "the 2020 elections") or a name or model
    ("Voyager 2", "the 787 Dreamliner") rather than a quantity?

    kind is the unit_kind of what follows the number: only a bare number or a
    counted noun can be any of these.
    """
    if kind not in ("", COUNT):
        return False
    if num.year_like and (not phrase or phrase in YEAR_COMPARATORS):
        # "2000 people" is a count, unless a year's preposition comes before it
        noun = ctx.low[ctx.prev_word(unit_end)[2] : unit_end]
        if not (kind == COUNT and looks_plural(noun)) or (
            ctx.prev_word(s)[0].lower() in YEAR_PREPOSITIONS
        ):
            return True
    if phrase:
        return False
    return is_id(ctx, s) or (not kind and _model_name(ctx, num, s))


def _model_name(ctx: Context, num: Number, s: int) -> bool:
    """A number between a determiner and a capitalised word names a model or a title:
    "the 787 Dreamliner", "a 737 Max" (not in a headline, where every word is capitalised)."""
    return (
        num.plain
        and ctx.prev_word(s)[0].lower() in DETERMINERS
        and _NAME_AFTER.match(ctx.norm, num.end) is not None
        and not ctx.headline()
    )
