"""Settings for the test suite: the local settings with a file-backed test database.

The test database is a file (not SQLite's in-memory default) so that real
worker processes started by the tests can open the same database.
"""

from factcheck.env import env_broker_url

from .base import DATABASES, VAR_DIR
from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# Keep the suite's embedded broker apart from a demo that may be running.
CELERY_BROKER_URL = env_broker_url(VAR_DIR / "test-broker")
