"""Desk accounts: staff create reviewers and client-app accounts and set their roles.

Who may change whom: staff manage reviewer and client accounts; an account
with staff or superuser rights is managed by superusers only, so staff cannot
take over a superuser (set its password, then log in as it).

Tokens follow the account: any password change and any deactivation, made
through the API, the admin, a shell or a management command, revokes the
account's API tokens (a pre_save receiver on the user model, connected by the
project's app config), so a token never outlives the credentials it was
issued for and never comes back with a reactivated account.
"""

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser, Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from knox.models import AuthToken

from factcheck.roles import Role, ensure_role_groups, is_staff

logger = logging.getLogger(__name__)

User = get_user_model()


def is_privileged(account: AbstractBaseUser) -> bool:
    """Staff or superuser rights: such accounts are managed by superusers only."""
    return bool(account.is_staff or account.is_superuser)


def may_manage(actor: AbstractBaseUser | AnonymousUser | None, account: AbstractBaseUser) -> bool:
    """May `actor` change `account` (password, names, roles, active flag)?"""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return is_staff(actor) and not is_privileged(account)


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
    user.save()  # tokens are revoked by revoke_tokens_on_credential_change
    if roles is not None:
        _set_roles(user, roles)
    return user


def _password_changed(user: AbstractBaseUser, stored_hash: str) -> bool:
    if user.password == stored_hash:
        return False
    # set_password() keeps the raw password until save: if it still matches the
    # stored hash, this is Django re-hashing the same password (a hasher or
    # iteration upgrade at login), not a new password.
    raw = getattr(user, "_password", None)
    return raw is None or not check_password(raw, stored_hash)


def revoke_tokens_on_credential_change(
    sender: type, instance: AbstractBaseUser, update_fields: Iterable[str] | None = None, **kwargs
) -> None:
    """pre_save of the user model: a new password or a deactivation revokes every
    API token of the account, in the save's own transaction."""
    if instance.pk is None:
        return
    fields = None if update_fields is None else set(update_fields)
    if fields is not None and not fields & {"password", "is_active"}:
        return  # e.g. the last_login update at every login
    stored = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    deactivated = stored["is_active"] and not instance.is_active
    if deactivated or _password_changed(instance, stored["password"]):
        revoked, _ = AuthToken.objects.filter(user_id=instance.pk).delete()
        if revoked:
            reason = "deactivated" if deactivated else "password changed"
            logger.info("revoked %s API tokens of user %s: %s", revoked, instance.pk, reason)
