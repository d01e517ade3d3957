"""Request rates by role: each account has its own budget, anonymous callers one per address.

The counters live in the shared cache (Redis in production). When it cannot
be reached the throttle fails open: the request goes on, and the pass is
logged and counted (factcheck.cache_guard). A throttle is a protection, while
the work behind the request (a job committed to the ledger, which the
sweeper sends once the broker is back) must not fail with it.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from factcheck.cache_guard import note_fail_open
from factcheck.roles import Role, has_role, is_staff

if TYPE_CHECKING:  # rest_framework.views imports this module while it loads
    from rest_framework.views import APIView


def _scope_of(user: AbstractBaseUser | AnonymousUser) -> str:
    if not user.is_authenticated:
        return "anonymous"
    if is_staff(user):
        return "staff"
    return Role.REVIEWER.value if has_role(user, Role.REVIEWER) else Role.CLIENT.value


class RoleRateThrottle(SimpleRateThrottle):
    """One throttle for the whole API; a view may name a stricter scope (login)."""

    def __init__(self) -> None:
        # The rate depends on who asks, so it is chosen per request, not here.
        pass

    def allow_request(self, request: Request, view: "APIView") -> bool:
        self.scope = getattr(view, "throttle_scope", None) or _scope_of(request.user)
        # Read at request time so that changed settings (tests, reloads) apply.
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache is unreachable: a protection, not the work
            note_fail_open(f"throttle {self.scope}", error)
            return True

    def get_cache_key(self, request: Request, view: "APIView") -> str:
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
