"""State changes of the organisation (조직개편): deactivation and reactivation of units.

The import of the HR sheet (``orgchart_import``) is a service too; it lives in
``departments.importer`` with its sheet reading and validation, and is re-exported here.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ensure, ensure_allowed
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


def user_send_password_reset(*, user, by) -> None:
    """A system administrator e-mails a person a one-time link to set their password
    (people imported from the HR sheet start without one)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from departments.permissions import is_system_admin
    from notifications.services import absolute_url

    ensure_allowed(
        is_system_admin(by), _("비밀번호 재설정 링크는 시스템 관리자만 보낼 수 있습니다.")
    )
    ensure(user.is_active, _("퇴직(비활성) 직원에게는 보낼 수 없습니다."))
    ensure(bool(user.email), _("이메일 주소가 없는 직원입니다: %(name)s") % {"name": user})
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    body = _(
        "%(name)s님, 아래 링크에서 새 비밀번호를 정하세요. 링크는 한 번만 쓸 수 있습니다.\n\n%(url)s"
    ) % {"name": user.full_name, "url": absolute_url(path)}
    send_mail(_("[도정혁신] 비밀번호 설정 링크"), body, None, [user.email])
