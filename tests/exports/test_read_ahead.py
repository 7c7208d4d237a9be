"""Reading ahead: a large workbook's sheets are read by threads on connections of their own.

These tests commit their data (``transaction=True``): another connection cannot see what a
test's transaction has not committed, which is also why a workbook built inside a
transaction never reads ahead.
"""

import io

import openpyxl
import pytest
from django.db import connection, transaction

from exports import selectors
from exports.workbooks import build_workbook
from tests.exports.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def cells(out: io.BytesIO) -> dict[str, list[tuple]]:
    out.seek(0)
    workbook = openpyxl.load_workbook(out)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook}


def test_reading_ahead_writes_the_same_workbook(roles, planner):
    world = build_world(roles, extra_ideas=20)
    in_turn, ahead = io.BytesIO(), io.BytesIO()
    build_workbook(scope=world.scope(), user=planner, out=in_turn)
    build_workbook(scope=world.scope(), user=planner, out=ahead, read_ahead=True)
    first, second = cells(in_turn), cells(ahead)
    # The summary's "made at" line (title, season, scores, made at): it names the minute.
    assert first["요약"][3][0].startswith("만든 날짜")
    del first["요약"][3], second["요약"][3]
    assert first == second
    assert len(second["아이디어"]) == len(world.ideas) + 1


def test_a_reader_that_fails_fails_the_workbook_and_stops(monkeypatch):
    def broken():
        yield (1,)
        raise RuntimeError("connection lost")

    reader = selectors.ReadAhead(broken)
    with pytest.raises(RuntimeError, match="connection lost"):
        list(reader)
    assert not reader._thread.is_alive()


def test_a_writer_that_stops_early_stops_its_reader():
    reader = selectors.ReadAhead(lambda: ((n,) for n in range(10**9)), depth=1)
    rows = iter(reader)
    assert next(rows) == (0,)
    reader.close()
    assert not reader._thread.is_alive()


def test_only_large_workbooks_outside_a_transaction_read_ahead(db):
    large = selectors.READ_AHEAD_MIN_ROWS
    expected = connection.vendor == "postgresql"
    assert selectors.reads_ahead(large) is expected
    assert selectors.reads_ahead(large - 1) is False
    with transaction.atomic():
        assert selectors.reads_ahead(large) is False
