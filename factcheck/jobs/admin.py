from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Job, JobStatus
from .services import JobNotFailed, job_requeue


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "target",
        "status",
        "attempts",
        "max_attempts",
        "worker",
        "created_at",
        "finished_at",
        "short_error",
    )
    list_filter = ("status", "kind")
    search_fields = ("=id", "target", "idempotency_key", "error")
    date_hierarchy = "created_at"
    actions = ("requeue_failed",)
    # Jobs change only through the ledger's services; the admin shows them.
    readonly_fields = tuple(f.name for f in Job._meta.fields)

    @admin.display(description="error")
    def short_error(self, job: Job) -> str:
        return job.error[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Re-queue selected failed jobs", permissions=["change"])
    def requeue_failed(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        done = 0
        for job in queryset.filter(status=JobStatus.FAILED):
            try:
                job_requeue(job=job)
                done += 1
            except JobNotFailed as exc:
                self.message_user(request, str(exc), messages.WARNING)
        self.message_user(request, f"Re-queued {done} job(s).", messages.SUCCESS)
