"""Liveness and readiness probes for load balancers and orchestrators."""

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from factcheck.api.authentication import TokenAuthentication
from factcheck.celery import app as celery_app
from factcheck.roles import is_staff

logger = logging.getLogger(__name__)

_BROKER_TIMEOUT_SECONDS = 2.0


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and serving requests."""
    return JsonResponse({"status": "ok"})


def _database_error() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _broker_error() -> str | None:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=_BROKER_TIMEOUT_SECONDS)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _caller_is_staff(request: HttpRequest) -> bool:
    """Desk staff, by their session or their API token; anyone else is not.

    Both need the database: while it is down nobody can be recognised, and the
    details are in the log only.
    """
    try:
        if is_staff(request.user):
            return True
        found = TokenAuthentication().authenticate(request)
    except Exception:
        # A bad token, or the database itself failing: an anonymous caller.
        return False
    return found is not None and is_staff(found[0])


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to work: the database and the broker answer, else 503.

    Everyone sees "ok" or "unavailable" per dependency; the errors themselves
    (host names, driver messages) go to the log, and to desk staff.
    """
    errors = {"database": _database_error(), "broker": _broker_error()}
    failed = {name: error for name, error in errors.items() if error}
    for name, error in failed.items():
        logger.warning("readyz: the %s is unavailable: %s", name, error)
    body: dict[str, object] = {
        "status": "unavailable" if failed else "ok",
        "checks": {name: ("unavailable" if error else "ok") for name, error in errors.items()},
    }
    # Only when something failed: a healthy probe costs no session or token lookup.
    if failed and _caller_is_staff(request):
        body["details"] = failed
    return JsonResponse(body, status=503 if failed else 200)
