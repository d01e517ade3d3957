"""The Celery application: configured from Django settings (CELERY_*)."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")


def filesystem_broker_folder(broker_url: str) -> Path | None:
    """The folder of an embedded `filesystem:///path` broker, or None for others."""
    parts = urlsplit(broker_url)
    if parts.scheme != "filesystem":
        return None
    return Path(parts.netloc + parts.path)


def _configure_broker() -> None:
    folder = filesystem_broker_folder(app.conf.broker_url)
    if folder is None:
        # Fail fast when Redis is unreachable (readiness probes, web requests
        # sending on commit) instead of hanging on a silent network.
        app.conf.broker_transport_options = {"socket_connect_timeout": 5}
        return
    # The embedded broker keeps one file per message: producers and consumers
    # on this machine share the folders, so in and out are the same place.
    queue, control = folder / "queue", folder / "control"
    for path in (queue, control):
        path.mkdir(parents=True, exist_ok=True)
    app.conf.broker_url = "filesystem://"
    app.conf.broker_transport_options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
        "store_processed": False,
    }


def _configure_beat() -> None:
    from django.conf import settings

    app.conf.beat_schedule = {
        "jobs-sweep": {
            "task": "jobs.sweep",
            "schedule": timedelta(seconds=settings.JOBS_SWEEP_INTERVAL),
            "options": {"expires": settings.JOBS_SWEEP_INTERVAL},
        },
    }


@app.on_after_configure.connect
def _setup(sender: Celery, **kwargs: object) -> None:
    _configure_broker()
    _configure_beat()


app.autodiscover_tasks(["factcheck.jobs"])
