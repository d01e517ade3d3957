"""The admin site: staff as usual, and reviewers, who work in it all day."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import smart_split

from factcheck.api.fields import MAX_SEARCH_WORDS
from factcheck.dashboard import desk_dashboard
from factcheck.logins import LOCKED_OUT, login_refusal
from factcheck.roles import Role, has_role, is_staff


def https_url_fields(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Form fields for a model form, where a bare "example.org/page" URL means https."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class DeskLoginForm(AdminAuthenticationForm):
    """The admin's login: reviewers and staff get in, other accounts do not.

    Django's own form lets in is_staff accounts only; here is_staff means desk
    staff, and reviewers (who are not) work in the admin all day.
    """

    def clean(self) -> dict[str, Any]:
        # Before the password is checked: a spent budget refuses the right one too.
        wait = login_refusal(self.request, self.cleaned_data.get("username") or "")
        if wait is not None:
            minutes = max(1, round(wait / 60))
            raise ValidationError(
                f"{LOCKED_OUT} Try again in about {minutes} minute{'s' if minutes != 1 else ''}.",
                code="too_many_failures",
            )
        return super().clean()

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        if not user.is_active or not has_role(user, Role.REVIEWER):
            raise ValidationError(
                "Please enter the username and password of a reviewer's account. "
                "Client-app accounts use the API only.",
                code="invalid_login",
            )


class FactcheckAdminSite(admin.AdminSite):
    site_header = "factcheck"
    site_title = "factcheck"
    index_title = "Fact-checking desk"
    index_template = "admin/factcheck/index.html"
    login_form = DeskLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        # Reviewers need the admin but not Django's is_staff, which in this
        # project means "desk staff" (sources, webhooks, users). Clients stay out.
        return has_role(request.user, Role.REVIEWER)

    def index(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        """The app list, with the desk's dashboard above it (factcheck.dashboard)."""
        context = {"dashboard": desk_dashboard(user=request.user), **(extra_context or {})}
        return super().index(request, extra_context=context)


class DeskModelAdmin(admin.ModelAdmin):
    """A ModelAdmin that gives desk staff the rights listed in `staff_may`.

    Staff are Django's is_staff flag and belong to no permission group, so
    Django's model permissions alone would show them an empty admin. Everyone
    else, reviewers included, goes through those permissions as usual
    (factcheck.roles gives reviewers view permissions only).
    """

    staff_may: tuple[str, ...] = ("view",)

    class Media:
        css = {"all": ("factcheck/admin.css",)}

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """Django's search on the first MAX_SEARCH_WORDS words, saying so when it cuts.

        Django ANDs one OR of LIKEs per word: a thousand words is more than
        SQLite takes ("Expression tree is too large"), a 500 instead of a list.
        """
        words = list(smart_split(search_term))  # as Django splits: "a phrase" is one
        if len(words) > MAX_SEARCH_WORDS:
            messages.warning(
                request,
                f"Searched for the first {MAX_SEARCH_WORDS} words only; "
                f"a search takes at most {MAX_SEARCH_WORDS}.",
            )
            search_term = " ".join(words[:MAX_SEARCH_WORDS])
        return super().get_search_results(request, queryset, search_term)

    def _staff_may(self, request: HttpRequest, action: str) -> bool:
        return action in self.staff_may and is_staff(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._staff_may(request, "view") or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._staff_may(request, "view") or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._staff_may(request, "add") or super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._staff_may(request, "change") or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._staff_may(request, "delete") or super().has_delete_permission(request, obj)


def badge(family: str, value: str, label: str) -> SafeString:
    """A coloured pill (factcheck/admin.css): family is status, verdict or stance."""
    return format_html('<span class="fc-badge fc-{}-{}">{}</span>', family, value, label)
