"""Scoring extraction against the hand-labelled articles in tests/data/articles.

Articles sit in `dev/` and `heldout/` (split by topic, labelled by the guide in
tests/data/articles/LABELLING.md). tests/test_extraction_quality.py keeps floors
on dev only; benchmarks/extraction.py prints both splits side by side.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from claims.extraction.pipeline import ExtractedClaim, extract_claims
from sources.dates import split_date_prefix

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
SPLITS = ("dev", "heldout")


@dataclass
class Article:
    name: str
    text: str
    published: date | None
    labels: dict


@dataclass
class Ratio:
    """A count of successes over a count of cases, with the failures kept to read."""

    hits: int = 0
    total: int = 0
    failures: list = field(default_factory=list)

    def add(self, hit: bool, failure: object = None) -> None:
        self.total += 1
        self.hits += hit
        if not hit and failure is not None:
            self.failures.append(failure)

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.value:.2f} ({self.hits}/{self.total})"


@dataclass
class Scores:
    """Every measure of the extraction table, for one set of articles."""

    recall: Ratio = field(default_factory=Ratio)  # labelled claims extracted
    precision: Ratio = field(default_factory=Ratio)  # extracted sentences that are claims
    layout_extracted: list[str] = field(default_factory=list)
    not_claims_extracted: list[str] = field(default_factory=list)
    claimant: Ratio = field(default_factory=Ratio)  # where the article names one
    claimant_invented: list[tuple[str, str]] = field(default_factory=list)
    kind: Ratio = field(default_factory=Ratio)
    quantity_value: Ratio = field(default_factory=Ratio)  # value and bounds
    quantity_full: Ratio = field(default_factory=Ratio)  # and unit and comparator
    quantity_extra: list[tuple[str, str]] = field(default_factory=list)
    time: Ratio = field(default_factory=Ratio)
    entity_type: Ratio = field(default_factory=Ratio)  # labelled entities found with their type

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("claim recall", str(self.recall)),
            ("claim precision", str(self.precision)),
            ("layout lines extracted as claims", str(len(self.layout_extracted))),
            ("non-claim body sentences extracted", str(len(self.not_claims_extracted))),
            ("claimant right (where named)", str(self.claimant)),
            ("claimant given where none is named", str(len(self.claimant_invented))),
            ("kind right", str(self.kind)),
            ("quantities: value (and bounds) found", str(self.quantity_value)),
            ("quantities: with unit and comparator", str(self.quantity_full)),
            ("quantities extracted, not labelled", str(len(self.quantity_extra))),
            ("time references resolved", str(self.time)),
            ("entities found with their type", str(self.entity_type)),
        ]

    def summary(self) -> str:
        return "; ".join(f"{name} {figure}" for name, figure in self.rows())


def _norm_name(name: str) -> str:
    name = re.sub(r"^(?:the)\s+", "", name.strip().lower())
    return re.sub(r"['\u2019]s\b", "", name)


def claimant_matches(expected: str, found: str) -> bool:
    a, b = _norm_name(expected), _norm_name(found)
    if not a or not b:
        return a == b
    return a == b or a in b or b in a


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def value_matches(expected: dict, found: dict) -> bool:
    """The value, and the bounds where the label gives a range."""
    if not _same(found["value"], expected["value"]):
        return False
    return all(
        _same(found.get(bound) if found.get(bound) is not None else found["value"], expected[bound])
        for bound in ("lower", "upper")
        if bound in expected
    )


def quantity_matches(expected: dict, found: dict) -> bool:
    return (
        value_matches(expected, found)
        and found["unit"] == expected.get("unit", "")
        and found["comparator"] == expected.get("comparator", "=")
    )


_ENTITY_TYPES = {"organization": "organisation"}


def entity_matches(expected: dict, found: Iterable[dict]) -> bool:
    text, kind = expected["text"].lower(), expected["type"]
    return any(
        _ENTITY_TYPES.get(e["type"], e["type"]) == kind
        and (e["text"].lower() in text or text in e["text"].lower())
        for e in found
    )


def load_articles(split: str = "dev") -> list[Article]:
    """Every labelled article of the split ("dev", "heldout")."""
    articles = []
    for labels_path in sorted((ARTICLES / split).glob("*.json")):
        raw = labels_path.with_suffix(".txt").read_text(encoding="utf-8")
        text, published = split_date_prefix(raw)
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        day = published.date() if published else None
        articles.append(Article(labels_path.stem, text, day, labels))
    return articles


def _overlaps(line: str, sentences: Iterable[str]) -> bool:
    line = line.strip()
    return any(line in s or s in line for s in sentences)


def _line_extracted(text: str, line: str, spans: list[tuple[int, int]]) -> bool:
    """Whether an extracted claim overlaps the layout line where it stands as a whole line."""
    for match in re.finditer(rf"^[ \t]*{re.escape(line.strip())}[ \t]*$", text, re.MULTILINE):
        if any(start < match.end() and match.start() < end for start, end in spans):
            return True
    return False


def _score_claim(scores: Scores, label: dict, found: ExtractedClaim) -> None:
    sentence = label["sentence"].strip()
    scores.kind.add(found.kind == label["kind"], (sentence, label["kind"], found.kind))
    expected_claimant = label.get("claimant", "")
    if expected_claimant:
        scores.claimant.add(
            claimant_matches(expected_claimant, found.claimant),
            (sentence, expected_claimant, found.claimant),
        )
    elif found.claimant:
        scores.claimant_invented.append((sentence, found.claimant))
    expected_quantities = label.get("quantities", [])
    for expected in expected_quantities:
        scores.quantity_value.add(
            any(value_matches(expected, q) for q in found.quantities), (sentence, expected)
        )
        scores.quantity_full.add(
            any(quantity_matches(expected, q) for q in found.quantities), (sentence, expected)
        )
    for q in found.quantities:
        if not any(value_matches(e, q) for e in expected_quantities):
            scores.quantity_extra.append((sentence, q["text"]))
    for expected in label.get("time_references", []):
        scores.time.add(
            any(
                t["date_from"] == expected["date_from"] and t["date_to"] == expected["date_to"]
                for t in found.time_references
            ),
            (sentence, expected),
        )
    for expected in label.get("entities", []):
        scores.entity_type.add(entity_matches(expected, found.entities), (sentence, expected))


def score(articles: list[Article] | None = None) -> Scores:
    scores = Scores()
    for article in load_articles() if articles is None else articles:
        extracted: dict[str, ExtractedClaim] = {
            c.text.strip(): c for c in extract_claims(article.text, published=article.published)
        }
        labels = article.labels
        labelled = {c["sentence"].strip() for c in labels["claims"]}
        for sentence in extracted:
            scores.precision.add(sentence in labelled, f"{article.name}: {sentence}")
        for label in labels["claims"]:
            found = extracted.get(label["sentence"].strip())
            scores.recall.add(found is not None, f"{article.name}: {label['sentence']}")
            if found is not None:
                _score_claim(scores, label, found)
        spans = [(c.start, c.end) for c in extracted.values()]
        for line in labels.get("layout", []):
            if _line_extracted(article.text, line["text"], spans):
                scores.layout_extracted.append(f"{article.name}: {line['role']}: {line['text']}")
        for sentence in labels.get("not_claims", []):
            if _overlaps(sentence, extracted):
                scores.not_claims_extracted.append(f"{article.name}: {sentence}")
    return scores
