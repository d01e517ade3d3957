"""Marking spans of a text in HTML: a claim in its article, matched words in a passage."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    css_class: str = "fc-mark"
    title: str = ""
    element_id: str = ""


def highlight(text: str, spans: Iterable[Span]) -> SafeString:
    """The text, escaped, with each span wrapped in <mark>; overlapping spans are
    dropped after the first (marks cannot nest across each other in HTML)."""
    parts: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        start, end = max(span.start, cursor), min(span.end, len(text))
        if start >= end or span.start < cursor:
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(
            format_html(
                '<mark class="{}"{}{}>{}</mark>',
                span.css_class,
                format_html(' title="{}"', span.title) if span.title else "",
                format_html(' id="{}"', span.element_id) if span.element_id else "",
                text[start:end],
            )
        )
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped
