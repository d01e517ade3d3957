"""Cursor pages: stable under inserts, and as fast on page 1,000 as on page 1."""

import math
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from rest_framework import exceptions, pagination
from rest_framework.request import Request
from rest_framework.views import APIView


class InvalidCursor(exceptions.APIException):
    """A `cursor` that is not one a page of this list gave out: a 400, not a 404."""

    status_code = 400
    default_detail = (
        "The cursor does not mark a place in this list; follow the next and previous "
        "links as the list gives them."
    )
    default_code = "invalid_cursor"


class CursorPagination(pagination.CursorPagination):
    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list | None:
        # decode_cursor() needs the model to read the position as its field's type.
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        """The request's cursor, its position checked against the ordering field.

        DRF answers an undecodable cursor with a 404 and hands any position
        string to the database, where a tampered one (a date that is not a date,
        a NUL, a year past 9999 once in UTC) is a 500.
        """
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise InvalidCursor from None
        if cursor is None or cursor.position is None:
            return cursor
        return cursor._replace(position=self._checked_position(cursor.position))

    def _checked_position(self, position: str) -> str:
        """The position as this list writes it for the same value, or InvalidCursor.

        Written back as a string, so DRF's own comparisons with the positions
        of the page's rows (str of each value) still hold.
        """
        name = self.ordering[0].lstrip("-")
        field = _ordering_field(self._model, name)
        if field is None:  # an annotation: nothing to read it as
            return position
        try:
            value = field.to_python(position)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            raise InvalidCursor from None
        if isinstance(value, datetime):
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            try:
                return str(value.astimezone(UTC))  # how the rows' datetimes print
            except OverflowError:
                raise InvalidCursor from None
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidCursor
        if isinstance(value, str) and "\x00" in value:
            # PostgreSQL refuses NUL in text; forms and serializers never store one.
            raise InvalidCursor
        return position


def _ordering_field(model: type[Model], name: str) -> Any:
    if name == "pk":
        return model._meta.pk
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
