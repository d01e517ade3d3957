from django.contrib import admin

from .models import Document, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "reliability", "created_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source", "published_at", "url", "ingested_at")
    list_filter = ("source__kind", "language")
    list_select_related = ("source",)
    search_fields = ("title", "url", "=content_hash")
    date_hierarchy = "published_at"
    autocomplete_fields = ("source",)
    readonly_fields = ("content_hash", "ingested_at")
