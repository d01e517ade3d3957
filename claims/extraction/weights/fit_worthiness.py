"""Fit the check-worthiness weights on the dev articles, and only on them.

    .venv/bin/python claims/extraction/weights/fit_worthiness.py

Reads every body sentence of tests/data/articles/dev (never heldout/) as
extraction reads it (claims.extraction.pipeline.read_statements: layout lines
left out, speakers carried), with its signals (claims.extraction.worthiness).
A sentence labelled a claim is positive; one in not_claims is negative.

A logistic regression, classes weighted by their frequency (most body
sentences of a news report are worth checking), the regularisation strength
and the threshold chosen by leave-one-article-out predictions within dev: the
threshold is the probability cut with the best F2 (a missed claim costs the
desk more than one more sentence to triage). Writes weights/worthiness.json
(weights, bias, threshold and what they were fitted on) and
weights/dev_sentences.csv (every sentence's signals and label).
"""

import csv
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import log_loss  # noqa: E402

from claims.extraction.pipeline import read_statements  # noqa: E402
from tests.extraction_eval import load_articles  # noqa: E402

STRENGTHS = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
BETA = 2.0


def sentences() -> list[dict]:
    """One row per labelled dev body sentence: article, signals and label."""
    rows = []
    for article in load_articles("dev"):
        claims = {c["sentence"].strip() for c in article.labels["claims"]}
        not_claims = {s.strip() for s in article.labels.get("not_claims", [])}
        for statement in read_statements(article.text, published=article.published):
            text = statement.text.strip()
            if text in claims or text in not_claims:
                label = int(text in claims)
                rows.append({"article": article.name, "label": label, **statement.signals})
    return rows


def held_out_predictions(rows: list[dict], names: list[str], strength: float) -> np.ndarray:
    """Each sentence's probability from a model fitted on the other articles."""
    x = np.array([[row[n] for n in names] for row in rows])
    y = np.array([row["label"] for row in rows])
    groups = np.array([row["article"] for row in rows])
    predicted = np.zeros(len(rows))
    for article in sorted(set(groups)):
        test = groups == article
        fitted = LogisticRegression(C=strength, class_weight="balanced", max_iter=1000)
        fitted.fit(x[~test], y[~test])
        predicted[test] = fitted.predict_proba(x[test])[:, 1]
    return predicted


def best_threshold(y: np.ndarray, predicted: np.ndarray) -> float:
    """The probability cut with the best F-beta on the held-out-article predictions."""

    def f_beta(cut: float) -> float:
        chosen = predicted >= cut
        hits = int((chosen & (y == 1)).sum())
        if not hits:
            return 0.0
        precision, recall = hits / chosen.sum(), hits / (y == 1).sum()
        return (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)

    cuts = sorted(set(np.round(predicted, 3)))
    return float(max(cuts, key=lambda cut: (f_beta(cut), -cut)))


def main() -> None:
    rows = sentences()
    names = [key for key in rows[0] if key not in ("article", "label")]
    y = np.array([row["label"] for row in rows])
    losses = {}
    for strength in STRENGTHS:
        predicted = held_out_predictions(rows, names, strength)
        losses[strength] = log_loss(y, predicted, labels=[0, 1])
    strength = min(losses, key=losses.get)
    threshold = best_threshold(y, held_out_predictions(rows, names, strength))
    x = np.array([[row[n] for n in names] for row in rows])
    fitted = LogisticRegression(C=strength, class_weight="balanced", max_iter=1000).fit(x, y)
    weights = {n: round(float(w), 4) for n, w in zip(names, fitted.coef_[0], strict=True)}
    result = {
        "fitted_on": "tests/data/articles/dev",
        "articles": len({row["article"] for row in rows}),
        "sentences": len(rows),
        "claims": int(y.sum()),
        "strength": strength,
        "leave_one_article_out_log_loss": {str(k): round(v, 4) for k, v in losses.items()},
        "weights": weights,
        "bias": round(float(fitted.intercept_[0]), 4),
        "threshold": threshold,
    }
    (HERE / "worthiness.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    with (HERE / "dev_sentences.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["article", "label", *names])
        writer.writeheader()
        writer.writerows(rows)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
