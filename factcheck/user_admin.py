"""The admin's account pages, under the same rule as the API (factcheck.accounts).

Staff add and change reviewer and client accounts; an account with staff or
superuser rights is read-only to them, its password page included, and only a
superuser grants staff, superuser or per-user permissions.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.http import HttpRequest

from factcheck.accounts import may_manage
from factcheck.admin import DeskModelAdmin
from factcheck.roles import Role

_SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "user_permissions")


class DeskUserAdmin(DeskModelAdmin, UserAdmin):
    staff_may = ("view", "add", "change")

    def _may_change(self, request: HttpRequest, obj: AbstractBaseUser | None) -> bool:
        return obj is None or may_manage(request.user, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The password page asks this too, so it follows the same rule.
        return self._may_change(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser or obj is None:
            return fields
        return fields + _SUPERUSER_ONLY_FIELDS

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "groups" and not request.user.is_superuser:
            # Staff hand out the desk's roles, not groups a superuser made for other rights.
            kwargs["queryset"] = db_field.related_model.objects.filter(name__in=Role.values)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def register(site: admin.AdminSite) -> None:
    """Put the desk's account pages in place of django.contrib.auth's."""
    user_model = get_user_model()
    if site.is_registered(user_model):
        site.unregister(user_model)
    site.register(user_model, DeskUserAdmin)
