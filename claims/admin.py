from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from .models import Appearance, Check, Claim, Evidence, ExternalReview, ReviewEvent


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0
    raw_id_fields = ("document",)
    readonly_fields = ("document", "start", "end", "sentence", "created_at")
    can_delete = False


# The review log is written by the workflow service only: every field is read-only.
REVIEW_EVENT_FIELDS = (
    "created_at", "actor", "action", "assignee", "from_status", "to_status", "verdict", "note",
    "version",
)  # fmt: skip


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    readonly_fields = REVIEW_EVENT_FIELDS
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # the log is written by the workflow service only


class CheckInline(admin.TabularInline):
    model = Check
    extra = 0
    fields = ("created_at", "suggested_verdict", "confidence", "flags", "explanation", "job")
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    ordering = ("-created_at",)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # checks are queued through the check service, not typed in


class ExternalReviewInline(admin.TabularInline):
    """Other publishers' fact-checks of this claim, imported from their pages' markup."""

    model = ExternalReview
    extra = 0
    fields = ("publisher", "alternate_name", "rating_value", "date_published", "url", "document")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # imported from ClaimReview markup when a page is ingested


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = (
        "short_text",
        "kind",
        "status",
        "verdict",
        "claimant",
        "check_worthiness",
        "assignee",
        "created_at",
    )
    list_filter = ("status", "verdict", "kind")
    list_select_related = ("assignee",)
    search_fields = ("text", "claimant")
    raw_id_fields = ("assignee",)
    # status, verdict and version move only through the workflow service.
    readonly_fields = (
        "status", "verdict", "version", "published_at", "fingerprint", "created_at",
        "updated_at", "latest_evidence",
    )  # fmt: skip
    inlines = (AppearanceInline, ExternalReviewInline, CheckInline, ReviewEventInline)

    @admin.display(description="latest check's evidence")
    def latest_evidence(self, claim: Claim) -> str:
        check = claim.checks.order_by("-created_at", "-id").first()
        if check is None:
            return "No check yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2f}</td><td>{}</td></tr>",
            (
                (
                    e.document.source.name,
                    e.document.published_at.date() if e.document.published_at else "-",
                    e.stance,
                    e.score,
                    e.text,
                )
                for e in check.evidence.select_related("document__source")
            ),
        )
        flags = ", ".join(f"{f.get('kind')}: {f.get('detail', '')}" for f in check.flags)
        return format_html(
            "<p><b>{}</b> ({}) {}</p><p>{}</p><table><tr><th>publisher</th><th>date</th>"
            "<th>stance</th><th>score</th><th>passage</th></tr>{}</table>",
            check.suggested_verdict or "pending",
            f"confidence {check.confidence:.2f}" if check.confidence is not None else "running",
            f"Flags: {flags}" if flags else "",
            check.explanation,
            rows,
        )

    @admin.display(description="claim", ordering="text")
    def short_text(self, claim: Claim) -> str:
        return claim.text[:100]


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ("claim", "document", "start", "end")
    raw_id_fields = ("claim", "document")
    list_select_related = ("claim", "document")
    readonly_fields = ("created_at",)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    raw_id_fields = ("document",)
    readonly_fields = ("document", "start", "end", "text", "stance", "score", "reasons")
    can_delete = False


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    list_display = ("id", "claim", "suggested_verdict", "confidence", "created_at", "completed_at")
    list_filter = ("suggested_verdict",)
    list_select_related = ("claim",)
    raw_id_fields = ("claim", "job")
    readonly_fields = ("created_at", "completed_at")
    inlines = (EvidenceInline,)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("id", "check_run", "document", "stance", "score")
    list_filter = ("stance",)
    list_select_related = ("check_run", "document")
    raw_id_fields = ("check_run", "document")


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ("claim", "action", "from_status", "to_status", "verdict", "actor", "created_at")
    list_filter = ("action", "to_status")
    list_select_related = ("claim", "actor")
    raw_id_fields = ("claim", "actor")
    readonly_fields = ("claim", *REVIEW_EVENT_FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
