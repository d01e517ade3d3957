"""Named entities found offline: people, organisations and places.

Capitalised word sequences, typed by what they contain and what surrounds
them: an organisation word (Ministry, Bank, Agency ...), a gazetteer of
countries and large cities, a title before a name (President, Dr.), or a
reporting verb after a name.
"""

import re
from dataclasses import dataclass

from factcheck.text import vocabulary
from factcheck.text.vocabulary import alternation

_ORG_WORDS = vocabulary.words("organisation_words")
_TITLES = vocabulary.words("titles")
_PLACES = vocabulary.words("places")
_PLACE_PREFIXES = vocabulary.words("place_prefixes")
_INSTITUTION_WORDS = vocabulary.words("institution_words")
# Abbreviations whose dots belong to them, and what they name.
_ABBREVIATIONS = vocabulary.table("entity_abbreviations")
_PARTICLES = vocabulary.words("name_particles")  # "of", "van", "bin" inside a name
# Month names and abbreviations; weekdays by their full names ("Sun" is a name).
_MONTHS_DAYS = frozenset(vocabulary.table("months")) | frozenset(
    day for day in vocabulary.table("weekdays") if day.endswith("day")
)
_STOP_START = vocabulary.words("sentence_openers") | _MONTHS_DAYS


# "Sarah Okafor said", "Okafor, the bank's economist, told ...": a person speaks.
_PERSON_CUES_AFTER = re.compile(
    rf"^\s*(?:,\s*\w[^,]{{0,60}},\s*)?"
    rf"(?:{alternation(vocabulary.words('speech_verbs'))})\b"
)
_TOKEN = re.compile(
    rf"[A-Z][\w'\u2019.&-]*(?:(?:\s+(?:{alternation(_PARTICLES)}))*\s+[A-Z][\w'\u2019.&-]*)*"
)


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    type: str  # person, organization, place, other
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "type": self.type, "start": self.start, "end": self.end}


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _classify(words: list[str], before: str, after: str) -> str:
    lowered = [w.lower().strip(",") for w in words]
    if len(words) == 1 and lowered[0] in _ABBREVIATIONS:
        return _ABBREVIATIONS[lowered[0]]
    lowered = [w.strip(".") for w in lowered]
    if any(w in _ORG_WORDS for w in lowered) or all(w.isupper() for w in words):
        return "organization"
    if all(w in _PLACES for w in lowered) or (
        len(words) <= 3 and lowered[-1] in _PLACES and lowered[0] in _PLACE_PREFIXES
    ):
        return "place"
    previous = before.split()[-1].lower().strip(".,") if before.split() else ""
    if previous in _TITLES or lowered[0] in _TITLES:
        return "person"
    if _PERSON_CUES_AFTER.match(after):
        return "person"
    if (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and not any(w in _INSTITUTION_WORDS for w in lowered)
    ):
        return "person"
    return "other"


def find_entities(sentence: str, *, known: frozenset[str] = frozenset()) -> list[Entity]:
    """People, organisations and places named in the sentence, in order.

    `known` holds names the article also writes mid-sentence, so a name that
    opens this sentence ("Alvarez faces ...") is still recognised.
    """
    found: list[Entity] = []
    for match in _TOKEN.finditer(sentence):
        raw = match.group().rstrip(",-")
        # Keep the dot of "U.S." but not a full stop after an ordinary word.
        if raw.endswith(".") and raw.count(".") == 1:
            raw = raw[:-1]
        text = _strip_possessive(raw)
        start = match.start()
        words = text.split()
        # Drop a sentence-initial function word ("The", "In") or a weekday/month.
        while words and words[0].lower().rstrip(".") in _STOP_START:
            start = sentence.index(words[1], start) if len(words) > 1 else start
            words = words[1:]
        # "Ruiz on Monday": neither the day nor the particle before it is the name.
        while words and (words[-1].lower().rstrip(".") in _MONTHS_DAYS or words[-1] in _PARTICLES):
            words = words[:-1]
        if not words or (len(words) == 1 and len(words[0]) < 2):
            continue
        text = " ".join(words)
        end = start + len(text)
        if sentence[start:end] != text:  # spacing inside the match was unusual
            continue
        kind = _classify(words, sentence[:start], sentence[end:])
        if kind == "other" and start == 0 and len(words) == 1 and text not in known:
            continue  # a capitalised first word is usually just a word ("Inflation")
        found.append(Entity(text, kind, start, end))
    return found


_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+\b")


def names_used_mid_sentence(text: str) -> frozenset[str]:
    """Capitalised words the text uses after a lower-case word: names, not sentence openers."""
    return frozenset(m.group() for m in _MID_SENTENCE_NAME.finditer(text))
