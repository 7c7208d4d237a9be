"""Test settings: the base settings with fast hashing and eager Celery.

``DATABASE_URL`` still decides the database, so CI runs the same suite on PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright + live_server
# base.py demands SECRET_KEY once DATABASE_URL is set, as it is when CI runs on PostgreSQL.
os.environ.setdefault("SECRET_KEY", "test-secret-key")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import BASE_DIR  # noqa: E402

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
# Per process even when CI sets REDIS_URL: the parallel workers' test databases reuse the
# same primary keys, and the cached counts are keyed by them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "ko"
# The suite calls the API far faster than a person; tests/security/test_login_lockout.py
# sets a small rate where it tests throttling.
API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute"}
SIMILARITY_INDEX_CHECK_SECONDS = 0
