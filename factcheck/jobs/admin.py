from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from factcheck.admin import DeskModelAdmin, badge
from factcheck.dashboard import FAILED_JOBS_WINDOW, failed_jobs_since
from factcheck.roles import Role, has_role

from .models import Job, JobStatus
from .registry import UnknownJobKind
from .selectors import jobs_visible_to
from .services import JobNotFailed, job_requeue


class FailedInLastDayFilter(admin.SimpleListFilter):
    """Jobs that gave up in the last day: what the dashboard counts and links to."""

    title = "recent failures"
    parameter_name = "failed_within"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("1d", "Failed in the last day")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Job]) -> QuerySet[Job]:
        if self.value() == "1d":
            return queryset.filter(failed_jobs_since(timezone.now() - FAILED_JOBS_WINDOW))
        return queryset


@admin.register(Job)
class JobAdmin(DeskModelAdmin):
    """Background jobs, read-only: they change only through the ledger's services.

    Failed jobs can be re-queued, from the list (an action) or from the job's
    page (a button); see has_requeue_permission for who may.
    """

    list_display = (
        "id",
        "kind",
        "target",
        "status_badge",
        "attempts_of_max",
        "worker",
        "created_at",
        "finished_at",
        "duration_seconds",
        "short_error",
    )
    list_filter = ("status", "kind", FailedInLastDayFilter)
    search_fields = ("=id", "target", "idempotency_key", "error")
    date_hierarchy = "created_at"
    actions = ("requeue_failed",)
    fieldsets = (
        (None, {"fields": ("kind", "target", "status_badge", "attempts_of_max", "worker")}),
        ("Error", {"fields": ("error_text",)}),
        (
            "Timings",
            {
                "fields": (
                    "created_at",
                    "run_after",
                    "started_at",
                    "finished_at",
                    "duration_seconds",
                    "lease_expires_at",
                    "last_sent_at",
                    "updated_at",
                )
            },
        ),
        ("Work", {"fields": ("payload", "result", "idempotency_key")}),
    )
    readonly_fields = (
        *(f.name for f in Job._meta.fields),
        "status_badge",
        "attempts_of_max",
        "error_text",
        "duration_seconds",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Job]:
        # The API's rule: reviewers never see staff-only jobs (list, page or re-queue).
        return jobs_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False  # every field is the ledger's; a re-queue is a separate command

    def has_requeue_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        # Reviewers and staff, not only holders of change_job: re-queueing edits
        # no field by hand, it gives a failed job fresh attempts through the
        # ledger's own service, and the reviewers are the ones who see a claim's
        # check fail. (Django calls has_<name>_permission for action permissions.)
        return has_role(request.user, Role.REVIEWER)

    @admin.display(description="status", ordering="status")
    def status_badge(self, job: Job) -> SafeString:
        return badge("status", job.status, job.get_status_display())

    @admin.display(description="attempts")
    def attempts_of_max(self, job: Job) -> str:
        return f"{job.attempts}/{job.max_attempts}"

    @admin.display(description="duration")
    def duration_seconds(self, job: Job) -> str:
        return "-" if job.duration is None else f"{job.duration:.1f} s"

    @admin.display(description="error")
    def short_error(self, job: Job) -> str:
        return job.error[:80]

    @admin.display(description="error")
    def error_text(self, job: Job) -> SafeString | str:
        return format_html('<pre class="fc-error">{}</pre>', job.error) if job.error else "-"

    @admin.action(description="Re-queue selected failed jobs", permissions=["requeue"])
    def requeue_failed(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        done = 0
        for job in queryset.filter(status=JobStatus.FAILED):
            if self._requeue(request, job):
                done += 1
        self.message_user(request, f"Re-queued {done} job(s).", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        requeue = self.admin_site.admin_view(require_POST(self.requeue_view))
        return [
            path("<path:object_id>/requeue/", requeue, name="jobs_job_requeue"),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        context = {"can_requeue": self.has_requeue_permission(request), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context=context)

    def requeue_view(self, request: HttpRequest, object_id: str) -> HttpResponseRedirect:
        """The job page's re-queue button (POST): back to the page, with a message."""
        if not self.has_requeue_permission(request):
            raise PermissionDenied
        job = self.get_object(request, unquote(object_id))
        if job is None:
            self.message_user(request, f"There is no job {object_id}.", messages.WARNING)
            return HttpResponseRedirect(
                reverse("admin:jobs_job_changelist", current_app=self.admin_site.name)
            )
        if self._requeue(request, job):
            self.message_user(request, f"Job {job.pk} re-queued.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:jobs_job_change", args=[job.pk], current_app=self.admin_site.name)
        )

    def _requeue(self, request: HttpRequest, job: Job) -> bool:
        try:
            job_requeue(job=job)
        except JobNotFailed as exc:
            self.message_user(request, str(exc), messages.WARNING)
            return False
        except UnknownJobKind:
            # A job of a kind this deployment no longer registers cannot run;
            # job_requeue's transaction has rolled its update back.
            message = f"Job {job.pk} cannot be re-queued: no job kind {job.kind!r} is registered."
            self.message_user(request, message, messages.ERROR)
            return False
        return True
