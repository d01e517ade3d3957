"""The desk's roles: reviewer and client are groups; staff is Django's is_staff flag."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models


class Role(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    CLIENT = "client", "Client app"


def has_role(user: AbstractBaseUser | AnonymousUser | None, role: Role) -> bool:
    """True when an active user is in the role's group (staff hold every role)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # One query per request at most: permissions and throttles all ask.
    names = getattr(user, "_factcheck_role_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._factcheck_role_names = names
    return role.value in names


def users_with_role(role: Role) -> models.QuerySet:
    """The active accounts has_role() says hold the role, by username."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            models.Q(groups__name=role.value)
            | models.Q(is_staff=True)
            | models.Q(is_superuser=True)
        )
        .distinct()
        .order_by("username")
    )


def is_staff(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Desk staff manage sources, webhooks and users."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


# What each group may do in the admin (Django model permissions). Clients use
# the API only and get no admin permissions.
_REVIEWER_PERMISSIONS = {
    "claims": [
        "view_claim",
        "change_claim",
        "view_appearance",
        "view_check",
        "view_evidence",
        "view_reviewevent",
    ],
    "sources": ["view_source", "view_document"],
    "jobs": ["view_job"],
}


def ensure_role_groups(**kwargs: object) -> None:
    """Create the role groups and their permissions (idempotent; runs after migrate)."""
    from django.contrib.auth.models import Group, Permission

    reviewer, _ = Group.objects.get_or_create(name=Role.REVIEWER.value)
    Group.objects.get_or_create(name=Role.CLIENT.value)
    wanted = [
        (app_label, codename)
        for app_label, codenames in _REVIEWER_PERMISSIONS.items()
        for codename in codenames
    ]
    permissions = [
        p
        for p in Permission.objects.filter(
            content_type__app_label__in=_REVIEWER_PERMISSIONS
        ).select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    reviewer.permissions.add(*permissions)
