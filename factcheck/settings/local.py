"""Settings for the quick start and development: the embedded default."""

import secrets

from factcheck.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = env_bool("DJANGO_DEBUG", True)


def _local_secret_key() -> str:
    """A random key kept under var/, so no secret lives in the code."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("DJANGO_SECRET_KEY") or _local_secret_key()

# runserver serves static files itself in development; WhiteNoise (which wants
# a collectstatic'd STATIC_ROOT) is for production.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
