"""The one cell helper every export writes through: formulas never get in (spreadsheet
formula injection), odd characters never break the file, formats and layout are set."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import Cell

from exports.cells import DATE, KRW, Column, SheetWriter, local_naive, safe_value

TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\n"]


@pytest.fixture
def ws():
    return Workbook(write_only=True).create_sheet("시험")


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_text_starting_with_a_formula_trigger_becomes_a_text_cell(ws, trigger):
    text = f'{trigger}HYPERLINK("http://x","y")'
    cell = safe_value(ws, text)
    assert isinstance(cell, Cell)
    assert cell.value == text  # kept exactly as typed, no apostrophe added
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


@pytest.mark.parametrize("text", ["#N/A", "#REF!", "#DIV/0!"])
def test_a_text_that_reads_as_an_error_value_stays_text(ws, text):
    cell = safe_value(ws, text)
    assert isinstance(cell, Cell)
    assert (cell.value, cell.data_type) == (text, "s")


@pytest.mark.parametrize(
    "value", ["기업유치 관리시스템 구축", "a=b", "1+1", "", "혁신 - 복지", 42, Decimal("1.5"), None]
)
def test_harmless_values_pass_through_unchanged(ws, value):
    assert safe_value(ws, value) is value


def test_characters_xml_cannot_hold_are_dropped(ws):
    assert safe_value(ws, "보고\x00서\x1b") == "보고서"
    cell = safe_value(ws, "=\x07cmd")
    assert (cell.value, cell.data_type) == ("=cmd", "s")


def test_an_overlong_text_is_cut_at_excels_limit(ws):
    assert len(safe_value(ws, "=" + "가" * 40_000).value) == 32_767


def written(columns, data, **kwargs):
    """Write ``data`` through a SheetWriter and read it back: (sheet, raw sheet XML)."""
    workbook = Workbook(write_only=True)
    sheet = SheetWriter(workbook, "시험", columns, **kwargs)
    for row in data:
        sheet.append(row)
    sheet.finish()
    out = io.BytesIO()
    workbook.save(out)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    out.seek(0)
    return openpyxl.load_workbook(out)["시험"], xml


def test_the_sheet_writer_never_writes_a_formula():
    hostile = [f"{t}1+1" for t in TRIGGERS] + ['=HYPERLINK("http://x","y")']
    ws, xml = written([Column("제목", 30)], [[text] for text in hostile])
    assert "<f>" not in xml
    assert "<f " not in xml
    # Without lxml, XML reads a carriage return back as a line feed (end-of-line
    # normalisation); with lxml (which WeasyPrint and python-hwpx bring in) openpyxl writes
    # it as a character reference and it comes back as is. Either way it stays text.
    assert [c.value.replace("\r", "\n") for (c,) in ws.iter_rows(min_row=2)] == [
        text.replace("\r", "\n") for text in hostile
    ]
    assert {c.data_type for (c,) in ws.iter_rows(min_row=2)} == {"s"}


def test_headers_that_look_like_formulas_are_text_too():
    ws, xml = written([Column("=합계", 10)], [])
    assert "<f>" not in xml
    assert ws["A1"].value == "=합계"


def test_the_header_is_frozen_filtered_and_printed_on_every_page():
    ws, _ = written([Column("번호", 8), Column("제목", 30)], [[1, "가"], [2, "나"], [3, "다"]])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B4"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9": A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.column_dimensions["B"].width == 30
    assert ws["A1"].font.bold is True


def test_a_preamble_goes_above_the_header_and_moves_the_frozen_row():
    ws, _ = written([Column("번호", 8)], [[1]], preamble=["제목 줄", "=설명 줄"])
    assert [ws.cell(row=r, column=1).value for r in range(1, 6)] == [
        "제목 줄",
        "=설명 줄",
        None,
        "번호",
        1,
    ]
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:A5"


def test_numbers_dates_and_times_get_their_column_format():
    aware = dt.datetime(2025, 9, 5, 1, 30, tzinfo=dt.UTC)  # 10:30 in Seoul
    ws, _ = written(
        [Column("예산", 12, KRW), Column("날짜", 11, DATE), Column("일시", 16, "yyyy-mm-dd hh:mm")],
        [[120_000_000, dt.date(2025, 9, 5), aware], [None, None, None]],
    )
    budget, day, moment = ws[2]
    assert (budget.value, budget.number_format) == (120_000_000, KRW)
    assert (day.value.date(), day.number_format) == (dt.date(2025, 9, 5), DATE)
    # Excel has no time zones: the Seoul wall-clock time, naive.
    assert moment.value == dt.datetime(2025, 9, 5, 10, 30)  # noqa: DTZ001
    assert [c.value for c in ws[3]] == [None, None, None]


def test_a_naive_time_from_the_database_is_taken_as_utc():
    # SQLite gives naive UTC times to plain SQL; Excel gets Seoul's wall-clock time.
    assert local_naive(dt.datetime(2025, 9, 5, 1, 30)) == dt.datetime(2025, 9, 5, 10, 30)  # noqa: DTZ001
