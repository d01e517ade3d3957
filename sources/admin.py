from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from factcheck.admin import DeskModelAdmin, badge
from factcheck.highlight import Span, highlight
from factcheck.jobs.models import Job

from .models import Document, Source

# A document page lists this many of its newest jobs and links to the rest.
DOCUMENT_JOBS_SHOWN = 20


class SourceForm(forms.ModelForm):
    # The database refuses values outside 0..1 (a check constraint); say so in
    # the form rather than fail on save.
    reliability = forms.FloatField(
        min_value=0, max_value=1, help_text=Source._meta.get_field("reliability").help_text
    )

    class Meta:
        model = Source
        fields = ("name", "kind", "domains", "reliability")


@admin.register(Source)
class SourceAdmin(DeskModelAdmin):
    """Publishers: desk staff set how far the desk trusts each; reviewers read it."""

    form = SourceForm
    staff_may = ("view", "add", "change")
    list_display = ("name", "kind", "reliability", "domain_list", "document_count", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = ("document_count", "created_at", "updated_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(document_count=Count("documents"))

    @admin.display(description="domains")
    def domain_list(self, source: Source) -> str:
        return ", ".join(source.domains) or "-"

    @admin.display(description="documents", ordering="document_count")
    def document_count(self, source: Source) -> SafeString:
        url = reverse("admin:sources_document_changelist")
        query = urlencode({"source__id__exact": source.pk})
        return format_html('<a href="{}?{}">{}</a>', url, query, source.document_count)


@admin.register(Document)
class DocumentAdmin(DeskModelAdmin):
    """A text from a source, with the jobs run on it.

    The text is read-only once stored: what other apps find in it (claims'
    appearances) indexes into it by character. Those apps extend this admin
    with the hooks below; claims/admin.py adds the claims found in a document.
    """

    list_display = ("__str__", "source", "published_at", "url", "origin", "ingested_at")
    list_filter = ("origin", "source__kind", "language")
    list_select_related = ("source",)
    search_fields = ("title", "url", "=content_hash")
    date_hierarchy = "published_at"
    autocomplete_fields = ("source",)
    # Documents' URLs are stored normalised, https unless told otherwise.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # Hooks for the apps building on documents, which sources does not import:
    # the title of the text's section, and (title, read-only field) sections
    # shown between the text and the jobs.
    text_title = "Text"
    panels: tuple[tuple[str, str], ...] = ()

    def get_fieldsets(self, request: HttpRequest, obj: Document | None = None) -> list:
        if obj is None:
            return super().get_fieldsets(request, obj)
        return [
            (
                None,
                {
                    "fields": (
                        "source",
                        "title",
                        "url",
                        "origin",
                        "submitted_by",
                        "author",
                        "published_at",
                        "language",
                        "ingested_at",
                        "content_hash",
                    )
                },
            ),
            (self.text_title, {"fields": ("marked_text",)}),
            *((title, {"fields": (field,)}) for title, field in self.panels),
            ("Jobs", {"fields": ("job_list",)}),
            ("Sanitised HTML", {"fields": ("html",), "classes": ("collapse",)}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Document | None = None) -> tuple:
        # Only the fetch job writes a fetched document; whoever adds one here submits it.
        provenance = ("origin", "submitted_by", "content_hash", "ingested_at")
        if obj is None:
            return provenance
        panels = tuple(field for _, field in self.panels)
        return (*provenance, "html", "marked_text", *panels, "job_list")

    def save_model(self, request: HttpRequest, obj: Document, form: Any, change: bool) -> None:
        if not change:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="text")
    def marked_text(self, document: Document) -> SafeString:
        return format_html(
            '<div class="fc-document-text">{}</div>',
            highlight(document.text, self.text_marks(document)),
        )

    def text_marks(self, document: Document) -> list[Span]:
        """The spans to mark in the document's text: none here, apps add theirs."""
        return []

    @admin.display(description="jobs")
    def job_list(self, document: Document) -> SafeString:
        target = f"document:{document.pk}"
        jobs = Job.objects.filter(target=target).order_by("-created_at", "-id")
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}/{}</td>'
            '<td class="fc-nowrap">{}</td><td><pre class="fc-error">{}</pre></td></tr>',
            (
                (
                    reverse("admin:jobs_job_change", args=[job.pk]),
                    job.pk,
                    job.kind,
                    badge("status", job.status, job.get_status_display()),
                    job.attempts,
                    job.max_attempts,
                    f"{job.created_at:%Y-%m-%d %H:%M}",
                    job.error,
                )
                for job in jobs[:DOCUMENT_JOBS_SHOWN]
            ),
        )
        all_jobs = reverse("admin:jobs_job_changelist") + "?" + urlencode({"target": target})
        return format_html(
            '<table class="fc-table"><thead><tr><th>job</th><th>kind</th><th>status</th>'
            "<th>attempts</th><th>created</th><th>error</th></tr></thead><tbody>{}</tbody>"
            '</table><p><a href="{}">All jobs for this document</a></p>',
            rows,
            all_jobs,
        )
