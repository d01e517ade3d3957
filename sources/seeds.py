"""Loading the quick start's seed files: articles (.txt) and a corpus of sources (.json)."""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from django.db import transaction

from .services import document_get_or_create, source_for_url, source_get_or_create

# An article file may start with a line " date YYYY-MM-DD " giving its publication date.
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*$")
SUBMISSIONS_SOURCE = "Desk submissions"


@dataclass
class SeedReport:
    created: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)


def read_article_file(path: Path) -> tuple[str, datetime | None]:
    """The article's text and the date from its first line, when it has one."""
    raw = path.read_text(encoding="utf-8")
    first, _, rest = raw.partition("\n")
    match = _DATE_LINE.match(first)
    if match is None:
        return raw.strip(), None
    return rest.strip(), parse_publication_date(match.group(1))


# Publication dates come as ISO dates or as written in the page ("December 29, 2024").
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")


def parse_publication_date(value: str | None) -> datetime | None:
    """Noon UTC on the given day (a day is all most sources say), or None if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                day = datetime.strptime(value, fmt).date()
                break
            except ValueError:
                continue
        else:
            return None
    return datetime.combine(day, time(12), tzinfo=UTC)


@transaction.atomic
def seeds_load(*, folder: Path) -> SeedReport:
    """Load every seed in the folder; loading twice adds nothing the second time."""
    report = SeedReport()

    def record(result) -> None:
        (report.created if result.created else report.existing).append(result.document.pk)

    for path in sorted(folder.glob("*.txt")):
        text, published = read_article_file(path)
        source = source_get_or_create(name=SUBMISSIONS_SOURCE)
        record(document_get_or_create(source=source, text=text, published_at=published))

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
