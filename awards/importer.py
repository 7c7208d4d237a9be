"""Import of past winners (2017 onwards) from an Excel sheet, like the org chart import.

One row per winning unit: 회차 | 대상 기간 시작 | 대상 기간 끝 | 시상일 | 실·국 | 과 | 등급 |
공적 내용. Rows with the same 회차 make one announced round. The unit is a division of the
bureau (or the bureau-level unit itself when 과 is empty); units and grades must exist. Every
row is checked before anything is written: one bad row and nothing is saved, and the page
lists each bad row with its column, as the org chart import does. The import writes the
unit points of each win to the ledger (personal points need the members of the day, which
the sheet does not have).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import permissions
from awards.models import AwardGrade, AwardRound, Nomination, PointEntry
from core.errors import ensure_allowed
from departments.importer import _norm
from departments.models import Bureau, Division

COLUMNS = [
    "title",
    "period_start",
    "period_end",
    "award_date",
    "bureau",
    "division",
    "grade",
    "citation",
]
COLUMN_LABELS = {
    "title": gettext_lazy("회차"),
    "period_start": gettext_lazy("대상 기간 시작"),
    "period_end": gettext_lazy("대상 기간 끝"),
    "award_date": gettext_lazy("시상일"),
    "bureau": gettext_lazy("실·국"),
    "division": gettext_lazy("과"),
    "grade": gettext_lazy("등급"),
    "citation": gettext_lazy("공적 내용"),
    "file": gettext_lazy("파일"),
}
HEADERS = {_norm(str(label)): key for key, label in COLUMN_LABELS.items() if key != "file"}
HEADERS |= {_norm("기간 시작"): "period_start", _norm("기간 끝"): "period_end"}
REQUIRED = ["title", "period_start", "period_end", "award_date", "bureau", "grade"]


@dataclass(frozen=True)
class RowError:
    row: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = _("%(row)d행") % {"row": self.row} if self.row else _("파일")
        return f"{where} [{COLUMN_LABELS.get(self.field, self.field)}] {self.message}"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rounds: int = 0
    winners: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(file: IO[bytes]) -> tuple[list[dict[str, Any]], list[RowError]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (any unreadable file is the same to the user)
        return [], [RowError(None, "file", _("엑셀(.xlsx) 파일을 읽을 수 없습니다."))]
    rows = workbook.active.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [HEADERS.get(_norm(cell)) for cell in header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        labels = ", ".join(str(COLUMN_LABELS[c]) for c in missing)
        return [], [
            RowError(None, "file", _("필요한 열이 없습니다: %(labels)s") % {"labels": labels})
        ]
    out = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        row = {k: v for k, v in zip(keys, values, strict=False) if k}
        row["_row"] = number
        out.append(row)
    workbook.close()
    return out, []


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace(".", "-").replace("/", "-"))
    except ValueError:
        return None


@dataclass
class _Org:
    """The names a sheet may use: bureaus, their divisions (active ones first) and grades."""

    bureaus: dict[str, Bureau]
    divisions: dict[tuple[int, str], Division]
    grades: dict[str, AwardGrade]

    @classmethod
    def load(cls) -> _Org:
        bureaus: dict[str, Bureau] = {}
        for b in Bureau.objects.order_by("-is_active", "pk"):
            bureaus.setdefault(b.name, b)
        divisions: dict[tuple[int, str], Division] = {}
        for d in Division.objects.order_by("-is_active", "pk"):
            divisions.setdefault((d.bureau_id, d.name), d)
        return cls(bureaus, divisions, {g.name: g for g in AwardGrade.objects.all()})


@transaction.atomic
def import_past_winners(*, file: IO[bytes], by) -> ImportResult:
    ensure_allowed(permissions.manages_awards(by), _("기획조정실만 할 수 있습니다."))
    rows, errors = read_rows(file)
    result = ImportResult(errors=errors)
    if errors:
        return result
    if not rows:
        result.errors.append(RowError(None, "file", _("가져올 행이 없습니다.")))
        return result
    planned = _plan_rounds(rows, _Org.load(), result.errors)
    if result.errors:
        return result
    existing = set(AwardRound.objects.filter(title__in=planned).values_list("title", flat=True))
    if existing:
        result.errors.append(
            RowError(
                None,
                "title",
                _("이미 있는 회차입니다: %(titles)s") % {"titles": ", ".join(sorted(existing))},
            )
        )
        return result
    _write_rounds(planned, by, result)
    return result


def _plan_rounds(rows: list[dict[str, Any]], org: _Org, errors: list[RowError]) -> dict[str, dict]:
    """Check every row (its errors into ``errors``); while none is wrong, group the winners
    by round title: {title: {"dates": …, "winners": [(bureau, division, grade, citation)]}}."""
    planned: dict[str, dict] = {}
    seen_units: set[tuple] = set()
    for row in rows:
        n = row["_row"]
        text = {
            k: str(row.get(k) or "").strip()
            for k in ("title", "bureau", "division", "grade", "citation")
        }
        for key in REQUIRED:
            if row.get(key) in (None, ""):
                errors.append(RowError(n, key, _("값이 비어 있습니다.")))
        dates = _row_dates(row, errors)
        bureau, division = _row_unit(n, text, org, errors)
        grade = org.grades.get(text["grade"])
        if text["grade"] and grade is None:
            errors.append(RowError(n, "grade", _("없는 등급입니다.")))
        unit_key = (text["title"], bureau.pk if bureau else None, division.pk if division else None)
        if unit_key in seen_units:
            errors.append(RowError(n, "division", _("같은 회차에 같은 부서가 두 번 있습니다.")))
        seen_units.add(unit_key)
        if errors:
            continue
        award_round = planned.setdefault(text["title"], {"dates": dates, "winners": []})
        award_round["winners"].append((bureau, division, grade, text["citation"]))
    return planned


def _row_dates(row: dict[str, Any], errors: list[RowError]) -> dict[str, dt.date | None]:
    """The row's three dates; one that is written but not a date, or a period that ends
    before it starts, is an error."""
    n = row["_row"]
    dates = {k: _date(row.get(k)) for k in ("period_start", "period_end", "award_date")}
    for key, value in dates.items():
        if row.get(key) not in (None, "") and value is None:
            errors.append(RowError(n, key, _("날짜(예: 2021-03-09)로 적어 주세요.")))
    start, end = dates["period_start"], dates["period_end"]
    if start and end and end < start:
        errors.append(RowError(n, "period_end", _("끝이 시작보다 빠릅니다.")))
    return dates


def _row_unit(
    n: int, text: dict[str, str], org: _Org, errors: list[RowError]
) -> tuple[Bureau | None, Division | None]:
    """The row's bureau and division (None when 과 is empty), as the org chart names them."""
    bureau = org.bureaus.get(text["bureau"])
    if text["bureau"] and bureau is None:
        errors.append(RowError(n, "bureau", _("조직도에 없는 실·국입니다.")))
    division = None
    if bureau is not None and text["division"]:
        division = org.divisions.get((bureau.pk, text["division"]))
        if division is None:
            errors.append(RowError(n, "division", _("이 실·국에 없는 과입니다.")))
    return bureau, division


