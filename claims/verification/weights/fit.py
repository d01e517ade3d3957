"""Fit the weights of relate and direction on the dev topics, and only on them.

    .venv/bin/python claims/verification/weights/fit.py

Loads the dev topics of tests/data/verification_eval (never the held-out
ones) into a fresh SQLite database, and for every labelled claim reads the
candidate passages a check reads (retrieve), with their relation features
(relate) and the rules' reading (judge). A passage's label is that of the
excerpt it lies in (a passage of another topic, or of an excerpt not
labelled for the claim, is unrelated). Then:

- relate: logistic regression, related (supports, refutes, partially)
  against unrelated;
- direction: logistic regression over the related passages the rules do
  not find refuting, mixed (partially) against supports. Refuting passages
  are too few in dev to fit (claims.verification.direction says more).

Classes are weighted by their frequency (refutes are rare); the
regularisation strength is chosen by leave-one-topic-out log loss within
dev. Writes weights/stance-<backend>.json (the weights, with what they were
fitted on) and weights/dev_pairs-<backend>.csv (every pair's features and
label), for the embeddings backend FACTCHECK_EMBEDDINGS names (wordllama by
default; minilm needs the [semantic] extra).
"""

import csv
import hashlib
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="factcheck-fit-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings.local"
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import log_loss  # noqa: E402

from claims.checks import candidates_read, claim_facts, reading_as_related  # noqa: E402
from claims.verification.direction import direction_features  # noqa: E402
from claims.verification.model import weights_path  # noqa: E402
from claims.verification.relate import Relation  # noqa: E402
from factcheck.text.embeddings import embedder  # noqa: E402
from tests.topic_eval import AS_STANCE, topics_of  # noqa: E402

STRENGTHS = (0.03, 0.1, 0.3, 1.0, 3.0)


def pairs() -> list[dict]:
    """One row per (labelled dev claim, candidate passage): features and label, each
    candidate read as a check reads it (claims.checks.candidates_read)."""
    model = embedder(settings.FACTCHECK_EMBEDDINGS)
    rows = []
    for item, claim in topics_of(("dev",)):
        facts = claim_facts(claim)
        for read in candidates_read(claim, facts, model):
            passage = read.candidate.passage
            label = item.label_at(passage.document_id, passage.start, passage.end)
            # The direction features do not use the relation's probability; the
            # direction model sees passages relate finds related, read as such.
            relation = Relation(read.features, probability=0.0)
            rows.append(
                {
                    "topic": item.topic,
                    "claim": claim.pk,
                    "document": passage.document_id,
                    "label": AS_STANCE.get(label, "unrelated"),
                    "relate": read.features,
                    "direction": direction_features(
                        relation, reading_as_related(facts, read), claim.text, passage.text
                    ),
                }
            )
    return rows


def fit(rows: list[dict], part: str, positive: set[str], name: str) -> dict:
    """The logistic model of one part (name: rows labelled positive against the
    rest), its strength chosen by leave-one-topic-out."""
    names = sorted(rows[0][part])
    x = np.array([[row[part][n] for n in names] for row in rows])
    y = np.array([int(row["label"] in positive) for row in rows])
    topics = np.array([row["topic"] for row in rows])
    losses = {c: _topic_out_loss(x, y, topics, c) for c in STRENGTHS}
    best = min(losses, key=losses.__getitem__)
    model = _model(best).fit(x, y)
    coef, intercept = model.coef_.tolist(), model.intercept_.tolist()
    return {
        "classes": [name],
        "features": names,
        "coef": [[round(w, 5) for w in row] for row in coef],
        "intercept": [round(b, 5) for b in intercept],
        "strength": best,
        "leave_one_topic_out_log_loss": {str(c): round(v, 4) for c, v in losses.items()},
        "rows": {name: int(y.sum()), "other": int(len(y) - y.sum())},
    }


def _model(strength: float) -> LogisticRegression:
    return LogisticRegression(C=strength, class_weight="balanced", max_iter=5000)


def _topic_out_loss(x, y, topics, strength: float) -> float:
    labels = sorted(set(y))
    losses = []
    for topic in sorted(set(topics)):
        train, test = topics != topic, topics == topic
        if len(set(y[train])) < len(labels) or not test.any():
            continue
        model = _model(strength).fit(x[train], y[train])
        losses.append(log_loss(y[test], model.predict_proba(x[test]), labels=model.classes_))
    return float(np.mean(losses))


def main() -> None:
    call_command("migrate", verbosity=0)
    rows = pairs()
    related = [row for row in rows if row["label"] in ("supports", "mixed")]
    weights = {
        "fitted_on": "tests/data/verification_eval/dev (every topic of the dev split)",
        "embeddings": settings.FACTCHECK_EMBEDDINGS,
        "relate": fit(rows, "relate", {"supports", "refutes", "mixed"}, "related"),
        "direction": fit(related, "direction", {"mixed"}, "mixed"),
    }
    body = json.dumps(weights, sort_keys=True)
    weights["signature"] = hashlib.sha256(body.encode()).hexdigest()[:16]
    backend = settings.FACTCHECK_EMBEDDINGS
    weights_path(backend).write_text(json.dumps(weights, indent=1, sort_keys=True) + "\n")
    with (HERE / f"dev_pairs-{backend}.csv").open("w", newline="") as out:
        names = sorted(rows[0]["relate"]) + sorted(rows[0]["direction"])
        writer = csv.writer(out)
        writer.writerow(["topic", "claim", "document", "label", *names])
        for row in rows:
            values = {**row["relate"], **row["direction"]}
            writer.writerow(
                [row["topic"], row["claim"], row["document"], row["label"]]
                + [round(values[n], 4) for n in names]
            )
    print(f"{len(rows)} pairs ({Counter(r['label'] for r in rows)})")
    for part in ("relate", "direction"):
        print(part, "strength", weights[part]["strength"], weights[part]["rows"])
        (coef,) = weights[part]["coef"]
        for name, w in zip(weights[part]["features"], coef, strict=True):
            print(f"  {name:<24}{w:+.2f}")


if __name__ == "__main__":
    main()
