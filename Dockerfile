# Tremplin's one image: web (gunicorn), Celery worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=backend.settings \
    TREMPLIN_ENV=production \
    MEDIA_ROOT=/app/media

WORKDIR /app

# Dependencies first, from the pins in pyproject.toml, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code runs from /app (PYTHONPATH), not from an installed copy.
COPY . .
RUN groupadd --system tremplin \
    && useradd --system --gid tremplin --home-dir /app --shell /usr/sbin/nologin tremplin \
    && mkdir -p /app/media /app/var \
    && chown -R tremplin:tremplin /app/media /app/var

# Static files are collected once, at build time. The key only satisfies the production settings'
# check; it signs nothing and is not in the running containers.
RUN SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput

USER tremplin
EXPOSE 8000

CMD ["gunicorn", "backend.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
