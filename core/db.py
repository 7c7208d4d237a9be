"""Database guard rails: the statement timeout's exception and ANALYZE after bulk loads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from operator import attrgetter

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.utils import timezone


@contextmanager
def long_statements(seconds: float | None = None) -> Iterator[None]:
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


@contextmanager
def held_alone(name: str, key: int) -> Iterator[bool]:
    """Whether this connection holds the lock ``(name, key)`` for the work inside, so that
    no other process does the same work at once: a PostgreSQL advisory lock, released after
    (and by the server when the connection ends, should the worker die). Elsewhere (SQLite:
    tasks run inline, one at a time) always held. Taken again by the same connection (an
    inline task queuing itself) it is held again."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s), %s)", [name, key])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s), %s)", [name, key])


def count_within(queryset, seconds: float) -> int | None:
    """``queryset.count()``, or None when the database takes longer than ``seconds`` (on
    PostgreSQL; elsewhere it is counted whatever it takes). For a figure a page can do
    without: the count is cancelled, the request and its transaction carry on."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.count()
    with long_statements(seconds):  # the connection's own timeout comes back after
        try:
            with transaction.atomic(using=queryset.db):  # the cancelled count's savepoint
                return queryset.count()
        except OperationalError:  # "canceling statement due to statement timeout"
            return None


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


@contextmanager
def foreign_keys_checked_at_end(tables: list[str]) -> Iterator[None]:
    """Check the foreign keys of ``tables`` once, after the work inside, on PostgreSQL.

    Django's foreign keys are checked row by row at commit, a trigger call for every
    inserted row and key: for the scaled demo's millions of rows that is minutes. Here the
    keys are dropped for the work and added back afterwards, which checks every row of a
    table in one join: the same rule, and a row that breaks it fails the load as it would
    at commit. Call inside the transaction; other sessions wait for it to end."""
    if connection.vendor != "postgresql" or not tables:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("foreign_keys_checked_at_end needs a transaction to undo a failure")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [tables],
        )
        keys = cursor.fetchall()
        _run_pending_checks(cursor)
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_quoted(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}")


@contextmanager
def search_indexes_built_after(table: str) -> Iterator[None]:
    """Drop the GIN indexes of ``table`` for the work inside and build them again after, on
    PostgreSQL: one ``CREATE INDEX`` over a freshly written table costs less than keeping a
    GIN index up to date row by row (the ideas' Korean search indexes, for the scaled
    demo). Queries inside find no such index: for writing, not for searching."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
            "WHERE i.indrelid = %s::regclass AND am.amname = 'gin' ORDER BY 1",
            [table],
        )
        indexes = cursor.fetchall()
        _run_pending_checks(cursor)
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {_quoted(name)}")
    yield
    with connection.cursor() as cursor:
        _run_pending_checks(cursor)
        for _name, definition in indexes:
            cursor.execute(definition)


def _run_pending_checks(cursor) -> None:
    """Run the key checks still pending from earlier writes in the transaction now (a table
    with pending checks can be neither altered nor indexed), then defer later ones again
    as Django declares them all (DEFERRABLE INITIALLY DEFERRED)."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_plain(model, fields: list[str], rows: list[tuple]) -> list[int]:
    """Insert ``rows`` (values in ``fields`` order) and return their new primary keys, in
    order. On PostgreSQL the keys are drawn from the table's sequence and the rows written
    with COPY: no model instances, signals or per-row SQL, for loads of millions of rows
    (the scaled demo's scores). Elsewhere it is ``bulk_create`` (where ``auto_now`` fields
    still apply). Values are written as given, the other fields take their defaults; no
    validation."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        made = model.objects.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=500
        )
        return [m.pk for m in made]
    return _copy_plain(model, [model._meta.get_field(f) for f in fields], rows)


def insert_objects(objs: list, *, batch_size: int | None = None) -> list:
    """Insert unsaved instances of one model as ``insert_plain`` writes rows (COPY on
    PostgreSQL, no per-row SQL) and give them their primary keys; elsewhere this is
    ``bulk_create(objs, batch_size=batch_size)`` itself. Every concrete field is written as
    the instance holds it, but for ``auto_now(_add)`` times still switched on, which take
    now as ``bulk_create`` gives them. No ``save()``, signals or validation."""
    if not objs:
        return objs
    model = type(objs[0])
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=batch_size)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:  # as Field.pre_save: the instance keeps the time it is given
                setattr(obj, field.attname, now)
    values = attrgetter(*(f.attname for f in fields))
    rows = [values(obj) for obj in objs] if len(fields) > 1 else [(values(o),) for o in objs]
    for obj, pk in zip(objs, _copy_plain(model, fields, rows), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    return objs


def _default_of(field, now):
    """What Django's own insert gives a field left out: now for auto_now(_add) times, else
    the field's default."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _copy_plain(model, given: list, rows: list[tuple]) -> list[int]:
    opts = model._meta
    others = [f for f in opts.concrete_fields if f not in given and not f.primary_key]
    now = timezone.now()
    defaults = tuple(_default_of(f, now) for f in others)
    columns = [opts.pk.column] + [f.column for f in given + others]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        # Binary COPY with each column's own type: values are dumped by the column's type
        # (a dict as jsonb, a Decimal as numeric …) without a per-value type lookup.
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [quote(opts.db_table)],
        )
        type_of = dict(cursor.fetchall())
        sql = (
            f"COPY {quote(opts.db_table)} ({', '.join(map(quote, columns))}) "
            "FROM STDIN (FORMAT BINARY)"
        )
        with cursor.cursor.copy(sql) as copy:
            copy.set_types([type_of[c] for c in columns])
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *row, *defaults))
    return ids
