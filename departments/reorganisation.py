"""Reorganisation (조직개편) in the org chart import: a renamed or moved unit stays the same
unit, so its drafts, quotas, exemptions, rollout plans and history follow it.

- A sheet that carries the HR office's unit codes (실·국 코드, 과 코드, 팀 코드) says which
  unit a row means whatever its name: a new name under a known code is a rename, a new
  parent a move (``departments.importer._Units`` finds units by code first).
- A sheet without codes names units only: a unit whose name changed looks closed and a new
  one opened. The import then pairs such closed and new units that it believes are the same
  (same head, or same parent and a similar name) and asks the planning office to confirm
  before anything is written (``propose_renames``); the confirmed pairs come back as
  ``renames`` and are applied as renames.

What was submitted keeps the names it was submitted under (``Idea.team_name`` and the
like, frozen at the time); only drafts never submitted take the unit's new name and place
(``drafts_follow_units``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from departments.models import Bureau, Division, Position, Team, User

Path = tuple[str, str, str]  # (bureau, division, team) names; "" below the unit's level
LEVELS: dict[type, str] = {Bureau: "bureau", Division: "division", Team: "team"}
MODELS: dict[str, type] = {level: model for model, level in LEVELS.items()}
CODE_COLUMNS = {"bureau": "bureau_code", "division": "division_code", "team": "team_code"}
# The parent's attribute of each level (a bureau has none).
PARENT = {Bureau: None, Division: "bureau", Team: "division"}
_HEAD_POSITIONS = {
    Position.TEAM_LEADER: Team,
    Position.DIVISION_HEAD: Division,
    Position.BUREAU_DIRECTOR: Bureau,
}
# difflib's ratio of two names for "similar": 금융지원팀 / 금융정책팀 is 0.6.
SIMILAR_NAMES = 0.5
_CODE_MAX = Team._meta.get_field("code").max_length


@dataclass(frozen=True)
class UnitRename:
    """One unit the import renames or moves (done), or believes renamed (proposed)."""

    level: str  # "bureau", "division" or "team"
    unit_pk: int
    old_name: str  # with its parents, as the planning office knew it
    new_path: Path
    reason: str = ""

    @property
    def level_label(self) -> str:
        return str(MODELS[self.level]._meta.verbose_name)

    @property
    def new_name(self) -> str:
        return " ".join(name for name in self.new_path if name)

    @property
    def key(self) -> tuple[str, Path]:
        return (self.level, self.new_path)

    def as_list(self) -> list:
        """JSON for the session, between the preview and the confirmation."""
        return [self.level, self.unit_pk, list(self.new_path)]


def renames_from(pairs: Iterable[UnitRename]) -> dict[tuple[str, Path], int]:
    """The ``renames`` argument of ``orgchart_import`` for the pairs the planner confirmed."""
    return {pair.key: pair.unit_pk for pair in pairs}


def unit_paths(path: Path) -> list[tuple[type, Path]]:
    """The units a row's path names, top down: (Bureau, (b, "", "")), (Division, …), …"""
    levels = [(Bureau, (path[0], "", ""))]
    if path[1]:
        levels.append((Division, (path[0], path[1], "")))
    if path[2]:
        levels.append((Team, path))
    return levels


def full_name(unit) -> str:
    if isinstance(unit, Team):
        return f"{unit.division.bureau.name} {unit.division.name} {unit.name}"
    if isinstance(unit, Division):
        return f"{unit.bureau.name} {unit.name}"
    return unit.name


# --- unit codes in the sheet --------------------------------------------------------------


def sheet_codes(rows: Iterable[Any], paths: dict[int, Path]) -> dict[Path, str]:
    """The code the sheet gives each unit path (rows checked by ``code_problems`` first)."""
    codes: dict[Path, str] = {}
    for row in rows:
        for model, unit_path in unit_paths(paths[row.row]):
            code = getattr(row, CODE_COLUMNS[LEVELS[model]], "")
            if code:
                codes[unit_path] = code
    return codes


