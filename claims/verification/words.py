"""The words of claims and passages as the verification rules read them.

Tokens and stems come from factcheck.text.tokens (one tokeniser, Snowball);
the vocabularies from factcheck/text/data. Numbers are left out of the words:
figures are read by the quantity rules, with their units.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from factcheck.text.tokens import Token, tokens
from factcheck.text.vocabulary import table, words


@cache
def unspecific_words() -> frozenset[str]:
    """Words that say nothing about what a claim is about: function words, verbs of
    reporting, names of months and days, number words and the words every report
    uses (times, amounts, "official", "statement")."""
    return (
        words("stop_words")
        | words("reporting_verbs")
        | words("unspecific_words")
        | frozenset(table("months"))
        # Only the weekdays' full names: "sun", "sat" and "wed" are words too.
        | frozenset(day for day in table("weekdays") if day.endswith("day"))
        | frozenset(table("number_words"))
        | frozenset(table("number_scales"))
    )


def words_of(text: str) -> list[Token]:
    """The words of the text in order (numbers left out), with their spans and stems."""
    return [token for token in tokens(text) if not token.number]


def lower(token: Token) -> str:
    """The token lower-cased, with a typographic apostrophe made plain."""
    return token.lower.replace("\u2019", "'")


def salient(words_: Iterable[Token]) -> set[str]:
    """The stems of the words that say what a text is about."""
    unspecific = unspecific_words()
    return {t.stem for t in words_ if lower(t) not in unspecific and len(t.stem) >= 2}


def token_index(words_: list[Token], offset: int) -> int:
    """Index of the first word starting at or after offset."""
    for index, token in enumerate(words_):
        if token.start >= offset:
            return index
    return len(words_)


def snippet(text: str, limit: int = 160) -> str:
    """The text on one line, cut to the limit with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def figure(value: float) -> str:
    """A number as a reason writes it: 1,400; 6.1; 1.2e+06."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}"
