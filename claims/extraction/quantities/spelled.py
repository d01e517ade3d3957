"""Numbers spelled out: "two hundred and five", "a dozen", "two thirds", "half a
million", and the vague ones, "thousands of", "several hundred" (part of step 1)."""

from __future__ import annotations

import math
import re

from factcheck.text.vocabulary import alternation

from .context import Context
from .quantity import Number
from .tables import A_UNITS, FRACTIONS, IDIOMS, NUMBER_WORDS, PLURAL_SCALES, SCALES, TENS

_WORD_TOKEN = re.compile(r"[a-z]+(?:'s)?")
_IDIOM_AT = re.compile(
    "(?:" + alternation(i for i in IDIOMS if i.startswith(("one", "zero"))) + ")(?![a-z])"
)


class _Spelled:
    """A spelled-out number being read: the finished scales plus the current group
    ("two million" + "three hundred and five"), and the kind of the last token."""

    __slots__ = ("checkpoint", "end", "group", "last_scale", "prev", "total")

    def __init__(self, start: int) -> None:
        self.total = 0.0
        self.group = 0.0
        self.prev = ""  # "a", "unit", "tens", "hundred", "scale", "and", "half"
        self.last_scale = math.inf
        self.end = start
        # where to stop if a larger scale follows "and" or a comma: "three million,
        # two million" is two numbers
        self.checkpoint: tuple[float, float, int] | None = None


def read_words(ctx: Context, start: int) -> Number | None:
    """A spelled-out number at start: "two hundred and five", "a dozen", "one-half"."""
    low = ctx.low
    w = _Spelled(start)
    p = start
    while (m := _WORD_TOKEN.match(low, p)) is not None:
        word, word_end = m.group(), m.end()
        if not w.prev and word in ("a", "an"):
            w.prev, w.group, p = "a", 1.0, word_end + 1
            continue
        if not _take(w, low, word, word_end):
            break
        w.end = word_end
        nxt = _next_token(w, low, ctx.n)
        if nxt is None:
            break
        p = nxt
    if w.end > start:
        return Number(w.total + w.group, start, w.end)
    if w.prev == "a" and (m := _WORD_TOKEN.match(low, p)) is not None and m.group() in A_UNITS:
        return Number(1.0, start, p - 1)  # "a gallon"
    return None


def _take(w: _Spelled, low: str, word: str, word_end: int) -> bool:
    """Add a token to the number; False when the number ends (w.end then says where)."""
    prev = w.prev
    if word in NUMBER_WORDS:
        value = NUMBER_WORDS[word]
        if not (prev in ("", "hundred", "scale", "and") or (prev == "tens" and 0 < value < 10)):
            return False
        w.group += value
        w.prev = "tens" if word in TENS else "unit"
        return True
    if word == "hundred":
        if prev not in ("unit", "a") or w.group >= 100:
            return False
        w.group *= 100
        w.prev = "hundred"
        return True
    if word in SCALES:
        return _take_scale(w, SCALES[word])
    _take_last(w, low, word, word_end)
    return False


def _take_scale(w: _Spelled, scale: float) -> bool:
    """ "thousand", "million" after a group; a scale no smaller than the last ends it."""
    if scale >= w.last_scale and w.checkpoint is not None:
        w.total, w.group, w.end = w.checkpoint  # "three million, two million": stop at the comma
        return False
    if w.prev not in ("unit", "tens", "hundred", "a", "half") or scale >= w.last_scale:
        return False
    w.total += w.group * scale
    w.group = 0.0
    w.last_scale = scale
    w.prev = "scale"
    w.checkpoint = None
    return True


