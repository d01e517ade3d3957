"""Check-worthiness: a 0..1 score from signals a reviewer can read.

Like Full Fact's PASTEL, the score combines interpretable signals: what the
sentence contains (figures, dates, names, an attribution), how it is written
(a factual verb, a comparison, first person, a hedge, a quotation, its
length) and its kind. The weights are a logistic model fitted on the dev
articles only (weights/fit_worthiness.py, stored in weights/worthiness.json
with the threshold it chose); each claim keeps the contribution of every
signal it has, so "why was this picked?" has an answer.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from factcheck.text.sentences import quoted_share
from factcheck.text.tokens import tokens
from factcheck.text.vocabulary import word_pattern

WEIGHTS_PATH = Path(__file__).with_name("weights") / "worthiness.json"


_FACTUAL_VERBS = word_pattern("factual_verbs")
_COMPARISON = word_pattern("comparison_words")
_OPINION = word_pattern("opinion_words", "sentiment_words")
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|we|us|our)\b", re.IGNORECASE)
_SHORT_WORDS = 6
KINDS = ("quantity", "event", "prediction", "quote", "opinion")


@dataclass(frozen=True, slots=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float


@cache
def model() -> Model:
    """The fitted weights, read once per process."""
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    return Model(data["weights"], data["bias"], data["threshold"])


@dataclass(frozen=True, slots=True)
class Worthiness:
    score: float
    features: dict[str, float]  # signal -> its contribution to the score


def signals(
    sentence: str,
    *,
    quantities: int,
    time_references: int,
    entities: int,
    attributed: bool,
    hedged: bool,
    kind: str,
) -> dict[str, float]:
    """Every signal of one sentence, 1.0 where present and 0.0 where not."""
    present = {
        "quantities": quantities > 0,
        "time_references": time_references > 0,
        "entities": entities > 0,
        "more_entities": entities > 1,
        "attribution": attributed,
        "factual_verb": bool(_FACTUAL_VERBS.search(sentence)),
        "comparison": bool(_COMPARISON.search(sentence)),
        "opinion": bool(_OPINION.search(sentence)),
        "first_person": bool(_FIRST_PERSON.search(sentence)),
        "hedge": hedged,
        "quoted": quoted_share(sentence) >= 0.5,
        "short": len(tokens(sentence)) < _SHORT_WORDS,
        **{f"kind_{name}": kind == name for name in KINDS},
    }
    return {name: float(on) for name, on in present.items()}


def score_signals(present: dict[str, float]) -> Worthiness:
    """The fitted model's probability for these signals, and each one's contribution."""
    fitted = model()
    features = {
        name: round(fitted.weights[name], 3)
        for name, on in present.items()
        if on and fitted.weights.get(name)
    }
    z = fitted.bias + sum(features.values())
    return Worthiness(round(1.0 / (1.0 + math.exp(-z)), 3), features)


def threshold() -> float:
    """The score from which a sentence is a claim, chosen by the fit on dev."""
    return model().threshold
