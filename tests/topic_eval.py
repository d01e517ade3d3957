"""Verification quality on the labelled topics of tests/data/verification_eval.

Loads topics (each source a Document of its publisher, each article an
article whose claims are extracted), checks every labelled claim in-process
and scores its evidence against the labels. Used by
benchmarks/verification_quality.py (dev and held-out side by side) and by
tests/test_verification_quality.py (floors on dev only: the held-out split
is never loaded by a test). The measures are described in the benchmark.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from claims.checks import check_enqueue, check_run
from claims.models import Appearance, Claim
from claims.services import claim_create, claims_extract_from_document
from sources.dates import parse_publication_date
from sources.models import Document
from sources.services import document_get_or_create, source_get_or_create

EVAL = Path(__file__).parent / "data" / "verification_eval"
SPLITS = ("dev", "heldout")
RELEVANT = {"supports", "refutes", "partially"}
# What a source's label means as a passage stance.
AS_STANCE = {"supports": "supports", "refutes": "refutes", "partially": "mixed"}
STANCES = ("supports", "refutes", "mixed", "unrelated")
# A source's excerpts are stored as one document, a paragraph each.
EXCERPT_BREAK = "\n\n"


@dataclass
class Labelled:
    """One labelled claim of a topic, with its sources' labels by document id."""

    split: str
    topic: str
    text: str
    labels: dict[int, str] = field(default_factory=dict)  # document id -> label
    # document id -> (start, end, label) of each excerpt labelled for this claim
    excerpts: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)

    def label_at(self, document_id: int, start: int, end: int) -> str:
        """The label of the excerpt(s) a passage of the document overlaps; else unrelated."""
        found = [
            label for a, b, label in self.excerpts.get(document_id, []) if start < b and a < end
        ]
        return _strongest(found)


@dataclass
class Score:
    relevant_at_5: int = 0
    found_at_5: int = 0
    relevant: int = 0
    found: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (expected, judged)
    refuting: int = 0
    refuting_found: int = 0
    top5: int = 0
    noise: int = 0

    def line(self) -> dict[str, str]:
        agree = sum(expected == judged for expected, judged in self.pairs)
        return {
            "recall@5": _ratio(self.found_at_5, self.relevant_at_5),
            "recall@all": _ratio(self.found, self.relevant),
            "stance agreement": _ratio(agree, len(self.pairs)),
            "refutes/mixed found": _ratio(self.refuting_found, self.refuting),
            "noise@5": _ratio(self.noise, self.top5),
        }

    def per_class(self) -> dict[str, str]:
        out = {}
        for stance in STANCES:
            judged = sum(j == stance for _, j in self.pairs)
            expected = sum(e == stance for e, _ in self.pairs)
            right = sum(e == j == stance for e, j in self.pairs)
            out[stance] = f"P {_ratio(right, judged)}  R {_ratio(right, expected)}"
        return out


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "-"


def _strongest(labels: list[str]) -> str:
    for label in ("refutes", "partially", "supports"):
        if label in labels:
            return label
    return "unrelated"


def load_topic(split: str, path: Path) -> list[tuple[Labelled, Claim]]:
    """Store the topic's sources and article; its labelled claims, each with the
    desk's claim for it."""
    topic = json.loads(path.read_text(encoding="utf-8"))
    by_claim: dict[str, dict[int, list[str]]] = {}
    spans: dict[str, dict[int, list[tuple[int, int, str]]]] = {}
    for source in topic["sources"]:
        document = _store(source, EXCERPT_BREAK.join(e["text"] for e in source["excerpts"]))
        start = 0
        for excerpt in source["excerpts"]:
            end = start + len(excerpt["text"])
            for label in excerpt["labels"]:
                stances = by_claim.setdefault(label["claim"], {}).setdefault(document.pk, [])
                stances.append(label["stance"])
                where = spans.setdefault(label["claim"], {}).setdefault(document.pk, [])
                where.append((start, end, label["stance"]))
            start = end + len(EXCERPT_BREAK)
    article = _store(topic["article"], topic["article"]["text"])
    claims_extract_from_document(document_id=article.pk)
    return [
        (
            Labelled(
                split=split,
                topic=path.stem,
                text=claim["text"],
                labels={
                    doc: _strongest(stances)
                    for doc, stances in by_claim.get(claim["id"], {}).items()
                },
                excerpts=spans.get(claim["id"], {}),
            ),
            claim_in_article(claim["text"], article),
        )
        for claim in topic["claims"]
    ]


def _store(report: dict, text: str) -> Document:
    return document_get_or_create(
        source=source_get_or_create(name=report["publisher"][:200]),
        text=text,
        title=report.get("title", "")[:500],
        published_at=parse_publication_date(report.get("date")),
    ).document


def claim_in_article(text: str, article: Document) -> Claim:
    """The extracted claim printed where the labelled claim is, else the claim by hand."""
    start = article.text.index(text)
    appearance = (
        Appearance.objects.filter(document=article, start__lte=start, end__gt=start)
        .select_related("claim")
        .first()
    )
    if appearance is not None:
        return appearance.claim
    published = article.published_at.date() if article.published_at else None
    claim, _ = claim_create(text=text, said_on=published)
    Appearance.objects.get_or_create(
        claim=claim, document=article, start=start, defaults={"end": start + len(text)}
    )
    return claim


def score(item: Labelled, claim: Claim, into: Score) -> None:
    # Extraction (or claim_create) queued the claim's first check: run it here.
    check = claim.checks.order_by("-id").first() or check_enqueue(claim=claim)
    check_run(check_id=check.pk)
    evidence = list(check.evidence.order_by("-score", "id"))
    best: dict[int, str] = {}  # document -> stance of its best passage, best first
    for row in evidence:
        best.setdefault(row.document_id, row.stance)
    ranked = list(best)
    top5 = ranked[:5]
    relevant = {doc for doc, label in item.labels.items() if label in RELEVANT}
    into.relevant_at_5 += min(5, len(relevant))
    into.found_at_5 += len(relevant & set(top5))
    into.relevant += len(relevant)
    into.found += len(relevant & set(ranked))
    for doc, label in item.labels.items():
        if doc in best:
            into.pairs.append((AS_STANCE.get(label, "unrelated"), best[doc]))
        if label in ("refutes", "partially"):
            into.refuting += 1
            into.refuting_found += best.get(doc) in ("refutes", "mixed")
    into.top5 += len(top5)
    into.noise += sum(doc not in relevant for doc in top5)


def topics_of(splits: tuple[str, ...]) -> list[tuple[Labelled, Claim]]:
    """Load every topic of these splits into the database: its labelled claims."""
    return [
        pair
        for split in splits
        for path in sorted((EVAL / split).glob("*.json"))
        for pair in load_topic(split, path)
    ]


def scores_of(splits: tuple[str, ...]) -> tuple[dict[str, Score], list[tuple[Labelled, Claim]]]:
    """Load every topic of these splits into the database, check each labelled
    claim, and score each split."""
    items = topics_of(splits)
    scores = {split: Score() for split in splits}
    for item, claim in items:
        score(item, claim, scores[item.split])
    return scores, items
