"""Named entities found offline: people, organisations and places.

Capitalised word runs, cut where the text joins two names ("London and
Manchester", "Houston-based Kestrel Aerospace", "Labour MP Harriet Harman"),
then typed from evidence in the text and in well-kept data:

- an organisation word in the name ("Ministry", "Bank", "Inc."), an acronym,
  or a job held at it ("chief economist at Lindqvist Capital");
- a place: ISO 3166 countries and their subdivisions (pycountry), the text
  layer's gazetteer of continents, oceans and large cities, or a "-based"
  before a name ("Dublin-based");
- a person: a title before the name ("President", "Dr."), a verb of speech
  after it, or two or three plain capitalised words;
- what the article said earlier: a surname is typed as the full name it
  belongs to, the first word of an organisation's name as the organisation.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import pycountry

from factcheck.text import vocabulary
from factcheck.text.tokens import is_stop_word
from factcheck.text.vocabulary import alternation

_ORG_WORDS = vocabulary.words("organisation_words")
_TITLES = vocabulary.words("titles")
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
_ROLE_WORDS = vocabulary.words("generic_org_words") | _TITLES

# "Sarah Okafor said", "Okafor, the bank's economist, told ...": a person speaks.
_PERSON_CUES_AFTER = re.compile(
    rf"^\s*(?:,\s*\w[^,]{{0,60}},\s*)?"
    rf"(?:{alternation(vocabulary.words('speech_verbs'))})\b"
)
# "chief economist at Lindqvist Capital", "a spokesperson for the Ministry": an employer.
_EMPLOYER_BEFORE = re.compile(
    rf"\b(?:{alternation(_ROLE_WORDS)})\s+(?:at|of|for|with)\s+(?:the\s+)?$", re.IGNORECASE
)
_TOKEN = re.compile(
    rf"[A-Z][\w'\u2019.&-]*(?:(?:\s+(?:{alternation(_PARTICLES)}))*\s+[A-Z][\w'\u2019.&-]*)*"
)
_BASED = re.compile(r"^(?P<place>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)-based$")


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    type: str  # person, organization, place, other
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "type": self.type, "start": self.start, "end": self.end}


@dataclass
class Seen:
    """Names an article typed before, so a shorter later mention gets the same type."""

    types: dict[str, str] = field(default_factory=dict)
    alone: frozenset[str] = frozenset()  # words the article also writes as a name by themselves

    def learn(self, entity: "Entity") -> None:
        words = entity.text.split()
        if len(words) < 2:
            return
        if entity.type == "person":
            self.types.setdefault(words[-1], "person")  # "Raymond Alvarez" -> "Alvarez"
        elif entity.type == "organization":
            self.types.setdefault(words[0], "organization")  # "Samsung Electronics"
        self.types.setdefault(entity.text, entity.type)


def _folded(name: str) -> str:
    """Lower case without accents: "Mahārāshtra" -> "maharashtra"."""
    ascii_form = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(ascii_form.lower().split())


@cache
def place_names() -> frozenset[str]:
    """Countries and their subdivisions (ISO 3166, pycountry) and the gazetteer, folded."""
    names = set(vocabulary.words("places"))
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(country, attribute, None):
                names.add(_folded(value))
    for subdivision in pycountry.subdivisions:
        names.add(_folded(subdivision.name))
    return frozenset(names)


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _is_place(words: list[str]) -> bool:
    lowered = [w.lower().strip(".,") for w in words]
    places = place_names()
    if _folded(" ".join(words)) in places or all(w in places for w in lowered):
        return True
    return len(words) <= 3 and lowered[-1] in places and lowered[0] in _PLACE_PREFIXES


def _classify(words: list[str], before: str, after: str, seen: Seen) -> str:
    lowered = [w.lower().strip(",") for w in words]
    if len(words) == 1 and lowered[0] in _ABBREVIATIONS:
        return _ABBREVIATIONS[lowered[0]]
    lowered = [w.strip(".") for w in lowered]
    if any(w in _ORG_WORDS for w in lowered) or all(w.isupper() for w in words):
        return "organization"
    if _is_place(words):
        return "place"
    if known := seen.types.get(" ".join(words)):
        return known
    previous = before.split()[-1].lower().strip(".,") if before.split() else ""
    if previous in _TITLES or lowered[0] in _TITLES:
        return "person"
    if _EMPLOYER_BEFORE.search(before):
        return "organization"
    if _PERSON_CUES_AFTER.match(after) and len(words) > 1:
        return "person"
    if (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and not any(w in _INSTITUTION_WORDS for w in lowered)
    ):
        # An article calls a person by the surname, an organisation by its first
        # word: "Alvarez" for Raymond Alvarez, "Samsung" for Samsung Electronics.
        if words[0] in seen.alone and words[-1] not in seen.alone:
            return "organization"
        return "person"
    return "other"


def _pieces(sentence: str, start: int, words: list[str]) -> list[tuple[int, list[str]]]:
    """The names inside one capitalised run: cut at "and", a title, or "-based"."""
    organisation = any(w.lower().strip(".,") in _ORG_WORDS for w in words)
    for index, word in enumerate(words):
        based = _BASED.match(word)
        if based and index + 1 < len(words):
            after = sentence.index(words[index + 1], start)
            return [(start, based["place"].split()), *_pieces(sentence, after, words[index + 1 :])]
        title = word.lower().strip(".") in _TITLES and not organisation
        if title and index + 1 < len(words) and words[index + 1][:1].isupper():
            rest = sentence.index(words[index + 1], start + len(" ".join(words[: index + 1])))
            before = [(start, words[:index])] if index else []
            return [*before, *_pieces(sentence, rest, words[index + 1 :])]
        if word == "and" and 0 < index < len(words) - 1 and not organisation:
            left, right = words[:index], words[index + 1 :]
            rest = sentence.index(right[0], start + len(" ".join(left)))
            return [(start, left), *_pieces(sentence, rest, right)]
    return [(start, words)]


def _runs(sentence: str) -> list[tuple[int, list[str]]]:
    """Capitalised word runs, without a leading opener or a trailing date word."""
    runs = []
    for match in _TOKEN.finditer(sentence):
        raw = match.group().rstrip(",-")
        # Keep the dot of "U.S." but not a full stop after an ordinary word.
        if raw.endswith(".") and raw.count(".") == 1:
            raw = raw[:-1]
        start, words = match.start(), _strip_possessive(raw).split()
        # "The", "In", "Only", "Both": a capitalised common word opens the sentence.
        while words and (
            words[0].lower().rstrip(".") in _STOP_START or is_stop_word(words[0].lower())
        ):
            start = sentence.index(words[1], start) if len(words) > 1 else start
            words = words[1:]
        # "Ruiz on Monday": neither the day nor the particle before it is the name.
        while words and (words[-1].lower().rstrip(".") in _MONTHS_DAYS or words[-1] in _PARTICLES):
            words = words[:-1]
        if words:
            runs += _pieces(sentence, start, words)
    return runs


def find_entities(
    sentence: str, *, known: frozenset[str] = frozenset(), seen: Seen | None = None
) -> list[Entity]:
    """People, organisations and places named in the sentence, in order.

    `known` holds names the article also writes mid-sentence, so a name that
    opens this sentence ("Alvarez faces ...") is still recognised; `seen` the
    types the article gave names before (it learns this sentence's too).
    """
    seen = seen if seen is not None else Seen()
    found: list[Entity] = []
    for start, words in _runs(sentence):
        words = [w.strip(",") for w in words if w.strip(",")]
        if not words or (len(words) == 1 and len(words[0]) < 2):
            continue
        text = " ".join(words)
        end = start + len(text)
        if sentence[start:end] != text:  # spacing inside the match was unusual
            continue
        kind = _classify(words, sentence[:start], sentence[end:], seen)
        if kind == "other" and start == 0 and len(words) == 1 and text not in known:
            continue  # a capitalised first word is usually just a word ("Inflation")
        entity = Entity(text, kind, start, end)
        seen.learn(entity)
        found.append(entity)
    return found


def names_used_alone(text: str) -> frozenset[str]:
    """Capitalised words written mid-sentence with no other capitalised word beside them."""
    alone = set()
    for match in _TOKEN.finditer(text):
        word = _strip_possessive(match.group().rstrip(".,"))
        opens_sentence = match.start() < 2 or text[match.start() - 2] in '.!?\n"\u201c'
        if " " not in word and word[1:].islower() and not opens_sentence:
            alone.add(word)
    return frozenset(alone)


_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+\b")


def names_used_mid_sentence(text: str) -> frozenset[str]:
    """Capitalised words the text uses after a lower-case word: names, not sentence openers."""
    return frozenset(m.group() for m in _MID_SENTENCE_NAME.finditer(text))
