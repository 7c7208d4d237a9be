"""Import of the org chart from the HR office's Excel export (인사 자료).

One row per person: 실·국 | 과 | 팀 | 사번 | 성명 | 이메일 | 직위. The sheet is the truth
for everybody who has an employee number and a position: units are created or reactivated
as the sheet names them, people are matched by employee number and created, moved or
updated, and people and units the sheet no longer mentions are deactivated (never deleted:
records made under them keep referring to them).

Every row is checked before anything is written; one bad row and nothing changes. The
writes are bulk statements, so a sheet of thousands imports in a fixed number of queries
(plus the insert batches SQLite's 999-variable limit forces on bulk_create).

New people get their employee number as username and an unusable password: they sign in
through SSO or a password reset later.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ensure_allowed
from departments import reorganisation
from departments.models import Bureau, Division, Position, Team, User
from departments.reorganisation import UnitMatcher, UnitRename

logger = logging.getLogger(__name__)

# Columns of the sheet, in the order of the template the page offers for download.
COLUMNS = ["bureau", "division", "team", "employee_number", "name", "email", "position"]
# Optional: the HR office's unit codes. With them a renamed or moved unit stays the same
# unit (departments.reorganisation); without them the import asks before pairing units.
CODE_COLUMNS = ["bureau_code", "division_code", "team_code"]
COLUMN_LABELS = {
    "bureau": gettext_lazy("실·국"),
    "division": gettext_lazy("과"),
    "team": gettext_lazy("팀"),
    "employee_number": gettext_lazy("사번"),
    "name": gettext_lazy("성명"),
    "email": gettext_lazy("이메일"),
    "position": gettext_lazy("직위"),
    "bureau_code": gettext_lazy("실·국 코드"),
    "division_code": gettext_lazy("과 코드"),
    "team_code": gettext_lazy("팀 코드"),
    "file": gettext_lazy("파일"),
}
REQUIRED_COLUMNS = ["bureau", "division", "team", "employee_number", "name", "position"]


def _norm(text: Any) -> str:
    """Header and position spellings vary: 실·국, 실ㆍ국, 실.국, 실 국 and 실국 are one."""
    return re.sub(r"[\s·ㆍ\.\-_/()]+", "", str(text or "")).lower()


# Spellings seen in HR exports; compared after _norm, so 실ㆍ국 and "실 국" match 실·국.
_HEADER_ALIASES = {
    "bureau": "실·국 실국명 소속실국 실·국·원 국 본부 기관 bureau",
    "division": "과 과명 부서 부서명 소속부서 division department",
    "team": "팀 팀명 담당 team",
    "employee_number": "사번 직원번호 사원번호 개인번호 employee_number employee_no emp_no",
    "name": "성명 이름 직원명 name full_name",
    "email": "이메일 전자우편 메일 email mail",
    "position": "직위 직책 position",
    "bureau_code": "실·국코드 실국코드 국코드 bureau_code",
    "division_code": "과코드 부서코드 division_code",
    "team_code": "팀코드 team_code",
}
HEADERS = {
    _norm(alias): key for key, aliases in _HEADER_ALIASES.items() for alias in aliases.split()
}

_POSITION_ALIASES = {
    Position.TEAM_MEMBER: "팀원 직원 주무관 team_member member",
    Position.TEAM_LEADER: "팀장 team_leader leader",
    Position.DIVISION_HEAD: "과장 division_head",
    # The head of a bureau-level unit: 실장, 국장, 본부장, 정책관, and the heads of
    # agencies as HR writes them (인재개발원 원장, 수산기술연구소 소장).
    Position.BUREAU_DIRECTOR: "실·국장 실장 국장 본부장 정책관 원장 소장 bureau_director director",
}
POSITIONS = {
    _norm(alias): pos for pos, aliases in _POSITION_ALIASES.items() for alias in aliases.split()
}

# 일자리경제정책관-style units rank as bureaus (DOMAIN.md: 실·국 covers 실, 국 and 관).
_BUREAU_SUFFIXES = ("국", "본부", "정책관", "기획관", "협력관")


def bureau_kind_for(name: str) -> str:
    """실 -> office, 국/본부/…관 -> bureau, anything else (…원, …연구소, …사업소) -> agency."""
    if name.endswith("실"):
        return Bureau.Kind.OFFICE
    if name.endswith(_BUREAU_SUFFIXES):
        return Bureau.Kind.BUREAU
    return Bureau.Kind.AGENCY


@dataclass(frozen=True)
class RowError:
    row: int | None  # the spreadsheet row number, as the user sees it; None for the file
    field: str  # a key of COLUMN_LABELS
    message: str

    @property
    def field_label(self) -> str:
        return str(COLUMN_LABELS.get(self.field, self.field))

    def __str__(self) -> str:
        where = _("%(row)d행") % {"row": self.row} if self.row else _("파일")
        return f"{where} [{self.field_label}] {self.message}"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    moved: int = 0
    reactivated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    units_created: int = 0
    units_reactivated: int = 0
    units_deactivated: int = 0
    dry_run: bool = False
    # Units kept through a new name or parent (by code, or as the planner confirmed).
    renamed: list[UnitRename] = field(default_factory=list)
    # Without codes: closed and new units believed the same, for the planner to confirm.
    # While there are any and nobody answered (``renames`` None), nothing is saved.
    proposals: list[UnitRename] = field(default_factory=list)
    needs_confirmation: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row})

    @property
    def changed(self) -> bool:
        return any(
            (
                self.created,
                self.updated,
                self.moved,
                self.reactivated,
                self.deactivated,
                self.units_created,
                self.units_reactivated,
                self.units_deactivated,
                self.renamed,
            )
        )

    def summary(self) -> str:
        counts = _(
            "%(rows)d명 중 신규 %(created)d명, 정보 변경 %(updated)d명, 소속 이동 %(moved)d명, "
            "복직 %(reactivated)d명, 퇴직·전출 처리 %(deactivated)d명, 변경 없음 %(unchanged)d명; "
            "조직 신설 %(units_created)d개, 재운영 %(units_reactivated)d개, 폐지 %(units_deactivated)d개"
        ) % vars(self)
        if self.renamed:
            counts += _(", 이름 변경·이동 %(count)d개") % {"count": len(self.renamed)}
        return counts


@dataclass
class SheetRow:
    row: int
    bureau: str = ""
    division: str = ""
    team: str = ""
    employee_number: str = ""
    name: str = ""
    email: str = ""
    position: str = ""  # as written in the sheet; resolved by POSITIONS
    bureau_code: str = ""
    division_code: str = ""
    team_code: str = ""


class SheetUnreadable(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


def _cell(value: Any) -> str:
    if value is None:
        return ""
    # Employee numbers typed as numbers come back as int or float (2019001.0).
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def rows_from_mappings(rows: Iterable[Mapping[str, Any]], *, first_row: int = 2) -> list[SheetRow]:
    """Rows given as dicts keyed by COLUMNS (or by any header the sheet accepts)."""
    result = []
    for number, row in enumerate(rows, start=first_row):
        values = {HEADERS.get(_norm(k), k): _cell(v) for k, v in row.items()}
        result.append(
            SheetRow(row=number, **{c: values.get(c, "") for c in COLUMNS + CODE_COLUMNS})
        )
    return result


def read_sheet(file: str | IO[bytes]) -> list[SheetRow]:
    """Read the first worksheet; the header row is the first of the top ten rows that names
    at least four known columns (HR exports often put a title above it)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, KeyError and XML errors for anything not an xlsx
        logger.info("org chart import: unreadable workbook: %s", exc)
        raise SheetUnreadable(
            [
                RowError(
                    None,
                    "file",
                    _("엑셀(.xlsx) 파일을 읽을 수 없습니다. 양식 파일로 다시 저장해 올려 주세요."),
                )
            ]
        ) from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        columns, header_row = _header(rows)
        result = []
        for number, values in enumerate(rows, start=header_row + 1):
            cells = {key: _cell(values[i]) for i, key in columns.items() if i < len(values)}
            if any(cells.values()):  # blank lines between blocks are common in HR exports
                result.append(SheetRow(row=number, **cells))
        return result
    finally:
        workbook.close()


