from datetime import datetime

import django_filters
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from rest_framework.exceptions import ValidationError

from factcheck.api.fields import (
    MAX_ID,
    MAX_SEARCH_WORDS,
    IdFilter,
    UtcDateTimeFilter,
    validate_search_words,
)

from ..choices import ClaimKind, ClaimStatus, Verdict
from ..models import Appearance, Claim


def _appearing(**lookups: object) -> Exists:
    # EXISTS rather than a join: no duplicate rows, no DISTINCT, and the
    # pagination's ORDER BY still walks the claim index.
    return Exists(Appearance.objects.filter(claim=OuterRef("pk"), **lookups))


def claims_matching(queryset: QuerySet[Claim], words: str) -> QuerySet[Claim]:
    """Claims whose text matches the words: PostgreSQL full-text search (GIN index,
    web-search syntax: quotes, OR, -word), or every word as a substring on SQLite."""
    words = words.strip()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # Written to match claim_text_search_idx's expression, so the index is used.
        match = RawSQL(
            "to_tsvector('english'::regconfig, claims_claim.text) @@ "
            "websearch_to_tsquery('english'::regconfig, %s)",
            [words],
            output_field=BooleanField(),
        )
        return queryset.filter(match)
    condition = Q()
    for word in words.split():
        condition &= Q(text__icontains=word.strip("\"'"))
    return queryset.filter(condition)


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(distinct=False, choices=ClaimStatus.choices)
    verdict = django_filters.MultipleChoiceFilter(distinct=False, choices=Verdict.choices)
    kind = django_filters.MultipleChoiceFilter(distinct=False, choices=ClaimKind.choices)
    document = IdFilter(method="filter_document", help_text="Claims that appear in this document.")
    source = IdFilter(
        method="filter_source", help_text="Claims that appear in a document of this source."
    )
    assignee = django_filters.CharFilter(
        method="filter_assignee", help_text="A user id, 'me', or 'none' for unassigned claims."
    )
    claimant = django_filters.CharFilter(lookup_expr="icontains")
    q = django_filters.CharFilter(
        method="filter_q",
        validators=[validate_search_words],
        help_text=f"Words in the claim's text (at most {MAX_SEARCH_WORDS}).",
    )
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")
    published_after = UtcDateTimeFilter(
        method="filter_published_after",
        help_text="Claims appearing in a document published at or after this moment.",
    )
    published_before = UtcDateTimeFilter(
        method="filter_published_before",
        help_text="Claims appearing in a document published before this moment.",
    )
    min_check_worthiness = django_filters.NumberFilter(
        field_name="check_worthiness", lookup_expr="gte"
    )
    max_check_worthiness = django_filters.NumberFilter(
        field_name="check_worthiness", lookup_expr="lte"
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_document(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet:
        return queryset.filter(_appearing(document_id=value))

    def filter_source(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet:
        return queryset.filter(_appearing(document__source_id=value))

    def filter_published_after(
        self, queryset: QuerySet[Claim], name: str, value: datetime
    ) -> QuerySet:
        return queryset.filter(_appearing(document__published_at__gte=value))

    def filter_published_before(
        self, queryset: QuerySet[Claim], name: str, value: datetime
    ) -> QuerySet:
        return queryset.filter(_appearing(document__published_at__lt=value))

    def filter_assignee(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet:
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
            raise ValidationError({"assignee": ["Give a user id, 'me' or 'none'."]})
        return queryset.filter(assignee_id=int(value))

    def filter_q(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet:
        return claims_matching(queryset, value)
