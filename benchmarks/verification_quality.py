"""Verification quality on labelled real reporting, dev and held-out topics side by side.

Every topic of tests/data/verification_eval (an article, its labelled claims,
15 other sources with each excerpt labelled per claim) is loaded into one
fresh database: each source as a Document of its publisher, each article as
an article whose claims are extracted. Every labelled claim is then checked
(retrieve, judge, aggregate), in-process, and its evidence scored against the
labels. Topics of all splits sit in the same database, so each check also
meets the other topics' documents, as on a real desk.

Measures, per split (a source's label for a claim is the strongest of its
excerpts' labels: refutes, then partially, then supports, else unrelated):
- recall@5: labelled sources (supports, refutes, partially) among the distinct
  documents of the check's five best passages, over min(5, relevant);
- recall@all: labelled sources anywhere in the check's evidence;
- stance agreement: for each retrieved labelled source (unrelated labels
  included), its best passage's stance against the label (partially = mixed),
  with per-class precision and recall;
- refutes found: sources labelled refutes or partially that the evidence
  judges refutes or mixed, over all such sources;
- noise@5: documents among the five best that no excerpt of any source
  relates to the claim (other topics, hard negatives, unlabelled sources).

The held-out split is printed for the record and is never used to fit or
tune anything (tests/data/verification_eval/README.md). SQLite under a
temporary folder by default; set DATABASE_URL to an empty PostgreSQL database
for PostgreSQL. Prints figures,
asserts nothing.
"""

import json
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="factcheck-vq-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims.checks import check_enqueue, check_run  # noqa: E402
from claims.models import Appearance, Claim  # noqa: E402
from claims.services import claim_create, claims_extract_from_document  # noqa: E402
from sources.dates import parse_publication_date  # noqa: E402
from sources.models import Document  # noqa: E402
from sources.services import document_get_or_create, source_get_or_create  # noqa: E402

EVAL = ROOT / "tests" / "data" / "verification_eval"
SPLITS = ("dev", "heldout")
RELEVANT = {"supports", "refutes", "partially"}
# What a source's label means as a passage stance.
AS_STANCE = {"supports": "supports", "refutes": "refutes", "partially": "mixed"}
STANCES = ("supports", "refutes", "mixed", "unrelated")


@dataclass
class Labelled:
    """One labelled claim of a topic, with its sources' labels by document id."""

    split: str
    topic: str
    text: str
    labels: dict[int, str] = field(default_factory=dict)  # document id -> label


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
    for source in topic["sources"]:
        document = _store(source, "\n\n".join(e["text"] for e in source["excerpts"]))
        for excerpt in source["excerpts"]:
            for label in excerpt["labels"]:
                stances = by_claim.setdefault(label["claim"], {}).setdefault(document.pk, [])
                stances.append(label["stance"])
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


def main() -> None:
    call_command("migrate", verbosity=0)
    items = [
        pair
        for split in SPLITS
        for path in sorted((EVAL / split).glob("*.json"))
        for pair in load_topic(split, path)
    ]
    scores = {split: Score() for split in SPLITS}
    for item, claim in items:
        score(item, claim, scores[item.split])
    topics = Counter(split for split, _ in {(i.split, i.topic) for i, _ in items})
    documents = Document.objects.count()
    print(f"database: {connection.vendor}, {documents} documents, one process")
    counts = {s: sum(1 for i, _ in items if i.split == s) for s in SPLITS}
    rows = {"topics / claims": {s: f"{topics[s]} / {counts[s]}" for s in SPLITS}}
    lines = {split: scores[split].line() for split in SPLITS}
    rows |= {measure: {s: lines[s][measure] for s in SPLITS} for measure in lines["dev"]}
    classes = {split: scores[split].per_class() for split in SPLITS}
    rows |= {f"  {stance}": {s: classes[s][stance] for s in SPLITS} for stance in STANCES}
    print(f"{'':<22}" + "".join(f"{split:<32}" for split in SPLITS))
    for name, values in rows.items():
        print(f"{name:<22}" + "".join(f"{values[s]:<32}" for s in SPLITS))


if __name__ == "__main__":
    main()