def _take_last(w: _Spelled, low: str, word: str, word_end: int) -> None:
    """A token that ends the number when it belongs to it: "dozen", "a baker's dozen",
    "a gross", a denominator ("two thirds", "a third of")."""
    prev = w.prev
    if prev in ("unit", "tens", "a", "half") and word == "dozen":
        w.group *= 12
        w.end = word_end
    elif prev == "a" and word in ("baker's", "square") and low.startswith(" dozen", word_end):
        w.group = 13.0 if word == "baker's" else 144.0
        w.end = word_end + 6
    elif prev == "a" and word == "gross":
        after = low[word_end : word_end + 4]
        # "a gross is 144", but not "a gross of $50m" (takings, not 144)
        if after[:1] in ("", ".", ",", ";", ")", "!", "?") or after == " is ":
            w.group, w.end = 144.0, word_end
    elif word in FRACTIONS and prev in ("unit", "tens", "a"):
        plural = word.endswith("s")
        if prev == "a":
            if plural or not low.startswith(" of ", word_end):
                return
        elif (w.group == 1) == plural:
            return  # "one thirds", "two third"
        w.group /= FRACTIONS[word]
        w.end = word_end


def _next_token(w: _Spelled, low: str, n: int) -> int | None:
    """Where the next token of the number starts, past "-", " and ", ", "; None at its end."""
    end, prev = w.end, w.prev
    if prev in ("unit", "tens") and low.startswith(" and a half", end):
        w.group += 0.5
        w.end = end + 11
        w.prev = "half"
        return w.end + 1
    if end < n and low[end] == "-" and prev in ("tens", "unit"):
        return end + 1
    if prev in ("hundred", "scale") and low.startswith((" and ", " & "), end):
        if prev == "scale":
            w.checkpoint = (w.total, w.group, end)
        w.prev = "and" if prev == "hundred" else "scale"
        return end + (5 if low[end + 1] == "a" else 3)
    if prev == "scale" and low.startswith(", ", end):
        w.checkpoint = (w.total, w.group, end)
        return end + 2
    if low.startswith(" ", end):
        return end + 1
    return None


def read_vague(ctx: Context, start: int, word: str) -> Number | None:
    """Vague plurals ("thousands of"), "half a million", "several hundred", "absolute zero"."""
    if word == "half":
        return _half(ctx, start)
    if word == "absolute zero":
        return Number(0.0, start, start + len(word))
    if word in PLURAL_SCALES:
        num = _vague_plural(ctx, start, word)
    else:  # several / a few / a couple of / many + hundred|thousand|million|billion
        m = _WORD_TOKEN.match(ctx.low, start + len(word))
        scale = m.group().removesuffix("s") if m is not None else ""
        value = 100.0 if scale == "hundred" else SCALES.get(scale, 0.0)
        num = Number(value, start, m.end()) if m is not None and value else None
    if num is not None:
        num.vague = True
    return num


def _half(ctx: Context, start: int) -> Number | None:
    """ "half of", "half a", "half a million", "half a dozen"."""
    low = ctx.low
    if low.startswith(" of ", start + 4):
        return Number(0.5, start, start + 4)
    m = _WORD_TOKEN.match(low, start + 5)  # the "a"/"an" of "half a"
    if m is None:
        return None
    m2 = _WORD_TOKEN.match(low, m.end() + 1)
    if m2 is not None and m2.group() in SCALES:
        return Number(0.5 * SCALES[m2.group()], start, m2.end())
    if m2 is not None and m2.group() == "dozen":
        return Number(6.0, start, m2.end())
    return Number(0.5, start, m.end())


def _vague_plural(ctx: Context, start: int, word: str) -> Number | None:
    """ "thousands of", "tens of thousands of", "dozens of": the least they mean."""
    low = ctx.low
    value = PLURAL_SCALES[word]
    end = start + len(word)
    if low.startswith(" of ", end):
        m = _WORD_TOKEN.match(low, end + 4)
        if m is not None and m.group() in ("thousands", "millions", "billions"):
            value *= PLURAL_SCALES[m.group()]
            end = m.end()
    if word in ("tens", "scores") and value < 1e3 and not low.startswith(" of ", end):
        return None  # "tens" and "scores" alone are other words
    return Number(value, start, end)


def words_ok(ctx: Context, num: Number) -> bool:
    """Reject the pronoun "one" ("no one", "one of the") and idioms ("net zero")."""
    low = ctx.low
    text = low[num.start : num.end]
    if text not in ("one", "zero"):
        return True
    before = ctx.prev_word(num.start)[0].lower()
    if f"{before} {text}" in IDIOMS or _IDIOM_AT.match(low, num.start):
        return False
    return not (text == "zero" and low.startswith("-", num.end))  # "zero-sum", "zero-carbon"
