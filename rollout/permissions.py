"""Who may do what in rollout, once, for pages, API, admin and exports.

- The planning office (and system admins) manage everything: calendars, "cannot implement"
  statements, any plan. The governor's office (reviewers) sees every plan.
- A bureau director oversees the plans of their bureau and accepts or sends back reports.
- The lead team edits its plan and writes reports; its leader files them.
- Every member of staff reads a plan's summary and its filed reports (no silos); drafts of
  reports stay with the owning teams until filed.
"""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet

from departments.permissions import (
    is_bureau_director,
    is_division_head,
    is_planning_office,
    is_reviewer,
    is_staff_member,
    is_system_admin,
    is_team_leader,
)

manages_rollout = is_system_admin | is_planning_office
sees_all_plans = manages_rollout | is_reviewer


@rules.predicate
def directs_plan(user, plan) -> bool:
    return bool(plan is not None and is_bureau_director(user) and user.bureau_id == plan.bureau_id)


@rules.predicate
def leads_plan(user, plan) -> bool:
    """A member of the lead team."""
    return bool(plan is not None and user.is_authenticated and user.team_id == plan.lead_team_id)


def _co_owner_team_ids(plan) -> set[int]:
    cache = getattr(plan, "_prefetched_objects_cache", {})
    if "co_owners" in cache:
        return {c.team_id for c in cache["co_owners"]}
    return set(plan.co_owners.values_list("team_id", flat=True))


@rules.predicate
def owns_plan(user, plan) -> bool:
    """A member of the lead team or of a co-owning team."""
    if plan is None or not user.is_authenticated or not user.team_id:
        return False
    return user.team_id == plan.lead_team_id or user.team_id in _co_owner_team_ids(plan)


@rules.predicate
def plan_is_open(user, plan) -> bool:
    from rollout.models import RolloutPlan

    return bool(
        plan is not None and plan.status in (RolloutPlan.Status.DRAFT, RolloutPlan.Status.ACTIVE)
    )


can_view_plan = is_staff_member
can_edit_plan = (leads_plan & plan_is_open) | manages_rollout
can_file_plan = leads_plan & is_team_leader & plan_is_open
can_file_cannot = leads_plan & is_team_leader & plan_is_open
can_decide_cannot = manages_rollout
can_complete_plan = (leads_plan & is_team_leader) | directs_plan | manages_rollout
can_manage_calendars = manages_rollout
can_view_board = is_staff_member


@rules.predicate
def can_view_report(user, report) -> bool:
    from rollout.models import ProgressReport

    if report is None or not user.is_authenticated:
        return False
    return report.status != ProgressReport.Status.DRAFT or owns_plan(user, report.plan)


@rules.predicate
def can_edit_report(user, report) -> bool:
    from rollout.models import ProgressReport

    return bool(
        report is not None
        and leads_plan(user, report.plan)
        and report.status in (ProgressReport.Status.DRAFT, ProgressReport.Status.SENT_BACK)
    )


# Attachments ride with the report: the lead team adds and removes them while it may edit
# the report (drafts' files stay with the team); whoever reads the report downloads them.
can_attach_report = can_edit_report


@rules.predicate
def can_file_report(user, report) -> bool:
    return bool(can_edit_report(user, report) and is_team_leader(user))


@rules.predicate
def can_review_report(user, report) -> bool:
    from rollout.models import ProgressReport

    return bool(
        report is not None
        and report.status == ProgressReport.Status.FILED
        and directs_plan(user, report.plan)
    )


@rules.predicate
def can_follow_up_directive(user, directive) -> bool:
    return bool(
        directive is not None
        and (
            manages_rollout(user)
            or is_reviewer(user)
            or (is_bureau_director(user) and user.bureau_id == directive.responsible_bureau_id)
        )
    )


def board_scope(user, plans: QuerySet) -> QuerySet:
    """The plans on ``user``'s board: all for the planning office and the governor's
    office, the bureau's for a director, the division's for a division head, the team's
    (lead or co-owner) for everyone else."""
    if sees_all_plans(user):
        return plans
    if is_bureau_director(user):
        return plans.filter(bureau_id=user.bureau_id)
    if is_division_head(user):
        return plans.filter(
            Q(lead_team__division_id=user.division_id)
            | Q(co_owners__team__division_id=user.division_id)
        ).distinct()
    if user.team_id:
        return plans.filter(
            Q(lead_team_id=user.team_id) | Q(co_owners__team_id=user.team_id)
        ).distinct()
    return plans.none()


rules.add_perm("rollout.view_board", can_view_board)
rules.add_perm("rollout.view_plan", can_view_plan)
rules.add_perm("rollout.change_plan", can_edit_plan)
rules.add_perm("rollout.file_plan", can_file_plan)
rules.add_perm("rollout.file_cannot", can_file_cannot)
rules.add_perm("rollout.decide_cannot", can_decide_cannot)
rules.add_perm("rollout.complete_plan", can_complete_plan)
rules.add_perm("rollout.manage_calendars", can_manage_calendars)
rules.add_perm("rollout.view_report", can_view_report)
rules.add_perm("rollout.change_report", can_edit_report)
rules.add_perm("rollout.file_report", can_file_report)
rules.add_perm("rollout.attach_report", can_attach_report)
rules.add_perm("rollout.review_report", can_review_report)
rules.add_perm("rollout.follow_up_directive", can_follow_up_directive)
# Django admin: the planning office.
rules.add_perm("rollout", manages_rollout)
for _model in (
    "rolloutplan",
    "budgetround",
    "councilsession",
    "seasonrolloutsetting",
    "progressreport",
    "directivefollowup",
):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"rollout.{_action}_{_model}", manages_rollout)
