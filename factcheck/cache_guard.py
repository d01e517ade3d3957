"""Counters kept in the shared cache (Redis in production) fail open.

Request throttles and the failed-login counts are protections, not the work
itself: when their cache cannot be reached, a request goes on unthrottled
rather than failing, and each such pass is logged and counted here, so an
operator sees how long the protection was off.
"""

import logging
import threading
from collections import Counter

logger = logging.getLogger("factcheck.cache")

_lock = threading.Lock()
_fail_opens: Counter[str] = Counter()


def note_fail_open(what: str, error: BaseException) -> None:
    """Record that `what` (a throttle scope, "login failures") went unchecked."""
    with _lock:
        _fail_opens[what] += 1
    logger.warning(
        "cache unreachable, %s not enforced for this request (fails open): %s: %s",
        what,
        type(error).__name__,
        error,
    )


def fail_open_counts() -> dict[str, int]:
    """How many requests each protection let through unchecked, in this process."""
    with _lock:
        return dict(_fail_opens)