def _header(rows) -> tuple[dict[int, str], int]:
    """The columns (index → column) and the number of the header row, read off ``rows``;
    raises SheetUnreadable naming each required column the header lacks."""
    columns: dict[int, str] = {}
    header_row = 0
    for number, values in enumerate(rows, start=1):
        found = {i: HEADERS[_norm(v)] for i, v in enumerate(values) if _norm(v) in HEADERS}
        if len(set(found.values())) >= 4:
            columns, header_row = found, number
            break
        if number >= 10:
            break
    missing = [c for c in REQUIRED_COLUMNS if c not in columns.values()]
    if missing:
        raise SheetUnreadable(
            [
                RowError(
                    header_row or 1,
                    column,
                    _("머리글 행에 '%(label)s' 열이 없습니다.") % {"label": COLUMN_LABELS[column]},
                )
                for column in missing
            ]
        )
    return columns, header_row


def template_workbook() -> bytes:
    """An empty sheet with the headers (양식), and one example row to show the spelling."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "조직도"
    sheet.append([str(COLUMN_LABELS[c]) for c in COLUMNS + CODE_COLUMNS])
    widths = (18, 16, 16, 12, 10, 28, 10, 12, 12, 12)
    for column, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- validation -------------------------------------------------------------------------

_NAME_MAX = User._meta.get_field("full_name").max_length
_NUMBER_MAX = User._meta.get_field("employee_number").max_length
_UNIT_MAX = Team._meta.get_field("name").max_length
_EMAIL_MAX = User._meta.get_field("email").max_length


# Every position ends in a consonant (팀원, 팀장, 과장, 실·국장), hence 은 and not 는.
_NEEDS_TEAM = gettext_lazy("%(position)s은 실·국, 과, 팀을 모두 적어야 합니다.")
_NEEDS_DIVISION = gettext_lazy("%(position)s은 실·국과 과를 적어야 합니다.")
_NEEDS_BUREAU = gettext_lazy("%(position)s은 실·국을 적어야 합니다.")


def _is_managed(user: User) -> bool:
    """People the sheet speaks for: an employee number and a place in the org chart.
    Accounts without either (admins, service accounts) are never touched by the import."""
    return bool(user.employee_number and user.position)


def _validate(rows: list[SheetRow], existing: list[User]) -> tuple[list[RowError], dict]:
    """Every problem of the sheet, row by row and column by column, and each valid row's
    position. Each column has its own check below."""
    seen: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.employee_number:
            seen[row.employee_number].append(row.row)
    accounts = _Accounts(
        by_number={u.employee_number: u for u in existing if u.employee_number},
        by_username={u.username: u for u in existing},
        seen=seen,
    )
    errors: list[RowError] = []
    positions: dict[int, str] = {}
    for row in rows:
        position, position_problems = _check_position(row)
        if position is not None:
            positions[row.row] = position
        problems = [
            *_check_number(row, accounts),
            *_check_name(row),
            *_check_email(row),
            *position_problems,
        ]
        errors += [RowError(row.row, column, message) for column, message in problems]
    errors.sort(key=lambda e: (e.row or 0, COLUMNS.index(e.field) if e.field in COLUMNS else 99))
    return errors, positions


@dataclass
class _Accounts:
    by_number: dict[str, User]
    by_username: dict[str, User]
    seen: dict[str, list[int]]  # employee number → the sheet rows that carry it


Problems = list[tuple[str, str]]  # (column, message)


def _check_number(row: SheetRow, accounts: _Accounts) -> Problems:
    number = row.employee_number
    if not number:
        return [("employee_number", _("사번이 비어 있습니다."))]
    if len(number) > _NUMBER_MAX:
        return [("employee_number", _("사번은 %(max)d자 이하여야 합니다.") % {"max": _NUMBER_MAX})]
    if len(accounts.seen[number]) > 1:
        others = ", ".join(str(n) for n in accounts.seen[number] if n != row.row)
        message = _(
            "같은 사번(%(number)s)이 %(rows)s행에도 있습니다. 한 사람은 한 행에만 적으세요."
        ) % {"number": number, "rows": others}
        return [("employee_number", message)]
    current = accounts.by_number.get(number)
    if current is not None and not _is_managed(current):
        message = _(
            "이 사번(%(number)s)은 조직도에 없는 계정(%(username)s)이 이미 쓰고 있습니다. 시스템 관리자에게 문의하세요."
        ) % {"number": number, "username": current.username}
        return [("employee_number", message)]
    if current is None and number in accounts.by_username:
        message = _(
            "아이디가 이 사번(%(number)s)과 같은 다른 계정이 있어 새 직원을 만들 수 없습니다."
        ) % {"number": number}
        return [("employee_number", message)]
    return []


def _check_name(row: SheetRow) -> Problems:
    if not row.name:
        return [("name", _("성명이 비어 있습니다."))]
    if len(row.name) > _NAME_MAX:
        return [("name", _("성명은 %(max)d자 이하여야 합니다.") % {"max": _NAME_MAX})]
    return []


def _check_email(row: SheetRow) -> Problems:
    if not row.email:
        return []
    try:
        validate_email(row.email)
        if len(row.email) > _EMAIL_MAX:
            raise ValidationError("too long")
    except ValidationError:
        message = _("이메일 주소 '%(email)s'의 형식이 올바르지 않습니다.") % {"email": row.email}
        return [("email", message)]
    return []


# The units each position must name, and what to say when one is missing.
_UNITS_NEEDED = {
    Position.TEAM_MEMBER: (("bureau", "division", "team"), _NEEDS_TEAM),
    Position.TEAM_LEADER: (("bureau", "division", "team"), _NEEDS_TEAM),
    Position.DIVISION_HEAD: (("bureau", "division"), _NEEDS_DIVISION),
    Position.BUREAU_DIRECTOR: (("bureau",), _NEEDS_BUREAU),
}


def _check_position(row: SheetRow) -> tuple[str | None, Problems]:
    """The row's position (None when it has none that is valid), and the problems of the
    position and of the units it needs."""
    if not row.position:
        return None, [("position", _("직위가 비어 있습니다."))]
    position = POSITIONS.get(_norm(row.position))
    if position is None:
        message = _(
            "알 수 없는 직위 '%(position)s'입니다. 팀원, 팀장, 과장, 실·국장 중 하나로 적으세요."
        ) % {"position": row.position}
        return None, [("position", message)]
    needed, needs = _UNITS_NEEDED[position]
    problems: Problems = []
    for column in needed:
        value = getattr(row, column)
        if not value:
            message = (
                _("%(unit)s 칸이 비어 있습니다.") % {"unit": COLUMN_LABELS[column]}
                + " "
                + needs % {"position": Position(position).label}
            )
            problems.append((column, message))
        elif len(value) > _UNIT_MAX:
            message = _("조직 이름은 %(max)d자 이하여야 합니다.") % {"max": _UNIT_MAX}
            problems.append((column, message))
    return position, problems


# --- units ------------------------------------------------------------------------------


class _Units:
    """The org chart in memory: every unit loaded once, new ones created in bulk per level."""

    def __init__(self, now, *, codes=None, renames=None):
        self.now = now
        self.created = 0
        self.reactivated: list = []
        self.new_units: list[tuple[Any, tuple[str, str, str]]] = []  # (unit, sheet path)
        self.closed: list = []
        self.renames = UnitMatcher(codes or {}, renames or {})
        # Three queries for the whole chart; parents are wired up in memory so that
        # team.division.bureau never goes back to the database.
        bureaus = {b.pk: b for b in Bureau.objects.all()}
        divisions = {d.pk: d for d in Division.objects.all()}
        self.bureaus: dict[str, list[Bureau]] = defaultdict(list)
        for b in bureaus.values():
            self.bureaus[b.name].append(b)
        self.divisions: dict[tuple[int, str], list[Division]] = defaultdict(list)
        for d in divisions.values():
            d.bureau = bureaus[d.bureau_id]
            self.divisions[(d.bureau_id, d.name)].append(d)
        self.teams: dict[tuple[int, str], list[Team]] = defaultdict(list)
        for t in Team.objects.all():
            t.division = divisions[t.division_id]
            self.teams[(t.division_id, t.name)].append(t)
        self._next_bureau_order = max(
            (b.display_order for units in self.bureaus.values() for b in units), default=0
        )
        self.used: set[tuple[type, int]] = set()
        self.renames.index([*bureaus.values(), *divisions.values(), *self._all(self.teams)])

    @staticmethod
    def _all(units: dict) -> list:
        return [u for group in units.values() for u in group]

    @staticmethod
    def _orders(units: dict[tuple[int, str], list]) -> dict[int, int]:
        """The highest display_order under each parent, so new units go after the old."""
        highest: dict[int, int] = defaultdict(int)
        for (parent, _name), group in units.items():
            highest[parent] = max(highest[parent], *(u.display_order for u in group))
        return highest

    def _use(self, unit):
        if not unit.is_active:
            unit.is_active = True
            unit.deactivated_at = None
            self.reactivated.append(unit)
        self.used.add((type(unit), unit.pk))
        return unit

    def resolve(self, names: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], Any]:
        """Map (bureau, division, team) name paths to units — (bureau, division, "") is a
        division, (bureau, "", "") a bureau — creating the missing ones level by level: three
        bulk inserts at most."""
        resolved: dict[tuple, Any] = {}
        # Bureaus, in order of first appearance for display_order.
        new_bureaus = []
        for bureau_name in dict.fromkeys(n[0] for n in names):
            path = (bureau_name, "", "")
            found = self.renames.match(path, self.bureaus.get(bureau_name, []), None)
            if found is not None:
                resolved[path] = self._use(found)
            else:
                self._next_bureau_order += 1
                bureau = Bureau(
                    name=bureau_name,
                    kind=bureau_kind_for(bureau_name),
                    display_order=self._next_bureau_order,
                    code=self.renames.code(path),
                )
                new_bureaus.append(bureau)
                resolved[path] = bureau
        self._create(Bureau, new_bureaus, resolved)

        new_divisions, order = [], self._orders(self.divisions)
        for bureau_name, division_name in dict.fromkeys((n[0], n[1]) for n in names if n[1]):
            bureau = resolved[(bureau_name, "", "")]
            path = (bureau_name, division_name, "")
            found = self.renames.match(
                path, self.divisions.get((bureau.pk, division_name), []), bureau
            )
            if found is not None:
                unit = self._use(found)
            else:
                order[bureau.pk] += 1
                unit = Division(
                    bureau=bureau,
                    name=division_name,
                    display_order=order[bureau.pk],
                    code=self.renames.code(path),
                )
                new_divisions.append(unit)
            resolved[path] = unit
        self._create(Division, new_divisions, resolved)

        new_teams, order = [], self._orders(self.teams)
        for path in dict.fromkeys(n for n in names if n[2]):
            division = resolved[(*path[:2], "")]
            found = self.renames.match(path, self.teams.get((division.pk, path[2]), []), division)
            if found is not None:
                unit = self._use(found)
            else:
                order[division.pk] += 1
                unit = Team(
                    division=division,
                    name=path[2],
                    display_order=order[division.pk],
                    code=self.renames.code(path),
                )
                new_teams.append(unit)
            resolved[path] = unit
        self._create(Team, new_teams, resolved)
        return resolved

    def _create(self, model, units: list, resolved: dict) -> None:
        # Renames first: a new unit may take the name a renamed one leaves.
        self.renames.save(model, self.now)
        if units:
            paths = {id(unit): path for path, unit in resolved.items()}
            self.new_units += [(unit, paths[id(unit)]) for unit in units]
            model.objects.bulk_create(units, batch_size=1000)
            self.created += len(units)
            self.used.update((model, u.pk) for u in units)

    def save_reactivated(self) -> None:
        for model in (Bureau, Division, Team):
            units = [u for u in self.reactivated if isinstance(u, model)]
            if units:
                for u in units:
                    u.updated_at = self.now
                model.objects.bulk_update(units, ["is_active", "deactivated_at", "updated_at"])

    def deactivate_unused(self, people: Iterable[User]) -> int:
        """Close the active units the sheet no longer names, unless someone active (an
        account the import does not manage) or an active sub-unit still sits in them."""
        occupied: set[tuple[type, int]] = set()
        for p in people:
            if p.is_active:
                occupied.update(
                    {(Bureau, p.bureau_id), (Division, p.division_id), (Team, p.team_id)}
                )
        closing: dict[type, list[int]] = {}
        kept_children: set[tuple[type, int]] = set()
        levels = [
            (Team, self.teams, Division, "division_id"),
            (Division, self.divisions, Bureau, "bureau_id"),
            (Bureau, self.bureaus, None, None),
        ]
        for model, units, parent_model, parent_attr in levels:
            closing[model] = []
            for unit in (u for group in units.values() for u in group if u.is_active):
                key = (model, unit.pk)
                if key in self.used or key in occupied or key in kept_children:
                    if parent_model:
                        kept_children.add((parent_model, getattr(unit, parent_attr)))
                    continue
                closing[model].append(unit.pk)
                self.closed.append(unit)
        total = 0
        for model, pks in closing.items():
            if pks:
                total += model.objects.filter(pk__in=pks).update(
                    is_active=False, deactivated_at=self.now, updated_at=self.now
                )
        return total


# --- the service --------------------------------------------------------------------------

_PERSON_FIELDS = ["full_name", "email", "position", "bureau", "division", "team", "is_active"]
_UPDATE_BATCH = 500  # keeps bulk_update's CASE WHEN short; 5% of a 5,000 sheet is one batch


@transaction.atomic
def orgchart_import(
    *,
    rows: Iterable[Mapping[str, Any]] | list[SheetRow] | None = None,
    file: str | IO[bytes] | None = None,
    by: User | None,
    dry_run: bool = False,
    renames: Mapping[tuple[str, tuple[str, str, str]], int] | None = None,
) -> ImportResult:
    """Bring the org chart and the people in line with an HR sheet (a file, or rows as
    dicts keyed by COLUMNS numbered from 2 as below a header row). ``by`` is the importing
    user, or None for the command line. With errors, or with ``dry_run``, nothing is saved;
    the result says what happened, or would have happened.

    ``renames`` is the planner's answer to the pairs of closed and new units the import
    proposed for a sheet without unit codes ({(level, sheet path): unit pk}, see
    departments.reorganisation). While it is None and there are such pairs, nothing is
    saved either: the result carries the proposals and ``needs_confirmation``.

    The steps: read the sheet, validate it against the accounts, find (or open) each
    row's unit, sort the people into new / changed / unchanged / departed, write."""
    _ensure_may_import(by)
    try:
        sheet = _sheet_of(rows, file)
    except SheetUnreadable as exc:
        return ImportResult(errors=exc.errors, dry_run=dry_run)

    result = ImportResult(rows=len(sheet), dry_run=dry_run)
    if not sheet:
        result.errors.append(RowError(None, "file", _("가져올 직원 행이 없습니다.")))
        return result

    # Every account, once: matching by employee number and checking usernames for clashes.
    people = list(User.objects.only("username", "employee_number", *_PERSON_FIELDS))
    checked = _check(sheet, people, result)
    if checked is None:
        return result
    positions, paths = checked
    units = _Units(timezone.now(), codes=reorganisation.sheet_codes(sheet, paths), renames=renames)
    heads = reorganisation.heads_before(people)  # before the accounts change in memory
    placed = _place(units, paths, result)
    if placed is None:
        return result
    changes = _sort_people(sheet, people, placed, (positions, paths), result, now=units.now)
    departed = _departed(people, listed={row.employee_number for row in sheet})
    _write(units, changes, departed, result)
    # Everyone's final place: the accounts the import left alone can keep a unit open.
    result.units_deactivated = units.deactivate_unused([*people, *changes.to_create])
    _follow_reorganisation(
        units, result, renames=renames, heads=heads, sheet=(sheet, positions, paths)
    )

    if dry_run or result.needs_confirmation:
        transaction.set_rollback(True)
    logger.info(
        "org chart import by %s%s: %s",
        by or "command line",
        " (dry run)" if dry_run else "",
        result.summary(),
    )
    return result


