"""Which of a sentence's figures the claim asserts, and which only frame it.

A number that is part of a date ("two years ago", "the past three weeks") is a
time reference, not a figure. A duration inside a quotation ("we have been
chasing him for two years," he said) is the speaker's colour, and one in a
leading adverbial ("For five years, the council has ...") sets the scene: the
claim is checked on what follows. An age that describes a person ("Alvarez, 58,", "a 71-year-old
retired teacher") says who they are, not what is claimed. A duration that is asserted ("sentenced to
25 years", "the talks lasted six months") stays.
"""

import re

from factcheck.text import vocabulary
from factcheck.text.vocabulary import alternation

_DURATIONS = vocabulary.words("duration_units")
_QUOTED = re.compile(r"[\"\u201c][^\"\u201d]{3,}[\"\u201d]")
# "For five years, ...", "In twelve months of talks, ...": up to the first comma.
_AGE_COMPOUND = re.compile(r"\d{1,3}-year-old$")
_AGE_APPOSITION = re.compile(r"[A-Z][\w'-]+, $")
_LEADING_ADVERBIAL = re.compile(
    rf"^\W*(?:{alternation(vocabulary.words('duration_prepositions'))})\b[^,]{{0,60}},", re.I
)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _describes_age(text: str, quantity: dict) -> bool:
    if _AGE_COMPOUND.match(quantity["text"]):
        return True
    bare_number = quantity["unit"] == "" and text[quantity["end"] : quantity["end"] + 1] == ","
    return bare_number and _AGE_APPOSITION.search(text, 0, quantity["start"]) is not None


def _frames(text: str, quantity: dict, quoted: list[tuple[int, int]]) -> bool:
    if quantity["unit"].split(" per ", 1)[0] not in _DURATIONS:
        return False
    if _inside(quantity["start"], quoted):
        return True
    leading = _LEADING_ADVERBIAL.match(text)
    return leading is not None and quantity["end"] <= leading.end()


def asserted_quantities(text: str, quantities: list[dict], times: list[dict]) -> list[dict]:
    """The quantities the sentence asserts, in order: dates and framing durations left out."""
    dated = [(t["start"], t["end"]) for t in times]
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    return [
        q
        for q in quantities
        if not _inside(q["start"], dated)
        and not _frames(text, q, quoted)
        and not _describes_age(text, q)
    ]
