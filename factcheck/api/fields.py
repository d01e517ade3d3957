"""Input types shared by the API's filters and serializers.

Row ids are 64-bit in both databases; a larger number in a URL or a filter
must be a 404 or a 400, never an overflow inside the database driver.
"""

from datetime import UTC, datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField

MAX_ID = 2**63 - 1
# URL ids: digits only, and short enough to fit in 64 bits (else the URL is a 404).
ID_REGEX = r"[0-9]{1,18}"
# Words one text search may hold, in the API's `q` and the admin's search box.
# SQLite's search is one LIKE per word, and a thousand of them is "Expression tree
# is too large"; PostgreSQL copes, but the rule is the same on both databases.
MAX_SEARCH_WORDS = 32


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number from 1 to MAX_ID, else a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def validate_search_words(value: str) -> None:
    """At most MAX_SEARCH_WORDS words (split on white space), else a form error."""
    if len(value.split()) > MAX_SEARCH_WORDS:
        raise forms.ValidationError(f"At most {MAX_SEARCH_WORDS} words.", code="too_many_words")


class _UtcDateTimeField(IsoDateTimeField):
    def clean(self, value: object) -> datetime | None:
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            # Compared in UTC: PostgreSQL refuses offsets of 16 hours or more,
            # and SQLite's text dates cannot go past the calendar's ends.
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("The date is out of range.", code="overflow") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 moment, converted to UTC before it reaches the database."""

    field_class = _UtcDateTimeField
