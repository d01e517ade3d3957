"""Step 1: scan numbers - digits, spelled-out words, fractions, scientific notation.

scan() lists where numbers may start; read_number() reads the one at such a
start, or says how far the phone number or code it opens runs; number_at()
reads any number at a position (the second end of a range, a ratio's
denominator). Digits are read here, words in spelled.py.
"""

from __future__ import annotations

import math
import re

from factcheck.text.vocabulary import alternation

from .context import Context
from .exclusions import code_end, phone_end
from .quantity import Number
from .spelled import read_vague, read_words, words_ok
from .tables import (
    A_UNITS,
    NUMBER_WORDS,
    PLURAL_SCALES,
    SCALES,
    VULGAR,
    VULGAR_CLASS,
)

# (start, end, kind): kind "d" for digits, "v" for a fraction character, "w" for words.
Atom = tuple[int, int, str]

# Scanners. Each starts with a character class (or a literal per alternative), so the
# regex engine skips ahead in C to candidate characters: together they are also the
# fast path that rejects the common sentence without numbers.
_DIGIT_ATOM = re.compile(
    r"[0-9." + VULGAR_CLASS + r"]"
    r"(?:(?<=\.)[0-9]+|(?<=[0-9])[0-9]*(?:[,.:/][0-9]+)*|(?<=[" + VULGAR_CLASS + r"]))"
)
_SCALE_ALT = alternation(SCALES)
_WORD_STARTS = [
    *(re.escape(w) + "(?![a-z])" for w in NUMBER_WORDS),
    "an? (?=(?:hundred|" + _SCALE_ALT + "|dozen|baker's dozen|gross"
    "|square dozen|third|quarter|" + alternation(A_UNITS) + ")(?![a-z]))",
    "half(?= an? | of )",
    # "scores" alone is a noun ("test scores"): a count only in "scores of".
    *(w + ("(?= of )" if w == "scores" else "(?![a-z])") for w in PLURAL_SCALES),
    *(
        w + " (?=(?:hundred|" + _SCALE_ALT + ")s?(?![a-z]))"
        for w in ("several", "a few", "a couple of", "many")
    ),
    "absolute zero(?![a-z])",
]
_WORD_ALT = "|".join(
    re.escape(first) + "(?:" + "|".join(w[1:] for w in _WORD_STARTS if w[0] == first) + ")"
    for first in sorted({w[0] for w in _WORD_STARTS})
)
_WORD_AT = re.compile(_WORD_ALT)  # at the start of the sentence
_WORD_ATOM = re.compile("[^a-z'](" + _WORD_ALT + ")")  # elsewhere, after a non-letter
# Any number starting exactly at a given position.
_ATOM = re.compile(
    r"(?P<d>[0-9]+(?:[,.:/][0-9]+)*|\.[0-9]+)"
    r"|(?P<v>[" + VULGAR_CLASS + r"])"
    r"|(?P<w>" + _WORD_ALT + ")"
)
_EXP = re.compile(r"e([-+]?[0-9]{1,3})(?![a-z0-9])")
_SCI = re.compile(
    r" ?[x\u00d7] ?(?:10(?:\^|\*\*)?\(?([-+]?[0-9]{1,3})\)?"
    r"|([0-9]+)(?:\^|\*\*)\(?([-+]?[0-9]{1,3})\)?)(?![0-9])"
)
_MIXED = re.compile(r" ([1-9][0-9]?)/([1-9][0-9]?)(?![0-9/])")
_SPACE_THOUSANDS = re.compile(r"(?: [0-9]{3})+(?![0-9,./])")
_RATIO = re.compile(r" in (?:every )?")


def scan(ctx: Context) -> list[Atom]:
    """Where numbers may start, in order."""
    low = ctx.low
    atoms = [
        (m.start(), m.end(), "v" if low[m.start()] in VULGAR else "d")
        for m in _DIGIT_ATOM.finditer(low)
    ]
    words = [(m.start(1), m.end(), "w") for m in _WORD_ATOM.finditer(low)]
    if (m := _WORD_AT.match(low)) is not None:
        words.insert(0, (0, m.end(), "w"))
    if words:
        atoms = sorted(atoms + words) if atoms else words
    return atoms


def read_number(
    ctx: Context, s: int, atom_end: int, kind: str, cur: str, neg: bool
) -> tuple[Number | None, int]:
    """The number at s and its end; or None and the end of the phone number or code it opens."""
    norm = ctx.norm
    num: Number | None
    if kind == "d":
        before = norm[s - 1] if s else " "
        if before in "+( " or s == 0:
            phone = phone_end(ctx, s - 1 if before in "+(" else s)
            if phone:
                return None, phone
        if not cur and (
            before.isalnum()
            or before in "#@_+.'"
            or (before == "-" and s >= 2 and norm[s - 2].isalnum() and not neg)
        ):
            return None, code_end(ctx, s)  # "F-16", "MH370", "#3"
        num = read_digits(ctx, s, atom_end)
    elif kind == "v":
        num = Number(VULGAR[ctx.low[s]], s, atom_end)
    else:
        if s >= 2 and norm[s - 1] == "-" and norm[s - 2].isalnum():
            return None, atom_end  # "no-one", "7-Eleven"
        num = number_at(ctx, s)
        if num is not None and not words_ok(ctx, num):
            return None, num.end
    if num is None:
        return None, code_end(ctx, s)
    return num, num.end


