# syntax=docker/dockerfile:1
# One image for every factcheck process: web (gunicorn, the default command),
# worker and beat (celery; docker-compose.yml sets their commands).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=factcheck.settings.production \
    FACTCHECK_VAR_DIR=/app/var

# The processes run as this unprivileged user: of /app it may write only var/.
RUN groupadd --system --gid 10001 factcheck \
    && useradd --system --uid 10001 --gid factcheck --create-home --home-dir /home/factcheck \
        --shell /usr/sbin/nologin factcheck

WORKDIR /app

RUN python -m pip install --upgrade pip

# The code stays owned by root (read-only to the app); .dockerignore keeps
# .venv, var, .git, caches and .env out of the build context.
COPY . .
RUN python -m pip install .

# Static files are collected once, here, and served by WhiteNoise. The secret
# key is a throwaway set for this command only: it is not in the image's env.
RUN DJANGO_SETTINGS_MODULE=factcheck.settings.production \
    DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var \
    && chown -R factcheck:factcheck /app/var

USER factcheck

EXPOSE 8000

# Liveness: GET /healthz (exempt from the HTTPS redirect). slim has no curl, so
# python's urllib asks, with the first allowed host as Host so Django accepts it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as r; h = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"

CMD ["sh", "-c", "exec gunicorn factcheck.wsgi:application --bind 0.0.0.0:8000 --workers \"${GUNICORN_WORKERS:-3}\" --access-logfile -"]
