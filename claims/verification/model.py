"""The fitted weights that combine a check's signals, applied.

weights/stance.json is written by weights/fit.py from the dev topics only
(tests/data/verification_eval/dev): a logistic model for relate (does the
passage bear on the claim?) and a multinomial one for direction (supports,
refutes or mixed, given that it does). Here they are only read and applied,
a dot product each, so a check never needs the fitting library.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("weights") / "stance.json"


@cache
def _weights() -> dict:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def _scores(name: str, features: dict[str, float]) -> tuple[list[str], list[float]]:
    model = _weights()[name]
    values = [features.get(feature, 0.0) for feature in model["features"]]
    scores = [
        intercept + sum(w * v for w, v in zip(row, values, strict=True))
        for row, intercept in zip(model["coef"], model["intercept"], strict=True)
    ]
    return model["classes"], scores


def probability(name: str, features: dict[str, float]) -> float:
    """The binary model's probability of its positive class."""
    _, (score,) = _scores(name, features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def class_probabilities(name: str, features: dict[str, float]) -> dict[str, float]:
    """The multinomial model's probability of each class (softmax of its scores)."""
    classes, scores = _scores(name, features)
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return {label: e / total for label, e in zip(classes, exps, strict=True)}


def signature() -> str:
    """Which fit the weights come from, for the ledger (recorded on each Check)."""
    return _weights()["signature"]
