"""Settings shared by every environment; each value comes from the environment."""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from factcheck.env import (
    env_bool,
    env_broker_url,
    env_database,
    env_int,
    env_list,
    env_str,
)
from factcheck.text.embeddings import BACKENDS as EMBEDDING_BACKENDS

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("FACTCHECK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "factcheck.apps.FactcheckAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "factcheck.jobs",
    "sources",
    "claims",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The admin's templates: the project package is not an app of its own
        # (its admin config is named django.contrib.admin), so APP_DIRS misses them.
        "DIRS": [BASE_DIR / "factcheck" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "factcheck.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a worker share the file: wait for locks instead of
    # failing at once, take the write lock up front so two writers cannot
    # deadlock on a lock upgrade, and let readers run beside the writer (WAL).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The admin's stylesheet, for the same reason as the templates' DIRS above.
STATICFILES_DIRS = [BASE_DIR / "factcheck" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Request bodies: articles are text, so a few MB is generous; larger is a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("FACTCHECK_MAX_BODY_BYTES", 5 * 1024 * 1024, minimum=1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Hashed, expiring tokens; the session (with CSRF) for the browsable API.
        "factcheck.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["factcheck.api.throttling.RoleRateThrottle"],
    # Requests per user (per address before login), by the user's role.
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env_str("FACTCHECK_THROTTLE_ANONYMOUS", "60/min"),
        "client": env_str("FACTCHECK_THROTTLE_CLIENT", "600/min"),
        "reviewer": env_str("FACTCHECK_THROTTLE_REVIEWER", "1200/min"),
        "staff": env_str("FACTCHECK_THROTTLE_STAFF", "3000/min"),
        "login": env_str("FACTCHECK_THROTTLE_LOGIN", "10/min"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["factcheck.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        # Each view names its default `ordering` and the `ordering_fields` it allows.
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "factcheck.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Proxies in front of us that append the caller's address to
    # X-Forwarded-For; with none (the default) the header is ignored, so a
    # caller cannot pick the address it is throttled under.
    "NUM_PROXIES": env_int("FACTCHECK_TRUSTED_PROXIES", 0, minimum=0),
    "EXCEPTION_HANDLER": "factcheck.api.exceptions.exception_handler",
}

# Failed logins (API and admin) allowed per account and per client address
# before every login for it is refused until the window ends (factcheck.logins).
FACTCHECK_LOGIN_FAILURES_PER_ACCOUNT = env_str("FACTCHECK_LOGIN_FAILURES_PER_ACCOUNT", "10/hour")
FACTCHECK_LOGIN_FAILURES_PER_ADDRESS = env_str("FACTCHECK_LOGIN_FAILURES_PER_ADDRESS", "50/hour")

# The author of the ClaimReviews the desk publishes.
FACTCHECK_ORGANIZATION_NAME = env_str("FACTCHECK_ORGANIZATION_NAME", "factcheck desk")
FACTCHECK_ORGANIZATION_URL = env_str("FACTCHECK_ORGANIZATION_URL", "")

REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("FACTCHECK_TOKEN_TTL_HOURS", 24 * 7, minimum=1)),
    "AUTH_HEADER_PREFIX": "Token",
    "USER_SERIALIZER": "factcheck.api.auth.UserSerializer",
}

# Throttle counters must be shared by every web process: Redis when there is
# one, else this process's memory (the single-process quick start).
_REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": "factcheck",
            # An unreachable Redis must cost a request little: the throttles
            # fail open after this, they never hold the request up.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if _REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Claims, checks and review status for fact-checking desks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from the public validator: the docs page must work offline and
    # must not send the schema's URL anywhere.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.schema.add_error_responses",
    ],
    "REDOC_DIST": "SIDECAR",
    # Fields of the same name hold different choice sets ("kind", "status"):
    # name each enum after its choices.
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "sources.models.SourceKind",
        "ClaimKindEnum": "claims.choices.ClaimKind",
        "ClaimStatusEnum": "claims.choices.ClaimStatus",
        "JobStatusEnum": "factcheck.jobs.models.JobStatus",
        "VerdictEnum": "claims.choices.Verdict",
        "SuggestedVerdictEnum": "claims.choices.SuggestedVerdict",
        "StanceEnum": "claims.choices.Stance",
        "ReviewActionEnum": "claims.choices.ReviewAction",
    },
}

