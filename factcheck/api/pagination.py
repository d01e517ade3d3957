"""Cursor pages: stable under inserts, and as fast on page 1,000 as on page 1."""

from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 200
