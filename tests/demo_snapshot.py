"""The demo data, loaded once per test process and copied back for each test that needs it.

Some fifty tests and test modules start from ``load_demo``'s data, and loading it takes
6–20 s on PostgreSQL (organisation, ideas, reviews, morphemes and sentence vectors …).
On PostgreSQL each demo is loaded once per process, its tables copied into a schema of
their own, and copied back (``TRUNCATE`` and ``INSERT … SELECT``, well under a second)
whenever a test asks for it. Elsewhere (SQLite), and on a day other than the one the copy
was taken on (the demo is dated from today), ``load_demo`` runs as before.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

BEFORE = "snapshot_before_demo"  # the tables as the process found them


class Snapshot:
    def __init__(self, seed: str | None) -> None:
        self.seed = seed
        self.schema = f"snapshot_demo_{seed or 'default'}"
        self.output = ""
        self.day: dt.date | None = None

    def _load(self) -> str:
        out = StringIO()
        call_command("load_demo", *(["--seed", self.seed] if self.seed else []), stdout=out)
        return out.getvalue()

    def take(self) -> None:
        """Load the demo (committed), copy its tables, and put back what was there."""
        if connection.vendor != "postgresql":
            return
        _save(BEFORE)
        self.output = self._load()
        _save(self.schema)
        _restore(BEFORE)
        self.day = timezone.localdate()

    def load(self) -> str:
        """The demo into the tables (in the caller's transaction, if any); load_demo's
        output."""
        if self.day is None or self.day != timezone.localdate():
            return self._load()
        _restore(self.schema)
        return self.output


def _tables() -> list[str]:
    # The public schema's tables (the snapshot schemas are not on the search path).
    return [t for t in connection.introspection.table_names() if t != "django_migrations"]


def _save(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        cursor.execute(f"CREATE SCHEMA {schema}")
        for table in _tables():
            cursor.execute(f"CREATE TABLE {schema}.{q(table)} AS TABLE public.{q(table)}")


def _restore(schema: str) -> None:
    tables = _tables()
    # One transaction: the foreign keys (deferrable) are checked once all rows are back.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(f'public.{q(t)}' for t in tables)} CASCADE")
        for table in tables:
            # Names of this database's own tables, quoted: no outside input.
            cursor.execute(f"INSERT INTO public.{q(table)} SELECT * FROM {schema}.{q(table)}")  # noqa: S608
        models = apps.get_models(include_auto_created=True)
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    ContentType.objects.clear_cache()  # the copy's ids, whatever this process cached


def q(name: str) -> str:
    return connection.ops.quote_name(name)