def number_at(ctx: Context, pos: int) -> Number | None:
    """Any number starting exactly at pos."""
    m = _ATOM.match(ctx.low, pos)
    if m is None:
        return None
    if m.lastgroup == "d":
        return read_digits(ctx, pos, m.end())
    if m.lastgroup == "v":
        return Number(VULGAR[m.group()], pos, m.end())
    word = m.group("w")
    if word in NUMBER_WORDS or word in ("a ", "an "):
        return read_words(ctx, pos)
    return read_vague(ctx, pos, word)


# --------------------------------------------------------------------------------------
# Digits.


def read_digits(ctx: Context, start: int, end: int) -> Number | None:
    """Digits at [start, end) plus an attached exponent, fraction or thousands groups."""
    src = ctx.low[start:end]
    if ":" in src:
        return None  # clock time, ratio or score
    if "/" in src:
        return _slash_fraction(src, start, end)
    if not _separators_ok(src):
        return None
    num = Number(float(src.replace(",", "")), start, end, src)
    pos = _exponent(ctx, num, end)
    if num.is_int and pos < ctx.n:
        pos = _fraction_or_groups(ctx, num, pos)
    num.end = pos
    return num


def _slash_fraction(src: str, start: int, end: int) -> Number | None:
    """ "3/4" as a number; not a date ("12/25/2023"), "24/7", "9/11" or "50/50"."""
    top, _, bottom = src.partition("/")
    if "/" in bottom or not top.isdigit() or not bottom.isdigit():
        return None
    a, b = int(top), int(bottom)
    if b == 0 or a >= b or b > 1000 or (a, b) == (9, 11) or "0" in (top[0], bottom[0]):
        return None
    return Number(a / b, start, end)


def _separators_ok(src: str) -> bool:
    """Thousands commas in threes, one decimal point, no leading zero (an identifier)."""
    if "," in src:
        body, dot, frac = src.partition(".")
        groups = body.split(",")
        if (
            len(groups[0]) > 3
            or groups[0][0] == "0"
            or any(len(g) != 3 for g in groups[1:])
            or "," in frac
            or (dot and not frac)
        ):
            return False
    elif src.count(".") > 1:
        return False  # version number, IP address, dotted date
    return not (len(src) > 1 and src[0] == "0" and src[1].isdigit())


def _times_power(value: float, base: float, exponent: int) -> float:
    """value * base ** exponent; infinite when out of a float's range (then dropped)."""
    try:
        return value * base**exponent
    except (OverflowError, ZeroDivisionError):
        return math.inf


def _exponent(ctx: Context, num: Number, pos: int) -> int:
    """Apply "e-3" and "x 10^5" / "8x2^10" after the digits; where they end."""
    low = ctx.low
    m = _EXP.match(low, pos)
    if m is not None:
        num.value = _times_power(num.value, 10.0, int(m.group(1)))
        num.is_int = num.plain = False
        pos = m.end()
    m = _SCI.match(low, pos)
    if m is not None:
        if m.group(1) is not None:
            num.value = _times_power(num.value, 10.0, int(m.group(1)))
        else:
            num.value = _times_power(num.value, float(m.group(2)), int(m.group(3)))
        num.is_int = num.plain = False
        pos = m.end()
    return pos


def _fraction_or_groups(ctx: Context, num: Number, pos: int) -> int:
    """Add a fraction after a whole number ("2\u00bd", "2 1/2") or read space-separated
    thousands ("10 000"); where the number then ends."""
    low = ctx.low
    ch = low[pos]
    if ch in VULGAR or (ch == " " and pos + 1 < ctx.n and low[pos + 1] in VULGAR):
        pos += ch == " "
        num.value += VULGAR[low[pos]]
        num.is_int = num.plain = False
        return pos + 1
    if ch != " ":
        return pos
    if (m := _MIXED.match(low, pos)) and int(m[1]) < int(m[2]):
        num.value += int(m[1]) / int(m[2])
        num.is_int = num.plain = False
        return m.end()
    if num.plain and len(num.src) <= 3 and (m := _SPACE_THOUSANDS.match(low, pos)):
        num.value = float(low[num.start : m.end()].replace(" ", ""))
        num.plain = False
        return m.end()
    return pos


def read_ratio(ctx: Context, num: Number) -> None:
    """ "one in five adults", "1 in 10": num becomes the ratio."""
    if not (
        (num.is_int or (not num.src and num.value == int(num.value)))
        and not num.scaled
        and 0 < num.value < 100
        and (rm := _RATIO.match(ctx.low, num.end)) is not None
        and (den := number_at(ctx, rm.end())) is not None
        and num.value < den.value <= 1e6
        and not den.year_like
        and (den.end >= ctx.n or not ctx.norm[den.end].isalnum())
    ):
        return
    num.value /= den.value
    num.end = den.end
    num.ratio = True
