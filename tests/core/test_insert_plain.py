"""core.db's bulk writers for the scaled demo: insert_plain and insert_objects (COPY on
PostgreSQL), and foreign keys checked once after a load."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.db import (
    foreign_keys_checked_at_end,
    insert_objects,
    insert_plain,
    search_indexes_built_after,
)
from core.models import HistoryEntry
from departments.models import User
from ideas.demo import _timestamps_as_given

pytestmark = pytest.mark.django_db


def test_rows_are_written_as_given_with_their_keys_in_order_and_defaults_for_the_rest():
    kind = ContentType.objects.get_for_model(User)
    at = dt.datetime(2022, 10, 4, 9, 30, tzinfo=dt.UTC)
    rows = [(kind.pk, n, "assigned", at, {"n": n, "이름": "심사"}) for n in range(3)]
    ids = insert_plain(HistoryEntry, ["content_type_id", "object_id", "action", "at", "data"], rows)
    entries = HistoryEntry.objects.in_bulk(ids)
    assert [entries[pk].object_id for pk in ids] == [0, 1, 2]
    assert {entries[pk].data["이름"] for pk in ids} == {"심사"}
    assert entries[ids[1]].data["n"] == 1
    assert entries[ids[0]].reason == ""  # not given: the field's default
    assert entries[ids[0]].actor_id is None


def test_keys_drawn_for_the_rows_do_not_collide_with_later_ordinary_inserts():
    kind = ContentType.objects.get_for_model(User)
    ids = insert_plain(
        HistoryEntry, ["content_type_id", "object_id", "action"], [(kind.pk, 1, "a")] * 2
    )
    later = HistoryEntry.objects.create(content_type=kind, object_id=2, action="b")
    assert later.pk not in ids
    assert HistoryEntry.objects.count() == 3


def test_nothing_to_write_writes_nothing():
    assert insert_plain(HistoryEntry, ["object_id"], []) == []


# insert_objects ----------------------------------------------------------------------------


def test_instances_are_written_as_they_hold_and_get_their_keys():
    kind = ContentType.objects.get_for_model(User)
    at = dt.datetime(2022, 10, 4, 9, 30, tzinfo=dt.UTC)
    entries = [
        HistoryEntry(content_type=kind, object_id=n, action="a", data={"n": n}) for n in (1, 2)
    ]
    with _timestamps_as_given(HistoryEntry._meta.get_field("at")):
        for entry in entries:
            entry.at = at
        insert_objects(entries)
    assert all(e.pk and not e._state.adding for e in entries)
    stored = HistoryEntry.objects.in_bulk([e.pk for e in entries])
    assert [(stored[e.pk].object_id, stored[e.pk].data, stored[e.pk].at) for e in entries] == [
        (1, {"n": 1}, at),
        (2, {"n": 2}, at),
    ]


def test_an_auto_now_time_still_switched_on_takes_now_as_bulk_create_gives_it():
    kind = ContentType.objects.get_for_model(User)
    before = timezone.now()
    (entry,) = insert_objects([HistoryEntry(content_type=kind, object_id=1, action="a")])
    assert HistoryEntry.objects.get(pk=entry.pk).at >= before


# foreign_keys_checked_at_end -------------------------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the keys are dropped and added on PostgreSQL only"
)


def foreign_keys_of(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = %s::regclass ORDER BY 1",
            [table],
        )
        return cursor.fetchall()


@on_postgresql
def test_the_keys_are_back_as_they_were_after_the_work(member):
    before = foreign_keys_of("core_historyentry")
    kind = ContentType.objects.get_for_model(User)
    with foreign_keys_checked_at_end(["core_historyentry"]):
        assert foreign_keys_of("core_historyentry") == []
        insert_plain(
            HistoryEntry,
            ["content_type_id", "object_id", "action", "actor_id"],
            [(kind.pk, 1, "a", member.pk)],
        )
    assert foreign_keys_of("core_historyentry") == before
    assert len(before) == 2  # content type and actor


@on_postgresql
def test_a_row_that_breaks_a_key_fails_the_work_when_the_keys_come_back():
    kind = ContentType.objects.get_for_model(User)
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        foreign_keys_checked_at_end(["core_historyentry"]),
    ):
        insert_plain(
            HistoryEntry,
            ["content_type_id", "object_id", "action", "actor_id"],
            [(kind.pk, 1, "a", 2_000_000_000)],  # nobody
        )
    assert not HistoryEntry.objects.exists()


@on_postgresql
def test_checks_pending_from_earlier_writes_run_before_the_keys_are_dropped(member):
    kind = ContentType.objects.get_for_model(User)
    HistoryEntry.objects.create(content_type=kind, object_id=1, action="a", actor=member)
    with foreign_keys_checked_at_end(["core_historyentry", "departments_user"]):
        pass
    assert HistoryEntry.objects.count() == 1


def test_elsewhere_the_work_just_runs(member):
    kind = ContentType.objects.get_for_model(User)
    with foreign_keys_checked_at_end(["core_historyentry"]):
        HistoryEntry.objects.create(content_type=kind, object_id=1, action="a", actor=member)
    assert HistoryEntry.objects.count() == 1


# search_indexes_built_after ----------------------------------------------------------------


def gin_indexes_of(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef LIKE '%%USING gin%%' ORDER BY 1",
            [table],
        )
        return cursor.fetchall()


@on_postgresql
def test_the_search_indexes_are_built_again_as_they_were_after_the_work():
    before = gin_indexes_of("ideas_idea")
    with search_indexes_built_after("ideas_idea"):
        assert gin_indexes_of("ideas_idea") == []
    assert gin_indexes_of("ideas_idea") == before
    assert {name for name, _ in before} == {"idea_compact_title_trgm_idx", "idea_text_ngrams_idx"}
