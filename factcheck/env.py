"""Strict parsing of configuration from the environment.

A bad value stops start-up with a message naming the variable, instead of
surfacing later as a confusing runtime error (the way hc/settings.py does it).
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
_BROKER_SCHEMES = {"redis", "rediss", "filesystem", "amqp", "pyamqp", "memory"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """Return the variable's text, or default; raise if required and unset."""
    value = _raw(name)
    if value is None:
        if required:
            raise ImproperlyConfigured(f"{name} must be set in the environment.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    """Parse 1/0, true/false, yes/no, on/off; anything else is an error."""
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of {sorted(_TRUE | _FALSE)}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Parse a whole number, optionally with a lower bound."""
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """Parse a comma-separated list; empty items are an error, not silently dropped."""
    value = _raw(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item.")
    return items


def env_database(name: str, default_sqlite_path: Path) -> dict[str, Any]:
    """Parse DATABASE_URL into Django's DATABASES entry (SQLite file by default)."""
    value = _raw(name)
    if value is None:
        value = f"sqlite:///{default_sqlite_path}"
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in _DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:// or postgres:// URL, got scheme {scheme or 'none'!r}."
        )
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} could not be parsed: {exc}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database.")
    return config


def env_broker_url(default_folder: Path) -> str:
    """The Celery broker: CELERY_BROKER_URL, else REDIS_URL, else the embedded folder."""
    for name in ("CELERY_BROKER_URL", "REDIS_URL"):
        value = _raw(name)
        if value is not None:
            scheme = value.split("://", 1)[0].lower() if "://" in value else ""
            if scheme not in _BROKER_SCHEMES:
                raise ImproperlyConfigured(
                    f"{name} has unsupported scheme {scheme or 'none'!r}; "
                    f"use one of {sorted(_BROKER_SCHEMES)}."
                )
            return value
    return f"filesystem://{default_folder}"
