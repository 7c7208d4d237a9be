"""Settings come from the environment; each case starts Django in a fresh process.

The parent's environment is copied minus every variable the settings read, so a value
exported in the shell (or by CI) cannot leak into a case.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
POSTGRES_URL = "postgres://innovation:secret@db.example:5432/innovation"
SECRET = "x" * 60

READ_BY_SETTINGS = {
    "ALLOWED_HOSTS",
    "CACHE_URL",
    "CONN_MAX_AGE",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_STATEMENT_TIMEOUT",
    "DATABASE_URL",
    "DEBUG",
    "DEFAULT_FROM_EMAIL",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_BACKEND",
    "EMAIL_URL",
    "LOG_LEVEL",
    "LONG_STATEMENT_TIMEOUT",
    "MEDIA_ROOT",
    "REDIS_URL",
    "SECRET_KEY",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
}

DUMP = """
import json
import django
from django.conf import settings
from django.db.backends.postgresql.psycopg_any import is_psycopg3
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST"),
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "is_psycopg3": is_psycopg3,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": settings.EMAIL_HOST,
    "EMAIL_PORT": settings.EMAIL_PORT,
    "EMAIL_HOST_USER": settings.EMAIL_HOST_USER,
    "EMAIL_USE_TLS": settings.EMAIL_USE_TLS,
    "STATICFILES_BACKEND": settings.STORAGES["staticfiles"]["BACKEND"],
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION", ""),
}))
"""


def start(_SCRIPT: str = DUMP, **env: str) -> subprocess.CompletedProcess:  # noqa: N803
    clean = {k: v for k, v in os.environ.items() if k not in READ_BY_SETTINGS}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _SCRIPT],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_with(**env: str) -> dict:
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_up_error(**env: str) -> str:
    """The last line of the traceback with which start-up stopped."""
    result = start(**env)
    assert result.returncode != 0, "start-up should have stopped"
    return result.stderr.strip().splitlines()[-1]


def test_with_nothing_set_it_is_the_embedded_default():
    s = settings_with()
    assert s["ENGINE"] == "django.db.backends.sqlite3"
    assert s["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert s["CELERY_TASK_ALWAYS_EAGER"] is True
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert s["DEBUG"] is True
    assert s["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_a_postgres_url_selects_postgresql_through_psycopg_3():
    s = settings_with(DATABASE_URL=POSTGRES_URL, SECRET_KEY=SECRET)
    assert s["ENGINE"] == "django.db.backends.postgresql"
    assert s["is_psycopg3"] is True
    assert (s["NAME"], s["HOST"]) == ("innovation", "db.example")
    assert s["CONN_MAX_AGE"] == 60


def test_a_postgres_url_turns_debug_off_and_production_safeguards_on():
    s = settings_with(DATABASE_URL=POSTGRES_URL, SECRET_KEY=SECRET)
    assert s["DEBUG"] is False
    assert s["SECRET_KEY"] == SECRET
    assert s["ALLOWED_HOSTS"] == []
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["STATICFILES_BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_debug_can_still_be_turned_on_explicitly_with_postgres():
    assert settings_with(DATABASE_URL=POSTGRES_URL, SECRET_KEY=SECRET, DEBUG="true")["DEBUG"]


def test_a_postgres_url_without_secret_key_stops_start_up_naming_secret_key():
    assert "SECRET_KEY" in start_up_error(DATABASE_URL=POSTGRES_URL)


def test_a_sqlite_url_is_accepted_and_never_keeps_connections(tmp_path):
    path = tmp_path / "other.sqlite3"
    s = settings_with(DATABASE_URL=f"sqlite:///{path}", SECRET_KEY=SECRET)
    assert (s["ENGINE"], s["NAME"]) == ("django.db.backends.sqlite3", str(path))
    assert s["CONN_MAX_AGE"] == 0


def test_conn_max_age_is_read_for_postgres():
    s = settings_with(DATABASE_URL=POSTGRES_URL, SECRET_KEY=SECRET, CONN_MAX_AGE="0")
    assert s["CONN_MAX_AGE"] == 0


def test_a_redis_url_becomes_the_broker_and_tasks_are_no_longer_eager():
    s = settings_with(REDIS_URL="redis://127.0.0.1:6379/3")
    assert s["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/3"
    assert s["CELERY_TASK_ALWAYS_EAGER"] is False


def test_without_redis_url_celery_uses_no_external_broker():
    assert settings_with()["CELERY_BROKER_URL"] == "memory://"


def test_a_redis_url_gives_every_worker_one_cache_on_the_next_database():
    s = settings_with(REDIS_URL="redis://127.0.0.1:6379/3")
    assert s["CACHE_BACKEND"] == "django_redis.cache.RedisCache"
    assert s["CACHE_LOCATION"] == "redis://127.0.0.1:6379/4"
    assert settings_with(REDIS_URL="redis://redis:6379")["CACHE_LOCATION"] == "redis://redis:6379/1"


def test_a_cache_url_puts_the_cache_elsewhere():
    s = settings_with(
        REDIS_URL="redis://127.0.0.1:6379/0", CACHE_URL="redis://cache.example:6379/2"
    )
    assert s["CACHE_LOCATION"] == "redis://cache.example:6379/2"


def test_without_redis_url_each_process_keeps_its_own_cache():
    assert settings_with()["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_url_whose_path_is_no_database_number_stops_start_up_naming_it():
    assert "REDIS_URL='redis://h:6379/cache'" in start_up_error(REDIS_URL="redis://h:6379/cache")


def test_debug_maybe_stops_start_up_naming_debug():
    assert "DEBUG='maybe'" in start_up_error(DEBUG="maybe")


def test_a_nonsense_database_url_stops_start_up_naming_database_url():
    assert "DATABASE_URL='nonsense'" in start_up_error(DATABASE_URL="nonsense", SECRET_KEY=SECRET)


def test_a_mysql_database_url_is_refused():
    error = start_up_error(DATABASE_URL="mysql://u:p@h/db", SECRET_KEY=SECRET)
    assert "DATABASE_URL" in error


def test_an_http_redis_url_stops_start_up_naming_redis_url():
    assert "REDIS_URL='http://x'" in start_up_error(REDIS_URL="http://x")


def test_a_non_numeric_conn_max_age_stops_start_up_naming_it():
    assert "CONN_MAX_AGE='abc'" in start_up_error(CONN_MAX_AGE="abc")


def test_allowed_hosts_and_csrf_trusted_origins_are_comma_separated_lists():
    s = settings_with(
        ALLOWED_HOSTS="innovation.example.go.kr, www.example.go.kr",
        CSRF_TRUSTED_ORIGINS="https://innovation.example.go.kr,https://www.example.go.kr",
    )
    assert s["ALLOWED_HOSTS"] == ["innovation.example.go.kr", "www.example.go.kr"]
    assert s["CSRF_TRUSTED_ORIGINS"] == [
        "https://innovation.example.go.kr",
        "https://www.example.go.kr",
    ]


def test_an_email_url_configures_smtp():
    s = settings_with(EMAIL_URL="smtp+tls://mailer:pw@smtp.example.go.kr:587")
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"]) == ("smtp.example.go.kr", 587)
    assert s["EMAIL_HOST_USER"] == "mailer"
    assert s["EMAIL_USE_TLS"] is True


def test_a_junk_email_url_stops_start_up_naming_email_url():
    assert "EMAIL_URL='http://x'" in start_up_error(EMAIL_URL="http://x")
