"""Who may do what with benchmarking visits.

Any member of a team plans a visit for the team; the division head of the team's division
approves it, the bureau director when the visit goes overseas. The group (and whoever
planned it) files the report and opens derived ideas. Every member of staff reads visits
and the year-end report (no silos); the planning office runs the programmes.
"""

from __future__ import annotations

import rules

from departments.models import Position
from departments.permissions import belongs_to_a_team, is_planning_office, is_system_admin
from visits.models import Visit

manages_visits = is_planning_office | is_system_admin


def _in_group(user, visit: Visit) -> bool:
    if not user.is_authenticated:
        return False
    if visit.planned_by_id == user.pk:
        return True
    return any(m.person_id == user.pk for m in visit.members.all())


@rules.predicate
def can_plan_visit(user) -> bool:
    return bool(belongs_to_a_team(user))


@rules.predicate
def can_decide_visit(user, visit: Visit | None) -> bool:
    if visit is None or visit.status != Visit.Status.PLANNED or not user.is_authenticated:
        return False
    if visit.is_overseas:
        return user.position == Position.BUREAU_DIRECTOR and user.bureau_id == visit.bureau_id
    return user.position == Position.DIVISION_HEAD and user.division_id == visit.division_id


@rules.predicate
def can_report_visit(user, visit: Visit | None) -> bool:
    return bool(
        visit is not None and visit.status == Visit.Status.APPROVED and _in_group(user, visit)
    )


@rules.predicate
def can_derive_idea(user, visit: Visit | None) -> bool:
    return bool(
        visit is not None
        and visit.status == Visit.Status.REPORTED
        and user.is_authenticated
        and user.team_id
        and _in_group(user, visit)
    )


@rules.predicate
def can_add_member(user, visit: Visit | None) -> bool:
    """Whoever planned the visit, or anyone of its team, while it has not yet happened on
    paper (planned or approved); the planning office too."""
    if visit is None or not user.is_authenticated:
        return False
    if visit.status not in (Visit.Status.PLANNED, Visit.Status.APPROVED):
        return False
    return bool(
        visit.planned_by_id == user.pk or user.team_id == visit.team_id or manages_visits(user)
    )


@rules.predicate
def can_attach_to_visit(user, visit: Visit | None) -> bool:
    """The group files the report's attachments and the proof of an approved visit."""
    return bool(
        visit is not None
        and visit.status in (Visit.Status.APPROVED, Visit.Status.REPORTED)
        and _in_group(user, visit)
    )


rules.add_perm("visits.view_visits", rules.is_authenticated)
rules.add_perm("visits.add_member", can_add_member)
rules.add_perm("visits.attach_to_visit", can_attach_to_visit)
rules.add_perm("visits.plan_visit", can_plan_visit)
rules.add_perm("visits.decide_visit", can_decide_visit)
rules.add_perm("visits.report_visit", can_report_visit)
rules.add_perm("visits.derive_idea", can_derive_idea)
rules.add_perm("visits.manage_programmes", manages_visits)
rules.add_perm("visits", manages_visits)
for _model in ("visitprogramme", "visit", "visitmember", "derivedidea", "visitattachment"):
    rules.add_perm(f"visits.view_{_model}", manages_visits)