def _write_rounds(planned: dict[str, dict], by, result: ImportResult) -> None:
    """Each planned round as announced, its nominations graded, the unit points ledgered."""
    entries = []
    for title, spec in planned.items():
        d = spec["dates"]
        award_round = AwardRound.objects.create(
            title=title,
            period_start=d["period_start"],
            period_end=d["period_end"],
            nomination_deadline=d["award_date"],
            award_date=d["award_date"],
            status=AwardRound.Status.ANNOUNCED,
            imported=True,
            created_by=by,
        )
        result.rounds += 1
        for bureau, division, grade, citation in spec["winners"]:
            unit_name = division.name if division else bureau.name
            nomination = Nomination.objects.create(
                round=award_round,
                bureau=bureau,
                division=division,
                unit_name=unit_name,
                citation=citation or "-",
                grade=grade,
                nominated_by=by,
            )
            entries.append(
                PointEntry(
                    kind=PointEntry.Kind.UNIT,
                    bureau=bureau,
                    division=division,
                    unit_name=unit_name,
                    nomination=nomination,
                    awarded_on=d["award_date"],
                    year=d["award_date"].year,
                    points=grade.unit_points,
                    prize_krw=grade.prize_krw,
                    reason=f"{title} {grade.name}",
                    created_by=by,
                )
            )
            result.winners += 1
    PointEntry.objects.bulk_create(entries)
