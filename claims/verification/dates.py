"""Time: does the passage date the event inside the claim's window?

The claim's window is the span of its resolved time references. Dates in the
passage's relevant sentences are resolved against the passage's own
published date; if none overlaps the window, or the passage was published
before the window opened, the passage dates the event elsewhere and the
judgement carries a date conflict (the event itself can still be supported).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from claims.extraction.timerefs import extract_time_references

from .figures import running_total

if TYPE_CHECKING:
    from .facts import PassageFacts
    from .profile import ClaimProfile, PassageSentence

_ONE_DAY = timedelta(days=1)


def as_day(value: date | None) -> date | None:
    """A datetime (a DateTimeField's value) as its date; dates pass through."""
    return value.date() if isinstance(value, datetime) else value


def parse_date(value: object) -> date | None:
    """A date, or the date an ISO string starts with; None otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def claim_window(times: Iterable[dict]) -> tuple[tuple[date, date] | None, str]:
    """(first day, last day) spanned by the time references, and their words."""
    spans = [
        (parse_date(t.get("date_from")), parse_date(t.get("date_to")), str(t.get("text", "")))
        for t in times
    ]
    spans = [(a, b, s) for a, b, s in spans if a is not None and b is not None]
    if not spans:
        return None, ""
    window = (min(a for a, _b, _s in spans), max(b for _a, b, _s in spans))  # type: ignore[type-var]
    return window, ", ".join(s for _a, _b, s in spans if s)  # type: ignore[return-value]


def in_window(start: date, end: date, window: tuple[date, date]) -> bool:
    """Whether start..end overlaps the window, give or take a day (time zones)."""
    return start <= window[1] + _ONE_DAY and end >= window[0] - _ONE_DAY


def window_label(window: tuple[date, date] | None) -> str:
    """A span as a reader names it: '2024-03', '2024', '2024-03-11 to 2024-03-17'."""
    if window is None:
        return "an unstated time"
    start, end = window
    if start == end:
        return start.isoformat()
    if start.day == 1 and (end + _ONE_DAY).day == 1:
        if start.year == end.year and start.month == end.month:
            return f"{start.year}-{start.month:02d}"
        if start.month == 1 and end.month == 12 and start.year == end.year:
            return str(start.year)
    return f"{start.isoformat()} to {end.isoformat()}"


def iso(start: date, end: date) -> str:
    """ISO 8601 for a span: a day, a month ('2024-01'), a year ('2024') or 'start/end'."""
    label = window_label((start, end))
    return label if " " not in label else f"{start.isoformat()}/{end.isoformat()}"


def _span(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def date_reasons(
    profile: ClaimProfile, sentences: list[PassageSentence], passage: PassageFacts
) -> tuple[dict | None, dict | None]:
    """(date_match reason, date conflict) of the passage against the claim's window."""
    window = profile.window
    if window is None:
        return None, None
    outside = None
    for sent in sentences:
        if sent.hits == 0:
            continue
        cumulative = running_total(sent.text)  # a running total spans periods
        for ref in extract_time_references(sent.text, passage.published):
            if in_window(ref.date_from, ref.date_to, window):
                return _date_match(ref.text, ref.date_from, ref.date_to, window), None
            if outside is None and not cumulative:
                outside = (ref.text, ref.date_from, ref.date_to)
    if outside is None and passage.published is not None and passage.published < window[0]:
        published = passage.published
        outside = (f"published {published.isoformat()}", published, published)
    if outside is None:
        return None, None
    text, start, end = outside
    return None, {
        "claim_window": [window[0].isoformat(), window[1].isoformat()],
        "evidence_date": iso(start, end),
        "evidence_text": text,
    }


def _date_match(text: str, start: date, end: date, window: tuple[date, date]) -> dict:
    return {
        "kind": "date_match",
        "detail": f"The passage dates it '{text}' ({_span(start, end)}), within the time "
        f"the claim gives ({_span(*window)}).",
        "evidence_date": iso(start, end),
    }


def date_conflict_reason(profile: ClaimProfile, conflict: dict) -> dict:
    """The reason a passage carries for dating the event outside the claim's window."""
    return {
        "kind": "date_conflict",
        "detail": f"The claim places it in {window_label(profile.window)} "
        f"({profile.window_text}), but the passage dates it to "
        f"{conflict['evidence_date']} ({conflict['evidence_text']}).",
        **conflict,
    }