# --- Celery: the database is the truth, the broker only a trigger -----------
CELERY_BROKER_URL = env_broker_url(VAR_DIR / "broker")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# --- The job ledger (factcheck.jobs) -----------------------------------------
# A claimed job is leased to its worker for this many seconds, and the running
# job renews the lease every JOBS_HEARTBEAT_SECONDS: a killed worker's job is
# running again elsewhere within about lease + sweep interval, while a healthy
# job keeps its lease up to its time limit.
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 15, minimum=2)
JOBS_HEARTBEAT_SECONDS = env_int(
    "JOBS_HEARTBEAT_SECONDS", max(1, JOBS_LEASE_SECONDS // 3), minimum=1
)
if JOBS_HEARTBEAT_SECONDS * 2 > JOBS_LEASE_SECONDS:
    raise ImproperlyConfigured(
        "JOBS_HEARTBEAT_SECONDS must be at most half of JOBS_LEASE_SECONDS, so one late "
        f"renewal does not lose a live job's lease (got {JOBS_HEARTBEAT_SECONDS} and "
        f"{JOBS_LEASE_SECONDS})."
    )
# Where no heartbeat can be written (an atomic job on SQLite holds the only
# write lock), the lease is the job's hard time limit plus this margin.
JOBS_LEASE_MARGIN = env_int("JOBS_LEASE_MARGIN", 30, minimum=1)
# How often beat runs the sweeper (two indexed queries when there is nothing
# to do), and how long a queued job may sit with no worker taking it before
# the sweeper assumes its message was lost.
JOBS_SWEEP_INTERVAL = env_int("JOBS_SWEEP_INTERVAL", 5, minimum=1)
JOBS_REQUEUE_AFTER = env_int("JOBS_REQUEUE_AFTER", 120, minimum=1)
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 5, minimum=1)
JOBS_BACKOFF_BASE = env_int("JOBS_BACKOFF_BASE", 5, minimum=0)
JOBS_BACKOFF_CAP = env_int("JOBS_BACKOFF_CAP", 600, minimum=1)
# Extra modules that register job kinds (the apps' own jobs modules always load).
JOBS_EXTRA_MODULES = env_list("FACTCHECK_JOB_MODULES", [])

# --- The review workflow ------------------------------------------------------
# When on, a reviewer's decision waits for a second reviewer's approval.
CLAIMS_SECOND_REVIEW = env_bool("FACTCHECK_SECOND_REVIEW", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Ingestion ----------------------------------------------------------------
FACTCHECK_MAX_TEXT_CHARS = env_int("FACTCHECK_MAX_TEXT_CHARS", 1_000_000, minimum=1000)
# Sentences one extraction examines: a document with more fails its extract job
# at once (no retries), after only the cheap sentence count. The default admits
# a FACTCHECK_MAX_TEXT_CHARS article of ordinary news sentences (~7,000 of about
# 140 characters) well within the job's time limit on one core.
FACTCHECK_MAX_SENTENCES = env_int("FACTCHECK_MAX_SENTENCES", 10_000, minimum=1)

# --- Fetching ---------------------------------------------------------------
# Workers fetch article URLs with sources.fetch (webhook deliveries reuse its
# address rules); these bound what one fetch may cost.
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 10, minimum=1)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0)
# Non-public networks a fetch may reach anyway, as CIDRs ("127.0.0.0/8"). This
# MUST stay empty in production: whatever is listed (databases, admin ports,
# other services) becomes reachable by anyone who can submit a URL. Tests list
# 127.0.0.0/8 to reach a local server. Cloud metadata addresses stay refused.
FETCH_ALLOW_PRIVATE_NETWORKS = env_list("FETCH_ALLOW_PRIVATE_NETWORKS", [])

# --- Checks -------------------------------------------------------------------
# A new document re-checks the claims it plausibly bears on, each claim at
# most once per interval (seconds), at most this many claims per document.
# Sentence embeddings that relate passages to claims: "wordllama" (default, in
# the install) or "minilm" (the [semantic] extra, needs torch's CPU build).
FACTCHECK_EMBEDDINGS = env_str("FACTCHECK_EMBEDDINGS", "wordllama")
if FACTCHECK_EMBEDDINGS not in EMBEDDING_BACKENDS:
    raise ImproperlyConfigured(
        f"FACTCHECK_EMBEDDINGS={FACTCHECK_EMBEDDINGS!r}: "
        f"choose one of {', '.join(EMBEDDING_BACKENDS)}"
    )
CHECKS_RECHECK_INTERVAL = env_int("CHECKS_RECHECK_INTERVAL", 3600, minimum=1)
CHECKS_RECHECK_LIMIT = env_int("CHECKS_RECHECK_LIMIT", 50, minimum=0)