def _check(sheet: list[SheetRow], people: list[User], result: ImportResult):
    """The sheet against the accounts, then its unit codes: (positions, paths) by row, or
    None with the errors in ``result``."""
    result.errors, positions = _validate(sheet, people)
    if result.errors:
        return None
    paths = {row.row: _unit_path(row, positions[row.row]) for row in sheet}
    result.errors = [RowError(*problem) for problem in reorganisation.code_problems(sheet, paths)]
    if result.errors:
        return None
    return positions, paths


def _place(units: _Units, paths: dict, result: ImportResult) -> dict | None:
    """Each row's unit, found or opened; None (and nothing kept) when units conflict."""
    try:
        return units.resolve(list(paths.values()))
    except reorganisation.UnitConflict as exc:
        result.errors = [RowError(None, column, message) for column, message in exc.problems]
        transaction.set_rollback(True)
        return None


def _sort_people(sheet, people, placed, where, result: ImportResult, *, now) -> _Changes:
    """Each row's person: new, changed or unchanged (``where``: positions and paths)."""
    positions, paths = where
    changes = _Changes(result, now=now)
    by_number = {p.employee_number: p for p in people if p.employee_number}
    for row in sheet:
        values = _person_values(row, placed[paths[row.row]], positions[row.row])
        changes.add(row, by_number.get(row.employee_number), values)
    return changes


