from django import forms
from django.contrib import admin
from django.http import HttpRequest

from factcheck.admin import DeskModelAdmin

from .events import WebhookEvent
from .models import WebhookDelivery, WebhookSubscription
from .services import WebhookURLRefused, webhook_url_check


class WebhookSubscriptionForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ("url", "events", "description", "active")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url != self.instance.url:
            try:
                webhook_url_check(url=url)
            except WebhookURLRefused as exc:
                raise forms.ValidationError(str(exc)) from None
        return url


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(DeskModelAdmin):
    form = WebhookSubscriptionForm
    # Desk staff manage subscriptions, as in the API; reviewers never see them.
    staff_may = ("view", "add", "change", "delete")
    list_display = ("url", "event_names", "active", "description", "created_by", "created_at")
    list_filter = ("active",)
    list_select_related = ("created_by",)
    search_fields = ("url", "description")

    def get_fields(self, request: HttpRequest, obj: WebhookSubscription | None = None) -> list:
        fields = ["url", "events", "description", "active"]
        if obj is not None:
            fields += ["secret", "created_by", "created_at", "updated_at"]
        return fields

    def get_readonly_fields(
        self, request: HttpRequest, obj: WebhookSubscription | None = None
    ) -> tuple:
        # The secret is generated on creation and shown from then on; the
        # receiver holds a copy, so it is never edited here.
        return ("secret", "created_by", "created_at", "updated_at") if obj is not None else ()

    @admin.display(description="events")
    def event_names(self, subscription: WebhookSubscription) -> str:
        return ", ".join(subscription.events)

    def save_model(
        self,
        request: HttpRequest,
        obj: WebhookSubscription,
        form: forms.ModelForm,
        change: bool,
    ) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(DeskModelAdmin):
    list_display = (
        "id",
        "subscription",
        "event",
        "job_status",
        "attempts",
        "response_status",
        "delivered_at",
        "created_at",
    )
    list_filter = ("event", "job__status")
    list_select_related = ("subscription", "job")
    search_fields = ("=event_id", "subscription__url", "error")
    date_hierarchy = "created_at"
    raw_id_fields = ("subscription", "job")
    readonly_fields = (*(f.name for f in WebhookDelivery._meta.fields), "job_status", "attempts")

    @admin.display(description="status", ordering="job__status")
    def job_status(self, delivery: WebhookDelivery) -> str:
        return delivery.status

    # Deliveries change only through webhooks.services; the admin shows them.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: WebhookDelivery | None = None
    ) -> bool:
        return False
