import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("config")
# All CELERY_* settings come from Django's settings (JSON only, time limits, eager mode).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
