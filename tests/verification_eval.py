"""Evidence retrieval measured on the labelled stance set (tests/data/stance.json).

Every labelled passage becomes a Document of its publisher; for each claim
whose passage bears on it (expected stance other than unrelated), recall@5
asks whether retrieval ranks that passage among the first five passages.
Used by tests/test_verification_quality.py and benchmarks/verification.py.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from sources.dates import parse_publication_date
from sources.search import search_passages
from sources.services import document_get_or_create, source_get_or_create

ITEMS = json.loads((Path(__file__).parent / "data" / "stance.json").read_text(encoding="utf-8"))


@dataclass
class RecallReport:
    relevant: int = 0
    found_at_5: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall_at_5(self) -> float:
        return self.found_at_5 / self.relevant if self.relevant else 0.0


def load_passages() -> dict[str, int]:
    """Store every labelled passage as a Document; return item id -> document id."""
    ids = {}
    for item in ITEMS:
        passage = item["passage"]
        source = source_get_or_create(name=passage["publisher"])
        result = document_get_or_create(
            source=source,
            text=passage["text"],
            published_at=parse_publication_date(passage.get("published")),
        )
        ids[item["id"]] = result.document.pk
    return ids


def evidence_recall_at_5(document_ids: dict[str, int]) -> RecallReport:
    report = RecallReport()
    for item in ITEMS:
        if item["expected"] == "unrelated":
            continue
        report.relevant += 1
        found = {p.document_id for p in search_passages(item["claim"]["text"], limit=5)}
        if document_ids[item["id"]] in found:
            report.found_at_5 += 1
        else:
            report.misses.append(item["id"])
    return report
