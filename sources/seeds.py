"""Loading the quick start's seed files: articles (.txt) and a corpus of sources (.json)."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction

from .dates import parse_publication_date, split_date_prefix
from .ingest import document_ingest
from .services import DocumentResult, document_get_or_create, source_for_url, source_get_or_create

SUBMISSIONS_SOURCE = "Desk submissions"


@dataclass
class SeedReport:
    created: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)  # submitted for extraction


def read_article_file(path: Path) -> tuple[str, datetime | None]:
    """The article's text and the date from its first line, when it has one."""
    return split_date_prefix(path.read_text(encoding="utf-8"))


@transaction.atomic
def seeds_load(*, folder: Path) -> SeedReport:
    """Load every seed in the folder; loading twice adds nothing the second time."""
    report = SeedReport()

    def record(result: DocumentResult) -> None:
        (report.created if result.created else report.existing).append(result.document.pk)

    # Articles are submitted for extraction; the JSON corpus is evidence only.
    for path in sorted(folder.glob("*.txt")):
        text, published = read_article_file(path)
        source = source_get_or_create(name=SUBMISSIONS_SOURCE)
        result = document_ingest(source=source, text=text, published_at=published, extract=True)
        record(DocumentResult(result.document, result.created))
        report.articles.append(result.document.pk)

    for path in sorted(folder.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            source = source_for_url(name=item["publisher"], url=item.get("url"))
            record(
                document_get_or_create(
                    source=source,
                    text=item["text"],
                    url=item.get("url"),
                    title=item.get("title") or "",
                    published_at=parse_publication_date(item.get("date")),
                )
            )
    return report