def code_problems(rows: Iterable[Any], paths: dict[int, Path]) -> list[tuple[int, str, str]]:
    """(row, column, message) for codes that contradict each other: one unit with two codes,
    or one code for two units of a level."""
    problems: list[tuple[int, str, str]] = []
    code_of: dict[Path, tuple[str, int]] = {}
    path_of: dict[tuple[type, str], tuple[Path, int]] = {}
    for row in rows:
        if row.row not in paths:
            continue
        for model, unit_path in unit_paths(paths[row.row]):
            column = CODE_COLUMNS[LEVELS[model]]
            code = getattr(row, column, "")
            if not code:
                continue
            if len(code) > _CODE_MAX:
                problems.append(
                    (
                        row.row,
                        column,
                        _("부서 코드는 %(max)d자 이하여야 합니다.") % {"max": _CODE_MAX},
                    )
                )
                continue
            known_code, first = code_of.setdefault(unit_path, (code, row.row))
            known_path, first_path_row = path_of.setdefault((model, code), (unit_path, row.row))
            if known_code != code:
                message = _(
                    "%(unit)s의 코드가 %(first)d행(%(known)s)과 다릅니다(%(code)s). 한 조직에는 한 코드만 적으세요."
                ) % {
                    "unit": " ".join(n for n in unit_path if n),
                    "first": first,
                    "known": known_code,
                    "code": code,
                }
                problems.append((row.row, column, message))
            elif known_path != unit_path:
                message = _(
                    "코드 %(code)s는 %(first)d행에서 다른 조직(%(other)s)의 코드입니다. 한 코드는 한 조직에만 적으세요."
                ) % {
                    "code": code,
                    "first": first_path_row,
                    "other": " ".join(n for n in known_path if n),
                }
                problems.append((row.row, column, message))
    return problems


# --- proposals for a sheet without codes --------------------------------------------------


def heads_before(people: Iterable[User]) -> dict[tuple[type, int], set[str]]:
    """Each unit's head (팀장, 과장, 실·국장) by employee number, before the import moves
    anybody: read before the import changes the accounts in memory."""
    heads: dict[tuple[type, int], set[str]] = defaultdict(set)
    for person in people:
        model = _HEAD_POSITIONS.get(person.position)
        if model and person.is_active and person.employee_number:
            unit_id = getattr(person, f"{LEVELS[model]}_id")
            heads[(model, unit_id)].add(person.employee_number)
    return heads


def heads_in_sheet(
    rows: Iterable[Any], positions: dict[int, str], paths: dict[int, Path]
) -> dict[tuple[type, Path], set[str]]:
    heads: dict[tuple[type, Path], set[str]] = defaultdict(set)
    for row in rows:
        model = _HEAD_POSITIONS.get(positions[row.row])
        if model:
            heads[(model, paths[row.row])].add(row.employee_number)
    return heads


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def propose_renames(
    *,
    new_units: list[tuple[Any, Path]],
    closed: list[Any],
    before: dict[tuple[type, int], set[str]],
    after: dict[tuple[type, Path], set[str]],
) -> list[UnitRename]:
    """Pair each unit the import opens with a unit it closes that is believed the same: the
    same head, or the same parent (or a parent paired in turn) and a similar name. Top down,
    each closed unit paired once, the best match first."""
    proposals: list[UnitRename] = []
    paired: dict[tuple[type, int], int] = {}  # (model, new unit pk) → the closed unit's pk
    for model in (Bureau, Division, Team):
        candidates = [u for u in closed if isinstance(u, model)]
        taken: set[int] = set()
        for unit, path in ((u, p) for u, p in new_units if isinstance(u, model)):
            best: tuple[float, Any, str] | None = None
            for old in candidates:
                if old.pk in taken:
                    continue
                scored = _match(model, old, unit, path, paired, before, after)
                if scored and (best is None or scored[0] > best[0]):
                    best = (scored[0], old, scored[1])
            if best is None:
                continue
            _score, old, reason = best
            taken.add(old.pk)
            paired[(model, unit.pk)] = old.pk
            proposals.append(UnitRename(LEVELS[model], old.pk, full_name(old), path, reason))
    return proposals


