"""Cells and sheets of every export: the one place values become spreadsheet cells.

``safe_value`` is the formula-injection guard (CSV/formula injection, OWASP): a text that a
spreadsheet would take for a formula — one starting with ``=``, ``+``, ``-``, ``@``, a tab,
a carriage return or a line feed — is written as a text cell (string type, with Excel's
quote prefix, as if typed after an apostrophe), never as a formula; so is a text that reads
as an error value (``#N/A``…). Its characters are kept as they are, so the cell shows exactly
what was typed. Characters XML cannot carry (control characters) are dropped. Every value
written by ``SheetWriter`` goes through it, headers included: no export writes a formula.

``SheetWriter`` writes one table per sheet of a write-only workbook: Korean headers in a
frozen, filtered, bold header row repeated on every printed page, column widths, number,
KRW and date formats, landscape A4 fitted to the page width. Rows are written as they
come, so memory does not grow with the number of rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# One search finds both a formula trigger at the start and a character that XML 1.0 cannot
# hold (openpyxl would refuse the whole workbook for it); most texts match neither.
_NEEDS_CARE = re.compile(r"\A[=+\-@\t\r\n]|[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ERROR_CODES = frozenset(ERROR_CODES)  # #N/A, #REF! …: openpyxl would write error cells
MAX_CELL_TEXT = 32_767  # Excel's limit; openpyxl cuts longer texts there too

# Number formats (Excel codes; LibreOffice reads the same).
INTEGER = "#,##0"
KRW = '#,##0"원"'
SCORE = "0.00"
Z_SCORE = "0.000"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"

LOCAL = ZoneInfo(settings.TIME_ZONE)

# Styled cells name their font: without a name LibreOffice falls back to a serif face.
# 맑은 고딕 is what Korean Excel uses; a machine without it substitutes a sans-serif face.
FONT = "맑은 고딕"
HEADER_FONT = Font(name=FONT, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
HEADER_BORDER = Border(bottom=Side(style="thin", color="7F7F7F"))
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_HEIGHT = 33  # points: two lines of a wrapped header
TITLE_FONT = Font(name=FONT, bold=True, size=14)
TOTAL_FONT = Font(name=FONT, bold=True)
TOTAL_BORDER = Border(top=Side(style="thin", color="7F7F7F"))


def text_cell(ws, text: str) -> Cell:
    """A cell that holds ``text`` as text whatever it looks like."""
    cell = WriteOnlyCell(ws)
    cell.value = text  # openpyxl would call a leading "=" a formula, "#N/A" an error …
    cell.data_type = "s"  # … so the type is set back to string,
    cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell.
    return cell


def safe_value(ws, value):
    """``value`` ready for a cell of ``ws``; texts that could run as formulas become text
    cells. Anything that is not a ``str`` passes through unchanged."""
    if not isinstance(value, str):
        return value
    if _NEEDS_CARE.search(value) is None and value not in _ERROR_CODES:
        return value
    value = _ILLEGAL.sub("", value)[:MAX_CELL_TEXT]
    if value.startswith(FORMULA_TRIGGERS) or value in _ERROR_CODES:
        return text_cell(ws, value)
    return value


def local_naive(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: a time is written as Seoul wall-clock time. Times come
    from the database: aware, or naive in UTC (SQLite's rows read with plain SQL)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(LOCAL).replace(tzinfo=None)


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None  # for numbers, dates and times


class SheetWriter:
    """One table on one sheet of a write-only workbook, written row by row.

    ``preamble`` lines (a title, then notes) go above the header row. The header row is
    frozen, carries the auto-filter and, with ``repeat_header``, is printed again at the
    top of every page. ``on_row`` is called after each data row (progress reports).
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[Column],
        *,
        preamble: Sequence[str] = (),
        repeat_header: bool = True,
        on_row: Callable[[], None] | None = None,
    ):
        self.ws = ws = workbook.create_sheet(title=title[:31])
        self.columns = list(columns)
        self.on_row = on_row
        self.rows_written = 0
        self.header_row = len(preamble) + (2 if preamble else 1)
        # Everything before the first row: openpyxl writes the sheet's head then.
        for index, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = f"A{self.header_row + 1}"
        ws.row_dimensions[self.header_row].height = HEADER_HEIGHT
        if repeat_header:
            ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as it takes
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = "&P / &N"
        # One styled cell per formatted column, reused row after row: openpyxl writes a
        # row out before append() returns, so the cell is free again for the next row.
        self._formatted: list[Cell | None] = []
        for column in self.columns:
            if column.number_format is None:
                self._formatted.append(None)
            else:
                cell = WriteOnlyCell(ws)
                cell.number_format = column.number_format
                self._formatted.append(cell)
        # openpyxl's write-only sheet turns each appended value into a cell by first trying
        # to bind it as a plain value: for every cell we pass (a formatted or a text cell)
        # that raises and catches a ValueError and allocates a fresh cell for the next
        # value. Our rows hold plain values and our own cells only (no hyperlinks or
        # comments), so they are handed over directly. openpyxl is pinned below 3.2.
        if hasattr(ws, "_values_to_row"):
            ws._values_to_row = self._cells_of
        for index, line in enumerate(preamble):
            cell = self._cell(str(line))
            if index == 0:
                cell.font = TITLE_FONT
            ws.append([cell])
        if preamble:
            ws.append([])
        ws.append([self._header_cell(column.header) for column in self.columns])

    def _cells_of(self, values, row_idx: int):
        """The cells of one row, as openpyxl's ``WriteOnlyWorksheet._values_to_row``."""
        plain = WriteOnlyCell(self.ws)  # reused for every plain value of the row
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if value.__class__ is Cell:
                cell = value
            else:
                plain.value = value
                cell = plain
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    def _cell(self, value) -> Cell:
        """A cell of its own (to be styled) holding ``value``, made safe."""
        value = safe_value(self.ws, value)
        if isinstance(value, Cell):
            return value
        return WriteOnlyCell(self.ws, value)

    def _header_cell(self, header) -> Cell:
        cell = self._cell(str(header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = HEADER_ALIGNMENT
        return cell

    def append(self, values: Iterable) -> None:
        """One data row, in column order (``None`` leaves a cell empty)."""
        ws = self.ws
        row = list(values)
        for index, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                row[index] = safe_value(ws, value)
                continue
            formatted = self._formatted[index]
            if formatted is not None:
                if isinstance(value, dt.datetime):
                    value = local_naive(value)
                formatted.value = value
                row[index] = formatted
        ws.append(row)
        self.rows_written += 1
        if self.on_row is not None:
            self.on_row()

    def append_total(self, values: Iterable) -> None:
        """A bold closing row (totals), outside the filtered range."""
        cells = []
        for index, value in enumerate(values):
            cell = self._cell(value)
            cell.font = TOTAL_FONT
            cell.border = TOTAL_BORDER
            number_format = self.columns[index].number_format
            if number_format and not isinstance(value, str):
                cell.number_format = number_format
            cells.append(cell)
        self.ws.append(cells)

    def page_break_after(self, row: int) -> None:
        """Start a new printed page below ``row`` (written at the end, so any row)."""
        self.ws.row_breaks.append(Break(id=row))

    @property
    def last_data_row(self) -> int:
        return self.header_row + self.rows_written

    def finish(self) -> None:
        """Set the filter over the header and the rows written (openpyxl writes it after
        the rows, so it can be set now)."""
        last_column = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A{self.header_row}:{last_column}{self.last_data_row}"
