"""Which of a sentence's figures the claim asserts, which only frame it, and what they count.

A number that is part of a date ("two years ago", "the past three weeks") is a
time reference, not a figure. A duration inside a quotation ("we have been
chasing him for two years," he said) is the speaker's colour, and one in a
leading adverbial ("For five years, the council has ...") sets the scene: the
claim is checked on what follows. A bare number that is the new level of a
change takes the noun its clause counts: "The number of violent crimes dropped
9%, to 12,874" counts crimes, as does "Sexual crimes declined 3% to 6,552". An
age that describes a person ("Alvarez, 58,", "a 71-year-old retired teacher",
"aged 65 or over") says who they are, and a few named by number ("three of the
biggest airlines", "all three") say whom the sentence is about: neither is
what is claimed. A duration that is asserted ("sentenced to
25 years", "the talks lasted six months") stays.
"""

import re

from factcheck.text import vocabulary
from factcheck.text.sentences import quoted_spans
from factcheck.text.vocabulary import alternation, word_pattern

from .quantities import unit_kind
from .quantities.nouns import looks_plural, singular

_DURATIONS = vocabulary.words("duration_units")
_AGE_COMPOUND = re.compile(r"\d{1,3}-year-old$")
_AGE_APPOSITION = re.compile(r"[A-Z][\w'-]+, $")
_AGED = re.compile(r"\baged\s+$", re.I)
# "Three of the biggest airlines", "the most optimistic of the three", "all three":
# a few, named by number instead of by a noun, are who the sentence is about.
_OF_THE_AFTER = re.compile(r"\s+of\s+(?:the|these|those|them|its|their)\b", re.I)
_THE_BEFORE = re.compile(r"\b(?:the|all|these|those)\s+$", re.I)
# Counts and durations under this are "a few": they describe, they do not measure.
_FEW = 10
# "For five years, ...", "In twelve months of talks, ...": up to the first comma.
_LEADING_ADVERBIAL = re.compile(
    rf"^\W*(?:{alternation(vocabulary.words('duration_prepositions'))})\b[^,]{{0,60}},", re.I
)


_CHANGE = word_pattern("change_verbs")
# "the number of patients waiting ...", "the total number of reported rapes"
_NUMBER_OF = re.compile(r"\bthe\s+(?:total\s+)?number\s+of\s+(?P<words>(?:[a-z-]+\s*){1,5})", re.I)
# Where the clause that holds a verb of change begins.
_CLAUSE_START = re.compile(
    rf"[,;:]|\b(?:{alternation(vocabulary.words('clause_conjunctions'))})\b", re.I
)
_DETERMINER = re.compile(r"^(?:the|its|their|a|an)\s+", re.I)
_SUBJECT_WORDS = 4


def _counted_noun(text: str, change_at: int) -> str:
    """The plural noun counted by the clause before a verb of change; "" if none.

    "the number of reported rapes rose": rapes; "Sexual crimes declined": crimes.
    """
    starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, change_at)]
    clause = text[starts[-1] if starts else 0 : change_at].strip()
    if match := _NUMBER_OF.search(clause):
        words = match["words"].split()
    else:
        words = _DETERMINER.sub("", clause).split()
        if not 0 < len(words) <= _SUBJECT_WORDS:
            return ""
        words = words[-1:]  # the head of a short subject is its last word
    plural = next((w.lower() for w in words if looks_plural(w.lower())), "")
    return singular(plural) if plural else ""


def _counts_since(quantities: list[dict], position: int) -> bool:
    return any(unit_kind(q["unit"]) == "count" and q["start"] > position for q in quantities)


def with_counted_noun(text: str, quantities: list[dict]) -> list[dict]:
    """Bare numbers after a verb of change, with the noun its clause counts."""
    if not any(q["unit"] == "" for q in quantities):
        return quantities
    changes = [m.start() for m in _CHANGE.finditer(text)]
    counted: list[dict] = []
    for q in quantities:
        before = [at for at in changes if at < q["start"]]
        noun = ""
        # "revised from 115 people killed to 97": the old figure names what is counted.
        if q["unit"] == "" and before and not _counts_since(counted, before[-1]):
            noun = _counted_noun(text, before[-1])
        counted.append({**q, "unit": noun} if noun else q)
    return counted


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _describes_age(text: str, quantity: dict) -> bool:
    if _AGE_COMPOUND.match(quantity["text"]) or _AGED.search(text, 0, quantity["start"]):
        return True
    bare_number = quantity["unit"] == "" and text[quantity["end"] : quantity["end"] + 1] == ","
    return bare_number and _AGE_APPOSITION.search(text, 0, quantity["start"]) is not None


def _names_a_few(text: str, quantity: dict) -> bool:
    """A bare small number standing for a noun phrase: "three of the", "all three"."""
    if quantity["unit"] != "" or abs(quantity["value"]) >= _FEW:
        return False
    after = text[quantity["end"] :]
    ends = not after.strip() or after[:1] in ".,;:"
    return bool(_OF_THE_AFTER.match(after)) or (
        ends and _THE_BEFORE.search(text, 0, quantity["start"]) is not None
    )


def _is_duration(unit: str) -> bool:
    return unit.split(" per ", 1)[0] in _DURATIONS


def reported_figures(quantities: list[dict]) -> list[int]:
    """Where the figures a sentence reports start: a few of something ("two sons",
    "three offences", "every six months") describe the event rather than measure it."""
    return [
        q["start"]
        for q in quantities
        if not (
            (unit_kind(q["unit"]) in ("count", "") or _is_duration(q["unit"]))
            and abs(q["value"]) < _FEW
        )
    ]


def _frames(text: str, quantity: dict, quoted: list[tuple[int, int]]) -> bool:
    if not _is_duration(quantity["unit"]):
        return False
    if _inside(quantity["start"], quoted):
        return True
    leading = _LEADING_ADVERBIAL.match(text)
    return leading is not None and quantity["end"] <= leading.end()


def asserted_quantities(text: str, quantities: list[dict], times: list[dict]) -> list[dict]:
    """The quantities the sentence asserts, in order: dates and framing durations left
    out, a bare new level given the noun the sentence counts."""
    dated = [(t["start"], t["end"]) for t in times]
    quoted = quoted_spans(text)
    asserted = [
        q
        for q in quantities
        if not _inside(q["start"], dated)
        and not _frames(text, q, quoted)
        and not _describes_age(text, q)
        and not _names_a_few(text, q)
    ]
    return with_counted_noun(text, asserted)