def _match(model, old, new, path, paired, before, after) -> tuple[float, str] | None:
    similarity = _similarity(old.name, new.name)
    if before.get((model, old.pk), set()) & after.get((model, path), set()):
        return 2 + similarity, _("같은 장(팀장·과장·실·국장)")
    parent = PARENT[model]
    if parent is None:
        same_parent = True
    else:
        old_parent, new_parent = getattr(old, f"{parent}_id"), getattr(new, f"{parent}_id")
        parent_model = MODELS[parent]
        same_parent = (
            old_parent == new_parent or paired.get((parent_model, new_parent)) == old_parent
        )
    if same_parent and similarity >= SIMILAR_NAMES:
        return similarity, _("같은 상위 조직, 비슷한 이름")
    return None


# --- what follows a renamed unit ----------------------------------------------------------


def drafts_follow_units(units: Iterable[Any]) -> int:
    """Drafts never submitted take their unit's new name and place; an idea once submitted
    (it has a reference number) keeps the names it was submitted under. Teams move their
    drafts between divisions and bureaus; divisions their drafts between bureaus."""
    Idea = apps.get_model("ideas", "Idea")
    drafts = Idea.objects.filter(reference_number__isnull=True)
    updated = 0
    # Top down, so that a team's update reads its division's new name.
    for unit in sorted(units, key=lambda u: list(LEVELS).index(type(u))):
        if isinstance(unit, Bureau):
            updated += drafts.filter(bureau=unit).update(bureau_name=unit.name)
        elif isinstance(unit, Division):
            updated += drafts.filter(division=unit).update(
                division_name=unit.name, bureau_id=unit.bureau_id, bureau_name=unit.bureau.name
            )
        else:
            division = unit.division
            updated += drafts.filter(team=unit).update(
                team_name=unit.name,
                division_id=division.pk,
                division_name=division.name,
                bureau_id=division.bureau_id,
                bureau_name=division.bureau.name,
            )
    return updated


# --- finding the unit a sheet path means --------------------------------------------------


def pick(units: list) -> Any:
    """The active unit of a name, else the most recently closed one (to reopen it)."""
    active = [u for u in units if u.is_active]
    if active:
        return active[0]
    return max(units, key=lambda u: (u.deactivated_at, u.pk))


