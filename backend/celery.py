"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly in-process (embedded mode)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("tremplin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
