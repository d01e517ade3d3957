"""Failed logins, counted per account and per client address, for the API and the admin.

A password guesser is stopped by whichever budget runs out first: failures
against one account (from any number of addresses) or failures from one
address (against any number of accounts). While either is spent, every login
for that account or from that address is refused, the right password
included, until the window ends. The client address is the peer's, unless
FACTCHECK_TRUSTED_PROXIES says how many proxies in front of us append to
X-Forwarded-For (the same rule as the request throttles), so a made-up
X-Forwarded-For header buys no fresh budget.

Failures are counted in fixed windows in the shared cache; when it cannot be
reached the check fails open (factcheck.cache_guard).
"""

import contextlib
import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from factcheck.cache_guard import note_fail_open

# Said by the API's 429 and the admin's login form alike.
LOCKED_OUT = "Too many failed logins for this account or from this address."


@dataclass(frozen=True)
class Budget:
    failures: int
    seconds: int

    @classmethod
    def parse(cls, rate: str) -> "Budget":
        """ "10/hour" -> 10 failures per 3600 s, read by DRF's own rate parser."""
        # parse_rate reads nothing of the instance; __init__ would want a scope.
        failures, seconds = SimpleRateThrottle.parse_rate(None, rate)
        return cls(failures=failures, seconds=seconds)


def client_address(request: HttpRequest) -> str:
    """The caller's address, trusting X-Forwarded-For only as far as configured."""
    return BaseThrottle().get_ident(request)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _counters(address: str, username: str) -> list[tuple[str, Budget]]:
    """(cache key of the current window, budget) for the account and the address."""
    now = time.time()
    counters = []
    for kind, ident, rate in (
        ("account", username.casefold(), settings.FACTCHECK_LOGIN_FAILURES_PER_ACCOUNT),
        ("address", address, settings.FACTCHECK_LOGIN_FAILURES_PER_ADDRESS),
    ):
        if not ident:
            continue
        budget = Budget.parse(rate)
        window = int(now // budget.seconds)
        counters.append((f"login_failures:{kind}:{_digest(ident)}:{window}", budget))
    return counters


def _seconds_left(budget: Budget) -> int:
    return max(1, int(budget.seconds - time.time() % budget.seconds))


def login_refusal(request: HttpRequest, username: str) -> int | None:
    """Seconds until a login for `username` from this request's address may be
    tried again, or None if it may be tried now."""
    counters = _counters(client_address(request), username)
    try:
        counts = cache.get_many([key for key, _ in counters])
    except Exception as error:  # the cache is down: fail open
        note_fail_open("login failures", error)
        return None
    waits = [
        _seconds_left(budget)
        for key, budget in counters
        if int(counts.get(key, 0)) >= budget.failures
    ]
    return max(waits) if waits else None


@receiver(user_login_failed, dispatch_uid="factcheck.logins.count_failure")
def count_failure(
    sender: object, credentials: dict, request: HttpRequest | None = None, **kwargs: object
) -> None:
    """Django's authenticate() reports every failed login here (API and admin)."""
    if request is None:
        return  # a check from code, not a login over the network
    username = str(credentials.get("username") or "")
    try:
        for key, budget in _counters(client_address(request), username):
            cache.add(key, 0, timeout=budget.seconds + 1)
            with contextlib.suppress(ValueError):  # the window ended between add and incr
                cache.incr(key)
    except Exception as error:
        note_fail_open("login failures", error)


def login_failures_forget(*, usernames: Iterable[str] = (), addresses: Iterable[str] = ()) -> None:
    """Unlock accounts and addresses now (a locked-out colleague; the tests)."""
    keys = []
    for username in usernames:
        keys += [key for key, _ in _counters("", username)]
    for address in addresses:
        keys += [key for key, _ in _counters(address, "")]
    cache.delete_many(keys)
