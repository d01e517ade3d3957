"""Publication dates as sources write them."""

import re
from datetime import UTC, date, datetime, time

# An article may start with " date YYYY-MM-DD " giving its publication date,
# on a line of its own or directly before the article's first words.
_DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]*\n?")
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


def split_date_prefix(raw: str) -> tuple[str, datetime | None]:
    """Strip a leading " date YYYY-MM-DD " and return (text, that date at noon UTC)."""
    match = _DATE_PREFIX.match(raw)
    if match is None:
        return raw.strip(), None
    return raw[match.end() :].strip(), parse_publication_date(match.group(1))
