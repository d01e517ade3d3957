"""Step 4: attach the counted noun. A number without a measurement unit counts
the head of the short noun phrase after it, singular: "1,000 containers" ->
"container", "two previous failed attempts" -> "attempt"."""

from __future__ import annotations

import re

from .context import Context
from .quantity import Unit
from .tables import (
    IRREGULAR_PLURALS,
    MEASURE_UNITS,
    NOT_PLURAL,
    NOUN_LY,
    SAME_PLURALS,
    SINGULAR_EXCEPTIONS,
    SKIPPED_ADJECTIVES,
    STOP,
    WORD_UNITS,
)

# A word one or two spaces on: letters, with inner hyphens or apostrophes.
SPACED_WORD = re.compile(r" {1,2}([A-Za-z]+(?:['-][A-Za-z]+)*)")


def looks_plural(word: str) -> bool:
    """Whether a lower-case English noun reads as a plural ("containers", "people", "data")."""
    if word in IRREGULAR_PLURALS or word in SAME_PLURALS:
        return True
    if word.endswith("men"):
        return word not in SINGULAR_EXCEPTIONS  # "women", "firemen"
    return (
        len(word) > 2
        and word[-1] == "s"
        and not word.endswith(("ss", "us", "is", "'s"))
        and word not in NOT_PLURAL
    )


def singular(word: str) -> str:
    """Singular form of a lower-case English noun (table of irregulars + suffix rules)."""
    irregular = IRREGULAR_PLURALS.get(word)
    if irregular is not None:
        return irregular
    if word.endswith("men") and word not in SINGULAR_EXCEPTIONS:
        return word[:-3] + "man"
    if (
        word in SAME_PLURALS
        or word in NOT_PLURAL
        or not word.endswith("s")
        or word.endswith(("ss", "us", "is", "'s"))
    ):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-1] if word[:-1] in SINGULAR_EXCEPTIONS else word[:-3] + "y"
    if word.endswith(("sses", "shes", "xes", "zzes")):
        return word[:-2]
    if word.endswith("ches"):
        return word[:-1] if word[:-1] in SINGULAR_EXCEPTIONS else word[:-2]
    return word[:-1]


def _participle(word: str) -> bool:
    """An -ed or -ing form: an adjective ("failed attempts") or the verb ("died")."""
    return len(word) > 3 and word.endswith(("ed", "ing")) and not word.endswith("eed")


def counted_noun(ctx: Context, p: int, one: bool) -> Unit | None:
    """The head noun of the short noun phrase at p, singular, and where it ends.

    The phrase ends at a stop word, an adverb or after three words; a later
    plural wins over an earlier word ("50 police officers"). A count of one
    ("one building collapsed") takes a singular noun, others a plural one; a
    measurement unit inside the phrase ends the search ("five straight years").
    """
    cand: Unit | None = None
    weak: Unit | None = None  # first participle, in case no noun follows
    for _ in range(3):
        m = SPACED_WORD.match(ctx.norm, p)
        if m is None:
            break
        word = m.group(1).lower()
        p = m.end(1)
        if word in STOP:
            break
        if word in SKIPPED_ADJECTIVES:
            continue
        unit = WORD_UNITS.get(word)
        if unit is not None and unit in MEASURE_UNITS:
            return (unit, p) if cand is None else None
        if word.endswith("ly") and len(word) > 4 and word not in NOUN_LY:
            break  # an adverb ends the noun phrase
        if cand is not None and cand[0] in SAME_PLURALS and not looks_plural(word):
            break  # "50 police were": "police" was the noun
        if not one and looks_plural(word):
            cand = (word, p)
            if word not in SAME_PLURALS:
                break  # "50 police officers": prefer the later plural
            continue
        if _participle(word):
            if weak is None and cand is None:
                weak = (word, p)
            continue
        cand = (word, p)
    if cand is None and one:
        cand = weak  # "one building collapsed"
    if cand is None or not (one or looks_plural(cand[0])):
        return None
    return singular(cand[0]), cand[1]
