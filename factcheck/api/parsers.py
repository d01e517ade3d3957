"""The API's JSON parser: DRF's, with a bound on how deeply a body may nest."""

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No request of this API nests more than a few levels; 100 leaves room for any
# honest client while keeping every later walk over the data (validation,
# JSONField, rendering) far from Python's recursion limit.
MAX_JSON_DEPTH = 100


class JSONParser(parsers.JSONParser):
    """JSON bodies nested at most MAX_JSON_DEPTH levels, else a 400 parse error.

    Python's json module raises RecursionError (not ValueError) on input nested
    about a thousand deep, which DRF's parser lets escape as a 500.
    """

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: dict | None = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep_message()) from None
        if _nests_deeper_than(data, MAX_JSON_DEPTH):
            raise ParseError(_too_deep_message())
        return data


def _too_deep_message() -> str:
    return f"JSON parse error - the body nests deeper than {MAX_JSON_DEPTH} levels."


def _nests_deeper_than(data: Any, limit: int) -> bool:
    # Iterative, so checking a deep value cannot itself overflow the stack.
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
