"""factcheck: claim extraction, background verification and review for fact-checking desks."""

from .celery import app as celery_app

__all__ = ["celery_app"]
