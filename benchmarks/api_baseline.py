"""The baseline for benchmarks/api.py: the project's URLs plus plain Django views.

`/bench/claims/` returns the same 50 claims as the API's list (same filters,
same order, same fields, appearances included), built with .values() and a
loop and returned as a JsonResponse: no DRF, no django-filter, no serializer,
and no authentication. `/bench/claims/<id>/` does the same for one claim with
the detail's extra parts (review history, external reviews, latest check).

A helper module, not a benchmark: api.py serves it through gunicorn as
ROOT_URLCONF (see api_settings.py), with benchmarks/ on the Python path.
"""

from django.db.models import F
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils.dateparse import parse_datetime

from claims.models import Appearance, Check, Claim, Evidence, ExternalReview, ReviewEvent
from factcheck.urls import (  # noqa: F401  (the project's error handlers, unchanged)
    handler400,
    handler403,
    handler404,
    handler500,
)
from factcheck.urls import urlpatterns as project_urlpatterns

# The list serializer's fields, under the names the API gives them.
CLAIM_FIELDS = (
    "id", "text", "kind", "claimant", "check_worthiness", "worthiness_features",
    "quantities", "time_references", "entities", "status", "verdict", "version",
    "assignee_id", "review_url", "rating_text", "published_at", "created_at", "updated_at",
)  # fmt: skip
# The detail's extra parts.
EVENT_FIELDS = (
    "id", "action", "from_status", "to_status", "verdict", "note", "version", "created_at",
)  # fmt: skip
EXTERNAL_REVIEW_FIELDS = (
    "id", "publisher", "url", "claim_reviewed", "claimant", "rating_value", "best_rating",
    "worst_rating", "alternate_name", "date_published", "document_id",
)  # fmt: skip
CHECK_FIELDS = (
    "id", "suggested_verdict", "confidence", "explanation", "flags", "created_at",
    "completed_at", "job_id", "job__status",
)  # fmt: skip
EVIDENCE_FIELDS = (
    "document_id", "document__url", "document__source__name", "document__published_at",
    "start", "end", "text", "stance", "score", "reasons",
)  # fmt: skip
RENAMED = {"worthiness_features": "check_worthiness_features", "assignee_id": "assignee"}
MAX_PAGE_SIZE = 200


def claim_rows(queryset) -> list[dict]:
    """Claims as dicts with their appearances: two queries, like the API's prefetch."""
    rows = []
    by_id = {}
    for values in queryset.values(*CLAIM_FIELDS):
        row = {RENAMED.get(name, name): value for name, value in values.items()}
        row["appearances"] = []
        rows.append(row)
        by_id[row["id"]] = row
    appearances = (
        Appearance.objects.filter(claim_id__in=list(by_id))
        .order_by("document_id", "start")
        .values_list("claim_id", "document_id", "start", "end", "sentence")
    )
    for claim_id, document_id, start, end, sentence in appearances:
        by_id[claim_id]["appearances"].append(
            {"document": document_id, "start": start, "end": end, "sentence": sentence}
        )
    return rows


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=400)


def claims_list(request: HttpRequest) -> JsonResponse:
    """?status=..&min_check_worthiness=..&page_size=..&before=<created_at>, newest first."""
    queryset = Claim.objects.all()
    statuses = request.GET.getlist("status")
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    try:
        if "min_check_worthiness" in request.GET:
            queryset = queryset.filter(
                check_worthiness__gte=float(request.GET["min_check_worthiness"])
            )
        page_size = min(int(request.GET.get("page_size", 50)), MAX_PAGE_SIZE)
    except ValueError:
        return _bad_request("min_check_worthiness and page_size must be numbers.")
    if "before" in request.GET:
        before = parse_datetime(request.GET["before"])
        if before is None:
            return _bad_request("before must be an ISO 8601 date-time.")
        queryset = queryset.filter(created_at__lt=before)
    # The API's order for ?ordering=-created_at; a keyset page like its cursor.
    rows = claim_rows(queryset.order_by("-created_at")[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    following = None
    if more:
        query = request.GET.copy()
        query["before"] = rows[-1]["created_at"].isoformat()
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return JsonResponse({"next": following, "previous": None, "results": rows})


def claim_detail(request: HttpRequest, pk: int) -> JsonResponse:
    """One claim with appearances, review history, external reviews and latest check."""
    rows = claim_rows(Claim.objects.filter(pk=pk))
    if not rows:
        return JsonResponse({"detail": "Not found."}, status=404)
    row = rows[0]
    row["review_history"] = list(
        ReviewEvent.objects.filter(claim_id=pk)
        .order_by("claim_id", "created_at", "id")
        .values(
            *EVENT_FIELDS, actor_name=F("actor__username"), assignee_name=F("assignee__username")
        )
    )
    row["external_reviews"] = list(
        ExternalReview.objects.filter(claim_id=pk).values(*EXTERNAL_REVIEW_FIELDS)
    )
    check = (
        Check.objects.filter(claim_id=pk)
        .order_by("-created_at", "-id")
        .values(*CHECK_FIELDS)
        .first()
    )
    if check is not None:
        check["evidence"] = list(
            Evidence.objects.filter(check_run_id=check["id"])
            .order_by("-score", "id")
            .values(*EVIDENCE_FIELDS)
        )
    row["latest_check"] = check
    # The API works out the requesting user's next steps; the baseline has no user.
    row["available_actions"] = []
    return JsonResponse(row)


urlpatterns = [
    path("bench/claims/", claims_list, name="bench-claims"),
    path("bench/claims/<int:pk>/", claim_detail, name="bench-claim"),
    *project_urlpatterns,
]
