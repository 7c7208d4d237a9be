"""Database guard rails: the statement timeout's exception and ANALYZE after bulk loads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.conf import settings
from django.db import DatabaseError, connection


@contextmanager
def long_statements(seconds: int | None = None) -> Iterator[None]:
    """Lift the web requests' ``statement_timeout`` (``DATABASE_STATEMENT_TIMEOUT``) to
    ``seconds`` (``LONG_STATEMENT_TIMEOUT`` by default) for the work inside, on PostgreSQL;
    for Celery tasks and commands that read or write a whole season (exports, demo data).
    The connection's own timeout is restored afterwards, also when the work fails."""
    if connection.vendor != "postgresql":
        yield
        return
    seconds = settings.LONG_STATEMENT_TIMEOUT if seconds is None else seconds
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (previous,) = cursor.fetchone()
        # set_config(…, false): for the session, so it also covers work that commits.
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{seconds}s"])
    try:
        yield
    finally:
        # In a transaction that failed the SET is rolled back with it; nothing to restore.
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [previous])


def analyze(*tables: str) -> None:
    """``ANALYZE`` (the given tables, or the whole database) on PostgreSQL, so that a
    freshly loaded database is planned from its real sizes instead of default estimates."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if tables:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        else:
            cursor.execute("ANALYZE")
