"""Settings for benchmarks/api.py: production settings, plain HTTP on loopback, and
the baseline's URLs beside the project's (api_baseline.py).

A helper module, not a benchmark: api.py sets DJANGO_SETTINGS_MODULE=api_settings
with benchmarks/ on the Python path, and DJANGO_SECRET_KEY (generated per run),
DATABASE_URL and the throttle rates in the environment.
"""

from factcheck.settings.production import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "api_baseline"
# "testserver" for the in-process query count (django.test.Client).
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The load generator speaks plain HTTP to gunicorn; no TLS proxy in front.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