def _follow_reorganisation(units: _Units, result: ImportResult, *, renames, heads, sheet) -> None:
    """Drafts follow their renamed or moved units; without the planner's answer, the closed
    and new units believed the same become proposals and the import waits for it."""
    result.renamed = units.renames.done
    reorganisation.drafts_follow_units(units.renames.followers())
    if renames is not None:
        return
    rows, positions, paths = sheet
    result.proposals = reorganisation.propose_renames(
        new_units=units.new_units,
        closed=units.closed,
        before=heads,
        after=reorganisation.heads_in_sheet(rows, positions, paths),
    )
    result.needs_confirmation = bool(result.proposals) and not result.dry_run


def _departed(people: list[User], *, listed: set[str]) -> list[User]:
    """The active people the org chart speaks for whom the sheet no longer lists."""
    return [p for p in people if p.is_active and _is_managed(p) and p.employee_number not in listed]


def _ensure_may_import(by: User | None) -> None:
    if by is not None:
        ensure_allowed(
            by.has_perm("departments.import_orgchart"),
            _("조직도는 기획조정실과 시스템 관리자만 가져올 수 있습니다."),
        )


def _sheet_of(rows, file) -> list[SheetRow]:
    """The rows to import, read from the file or taken as given (raises SheetUnreadable)."""
    if (rows is None) == (file is None):
        raise TypeError("orgchart_import needs exactly one of rows= or file=")
    if file is not None:
        return read_sheet(file)
    rows = list(rows)
    return rows if rows and isinstance(rows[0], SheetRow) else rows_from_mappings(rows)


