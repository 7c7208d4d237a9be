"""Excel workbooks of the award and the outcomes, written with exports' formula-safe
``SheetWriter`` (every text goes through its formula-injection guard) into a write-only
workbook, so memory does not grow with the rows."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl.workbook import Workbook

from awards import selectors
from exports.cells import Column, SheetWriter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POINTS = "0.00"


def ledger_workbook(*, year: int, handle) -> None:
    """The HR office's ledger of a year: per-person totals, then every entry (2 queries)."""
    workbook = Workbook(write_only=True)
    totals = SheetWriter(
        workbook,
        _("개인별 합계"),
        [
            Column(_("사번"), 12),
            Column(_("성명"), 12),
            Column(_("가점 합계"), 12, POINTS),
            Column(_("수상 횟수"), 10, "0"),
        ],
        preamble=[_("%(year)d년 개인 가점") % {"year": year}],
    )
    for row in selectors.hr_totals(year=year).iterator(chunk_size=2000):
        totals.append([row["employee_number"], row["person_name"], row["points"], row["wins"]])
    totals.finish()
    entries = SheetWriter(
        workbook,
        _("가점 내역"),
        [
            Column(_("사번"), 12),
            Column(_("성명"), 12),
            Column(_("부서(시상 당시)"), 20),
            Column(_("부여일"), 12, "yyyy-mm-dd"),
            Column(_("가점"), 10, POINTS),
            Column(_("사유"), 40),
        ],
    )
    for row in selectors.hr_ledger(year=year).iterator(chunk_size=2000):
        entries.append(row)
    entries.finish()
    workbook.save(handle)


def outcomes_workbook(*, handle) -> None:
    workbook = Workbook(write_only=True)
    hours = "#,##0.0"
    for title, group_by, label in (
        (_("실·국별"), "bureau", "idea__bureau_name"),
        (_("팀별"), "team", "idea__team_name"),
    ):
        sheet = SheetWriter(
            workbook,
            title,
            [
                Column(_("단위"), 24),
                Column(_("과제 수"), 10, "0"),
                Column(_("제출 시 절감 시간"), 16, hours),
                Column(_("재측정 시간"), 14, hours),
                Column(_("검증된 시간"), 14, hours),
            ],
        )
        for row in selectors.outcome_totals(group_by=group_by):
            sheet.append(
                [row[label], row["tasks"], row["declared"], row["measured"], row["verified"]]
            )
        sheet.finish()
    workbook.save(handle)


def _response(write, filename: str) -> FileResponse:
    # A spooled file: small workbooks stay in memory, large ones go to disk.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write(handle=handle)
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def ledger_response(*, year: int) -> FileResponse:
    return _response(
        lambda handle: ledger_workbook(year=year, handle=handle),
        _("으뜸도정상_가점대장_%(year)d.xlsx") % {"year": year},
    )


def outcomes_response() -> FileResponse:
    return _response(outcomes_workbook, _("업무감축_성과.xlsx"))