class UnitConflict(Exception):
    """A rename would give a unit the name of another unit that stays open beside it."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(message for _column, message in problems))
        self.problems = problems  # (column, message)


class UnitMatcher:
    """Which existing unit a sheet path means: the unit of the path's code, else the unit
    the planner confirmed for the path, else the unit of that name under that parent (one
    that the sheet gives to no other path). A unit found by code or confirmation takes the
    sheet's name and parent; the changes are saved level by level (``save``)."""

    def __init__(self, codes: dict[Path, str], renames: dict[tuple[str, Path], int]):
        self.codes = codes
        self.renames = renames
        self.claimed_codes = {(model, code) for model, _p, code in self._coded()}
        self.by_code: dict[tuple[type, str], Any] = {}
        self.by_pk: dict[tuple[type, int], Any] = {}
        self.old_names: dict[tuple[type, int], str] = {}
        self.claimed_pks: set[tuple[type, int]] = set()
        self.changed: list[Any] = []  # units with a new name, parent or code, to save
        self.done: list[UnitRename] = []  # the renames and moves, for the report

    def _coded(self):
        for path, code in self.codes.items():
            model = Team if path[2] else Division if path[1] else Bureau
            yield model, path, code

    def index(self, units: Iterable[Any]) -> None:
        for unit in units:
            self.by_pk[(type(unit), unit.pk)] = unit
            # Read before any rename: a team's full name reads its division's name.
            self.old_names[(type(unit), unit.pk)] = full_name(unit)
            if unit.code:
                self.by_code[(type(unit), unit.code)] = unit
        self.claimed_pks = {(MODELS[level], pk) for (level, _path), pk in self.renames.items()} | {
            (type(u), u.pk) for (m, c), u in self.by_code.items() if (m, c) in self.claimed_codes
        }

    def code(self, path: Path) -> str:
        return self.codes.get(path, "")

    def match(self, path: Path, same_name: list, parent) -> Any | None:
        model = Team if path[2] else Division if path[1] else Bureau
        code = self.code(path)
        unit = self.by_code.get((model, code)) if code else None
        if unit is None and (LEVELS[model], path) in self.renames:
            unit = self.by_pk.get((model, self.renames[(LEVELS[model], path)]))
        if unit is None:
            # A unit of the same name that the sheet gives to another path is not this one.
            free = [u for u in same_name if (model, u.pk) not in self.claimed_pks]
            if not free:
                return None
            unit = pick(free)
        self._adopt(unit, path, parent, code)
        return unit

    def _adopt(self, unit, path: Path, parent, code: str) -> None:
        name = path[2] or path[1] or path[0]
        attribute = PARENT[type(unit)]
        moved = attribute is not None and getattr(unit, f"{attribute}_id") != parent.pk
        renamed = unit.name != name
        recoded = bool(code) and unit.code != code
        if renamed or moved:
            old_name = self.old_names[(type(unit), unit.pk)]
            self.done.append(UnitRename(LEVELS[type(unit)], unit.pk, old_name, path))
            unit.name = name
            if moved:
                setattr(unit, attribute, parent)
        if code:
            unit.code = code
        if (renamed or moved or recoded) and unit not in self.changed:
            self.changed.append(unit)

    def save(self, model, now) -> None:
        """Write this level's renames, moves and new codes: names in two steps, so that two
        units may swap names; refused when an open unit outside the sheet keeps the name."""
        units = [u for u in self.changed if isinstance(u, model)]
        if not units:
            return
        self._ensure_names_free(model, units)
        fields = ["name", "code", "updated_at"]
        if PARENT[model]:
            fields.append(PARENT[model])
        for unit in units:
            unit.updated_at = now
        final = {unit.pk: unit.name for unit in units}
        for unit in units:
            unit.name = f"~{unit.pk}"
        model.objects.bulk_update(units, ["name"])
        for unit in units:
            unit.name = final[unit.pk]
        model.objects.bulk_update(units, fields)

    def _ensure_names_free(self, model, units: list) -> None:
        attribute = PARENT[model]
        parent_of = (lambda u: getattr(u, f"{attribute}_id")) if attribute else (lambda u: None)
        changed = {u.pk for u in units}
        taken = {
            (parent_of(u), u.name): u
            for (m, _pk), u in self.by_pk.items()
            if m is model and u.is_active and u.pk not in changed
        }
        problems = []
        for unit in units:
            other = taken.get((parent_of(unit), unit.name))
            if other is not None:
                column = CODE_COLUMNS[LEVELS[model]]
                message = _(
                    "%(name)s: 같은 이름의 다른 조직(코드 %(code)s)이 운영 중이라 이름을 바꿀 수 "
                    "없습니다. 그 조직의 새 이름이나 코드를 파일에 함께 적으세요."
                ) % {"name": unit.name, "code": other.code or "-"}
                problems.append((column, message))
        if problems:
            raise UnitConflict(problems)

    def followers(self) -> list[Any]:
        """The renamed or moved units, whose drafts follow them."""
        keys = {(MODELS[r.level], r.unit_pk) for r in self.done}
        return [self.by_pk[key] for key in keys]
