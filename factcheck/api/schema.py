"""OpenAPI additions: the one error shape, documented on every operation."""

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "example": "invalid"},
                "message": {"type": "string"},
                "details": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "Which input was wrong: field name -> messages, or facts.",
                },
            },
            "required": ["code", "message", "details"],
        }
    },
    "required": ["error"],
}

# Every authenticated operation can answer these; each operation adds its own.
_COMMON = {
    "401": "Not authenticated, or the token is invalid or expired.",
    "403": "Authenticated, but this account's role may not do this.",
    "429": "Too many requests for this account's role; retry after details.retry_after_seconds.",
}
_WITH_INPUT = {
    "400": "Invalid input: details names each field and what is wrong with it.",
    "413": "The request body is larger than the service accepts.",
    "415": "The body is not JSON.",
}
_ON_OBJECT = {"404": "No such object (or no such page: the cursor is not valid)."}
_CONFLICT = {"409": "The object changed since you read it (stale version) or is not ready."}


def add_error_responses(result: dict[str, Any], **kwargs: object) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: document the error shape on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = dict(_COMMON)
            if method in ("post", "put", "patch") or operation.get("parameters"):
                codes |= {"400": _WITH_INPUT["400"]}
            if method in ("post", "put", "patch"):
                codes |= {k: v for k, v in _WITH_INPUT.items() if k != "400"}
            names = {p.get("name") for p in operation.get("parameters", [])}
            if "{id}" in path or "cursor" in names:  # DRF answers a bad cursor with a 404
                codes |= _ON_OBJECT
            if method in ("post", "patch") and "{id}" in path:
                codes |= _CONFLICT
            if path.endswith("/claimreview/"):
                codes |= _CONFLICT
            responses = operation.setdefault("responses", {})
            for code, description in codes.items():
                responses.setdefault(code, {"description": description, "content": reference})
    return result
