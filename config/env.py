"""Reading settings from the environment, loudly.

django-environ does the parsing; these helpers make a junk value stop start-up with a
message that names the variable, instead of silently falling back (environ reads
``DEBUG=maybe`` as False).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}


def is_set(name: str) -> bool:
    return name in env.ENVIRON


def env_bool(name: str, *, default: bool) -> bool:
    if not is_set(name):
        return default
    raw = env.str(name).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={env.str(name)!r} is not a boolean; use true/false, 1/0, yes/no or on/off."
    )


def env_int(name: str, *, default: int) -> int:
    if not is_set(name):
        return default
    try:
        return env.int(name)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={env.str(name)!r} is not an integer.") from exc


def env_list(name: str, *, default: list[str]) -> list[str]:
    if not is_set(name):
        return default
    return [item.strip() for item in env.list(name) if item.strip()]


def env_db(name: str, *, default: str) -> dict:
    """Parse a database URL; only PostgreSQL and SQLite are supported."""
    url = env.str(name, default=default)
    try:
        config = env.db_url_config(url)
    except Exception as exc:  # environ raises several types for malformed URLs
        raise ImproperlyConfigured(f"{name}={url!r} is not a database URL: {exc}") from exc
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(
            f"{name}={url!r}: only postgres:// and sqlite:// URLs are supported."
        )
    return config


def env_email(name: str) -> dict:
    """Parse an e-mail URL (smtp://, smtp+tls://, consolemail://, …) into EMAIL_* settings."""
    url = env.str(name)
    try:
        return env.email_url_config(url)
    except Exception as exc:  # environ raises ImproperlyConfigured without the variable's name
        raise ImproperlyConfigured(f"{name}={url!r} is not an e-mail URL: {exc}") from exc


def env_url(name: str, *, schemes: tuple[str, ...]) -> str | None:
    if not is_set(name) or not env.str(name).strip():
        return None
    url = env.str(name).strip()
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name}={url!r} must be a URL starting with one of: "
            + ", ".join(f"{s}://" for s in schemes)
        )
    return url


def redis_database_after(name: str, url: str) -> str:
    """``url`` (a Redis URL read from ``name``) on the next database number: the cache's,
    kept apart from the Celery broker's, since clearing a Redis cache empties its whole
    database (FLUSHDB) and would drop the queued tasks with it."""
    parts = urlsplit(url)
    path = parts.path.strip("/") or "0"
    if not path.isdigit():
        raise ImproperlyConfigured(f"{name}={url!r}: the path must be a database number (/0).")
    return urlunsplit(parts._replace(path=f"/{int(path) + 1}"))


def redis_cache(url: str) -> dict:
    """The cache settings on Redis at ``url``: a Redis that is down or slow costs a read its
    hit and a write its effect within a second (logged), never the request."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "innovation",
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "IGNORE_EXCEPTIONS": True,
        },
    }
