"""The claim and the passage prepared for the rules.

A claim is read once into a :class:`ClaimProfile` (cached: a check judges
many passages against one claim): its key words, who it is about, its
figures with what each measures and which way it moved, its time window and
whether it is negated. A passage is read into :class:`PassageSentence` s,
each knowing how much of the claim it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from claims.extraction.canonical import normalise
from claims.extraction.entities import find_entities
from claims.extraction.framing import with_counted_noun
from claims.extraction.quantities import extract_quantities
from claims.extraction.timerefs import extract_time_references
from factcheck.text.sentences import split_sentences
from factcheck.text.tokens import Token, stem
from factcheck.text.vocabulary import words

from .dates import as_day, claim_window
from .denials import is_negated, noncommittal_sentence
from .facts import ClaimFacts
from .figures import Figure, as_figure, running_total
from .parties import entity_keys, mentions, same_party
from .quantities import ClaimFigure, claim_figure, direction_stems
from .words import lower, salient, unspecific_words, words_of

# The name a claim opens with ("Pharmalink's painkiller caused ..."): its subject.
_SUBJECT = re.compile(r"^(?:The\s+)?([A-Z][\w&.\-]*(?:\s+(?:&\s+)?[A-Z][\w&.\-]*)*)(['\u2019]s\b)?")
_PROFILE_CACHE: dict[tuple, ClaimProfile] = {}
_PROFILE_CACHE_SIZE = 512


@dataclass(frozen=True, slots=True)
class ClaimProfile:
    """What the rules need to know about a claim, read once."""

    keywords: frozenset[str]
    predicate: frozenset[str]  # keywords that are neither names nor units ("cut", "bribe")
    surface: dict[str, str]  # stem -> the word as the claim writes it
    entities: tuple[tuple[str, frozenset[str]], ...]  # (text, keys)
    actor_keys: frozenset[str]  # parties the claim is about (not its claimant)
    quantities: tuple[ClaimFigure, ...]
    window: tuple[date, date] | None
    window_text: str
    negated: bool
    cumulative: bool
    unit_stems: frozenset[str]


@dataclass(slots=True)
class PassageSentence:
    """One sentence of a passage, with how many of the claim's words and names it has."""

    text: str
    tokens: list[Token]
    stems: set[str]
    hits: int  # claim keywords and entities it names (0 for a non-committal sentence)
    _figures: list[Figure] | None = None

    @property
    def figures(self) -> list[Figure]:
        """The sentence's quantities, extracted when first asked for."""
        if self._figures is None:
            self._figures = [
                q
                for q in (
                    as_figure(raw, self.text)
                    for raw in with_counted_noun(
                        self.text, [q.as_dict() for q in extract_quantities(self.text)]
                    )
                )
                if q is not None
            ]
        return self._figures


def claim_profile(claim: ClaimFacts) -> ClaimProfile:
    """The claim read for the rules (the last few hundred are kept)."""
    key = (
        claim.text,
        claim.claimant,
        claim.published,
        repr(claim.quantities),
        repr(claim.time_references),
        repr(claim.entities),
    )
    cached = _PROFILE_CACHE.get(key)
    if cached is None:
        if len(_PROFILE_CACHE) > _PROFILE_CACHE_SIZE:
            _PROFILE_CACHE.clear()
        cached = _PROFILE_CACHE[key] = _read_claim(claim)
    return cached


def _read_claim(claim: ClaimFacts) -> ClaimProfile:
    text = claim.text or ""
    tokens = words_of(text)
    entities = _claim_entities(claim)
    actors = _claim_actors(text, entities, claim.claimant)
    name_stems = _name_stems(text, entities)
    not_measured = name_stems | direction_stems()
    figures = tuple(
        claim_figure(q, tokens, not_measured)
        for q in (as_figure(raw, text) for raw in _claim_quantities(claim))
        if q is not None
    )
    unit_stems = frozenset(
        t.stem for cf in figures if cf.figure.start >= 0 for t in tokens
        if cf.figure.start <= t.start < cf.figure.end
    )  # fmt: skip
    keywords = salient(tokens)
    if claim.claimant:
        keywords -= salient(words_of(claim.claimant))
    window, window_text = claim_window(_claim_times(claim))
    surface: dict[str, str] = {}
    for t in tokens:
        surface.setdefault(t.stem, lower(t).removesuffix("'s"))
    return ClaimProfile(
        keywords=frozenset(keywords),
        predicate=frozenset(keywords - name_stems - unit_stems),
        surface=surface,
        entities=entities,
        actor_keys=actors,
        quantities=figures,
        window=window,
        window_text=window_text,
        negated=is_negated(text),
        cumulative=running_total(text),
        unit_stems=unit_stems,
    )


