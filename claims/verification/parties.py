"""Entities and parties: who a claim is about and who in a passage is speaking.

An entity is reduced to keys that identify it ("Russia's foreign ministry" ->
{"russia"}; "the Kremlin" -> {"russia"} through data/place_aliases.txt), so
that a denial by "Moscow" counts as a denial by the Russia a claim accuses.
A speaker who is a party the claim is about is *interested*: their denial
weighs less than an independent refutation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from claims.extraction.attribution import find_attribution
from claims.extraction.canonical import normalise
from factcheck.text.vocabulary import alternation, table, words

from .words import unspecific_words

# Punctuation that ends the phrase before a verb: the speaker is what follows it.
_PHRASE_BREAKS = (",", ";", ":", "\u201d", '"', "(", "\u2014")


@cache
def _clause_lead() -> re.Pattern[str]:
    return re.compile(r"^" + alternation(words("clause_leads")) + r"\s+", re.IGNORECASE)


@cache
def _aliases() -> dict[str, str]:
    return table("place_aliases")


@cache
def _alias_phrases() -> dict[str, tuple[str, ...]]:
    """Canonical name -> every phrase that names it (the name itself first)."""
    phrases: dict[str, tuple[str, ...]] = {}
    for alias, canonical in _aliases().items():
        phrases[canonical] = (*phrases.get(canonical, (canonical,)), alias)
    return phrases


def entity_keys(text: str) -> frozenset[str]:
    """Normalised phrases that identify an entity: 'Russia's foreign ministry' -> {'russia'}."""
    aliases, phrases = _aliases(), _alias_phrases()
    norm = normalise(text)
    if norm in aliases:
        return frozenset({aliases[norm]})
    if norm in phrases:
        return frozenset({norm})
    keys = set()
    padded = f" {norm} "
    for alias, canonical in aliases.items():
        if " " in alias and f" {alias} " in padded:
            keys.add(canonical)
            padded = padded.replace(f" {alias} ", " ")
    for word in padded.split():
        if word in aliases:
            keys.add(aliases[word])
        elif word in phrases or (len(word) >= 3 and not _names_a_kind(word)):
            keys.add(word)
    return frozenset(keys)


def _names_a_kind(word: str) -> bool:
    """Whether the word names what kind of body it is, or nothing, rather than which."""
    return word in words("generic_org_words") or word in unspecific_words()


def mentions(padded_norm: str, key: str) -> bool:
    """Whether ' normalised text ' mentions the key (or an alias; word-initial prefix)."""
    return any(f" {phrase}" in padded_norm for phrase in _alias_phrases().get(key, (key,)))


def same_party(keys_a: Iterable[str], keys_b: Iterable[str]) -> bool:
    """Whether two sets of keys name the same party ("norland" and "norlands" do)."""
    return any(a == b or a.startswith(b) or b.startswith(a) for a in keys_a for b in keys_b)


def phrase_before(sentence: str, at: int) -> str:
    """The noun phrase just before sentence[at:], at most eight words, without a
    leading conjunction ("..., but the ministry" -> "the ministry")."""
    before = sentence[:at].rstrip()
    cut = max(before.rfind(c) for c in _PHRASE_BREAKS)
    phrase = _clause_lead().sub("", before[cut + 1 :].strip())
    found = phrase.split()
    return " ".join(found[-8:]).strip(" ,") if found else ""


def speaker(text: str, denial: bool, cue_start: int) -> str:
    """Who says it: the subject of a denial verb, else the sentence's attribution."""
    if denial:
        subject = phrase_before(text, cue_start)
        first = subject.split()[0].lower() if subject else ""
        named = subject[:1].isupper() or first in words("articles")
        if first and first not in words("pronouns") and named:
            return subject
    attribution = find_attribution(text)
    if attribution is None:
        return ""
    claimant = attribution.claimant
    if attribution.cue == "subject" and (at := text.find(claimant)) >= 0:
        # "An independent audit by Kessler & Roy found ...": the whole subject, not "Roy"
        fuller = phrase_before(text, at + len(claimant))
        if fuller.endswith(claimant) and len(fuller) > len(claimant):
            claimant = fuller
    return claimant


def interested_party(
    speaker_: str,
    actor_keys: frozenset[str],
    entities: tuple[tuple[str, frozenset[str]], ...],
    padded_passage: str,
) -> tuple[str, bool]:
    """(who speaks, whether they are a party the claim is about).

    A speaker named only by role ("the company denied it") is the party of the
    claim that the passage names, if it names one.
    """
    keys = entity_keys(speaker_)
    if keys and same_party(keys, actor_keys):
        return speaker_, True
    role_words = words("generic_org_words") | words("generic_speaker_words") | unspecific_words()
    found = normalise(speaker_).split()
    if found and all(w in role_words for w in found):
        for name, entity_keys_ in entities:
            if entity_keys_ & actor_keys and any(mentions(padded_passage, k) for k in entity_keys_):
                return f"{speaker_} ({name})", True
    return speaker_, False