def _unit_path(row: SheetRow, position: str) -> tuple[str, str, str]:
    """The unit a person belongs to by position: team, division, or bureau."""
    if position in (Position.TEAM_MEMBER, Position.TEAM_LEADER):
        return (row.bureau, row.division, row.team)
    if position == Position.DIVISION_HEAD:
        return (row.bureau, row.division, "")
    return (row.bureau, "", "")


def _person_values(row: SheetRow, unit, position: str) -> dict[str, Any]:
    team = unit if isinstance(unit, Team) else None
    division = team.division if team else (unit if isinstance(unit, Division) else None)
    bureau = division.bureau if division else unit
    return {
        "full_name": row.name,
        "email": row.email,
        "position": position,
        "bureau_id": bureau.pk,
        "division_id": division.pk if division else None,
        "team_id": team.pk if team else None,
    }


class _Changes:
    """The accounts to create and to update, and the counts the result reports."""

    def __init__(self, result: ImportResult, *, now):
        self.result = result
        self.now = now
        self.to_create: list[User] = []
        self.to_update: list[User] = []
        # Only the columns that changed for someone: bulk_update builds a CASE WHEN per
        # column and row, and building it dominates the time of a re-import with moves.
        self.update_fields: set[str] = set()
        self._unusable: str | None = None

    def add(self, row: SheetRow, person: User | None, values: dict[str, Any]) -> None:
        if person is None:
            self._create(row, values)
            return
        changed = self._count(person, values)
        if changed is None:
            return
        for k, v in values.items():
            setattr(person, k, v)
        person.is_active = True
        self.to_update.append(person)
        self.update_fields.update(changed)

    def _create(self, row: SheetRow, values: dict[str, Any]) -> None:
        # One unusable hash for every newcomer: hashing thousands would take minutes,
        # and an unusable password can never be checked, so sharing it reveals nothing.
        self._unusable = self._unusable or make_password(None)
        self.to_create.append(
            User(
                username=row.employee_number,
                employee_number=row.employee_number,
                password=self._unusable,
                date_joined=self.now,
                **values,
            )
        )

    def _count(self, person: User, values: dict[str, Any]) -> set[str] | None:
        """The fields that change for ``person`` (None: nothing), counted in the result."""
        result = self.result
        changed = {k.removesuffix("_id") for k, v in values.items() if getattr(person, k) != v}
        if not person.is_active:
            result.reactivated += 1
            changed.add("is_active")
        elif changed & {"bureau", "division", "team"}:
            result.moved += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
            return None
        return changed


def _write(units: _Units, changes: _Changes, departed: list[User], result: ImportResult) -> None:
    for p in departed:
        p.is_active = False
    result.created = len(changes.to_create)
    result.deactivated = len(departed)
    units.save_reactivated()
    User.objects.bulk_create(changes.to_create, batch_size=1000)
    if changes.to_update:
        fields = [f for f in _PERSON_FIELDS if f in changes.update_fields]
        User.objects.bulk_update(changes.to_update, fields, batch_size=_UPDATE_BATCH)
    for start in range(0, len(departed), _UPDATE_BATCH):
        batch = departed[start : start + _UPDATE_BATCH]
        User.objects.filter(pk__in=[p.pk for p in batch]).update(is_active=False)
    result.units_created = units.created
    result.units_reactivated = len(units.reactivated)
