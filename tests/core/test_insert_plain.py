"""core.db.insert_plain: the scaled demo's bulk writer (COPY on PostgreSQL)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from core.db import insert_plain
from core.models import HistoryEntry
from departments.models import User

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
