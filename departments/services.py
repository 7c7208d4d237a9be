"""State changes of the organisation (조직개편): deactivation and reactivation of units.

The import of the HR sheet (``orgchart_import``) is a service too; it lives in
``departments.importer`` with its sheet reading and validation, and is re-exported here.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ensure
from departments.importer import ImportResult, orgchart_import
from departments.models import Bureau, Division, Role, Team

OrgUnitModel = Bureau | Division | Team


def _active_children(unit: OrgUnitModel):
    if isinstance(unit, Bureau):
        return unit.divisions.filter(is_active=True)
    if isinstance(unit, Division):
        return unit.teams.filter(is_active=True)
    return Team.objects.none()


def _active_people(unit: OrgUnitModel):
    if isinstance(unit, Bureau):
        return unit.people.filter(is_active=True)
    if isinstance(unit, Division):
        return unit.people.filter(is_active=True)
    return unit.members.filter(is_active=True)


@transaction.atomic
def unit_deactivate(*, unit: OrgUnitModel) -> OrgUnitModel:
    """Close a unit in a reorganisation. Refused while active units or people remain in it,
    so that nobody is left in a closed unit; records keep referring to it (PROTECT)."""
    if not unit.is_active:
        return unit
    ensure(
        not _active_children(unit).exists(),
        _(
            "%(unit)s 아래에 운영 중인 하위 조직이 있어 폐지할 수 없습니다. 먼저 하위 조직을 폐지하거나 옮기세요."
        )
        % {"unit": unit.name},
    )
    ensure(
        not _active_people(unit).exists(),
        _(
            "%(unit)s에 재직 중인 직원이 있어 폐지할 수 없습니다. 먼저 직원을 다른 조직으로 옮기세요."
        )
        % {"unit": unit.name},
    )
    unit.is_active = False
    unit.deactivated_at = timezone.now()
    unit.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    return unit


@transaction.atomic
def unit_reactivate(*, unit: OrgUnitModel) -> OrgUnitModel:
    if isinstance(unit, Division):
        ensure(unit.bureau.is_active, _("상위 실·국이 폐지되어 다시 운영할 수 없습니다."))
    if isinstance(unit, Team):
        ensure(unit.division.is_active, _("상위 과가 폐지되어 다시 운영할 수 없습니다."))
    unit.is_active = True
    unit.deactivated_at = None
    unit.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    return unit


def role_groups_ensure() -> None:
    """The groups that carry the cross-cutting roles (Role). Migration 0002 creates them;
    ``flush`` (load_demo --reset) deletes them with every other row, so the demo restores them."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


__all__ = [
    "ImportResult",
    "orgchart_import",
    "role_groups_ensure",
    "unit_deactivate",
    "unit_reactivate",
]
