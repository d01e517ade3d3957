import json
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import (
    Count,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from factcheck.admin import DeskModelAdmin, badge, https_url_fields
from factcheck.highlight import Span
from factcheck.roles import Role, users_with_role
from sources.admin import DocumentAdmin
from sources.models import Document, Source

from .checks import check_enqueue
from .choices import ReviewAction, SuggestedVerdict, Verdict
from .models import (
    TRIAGE_ORDER,
    Appearance,
    Check,
    Claim,
    Evidence,
    ExternalReview,
    ReviewEvent,
)
from .review_page import review_page
from .workflow import (
    EDITABLE_FIELDS,
    IllegalTransition,
    StaleVersion,
    WorkflowError,
    claim_assign,
    claim_comment,
    claim_edit,
    claim_transition,
)


def in_words(items: object) -> str:
    """Reasons or flags as a reviewer reads them: each one's detail sentence, never
    its machine kind or the JSON."""
    if isinstance(items, str):  # SQLite hands a subquery's JSON back as text
        items = json.loads(items)
    details = [i["detail"] for i in items or () if isinstance(i, dict) and i.get("detail")]
    return format_html_join("", "<div>{}</div>", ((d,) for d in details)) or "-"


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
    fields = (
        "created_at",
        "suggested_verdict",
        "confidence",
        "flags_in_words",
        "explanation",
        "job",
    )
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    ordering = ("-created_at",)

    @admin.display(description="flags")
    def flags_in_words(self, check: Check) -> str:
        return in_words(check.flags)

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


class SourceFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "source"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(Source.objects.order_by("name").values_list("pk", "name"))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if not self.value() or not str(self.value()).isdigit():
            return queryset
        return queryset.filter(
            Exists(
                Appearance.objects.filter(claim=OuterRef("pk"), document__source_id=self.value())
            )
        )


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("me", "Assigned to me"), ("none", "Unassigned"), ("others", "Assigned to others")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "none":
            return queryset.filter(assignee__isnull=True)
        if self.value() == "others":
            return queryset.exclude(assignee=request.user).exclude(assignee__isnull=True)
        return queryset


class FlagsFilter(admin.SimpleListFilter):
    title = "flags of the latest check"
    parameter_name = "flags"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("any", "Has flags"),
            ("date_conflict", "Date conflict"),
            ("reviewed_elsewhere", "Reviewed elsewhere"),
            ("none", "No flags"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        value = self.value()
        if not value:
            return queryset
        # Matched on the JSON text: both databases can, and flags are short lists.
        latest = Check.objects.filter(pk=OuterRef("latest_check_id"))
        if value == "any":
            return queryset.filter(Exists(latest.exclude(flags=[])))
        if value == "none":
            return queryset.exclude(Exists(latest.exclude(flags=[])))
        return queryset.filter(Exists(latest.filter(flags__icontains=f'"{value}"')))


class WorthinessFilter(admin.SimpleListFilter):
    title = "check-worthiness"
    parameter_name = "worthiness"
    RANGES = {"high": (0.7, 1.01), "medium": (0.4, 0.7), "low": (0.0, 0.4)}

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("high", "High (0.7 and up)"), ("medium", "Medium (0.4-0.7)"), ("low", "Low")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value() not in self.RANGES:
            return queryset
        low, high = self.RANGES[self.value()]
        return queryset.filter(check_worthiness__gte=low, check_worthiness__lt=high)


class ClaimForm(forms.ModelForm):
    """The fields a reviewer may correct, with the version the page was loaded at."""

    # Not "version": the model's own version field is not editable.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Claim
        fields = EDITABLE_FIELDS
        formfield_callback = https_url_fields

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict:
        data = super().clean()
        current = Claim.objects.get(pk=self.instance.pk).version if self.instance.pk else None
        if current is not None and data.get("loaded_version") != current:
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return data


User = get_user_model()
STALE_MESSAGE = "This claim changed since you loaded it; reload the page and try again."


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Say why.")


class AssigneeForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users_with_role(Role.REVIEWER)


@admin.register(Claim)
class ClaimAdmin(DeskModelAdmin):
    """Triage and review: badges, the latest check, filters for the desk's day,
    actions and buttons that all go through the workflow service."""

    staff_may = ("view", "change")
    form = ClaimForm
    change_form_template = "admin/claims/claim/review.html"
    list_display = (
        "short_text", "status_badge", "verdict_badge", "kind", "claimant", "worthiness",
        "suggestion", "flag_list", "assignee", "article",
    )  # fmt: skip
    list_filter = (
        "status", "verdict", "kind", SourceFilter, AssigneeFilter, FlagsFilter, WorthinessFilter,
    )  # fmt: skip
    list_select_related = ("assignee",)
    list_per_page = 50
    # One count (of the filtered list) per page, not a second one of every claim.
    show_full_result_count = False
    search_fields = ("text", "claimant")
    # The form holds only what a reviewer may correct; status, verdict and the
    # rest are shown above it and move through the workflow's buttons.
    fieldsets = ((None, {"fields": ("loaded_version", *EDITABLE_FIELDS)}),)
    actions = (
        "queue_check", "assign_to_me", "assign_to", "start_review", "resolve", "approve",
        "publish", "reopen",
    )  # fmt: skip

    # --- the list -----------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        latest = Check.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
        first_document = Appearance.objects.filter(claim=OuterRef("pk")).order_by("id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_check_id=Subquery(latest.values("pk")[:1]),
                suggested=Subquery(latest.values("suggested_verdict")[:1]),
                suggested_confidence=Subquery(latest.values("confidence")[:1]),
                latest_flags=Subquery(latest.values("flags")[:1], output_field=models.JSONField()),
                article_title=Subquery(first_document.values("document__title")[:1]),
                article_id=Subquery(first_document.values("document_id")[:1]),
            )
        )

    def get_ordering(self, request: HttpRequest) -> list:
        return list(TRIAGE_ORDER)

    @admin.display(description="claim", ordering="text")
    def short_text(self, claim: Claim) -> str:
        return claim.text[:140]

    @admin.display(description="status", ordering="status")
    def status_badge(self, claim: Claim) -> str:
        return badge("status", claim.status, claim.get_status_display())

    @admin.display(description="verdict", ordering="verdict")
    def verdict_badge(self, claim: Claim) -> str:
        return (
            badge("verdict", claim.verdict, claim.get_verdict_display()) if claim.verdict else "-"
        )

    @admin.display(description="worth", ordering="check_worthiness")
    def worthiness(self, claim: Claim) -> str:
        return f"{claim.check_worthiness:.2f}"

    @admin.display(description="suggested")
    def suggestion(self, claim: Claim) -> str:
        if not claim.suggested:
            return "-"
        confidence = claim.suggested_confidence
        return format_html(
            "{} <small>({})</small>",
            SuggestedVerdict(claim.suggested).label,
            f"{confidence:.0%}" if confidence is not None else "?",
        )

    @admin.display(description="flags")
    def flag_list(self, claim: Claim) -> str:
        flags = claim.latest_flags or []
        if isinstance(flags, str):  # SQLite hands a subquery's JSON back as text
            flags = json.loads(flags)
        details = sorted({f["detail"] for f in flags if isinstance(f, dict) and f.get("detail")})
        return (
            format_html_join(
                " ", '<span class="fc-badge fc-flag">{}</span>', ((d,) for d in details)
            )
            or "-"
        )

    @admin.display(description="article")
    def article(self, claim: Claim) -> str:
        if claim.article_id is None:
            return "-"
        url = reverse("admin:sources_document_change", args=[claim.article_id])
        return format_html('<a href="{}">{}</a>', url, (claim.article_title or "untitled")[:60])

    # --- actions on selected claims ---------------------------------------------------

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Claim], verb: str, step: Callable
    ) -> None:
        """Run one workflow step per claim; report successes and refusals as messages."""
        done, refused = 0, []
        for claim in queryset.order_by("pk"):
            try:
                step(claim)
                done += 1
            except WorkflowError as error:
                refused.append(f"#{claim.pk}: {error}")
            else:
                # The admin's own "recent actions" list, beside the review history.
                self.log_change(request, claim, verb)
        if done:
            self.message_user(request, f"{verb}: {done} claim(s).", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    def _transition_each(
        self, request: HttpRequest, queryset: QuerySet[Claim], action: str, **inputs: str
    ) -> None:
        self._each(
            request,
            queryset,
            ReviewAction(action).label,
            lambda claim: claim_transition(
                claim_id=claim.pk, action=action, actor=request.user, **inputs
            ),
        )

    def _with_form(
        self,
        request: HttpRequest,
        queryset: QuerySet[Claim],
        form_class: type[forms.Form],
        title: str,
        apply: Callable[[dict], None],
    ) -> TemplateResponse | None:
        """An action that asks for input first (a verdict, a note, a reviewer)."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            apply(form.cleaned_data)
            return None
        return TemplateResponse(
            request,
            "admin/claims/claim/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "claims": queryset,
                "action": request.POST["action"],
                "opts": self.model._meta,
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            },
        )

    @admin.action(description="Queue a check of the selected claims")
    def queue_check(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._each(
            request, queryset, "Check queued", lambda c: check_enqueue(claim=c, actor=request.user)
        )

    @admin.action(description="Assign the selected claims to me")
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._each(
            request,
            queryset,
            "Assigned to you",
            lambda c: claim_assign(claim_id=c.pk, assignee=request.user, actor=request.user),
        )

    @admin.action(description="Assign the selected claims to…")
    def assign_to(self, request: HttpRequest, queryset: QuerySet[Claim]) -> TemplateResponse | None:
        def apply(data: dict) -> None:
            self._each(
                request,
                queryset,
                f"Assigned to {data['assignee']}",
                lambda c: claim_assign(
                    claim_id=c.pk, assignee=data["assignee"], actor=request.user
                ),
            )

        return self._with_form(request, queryset, AssigneeForm, "Assign claims to…", apply)

    @admin.action(description="Start review of the selected claims")
    def start_review(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._transition_each(request, queryset, ReviewAction.START_REVIEW)

    @admin.action(description="Resolve the selected claims with a verdict…")
    def resolve(self, request: HttpRequest, queryset: QuerySet[Claim]) -> TemplateResponse | None:
        def apply(data: dict) -> None:
            self._transition_each(
                request, queryset, ReviewAction.RESOLVE, verdict=data["verdict"], note=data["note"]
            )

        return self._with_form(request, queryset, VerdictForm, "Resolve claims", apply)

    @admin.action(description="Approve the selected decisions (second review)")
    def approve(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._transition_each(request, queryset, ReviewAction.APPROVE)

    @admin.action(description="Publish the selected claims")
    def publish(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._transition_each(request, queryset, ReviewAction.PUBLISH)

    @admin.action(description="Reopen the selected claims…")
    def reopen(self, request: HttpRequest, queryset: QuerySet[Claim]) -> TemplateResponse | None:
        def apply(data: dict) -> None:
            self._transition_each(request, queryset, ReviewAction.REOPEN, note=data["note"])

        return self._with_form(request, queryset, NoteForm, "Reopen claims", apply)

    # --- the claim page ------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # claims come from extraction or the API's manual create

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # the review history must stay

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/step/", view(self.step_view), name="claims_claim_step"),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        claim = self.get_object(request, unquote(object_id))
        extra = dict(extra_context or {})
        if claim is not None:
            extra["review"] = review_page(claim.pk, request.user)
            extra["assignable"] = users_with_role(Role.REVIEWER)
        return super().change_view(request, object_id, form_url, extra)

    def save_model(self, request: HttpRequest, obj: Claim, form: forms.Form, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        claim_edit(
            claim_id=obj.pk,
            actor=request.user,
            version=form.cleaned_data["loaded_version"],
            changes=changes,
        )

    def step_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """One button on the claim page: a workflow step, an assignment, a comment or
        a check, always through the services; refusals come back as messages."""
        claim = self.get_object(request, unquote(object_id))
        if claim is None or not self.has_view_permission(request, claim):
            raise PermissionDenied
        page = reverse("admin:claims_claim_change", args=[claim.pk])
        if request.method != "POST":
            return HttpResponseRedirect(page)
        data = request.POST
        action = data.get("action", "")
        version = int(data["version"]) if data.get("version", "").isdigit() else None
        try:
            if action == "comment":
                claim_comment(claim_id=claim.pk, actor=request.user, text=data.get("note", ""))
                done = "Comment added."
            elif action == "check":
                check_enqueue(claim=claim, actor=request.user)
                done = "A check was queued."
            elif action == "assign":
                assignee = (
                    users_with_role(Role.REVIEWER).filter(pk=data.get("assignee") or 0).first()
                )
                claim_assign(
                    claim_id=claim.pk, assignee=assignee, actor=request.user, version=version
                )
                done = f"Assigned to {assignee}." if assignee else "Unassigned."
            else:
                if version is None:
                    raise IllegalTransition("the page sent no version; reload it")
                updated = claim_transition(
                    claim_id=claim.pk,
                    action=action,
                    actor=request.user,
                    version=version,
                    verdict=data.get("verdict", ""),
                    note=data.get("note", ""),
                )
                status = updated.get_status_display().lower()
                done = f"{ReviewAction(action).label}: the claim is now {status}."
        except StaleVersion:
            self.message_user(request, STALE_MESSAGE, messages.ERROR)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
            self.log_change(request, claim, done)
        return HttpResponseRedirect(page)


# --- documents, with their claims -----------------------------------------------------

# sources registers the Document admin and must not import claims (imports run
# one way), so the claims found in a document are added here, by re-registering
# Document with a subclass of sources' admin. Importing sources.admin above has
# registered it already, whichever app's admin module Django loads first.
admin.site.unregister(Document)


@admin.register(Document)
class DocumentWithClaimsAdmin(DocumentAdmin):
    """sources' Document admin, with each document's claims marked, listed and counted."""

    list_display = (
        "__str__", "source", "published_at", "claim_count", "url", "origin", "ingested_at",
    )  # fmt: skip
    text_title = "Text, its claims marked"
    panels = (*DocumentAdmin.panels, ("Claims in this document", "claim_list"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        claims = Count("appearances__claim", distinct=True)
        return super().get_queryset(request).annotate(claim_count=claims)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Document | None:
        document = super().get_object(request, object_id, from_field)
        if document is not None:
            # The marked text and the claim list both read these: one query for both.
            appearances = Appearance.objects.select_related("claim").order_by("start", "id")
            prefetch_related_objects([document], Prefetch("appearances", queryset=appearances))
        return document

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, document: Document) -> int:
        return document.claim_count

    def text_marks(self, document: Document) -> list[Span]:
        return [
            *super().text_marks(document),
            *(
                Span(
                    a.start,
                    a.end,
                    "fc-claim",
                    title=f"Claim {a.claim_id}: {a.claim.get_status_display()}",
                    element_id=f"appearance-{a.pk}",
                )
                for a in document.appearances.all()
            ),
        ]

    @admin.display(description="claims")
    def claim_list(self, document: Document) -> SafeString:
        by_claim: dict[int, list[Appearance]] = {}
        for appearance in document.appearances.all():
            by_claim.setdefault(appearance.claim_id, []).append(appearance)
        if not by_claim:
            return format_html('<span class="fc-quiet">{}</span>', "No claims found in it.")
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td>'
            '<td class="fc-nowrap">{}</td></tr>',
            (_document_claim_row(group[0].claim, group) for group in by_claim.values()),
        )
        return format_html(
            '<table class="fc-table"><thead><tr><th>claim</th><th>status</th><th>verdict</th>'
            "<th>text</th><th>where</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )


def _document_claim_row(claim: Claim, appearances: list[Appearance]) -> tuple:
    """One claim of a document: its page, status and verdict, and its marks in the text."""
    return (
        reverse("admin:claims_claim_change", args=[claim.pk]),
        claim.pk,
        badge("status", claim.status, claim.get_status_display()),
        badge("verdict", claim.verdict, claim.get_verdict_display()) if claim.verdict else "-",
        claim.text,
        format_html_join(
            " ", '<a href="#appearance-{}">in the text</a>', ((a.pk,) for a in appearances)
        ),
    )


@admin.register(Appearance)
class AppearanceAdmin(DeskModelAdmin):
    list_display = ("claim", "document", "start", "end")
    raw_id_fields = ("claim", "document")
    list_select_related = ("claim", "document")
    readonly_fields = ("created_at",)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    raw_id_fields = ("document",)
    fields = ("document", "start", "end", "text", "stance", "score", "why")
    readonly_fields = fields
    can_delete = False

    @admin.display(description="why")
    def why(self, evidence: Evidence) -> str:
        return in_words(evidence.reasons)


@admin.register(Check)
class CheckAdmin(DeskModelAdmin):
    list_display = ("id", "claim", "suggested_verdict", "confidence", "created_at", "completed_at")
    list_filter = ("suggested_verdict",)
    list_select_related = ("claim",)
    raw_id_fields = ("claim", "job")
    exclude = ("flags",)  # shown in words below
    readonly_fields = (
        "created_at",
        "completed_at",
        "flags_in_words",
        "embeddings_backend",
        "embeddings_model",
        "weights",
    )
    inlines = (EvidenceInline,)

    @admin.display(description="flags")
    def flags_in_words(self, check: Check) -> str:
        return in_words(check.flags)


@admin.register(Evidence)
class EvidenceAdmin(DeskModelAdmin):
    list_display = ("id", "check_run", "document", "stance", "score")
    list_filter = ("stance",)
    list_select_related = ("check_run", "document")
    raw_id_fields = ("check_run", "document")
    exclude = ("reasons",)  # shown in words below
    readonly_fields = ("why",)

    @admin.display(description="why")
    def why(self, evidence: Evidence) -> str:
        return in_words(evidence.reasons)


@admin.register(ReviewEvent)
class ReviewEventAdmin(DeskModelAdmin):
    list_display = ("claim", "action", "from_status", "to_status", "verdict", "actor", "created_at")
    list_filter = ("action", "to_status")
    list_select_related = ("claim", "actor")
    raw_id_fields = ("claim", "actor")
    readonly_fields = ("claim", *REVIEW_EVENT_FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
