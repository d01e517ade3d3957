"""Step two of a check, relate: is this passage about the same proposition as the claim?

Signals for every candidate passage: how close the two read as meaning
(sentence embeddings, factcheck.text.embeddings), how much of the claim's
content the passage repeats (its words, names and numbers, stemmed alike),
whether the passage dates itself to another year than the claim's, how the
search ranked it, and what the rules found when they read it (a figure of
the claim's kind compared, the claim's period named). A logistic model
fitted on the dev topics (weights/fit.py) turns them into the probability
that the passage bears on the claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.text.embeddings import Embedder
from factcheck.text.tokens import content_stems, stem, tokens

from .facts import Judgement
from .model import Weights

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class ClaimTerms:
    """What relate() looks for in a passage: the claim's content, once per check."""

    text: str
    stems: frozenset[str]
    names: tuple[frozenset[str], ...]  # each name as the stems of its words
    numbers: frozenset[str]
    years: frozenset[str]

    @classmethod
    def of(cls, text: str, names: Sequence[str], published_year: int | None) -> ClaimTerms:
        numbers = frozenset(
            t.stem for t in tokens(text) if t.number and not _YEAR.fullmatch(t.stem)
        )
        years = set(_YEAR.findall(text))
        if published_year is not None:
            years.add(str(published_year))
        name_stems = tuple(
            frozenset(stem(t.text) for t in tokens(name)) for name in names if name.strip()
        )
        return cls(text, frozenset(content_stems(text)), name_stems, numbers, frozenset(years))


@dataclass(frozen=True)
class Relation:
    """How one passage relates to the claim: the features, and the model's probability."""

    features: dict[str, float]
    probability: float


def relation_features(
    claim: ClaimTerms, passage: str, similarity: float, search_rank: float
) -> dict[str, float]:
    """The signals relate() weighs, each in 0..1 (search_rank as the search gave it)."""
    found = {t.stem for t in tokens(passage)}
    years = set(_YEAR.findall(passage))
    return {
        "similarity": max(0.0, similarity),
        "word_share": _share(claim.stems, found),
        "name_share": (
            sum(name <= found for name in claim.names) / len(claim.names) if claim.names else 0.0
        ),
        "has_names": float(bool(claim.names)),
        "number_share": _share(claim.numbers, found),
        "has_numbers": float(bool(claim.numbers)),
        "other_year": float(bool(years) and bool(claim.years) and not years & claim.years),
        "search_rank": min(search_rank, 2.0) / 2.0,
    }


def relate(
    claim: ClaimTerms,
    passages: Sequence[str],
    ranks: Sequence[float],
    readings: Sequence[Judgement],
    embedder: Embedder,
    weights: Weights,
) -> list[Relation]:
    """Each passage's relation to the claim, in the order given (readings: the
    rules' judgement of each passage)."""
    return [
        relation_of(features, weights)
        for features in passages_features(claim, passages, ranks, readings, embedder)
    ]


def relation_of(features: dict[str, float], weights: Weights) -> Relation:
    """The relation these signals make: the fitted model's probability of bearing on
    the claim."""
    return Relation(features, weights.probability("relate", features))


def reading_features(reading: Judgement) -> dict[str, float]:
    """What the rules' reading says of relatedness: they found the passage related,
    compared a figure of the claim's kind in it, or found the claim's period."""
    kinds = {reason.get("kind") for reason in reading.reasons}
    return {
        "rules_related": float(reading.stance != "unrelated"),
        "figure_compared": float(bool(kinds & {"quantity_match", "quantity_conflict"})),
        "same_period": float("date_match" in kinds),
    }


def passages_features(
    claim: ClaimTerms,
    passages: Sequence[str],
    ranks: Sequence[float],
    readings: Sequence[Judgement],
    embedder: Embedder,
) -> list[dict[str, float]]:
    """relation_features() of each passage, embedded together with the claim, and
    how far each passage's similarity falls short of the closest candidate's (how
    alike texts of one topic read varies from topic to topic; the best of them
    is the yardstick)."""
    similarities = embedder.similarities(claim.text, passages)
    closest = max(similarities, default=0.0)
    out = []
    for text, similarity, rank, reading in zip(
        passages, similarities, ranks, readings, strict=True
    ):
        features = relation_features(claim, text, similarity, rank)
        features["below_closest"] = max(0.0, closest - similarity)
        out.append(features | reading_features(reading))
    return out


def relation_reasons(relation: Relation) -> list[dict]:
    """The relation in words a reviewer reads, strongest signal first."""
    f = relation.features
    reasons = [
        {
            "kind": "related",
            "detail": f"Reads as {_closeness(f['similarity'])} the claim in meaning; "
            f"repeats {_amount(f['word_share'])} of its words"
            + (f" and {_amount(f['name_share'])} of its names" if f["has_names"] else "")
            + (f" and {_amount(f['number_share'])} of its figures" if f["has_numbers"] else "")
            + ".",
            "probability": round(relation.probability, 3),
        }
    ]
    if f["other_year"]:
        reasons.append(
            {
                "kind": "other_year",
                "detail": "Dates itself to another year than the claim's: "
                "it may be about an earlier or later event.",
            }
        )
    return reasons


def _share(wanted: frozenset[str], found: set[str]) -> float:
    return len(wanted & found) / len(wanted) if wanted else 0.0


def _closeness(similarity: float) -> str:
    if similarity >= 0.7:
        return "very close to"
    if similarity >= 0.5:
        return "close to"
    if similarity >= 0.3:
        return "somewhat like"
    return "unlike"


def _amount(share: float) -> str:
    if share >= 0.99:
        return "all"
    if share >= 0.6:
        return "most"
    if share >= 0.3:
        return "some"
    return "few" if share > 0 else "none"
