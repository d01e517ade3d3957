"""The fitted weights that combine a check's signals, applied.

weights/stance-<backend>.json is written by weights/fit.py from the dev
topics only (tests/data/verification_eval/dev), one file per embeddings
backend (each model's similarities have a scale of their own): a logistic
model for relate (does the passage bear on the claim?) and one for
direction (does a related passage bear out only part of the claim?). Here
they are only read and applied, a dot product each, so a check never needs
the fitting library.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).with_name("weights")


class WeightsMissing(RuntimeError):
    """No weights were fitted for this embeddings backend."""


@dataclass(frozen=True)
class Weights:
    """The fitted models of one embeddings backend."""

    parts: dict
    signature: str  # which fit they come from, recorded on each Check

    def probability(self, part: str, features: dict[str, float]) -> float:
        """The part's probability of its positive class for these features."""
        model = self.parts[part]
        (row,), (intercept,) = model["coef"], model["intercept"]
        values = [features.get(name, 0.0) for name in model["features"]]
        score = intercept + sum(w * v for w, v in zip(row, values, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def weights_path(backend: str) -> Path:
    return FOLDER / f"stance-{backend}.json"


@cache
def weights_for(backend: str) -> Weights:
    """The weights fitted with this embeddings backend, read once per process."""
    path = weights_path(backend)
    if not path.is_file():
        raise WeightsMissing(
            f"no weights fitted for the {backend!r} embeddings backend: "
            "run claims/verification/weights/fit.py with FACTCHECK_EMBEDDINGS set to it"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    return Weights({"relate": data["relate"], "direction": data["direction"]}, data["signature"])
