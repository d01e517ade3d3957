"""Desk accounts: staff create reviewers and client-app accounts and set their roles."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from knox.models import AuthToken

from factcheck.roles import Role, ensure_role_groups

User = get_user_model()


def _set_roles(user: AbstractUser, roles: Iterable[str]) -> None:
    ensure_role_groups()
    wanted = set(roles)
    for role in Role:
        group = Group.objects.get(name=role.value)
        if role.value in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)


@transaction.atomic
def user_create(
    *, username: str, password: str, roles: Iterable[str], email: str = "", **names: str
) -> AbstractUser:
    """A new desk account with its roles; the password must pass the validators."""
    candidate = User(username=username, email=email, **names)
    validate_password(password, user=candidate)
    user = User.objects.create_user(username=username, password=password, email=email, **names)
    _set_roles(user, roles)
    return user


@transaction.atomic
def user_update(
    *, user: AbstractUser, roles: Iterable[str] | None = None, **fields: object
) -> AbstractUser:
    """Change an account; deactivating it also revokes every API token it holds."""
    password = fields.pop("password", None)
    for name, value in fields.items():
        setattr(user, name, value)
    if password is not None:
        validate_password(str(password), user=user)
        user.set_password(str(password))
    user.save()
    if roles is not None:
        _set_roles(user, roles)
    if not user.is_active:
        AuthToken.objects.filter(user=user).delete()
    return user
