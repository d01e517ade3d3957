"""Scoring extraction against the hand-labelled articles in tests/data/articles.

Used by tests/test_extraction_quality.py (which asserts floors) and by
benchmarks/extraction.py (which prints the figures).
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from claims.extraction.pipeline import ExtractedClaim, extract_claims
from sources.dates import split_date_prefix

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


@dataclass
class Scores:
    labelled: int = 0
    extracted: int = 0
    matched: int = 0
    kind_right: int = 0
    claimant_right: int = 0
    quantities_labelled: int = 0
    quantities_found: int = 0
    times_labelled: int = 0
    times_found: int = 0
    non_claims_extracted: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_claimants: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.matched if self.matched else 0.0

    @property
    def claimant_accuracy(self) -> float:
        return self.claimant_right / self.matched if self.matched else 0.0

    @property
    def quantity_recall(self) -> float:
        return self.quantities_found / self.quantities_labelled if self.quantities_labelled else 0.0

    @property
    def time_recall(self) -> float:
        return self.times_found / self.times_labelled if self.times_labelled else 0.0

    def summary(self) -> str:
        return (
            f"claims: precision {self.precision:.2f}, recall {self.recall:.2f} "
            f"({self.matched} of {self.labelled} labelled, {self.extracted} extracted); "
            f"kind accuracy {self.kind_accuracy:.2f}; claimant accuracy "
            f"{self.claimant_accuracy:.2f}; quantity recall {self.quantity_recall:.2f} "
            f"({self.quantities_found}/{self.quantities_labelled}); time reference recall "
            f"{self.time_recall:.2f} ({self.times_found}/{self.times_labelled}); "
            f"non-claims extracted: {len(self.non_claims_extracted)}"
        )


def _norm_name(name: str) -> str:
    name = re.sub(r"^(?:the)\s+", "", name.strip().lower())
    return re.sub(r"['\u2019]s\b", "", name)


def _claimant_matches(expected: str, found: str) -> bool:
    a, b = _norm_name(expected), _norm_name(found)
    if not a or not b:
        return a == b
    return a == b or a in b or b in a


def _quantity_matches(expected: dict, found: dict) -> bool:
    value = expected["value"]
    same_value = abs(found["value"] - value) <= 1e-6 * max(1.0, abs(value))
    return (
        same_value
        and found["unit"] == expected.get("unit", "")
        and found["comparator"] == expected.get("comparator", "=")
    )


def load_articles() -> list[tuple[str, str, date | None, dict]]:
    """(name, text, published, labels) for every labelled article."""
    articles = []
    for labels_path in sorted(ARTICLES.glob("*.json")):
        raw = labels_path.with_suffix(".txt").read_text(encoding="utf-8")
        text, published = split_date_prefix(raw)
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        articles.append((labels_path.stem, text, published.date() if published else None, labels))
    return articles


def score(articles: list[tuple[str, str, date | None, dict]] | None = None) -> Scores:
    scores = Scores()
    for name, text, published, labels in articles or load_articles():
        extracted: dict[str, ExtractedClaim] = {
            c.text.strip(): c for c in extract_claims(text, published=published)
        }
        scores.extracted += len(extracted)
        for label in labels["claims"]:
            scores.labelled += 1
            sentence = label["sentence"].strip()
            scores.quantities_labelled += len(label.get("quantities", []))
            scores.times_labelled += len(label.get("time_references", []))
            found = extracted.get(sentence)
            if found is None:
                scores.misses.append(f"{name}: {sentence}")
                continue
            scores.matched += 1
            scores.kind_right += found.kind == label["kind"]
            if _claimant_matches(label.get("claimant", ""), found.claimant):
                scores.claimant_right += 1
            else:
                scores.wrong_claimants.append((sentence, label.get("claimant", ""), found.claimant))
            for expected in label.get("quantities", []):
                scores.quantities_found += any(
                    _quantity_matches(expected, q) for q in found.quantities
                )
            for expected in label.get("time_references", []):
                scores.times_found += any(
                    t["date_from"] == expected["date_from"] and t["date_to"] == expected["date_to"]
                    for t in found.time_references
                )
        labelled = {c["sentence"].strip() for c in labels["claims"]}
        scores.false_positives += [f"{name}: {s}" for s in extracted if s not in labelled]
        for non_claim in labels.get("not_claims", []):
            if any(non_claim.strip() in s or s in non_claim.strip() for s in extracted):
                scores.non_claims_extracted.append(f"{name}: {non_claim}")
    return scores
