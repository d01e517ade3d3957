"""Job kinds: each is a plain function registered under a name.

    @job_kind("extract", time_limit=120)
    def extract(*, document_id: int) -> dict: ...

The runner (services.job_execute) claims the job, calls the function with the
job's payload as keyword arguments, and records the outcome. Raise
PermanentJobError for an error no retry can fix (bad input, missing row).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

JobFunction = Callable[..., Any]


class PermanentJobError(Exception):
    """An error that retrying cannot fix: the job fails at once."""


class UnknownJobKind(LookupError):
    """No job kind is registered under this name."""


@dataclass(frozen=True)
class JobKind:
    """How a kind of job runs: its function, queue, limits and transaction mode."""

    name: str
    func: JobFunction
    queue: str = "default"
    # Hard limit in seconds; the soft limit (an exception in the job, so it can
    # be retried) fires a little earlier.
    time_limit: int = 300
    max_attempts: int | None = None
    # Run the function and the "succeeded" update in one transaction, so a
    # worker that lost its lease rolls its work back instead of committing it
    # twice. Kinds with side effects outside the database turn this off.
    atomic: bool = True
    # Jobs of staff-only features (webhook deliveries) are hidden from other
    # accounts in the API's job list.
    staff_only: bool = False

    @property
    def soft_time_limit(self) -> int:
        return max(1, self.time_limit - max(1, self.time_limit // 10))


_REGISTRY: dict[str, JobKind] = {}


def job_kind(
    name: str,
    *,
    queue: str = "default",
    time_limit: int = 300,
    max_attempts: int | None = None,
    atomic: bool = True,
    staff_only: bool = False,
) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated function as the job kind `name`."""

    def register(func: JobFunction) -> JobFunction:
        existing = _REGISTRY.get(name)
        if existing is not None and existing.func is not func:
            raise ValueError(f"job kind {name!r} is already registered by {existing.func!r}")
        _REGISTRY[name] = JobKind(
            name=name,
            func=func,
            queue=queue,
            time_limit=time_limit,
            max_attempts=max_attempts,
            atomic=atomic,
            staff_only=staff_only,
        )
        return func

    return register


def get_job_kind(name: str) -> JobKind:
    """The registered kind, or UnknownJobKind."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownJobKind(name) from None


def job_kind_names() -> list[str]:
    return sorted(_REGISTRY)


def staff_only_kind_names() -> list[str]:
    return sorted(name for name, kind in _REGISTRY.items() if kind.staff_only)