def _claim_quantities(claim: ClaimFacts) -> list:
    return claim.quantities or [q.as_dict() for q in extract_quantities(claim.text or "")]


def _claim_times(claim: ClaimFacts) -> list[dict]:
    """The claim's time references; read from its text, against its article's
    date, when none are stored."""
    times = [t for t in claim.time_references or () if isinstance(t, dict)]
    published = as_day(claim.published)
    if not times and published is not None:
        times = [t.as_dict() for t in extract_time_references(claim.text or "", published)]
    return times


def _claim_entities(claim: ClaimFacts) -> tuple[tuple[str, frozenset[str]], ...]:
    """(name, keys) of every entity the claim names that can be identified."""
    found = claim.entities or [
        {"text": e.text, "type": e.type} for e in find_entities(claim.text or "")
    ]
    names = (str(e.get("text") or "") for e in found if isinstance(e, dict))
    return tuple((name, keys) for name in names if (keys := entity_keys(name)))


def _claim_actors(
    text: str, entities: tuple[tuple[str, frozenset[str]], ...], claimant: str
) -> frozenset[str]:
    """The parties the claim is about: its entities and its subject, less where it
    happened ("in Chad") and less its claimant (who says it is no party to it)."""
    claimant_keys = entity_keys(claimant) if claimant else frozenset()

    def is_claimant(keys: frozenset[str]) -> bool:
        return bool(claimant_keys) and same_party(keys, claimant_keys)

    actors: set[str] = set()
    for name, keys in entities:
        at = text.find(name)
        before = text[:at].split()[-1:] if at > 0 else []
        if before and before[0].lower() in words("locative_prepositions"):
            continue  # "vaccinated in Chad": where it happened, not who did it
        if not is_claimant(keys):
            actors |= keys
    subject = _SUBJECT.match(text)
    if subject is not None and subject.group(1).lower() not in unspecific_words():
        keys = entity_keys(subject.group(1))
        if not is_claimant(keys):
            actors |= keys  # "Pharmalink's painkiller ...": the claim is about Pharmalink
    return frozenset(actors)


def _name_stems(text: str, entities: tuple[tuple[str, frozenset[str]], ...]) -> frozenset[str]:
    """Stems of the claim's names: they say who or where, not what a figure measures."""
    named = [keys for _name, keys in entities]
    subject = _SUBJECT.match(text)
    if subject is not None and (subject.group(2) or " " in subject.group(1)):
        named.append(entity_keys(subject.group(1)))  # "Valdoria's", not "Inflation"
    stems = {stem(word) for keys in named for key in keys for word in key.split()}
    stems |= {stem(w) for name, _keys in entities for w in normalise(name).split()}
    return frozenset(stems)


def passage_sentences(profile: ClaimProfile, text: str) -> list[PassageSentence]:
    """The passage's sentences, each with how much of the claim it names."""
    sentences = []
    for sentence in split_sentences(text):
        tokens = words_of(sentence.text)
        stems = {t.stem for t in tokens}
        padded = " " + " ".join(lower(t) for t in tokens) + " "
        hits = len((profile.keywords - profile.unit_stems) & stems) + sum(
            1 for _n, keys in profile.entities if any(mentions(padded, k) for k in keys)
        )
        if hits and noncommittal_sentence().search(sentence.text):
            hits = 0  # asserts nothing: neither evidence nor denial
        sentences.append(PassageSentence(sentence.text, tokens, stems, hits))
    return sentences
