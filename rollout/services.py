"""Every state change of rollout: plans (opened by a published adoption, filed, "cannot
implement", completed), co-owners, tracks and their steps, milestones, KPIs, progress
reports, the budget and council calendars, and directive follow-up.

Each function checks ``rollout.permissions``, changes the database in one transaction and
records the change in the history (``core.HistoryEntry``) on the plan, so one timeline on
the plan page tells who changed what and when.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import BusinessRuleError, EditConflict, ensure, ensure_allowed
from core.models import HistoryEntry
from core.services import history_record
from departments.models import Team, User
from ideas.attachments import store_upload
from ideas.models import Idea, Season
from notifications.models import Notification
from notifications.services import notify
from rollout import permissions
from rollout.models import (
    PRE_ANNOUNCEMENT_MIN_DAYS,
    BudgetRound,
    BudgetTrack,
    CoOwner,
    CouncilSession,
    DirectiveFollowUp,
    ImmediateTrack,
    Kpi,
    KpiActual,
    Milestone,
    OrdinanceStep,
    OrdinanceTrack,
    ProgressReport,
    ReportAttachment,
    ReportCadence,
    RolloutPlan,
    SeasonRolloutSetting,
)

Status = RolloutPlan.Status
MAX_AMOUNT = 10**15  # one quadrillion won: more than any provincial budget


class RolloutAction:
    """History actions of rollout, as stored in HistoryEntry.action (on the plan)."""

    OPENED = "plan_opened"
    REOPENED = "plan_reopened"
    CLOSED = "plan_closed"
    UPDATED = "plan_updated"
    FILED = "plan_filed"
    CANNOT_FILED = "cannot_filed"
    CANNOT_ACCEPTED = "cannot_accepted"
    CANNOT_OVERRULED = "cannot_overruled"
    COMPLETED = "plan_completed"
    CO_OWNER_SET = "co_owner_set"
    CO_OWNER_REMOVED = "co_owner_removed"
    TRACK_SAVED = "track_saved"
    STEP_SAVED = "step_saved"
    MILESTONE_ADDED = "milestone_added"
    MILESTONE_DONE = "milestone_done"
    KPI_ADDED = "kpi_added"
    REPORT_SAVED = "report_saved"
    REPORT_FILED = "report_filed"
    REPORT_ACCEPTED = "report_accepted"
    REPORT_SENT_BACK = "report_sent_back"
    DIRECTIVE_FOLLOWED_UP = "directive_followed_up"
    CALENDAR_SAVED = "calendar_saved"
    ATTACHMENT_ADDED = "report_attachment_added"
    ATTACHMENT_REMOVED = "report_attachment_removed"


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _today() -> dt.date:
    return timezone.localdate()


def season_setting(season: Season) -> SeasonRolloutSetting:
    setting, _created = SeasonRolloutSetting.objects.get_or_create(season=season)
    return setting


def _paths_of(path: str) -> dict[str, bool]:
    return {
        "path_immediate": path == Idea.Path.IMMEDIATE,
        "path_budget": path == Idea.Path.BUDGET,
        "path_ordinance": path == Idea.Path.ORDINANCE,
    }


# Opening and closing with the decision ---------------------------------------------


def _new_plan(decision, setting: SeasonRolloutSetting) -> RolloutPlan:
    """The plan an adoption opens, unsaved."""
    idea = decision.idea
    adopted_on = timezone.localdate(decision.decided_at)
    return RolloutPlan(
        idea=idea,
        decision=decision,
        season_id=idea.season_id,
        bureau_id=idea.bureau_id,
        lead_team_id=idea.team_id,
        responsible_person_id=idea.created_by_id,
        adopted_on=adopted_on,
        due_date=add_months(adopted_on, setting.plan_due_months),
        goal=idea.proposal,
        expected_effect=idea.expected_effect,
        **_paths_of(decision.implementation_path or Idea.Path.IMMEDIATE),
    )


def _open_plan(decision, by: User | None) -> RolloutPlan:
    plan = _new_plan(decision, season_setting(decision.idea.season))
    plan.save()
    history_record(obj=plan, action=RolloutAction.OPENED, by=by, data={"decision": decision.pk})
    return plan


def _open_plans(decisions: list, by: User | None) -> list[RolloutPlan]:
    """``_open_plan`` for many adoptions at once: the plans in one insert, their history
    in another (a round's publication opens thousands in the scaled demo)."""
    seasons = Season.objects.in_bulk({d.idea.season_id for d in decisions})
    settings = {pk: season_setting(season) for pk, season in seasons.items()}
    plans = RolloutPlan.objects.bulk_create(
        [_new_plan(d, settings[d.idea.season_id]) for d in decisions]
    )
    HistoryEntry.objects.bulk_create(
        HistoryEntry(
            content_type=ContentType.objects.get_for_model(RolloutPlan),
            object_id=plan.pk,
            action=RolloutAction.OPENED,
            actor=by if by is not None and by.is_authenticated else None,  # as history_record
            data={"decision": plan.decision_id},
        )
        for plan in plans
    )
    return plans


def plan_follow_decision(*, decision, by: User | None) -> RolloutPlan | None:
    """Bring the idea's plan in line with its current, published decision: an adoption
    opens (or reopens) it, anything else closes it. The plan and its history stay."""
    from reviews.models import Decision

    adopted = decision.outcome in Decision.ADOPTED
    plan = RolloutPlan.objects.select_for_update().filter(idea_id=decision.idea_id).first()
    if plan is None:
        return _open_plan(decision, by) if adopted else None
    if adopted and plan.status == Status.CLOSED:
        plan.status = Status.DRAFT if plan.filed_at is None else Status.ACTIVE
        plan.decision = decision
        plan.version = F("version") + 1
        plan.save(update_fields=["status", "decision", "version", "updated_at"])
        history_record(
            obj=plan,
            action=RolloutAction.REOPENED,
            by=by,
            reason=decision.change_reason,
            data={"decision": decision.pk},
        )
    elif not adopted and plan.status != Status.CLOSED:
        plan.status = Status.CLOSED
        plan.decision = decision
        plan.version = F("version") + 1
        plan.save(update_fields=["status", "decision", "version", "updated_at"])
        history_record(
            obj=plan,
            action=RolloutAction.CLOSED,
            by=by,
            reason=decision.change_reason,
            data={"decision": decision.pk, "outcome": decision.outcome},
        )
    elif adopted and plan.decision_id != decision.pk:
        plan.decision = decision
        plan.save(update_fields=["decision", "updated_at"])
    plan.refresh_from_db()
    return plan


def plans_open_for_round(*, review_round, by: User | None) -> list[RolloutPlan]:
    """Called when a round's decisions are published: one plan per adoption. Only
    adoptions and ideas that have a plan are followed; any other decision would change
    nothing, and a first round decides every idea of the season (60,000 at the scaled
    demo's 200,000 ideas). Adoptions of ideas without a plan, all of them on a first
    publication, open theirs together."""
    from reviews.models import Decision

    has_plan = Exists(RolloutPlan.objects.filter(idea_id=OuterRef("idea_id")))
    decisions = list(
        review_round.decisions.filter(is_current=True)
        .filter(Q(outcome__in=Decision.ADOPTED) | has_plan)
        .annotate(has_plan=has_plan)
        .select_related("idea")
    )
    opened = _open_plans([d for d in decisions if not d.has_plan], by)
    followed = (plan_follow_decision(decision=d, by=by) for d in decisions if d.has_plan)
    return opened + [p for p in followed if p is not None]


# The plan itself -------------------------------------------------------------------

PLAN_FIELDS = {
    "responsible_person",
    "path_immediate",
    "path_budget",
    "path_ordinance",
    "start_date",
    "target_date",
    "goal",
    "method",
    "schedule",
    "budget_text",
    "expected_effect",
}


def _check_version(obj, version: int | None) -> None:
    if version is not None and int(version) != obj.version:
        raise EditConflict(
            _(
                "다른 사람이 먼저 고쳤습니다. 화면을 새로 고쳐 바뀐 내용을 확인한 뒤 다시 저장하세요."
            )
        )


def _validate_plan(plan: RolloutPlan) -> None:
    errors: dict[str | None, list[str]] = {}
    if not (plan.path_immediate or plan.path_budget or plan.path_ordinance):
        errors["path_immediate"] = [_("추진 방식을 하나 이상 고르세요.")]
    if plan.start_date and plan.target_date and plan.target_date < plan.start_date:
        errors["target_date"] = [_("목표일은 시작일보다 빠를 수 없습니다.")]
    for name in ("start_date", "target_date"):
        day = getattr(plan, name)
        if day and not (dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31)):
            errors[name] = [_("2000년부터 2100년 사이의 날짜를 입력하세요.")]
    person = plan.responsible_person
    if person is not None and not person.is_active:
        errors["responsible_person"] = [_("재직 중인 직원을 담당자로 지정하세요.")]
    if errors:
        raise BusinessRuleError(errors=errors)


def owner_staff(plan: RolloutPlan):
    """Who may be the plan's responsible person: active staff of its lead team and of its
    co-owning teams."""
    teams = [
        plan.lead_team_id,
        *CoOwner.objects.filter(plan=plan).values_list("team_id", flat=True),
    ]
    return User.objects.filter(is_active=True, team_id__in=teams)


def _validate_responsible(plan: RolloutPlan) -> None:
    """A newly named responsible person works in an owning unit (one named before keeps
    the plan editable if they move)."""
    person = plan.responsible_person
    if person is None:
        return
    ensure(
        owner_staff(plan).filter(pk=person.pk).exists(),
        _("주관 팀이나 협업 팀의 직원만 담당자로 지정할 수 있습니다."),
        field="responsible_person",
    )


@transaction.atomic
def plan_update(*, plan: RolloutPlan, by: User, version: int | None = None, **fields: Any):
    """Edit the plan; refused when someone saved it since ``version`` was read."""
    plan = RolloutPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_allowed(
        permissions.can_edit_plan(by, plan),
        _("주관 팀이나 기획조정실만 실시계획을 고칠 수 있습니다."),
    )
    _check_version(plan, version)
    unknown = set(fields) - PLAN_FIELDS
    ensure(not unknown, f"unknown fields: {sorted(unknown)}")
    before = {name: str(getattr(plan, name)) for name in fields}
    person_before = plan.responsible_person_id
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    _validate_plan(plan)
    if plan.responsible_person_id != person_before:
        _validate_responsible(plan)
    plan.version += 1
    plan.save()
    after = {name: str(getattr(plan, name)) for name in fields}
    changed = {k: v for k, v in after.items() if before[k] != v}
    history_record(
        obj=plan,
        action=RolloutAction.UPDATED,
        by=by,
        data={"before": {k: before[k] for k in changed}, "after": changed},
    )
    _refresh_warnings(plan)
    if plan.status == Status.ACTIVE:
        _ensure_report_slots(plan)
    return plan


def report_periods(start: dt.date, end: dt.date, cadence: str) -> list[dt.date]:
    """The period ends (quarter or half-year ends) from ``start``'s period to ``end``'s."""
    months = (3, 6, 9, 12) if cadence == ReportCadence.QUARTERLY else (6, 12)
    ends = []
    year = start.year
    while year <= end.year:
        for month in months:
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            first_of_period = add_months(last.replace(day=1), -(12 // len(months)) + 1)
            if last >= start and first_of_period <= end:
                ends.append(last)
        year += 1
    return ends


def _ensure_report_slots(plan: RolloutPlan) -> list[ProgressReport]:
    """A report (draft) for every period of the plan that has none yet."""
    if not (plan.start_date and plan.target_date):
        return []
    setting = season_setting(plan.season)
    have = set(plan.reports.values_list("period_end", flat=True))
    new = [
        ProgressReport(
            plan=plan,
            period_end=end,
            due_on=end + dt.timedelta(days=setting.report_due_days),
        )
        for end in report_periods(plan.start_date, plan.target_date, setting.report_cadence)
        if end not in have
    ]
    return ProgressReport.objects.bulk_create(new)


@transaction.atomic
def plan_file(*, plan: RolloutPlan, by: User) -> RolloutPlan:
    """The team leader files the plan (실시계획 제출); reports are scheduled from it."""
    plan = RolloutPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_allowed(
        permissions.can_file_plan(by, plan), _("주관 팀의 팀장만 실시계획을 제출할 수 있습니다.")
    )
    ensure(plan.status == Status.DRAFT, _("작성 중인 실시계획만 제출할 수 있습니다."))
    errors: dict[str | None, list[str]] = {}
    for name, message in (
        ("goal", _("추진 목표를 입력하세요.")),
        ("method", _("추진 방법을 입력하세요.")),
        ("start_date", _("시작일을 입력하세요.")),
        ("target_date", _("목표일을 입력하세요.")),
    ):
        if not getattr(plan, name):
            errors[name] = [message]
    if errors:
        raise BusinessRuleError(errors=errors)
    plan.status = Status.ACTIVE
    plan.filed_at = timezone.now()
    plan.version += 1
    plan.save()
    history_record(obj=plan, action=RolloutAction.FILED, by=by)
    _ensure_report_slots(plan)
    return plan


@transaction.atomic
def plan_cannot_file(*, plan: RolloutPlan, by: User, reason: str) -> RolloutPlan:
    """The team states why the idea cannot be implemented (실시불가 사유서)."""
    plan = RolloutPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_allowed(
        permissions.can_file_cannot(by, plan),
        _("주관 팀의 팀장만 실시불가 사유서를 제출할 수 있습니다."),
    )
    ensure(bool((reason or "").strip()), _("실시불가 사유를 입력하세요."), field="reason")
    plan.status = Status.CANNOT_FILED
    plan.cannot_reason = reason.strip()
    plan.cannot_filed_at = timezone.now()
    plan.version += 1
    plan.save()
    history_record(obj=plan, action=RolloutAction.CANNOT_FILED, by=by, reason=plan.cannot_reason)
    return plan


@transaction.atomic
def plan_cannot_decide(*, plan: RolloutPlan, by: User, accept: bool, note: str = "") -> RolloutPlan:
    """The planning office accepts the statement (plan dropped, reason kept) or overrules it
    (the plan is due again, one season-setting period from today)."""
    plan = RolloutPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_allowed(
        permissions.can_decide_cannot(by), _("실시불가 사유서는 기획조정실만 검토할 수 있습니다.")
    )
    ensure(plan.status == Status.CANNOT_FILED, _("검토할 실시불가 사유서가 없습니다."))
    note = (note or "").strip()
    if not accept:
        ensure(bool(note), _("반려하는 이유를 입력하세요."), field="note")
    plan.cannot_note = note
    if accept:
        plan.status = Status.DROPPED
    else:
        plan.status = Status.DRAFT if plan.filed_at is None else Status.ACTIVE
        plan.due_date = add_months(_today(), season_setting(plan.season).plan_due_months)
    plan.version += 1
    plan.save()
    history_record(
        obj=plan,
        action=RolloutAction.CANNOT_ACCEPTED if accept else RolloutAction.CANNOT_OVERRULED,
        by=by,
        reason=note,
        data={"due_date": str(plan.due_date)},
    )
    return plan


@transaction.atomic
def plan_complete(*, plan: RolloutPlan, by: User, completed_on: dt.date | None = None):
    plan = RolloutPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_allowed(
        permissions.can_complete_plan(by, plan),
        _("주관 팀장, 실·국장이나 기획조정실만 완료로 처리할 수 있습니다."),
    )
    ensure(plan.status == Status.ACTIVE, _("추진 중인 계획만 완료로 처리할 수 있습니다."))
    completed_on = completed_on or _today()
    ensure(completed_on <= _today(), _("완료일은 미래일 수 없습니다."), field="completed_on")
    plan.status = Status.DONE
    plan.completed_on = completed_on
    plan.version += 1
    plan.save()
    history_record(obj=plan, action=RolloutAction.COMPLETED, by=by, data={"on": str(completed_on)})
    return plan


# Co-owners -------------------------------------------------------------------------


@transaction.atomic
def co_owner_set(
    *, plan: RolloutPlan, by: User, team: Team, share_percent: int, role: str = ""
) -> CoOwner:
    """Add a co-owning unit or change its share; the shares of all co-owners stay below 100
    (the lead team keeps the rest)."""
    ensure_allowed(
        permissions.can_edit_plan(by, plan),
        _("주관 팀이나 기획조정실만 협업 부서를 정할 수 있습니다."),
    )
    ensure(team.pk != plan.lead_team_id, _("주관 팀은 협업 부서가 될 수 없습니다."), field="team")
    ensure(team.is_active, _("운영 중인 팀만 협업 부서로 지정할 수 있습니다."), field="team")
    try:
        share = int(share_percent)
    except (TypeError, ValueError):
        share = 0
    ensure(1 <= share <= 99, _("분담 비율은 1%부터 99%까지입니다."), field="share_percent")
    RolloutPlan.objects.select_for_update().filter(pk=plan.pk).first()
    others = plan.co_owners.exclude(team=team).aggregate(total=Coalesce(Sum("share_percent"), 0))[
        "total"
    ]
    ensure(
        others + share < 100,
        _(
            "협업 부서의 분담 비율 합계는 100%% 미만이어야 합니다(주관 팀 몫 포함). 지금 다른 협업 부서 합계: %(others)d%%"
        )
        % {"others": others},
        field="share_percent",
    )
    co_owner, _created = CoOwner.objects.update_or_create(
        plan=plan, team=team, defaults={"share_percent": share, "role": (role or "").strip()}
    )
    history_record(
        obj=plan,
        action=RolloutAction.CO_OWNER_SET,
        by=by,
        data={"team": team.name, "share_percent": share},
    )
    return co_owner


@transaction.atomic
def co_owner_remove(*, co_owner: CoOwner, by: User) -> None:
    plan = co_owner.plan
    ensure_allowed(
        permissions.can_edit_plan(by, plan),
        _("주관 팀이나 기획조정실만 협업 부서를 정할 수 있습니다."),
    )
    history_record(
        obj=plan, action=RolloutAction.CO_OWNER_REMOVED, by=by, data={"team": co_owner.team.name}
    )
    co_owner.delete()


# Tracks and their warnings ---------------------------------------------------------


def _amount(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        amount = int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        raise BusinessRuleError(_("금액은 원 단위 숫자로 입력하세요."), field=field) from None
    ensure(
        0 <= amount <= MAX_AMOUNT,
        _("금액은 0원부터 1,000조 원까지 입력할 수 있습니다."),
        field=field,
    )
    return amount


def budget_warning(track: BudgetTrack) -> str:
    """Why the money cannot be there in time, or ''."""
    plan = track.plan
    budget_round = track.budget_round
    if budget_round is None or plan.target_date is None:
        return ""
    if budget_round.available_on > plan.target_date:
        return _(
            "목표일(%(target)s)이 %(round)s 예산을 쓸 수 있는 날(%(available)s)보다 앞섭니다."
        ) % {
            "target": plan.target_date.isoformat(),
            "round": budget_round,
            "available": budget_round.available_on.isoformat(),
        }
    return ""


def ordinance_warning(track: OrdinanceTrack, *, today: dt.date | None = None) -> str:
    """Why the ordinance cannot reach its target session, or ''.

    A bill reaches the council only after the pre-announcement (at least 20 days) and the
    legal review; so the announcement must end by the session's submission deadline.
    """
    session = track.target_session
    if session is None:
        return ""
    today = today or _today()
    steps = {s.kind: s for s in track.steps.all()}
    announcement = steps.get(OrdinanceStep.Kind.PRE_ANNOUNCEMENT)
    if announcement is not None and announcement.actual_on:
        start = announcement.actual_on
    else:
        planned = announcement.planned_on if announcement is not None else None
        start = max(planned or today, today)
    earliest_end = start + dt.timedelta(days=PRE_ANNOUNCEMENT_MIN_DAYS)
    if announcement is not None and announcement.planned_until and not announcement.actual_on:
        earliest_end = max(earliest_end, announcement.planned_until)
    if earliest_end > session.submission_deadline:
        return _(
            "입법예고(%(days)d일 이상)가 %(end)s에야 끝나 %(session)s 안건 제출 마감일"
            "(%(deadline)s)에 맞출 수 없습니다."
        ) % {
            "days": PRE_ANNOUNCEMENT_MIN_DAYS,
            "end": earliest_end.isoformat(),
            "session": session,
            "deadline": session.submission_deadline.isoformat(),
        }
    return ""


def _refresh_warnings(plan: RolloutPlan) -> None:
    track = BudgetTrack.objects.filter(plan=plan).select_related("budget_round").first()
    if track is not None:
        track.plan = plan
        warning = budget_warning(track)
        if warning != track.warning:
            BudgetTrack.objects.filter(pk=track.pk).update(warning=warning)
    ordinance = OrdinanceTrack.objects.filter(plan=plan).select_related("target_session").first()
    if ordinance is not None:
        warning = ordinance_warning(ordinance)
        if warning != ordinance.warning:
            OrdinanceTrack.objects.filter(pk=ordinance.pk).update(warning=warning)


def _track_history(plan, by, track: str, data: dict) -> None:
    history_record(
        obj=plan,
        action=RolloutAction.TRACK_SAVED,
        by=by,
        data={"track": track, **{k: str(v) for k, v in data.items()}},
    )


@transaction.atomic
def immediate_track_save(
    *,
    plan: RolloutPlan,
    by: User,
    done_by: dt.date | None = None,
    done_on: dt.date | None = None,
    evidence: str = "",
) -> ImmediateTrack:
    ensure_allowed(
        permissions.can_edit_plan(by, plan), _("주관 팀이나 기획조정실만 고칠 수 있습니다.")
    )
    ensure(plan.path_immediate, _("즉시 시행 방식이 아닌 계획입니다."))
    if done_on is not None:
        ensure(done_on <= _today(), _("완료일은 미래일 수 없습니다."), field="done_on")
        ensure(bool((evidence or "").strip()), _("완료했으면 증빙을 입력하세요."), field="evidence")
    track, _created = ImmediateTrack.objects.update_or_create(
        plan=plan,
        defaults={"done_by": done_by, "done_on": done_on, "evidence": (evidence or "").strip()},
    )
    _track_history(plan, by, "immediate", {"done_by": done_by, "done_on": done_on})
    return track


@transaction.atomic
def budget_track_save(
    *,
    plan: RolloutPlan,
    by: User,
    amount_requested,
    budget_round: BudgetRound | None = None,
    status: str = BudgetTrack.Status.REQUESTED,
    amount_secured=None,
) -> BudgetTrack:
    ensure_allowed(
        permissions.can_edit_plan(by, plan), _("주관 팀이나 기획조정실만 고칠 수 있습니다.")
    )
    ensure(plan.path_budget, _("예산 반영 방식이 아닌 계획입니다."))
    requested = _amount(amount_requested, "amount_requested")
    if not requested:
        raise BusinessRuleError(_("요구액은 0원보다 커야 합니다."), field="amount_requested")
    secured = _amount(amount_secured, "amount_secured")
    ensure(status in BudgetTrack.Status.values, _("예산 상태를 목록에서 고르세요."), field="status")
    if status in (BudgetTrack.Status.PASSED, BudgetTrack.Status.CUT):
        ensure(secured is not None, _("의결되었으면 확보액을 입력하세요."), field="amount_secured")
    if secured is not None:
        ensure(
            secured <= requested, _("확보액은 요구액보다 클 수 없습니다."), field="amount_secured"
        )
    track, _created = BudgetTrack.objects.update_or_create(
        plan=plan,
        defaults={
            "amount_requested": requested,
            "budget_round": budget_round,
            "status": status,
            "amount_secured": secured,
        },
    )
    track.plan = plan
    track.warning = budget_warning(track)
    track.save(update_fields=["warning"])
    _track_history(
        plan,
        by,
        "budget",
        {"amount_requested": requested, "status": status, "round": budget_round or ""},
    )
    return track


@transaction.atomic
def ordinance_track_save(
    *,
    plan: RolloutPlan,
    by: User,
    ordinance_name: str,
    target_session: CouncilSession | None = None,
) -> OrdinanceTrack:
    """Name the ordinance and its target session; the nine steps are laid out once."""
    ensure_allowed(
        permissions.can_edit_plan(by, plan), _("주관 팀이나 기획조정실만 고칠 수 있습니다.")
    )
    ensure(plan.path_ordinance, _("조례·법령 개정 방식이 아닌 계획입니다."))
    ensure(
        bool((ordinance_name or "").strip()),
        _("조례·규칙 이름을 입력하세요."),
        field="ordinance_name",
    )
    track, created = OrdinanceTrack.objects.update_or_create(
        plan=plan,
        defaults={"ordinance_name": ordinance_name.strip(), "target_session": target_session},
    )
    if created:
        OrdinanceStep.objects.bulk_create(
            OrdinanceStep(track=track, kind=kind, order=n)
            for n, kind in enumerate(OrdinanceStep.Kind.values, start=1)
        )
    track.warning = ordinance_warning(track)
    track.save(update_fields=["warning"])
    _track_history(
        plan, by, "ordinance", {"name": track.ordinance_name, "session": target_session or ""}
    )
    return track


@transaction.atomic
def ordinance_step_save(
    *,
    step: OrdinanceStep,
    by: User,
    planned_on: dt.date | None = None,
    planned_until: dt.date | None = None,
    actual_on: dt.date | None = None,
) -> OrdinanceStep:
    plan = step.track.plan
    ensure_allowed(
        permissions.can_edit_plan(by, plan), _("주관 팀이나 기획조정실만 고칠 수 있습니다.")
    )
    if step.kind == OrdinanceStep.Kind.PRE_ANNOUNCEMENT and planned_on and planned_until:
        ensure(
            (planned_until - planned_on).days + 1 >= PRE_ANNOUNCEMENT_MIN_DAYS,
            _("입법예고 기간은 %(days)d일 이상이어야 합니다.")
            % {"days": PRE_ANNOUNCEMENT_MIN_DAYS},
            field="planned_until",
        )
    elif planned_until is not None:
        ensure(
            planned_on is not None and planned_until >= planned_on,
            _("종료일은 시작일보다 빠를 수 없습니다."),
            field="planned_until",
        )
    if actual_on is not None:
        ensure(actual_on <= _today(), _("실제일은 미래일 수 없습니다."), field="actual_on")
    step.planned_on, step.planned_until, step.actual_on = planned_on, planned_until, actual_on
    step.save()
    track = step.track
    track.warning = ordinance_warning(track)
    track.save(update_fields=["warning"])
    history_record(
        obj=plan,
        action=RolloutAction.STEP_SAVED,
        by=by,
        data={"step": step.kind, "planned_on": str(planned_on), "actual_on": str(actual_on)},
    )
    return step


# Calendars (planning office) -------------------------------------------------------


@transaction.atomic
def budget_round_save(
    *,
    by: User,
    fiscal_year: int,
    kind: str,
    number: int = 0,
    submission_date: dt.date | None = None,
    decision_date: dt.date | None = None,
    budget_round: BudgetRound | None = None,
) -> BudgetRound:
    """Add or change a budget round; a main budget takes its statutory dates by default
    (submitted 50 days and decided 15 days before 1 January, 지방자치법 제142조)."""
    ensure_allowed(
        permissions.can_manage_calendars(by), _("예산 일정은 기획조정실만 관리할 수 있습니다.")
    )
    ensure(
        2000 <= int(fiscal_year) <= 2100,
        _("회계연도는 2000년부터 2100년 사이입니다."),
        field="fiscal_year",
    )
    ensure(kind in BudgetRound.Kind.values, _("예산 구분을 고르세요."), field="kind")
    if kind == BudgetRound.Kind.MAIN:
        number = 0
        default_submit, default_decide = BudgetRound.main_dates(int(fiscal_year))
        submission_date = submission_date or default_submit
        decision_date = decision_date or default_decide
    else:
        if number is None or int(number) < 1:
            raise BusinessRuleError(_("추경 차수는 1 이상입니다."), field="number")
        if submission_date is None:
            raise BusinessRuleError(_("의회 제출일을 입력하세요."), field="submission_date")
        if decision_date is None:
            raise BusinessRuleError(_("의결일을 입력하세요."), field="decision_date")
    ensure(
        decision_date >= submission_date,
        _("의결일은 제출일보다 빠를 수 없습니다."),
        field="decision_date",
    )
    year_starts = dt.date(int(fiscal_year), 1, 1)
    if kind == BudgetRound.Kind.MAIN:
        ensure(
            decision_date < year_starts,
            _("본예산은 회계연도가 시작되기 전(%(day)s 이전)에 의결되어야 합니다.")
            % {"day": year_starts.isoformat()},
            field="decision_date",
        )
    else:
        ensure(
            decision_date.year == int(fiscal_year),
            _("추가경정예산의 의결일은 그 회계연도(%(year)d년) 안이어야 합니다.")
            % {"year": int(fiscal_year)},
            field="decision_date",
        )
    clash = BudgetRound.objects.filter(fiscal_year=fiscal_year, kind=kind, number=number)
    if budget_round is not None:
        clash = clash.exclude(pk=budget_round.pk)
    ensure(
        not clash.exists(),
        _("같은 예산 일정이 이미 있습니다."),
        field="fiscal_year" if kind == BudgetRound.Kind.MAIN else "number",
    )
    budget_round = budget_round or BudgetRound()
    budget_round.fiscal_year, budget_round.kind, budget_round.number = (
        int(fiscal_year),
        kind,
        int(number),
    )
    budget_round.submission_date, budget_round.decision_date = submission_date, decision_date
    budget_round.available_on = budget_round.compute_available_on()
    budget_round.save()
    history_record(obj=budget_round, action=RolloutAction.CALENDAR_SAVED, by=by)
    for track in BudgetTrack.objects.filter(budget_round=budget_round).select_related(
        "plan", "budget_round"
    ):
        BudgetTrack.objects.filter(pk=track.pk).update(warning=budget_warning(track))
    return budget_round


@transaction.atomic
def council_session_save(
    *,
    by: User,
    number: int,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    submission_deadline: dt.date | None = None,
    session: CouncilSession | None = None,
) -> CouncilSession:
    """Add or change a council session; bills are due 20 days before it opens by default."""
    ensure_allowed(
        permissions.can_manage_calendars(by), _("도의회 회기는 기획조정실만 관리할 수 있습니다.")
    )
    ensure(kind in CouncilSession.Kind.values, _("회기 구분을 고르세요."), field="kind")
    for name, day in (
        ("starts_on", starts_on),
        ("ends_on", ends_on),
        ("submission_deadline", submission_deadline),
    ):
        ensure(
            day is None or dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31),
            _("2000년부터 2100년 사이의 날짜를 입력하세요."),
            field=name,
        )
    ensure(ends_on >= starts_on, _("폐회일은 개회일보다 빠를 수 없습니다."), field="ends_on")
    submission_deadline = submission_deadline or starts_on - dt.timedelta(days=20)
    ensure(
        submission_deadline <= starts_on,
        _("안건 제출 마감일은 개회일 이전이어야 합니다."),
        field="submission_deadline",
    )
    clash = CouncilSession.objects.filter(number=number)
    if session is not None:
        clash = clash.exclude(pk=session.pk)
    ensure(not clash.exists(), _("같은 회기 번호가 이미 있습니다."), field="number")
    session = session or CouncilSession()
    session.number, session.kind = int(number), kind
    session.starts_on, session.ends_on, session.submission_deadline = (
        starts_on,
        ends_on,
        submission_deadline,
    )
    session.save()
    history_record(obj=session, action=RolloutAction.CALENDAR_SAVED, by=by)
    for track in OrdinanceTrack.objects.filter(target_session=session).select_related(
        "target_session"
    ):
        OrdinanceTrack.objects.filter(pk=track.pk).update(warning=ordinance_warning(track))
    return session


# Milestones and KPIs ---------------------------------------------------------------


@transaction.atomic
def milestone_add(*, plan: RolloutPlan, by: User, title: str, due_on: dt.date) -> Milestone:
    ensure_allowed(
        permissions.can_edit_plan(by, plan), _("주관 팀이나 기획조정실만 고칠 수 있습니다.")
    )
    ensure(bool((title or "").strip()), _("주요 일정의 내용을 입력하세요."), field="title")
    ensure(isinstance(due_on, dt.date), _("기한을 입력하세요."), field="due_on")
    RolloutPlan.objects.select_for_update().filter(pk=plan.pk).first()
    order = (plan.milestones.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    milestone = Milestone.objects.create(plan=plan, order=order, title=title.strip(), due_on=due_on)
    history_record(
        obj=plan,
        action=RolloutAction.MILESTONE_ADDED,
        by=by,
        data={"title": milestone.title, "due_on": str(due_on)},
    )
    return milestone


@transaction.atomic
def milestone_done(
    *,
    milestone: Milestone,
    by: User,
    done_on: dt.date | None = None,
    note: str = "",
    evidence: str = "",
) -> Milestone:
    plan = milestone.plan
    ensure_allowed(
        permissions.can_edit_plan(by, plan), _("주관 팀이나 기획조정실만 고칠 수 있습니다.")
    )
    done_on = done_on or _today()
    ensure(done_on <= _today(), _("완료일은 미래일 수 없습니다."), field="done_on")
    milestone.done_on, milestone.note, milestone.evidence = (
        done_on,
        (note or "").strip(),
        (evidence or "").strip(),
    )
    milestone.save()
    history_record(
        obj=plan,
        action=RolloutAction.MILESTONE_DONE,
        by=by,
        data={
            "title": milestone.title,
            "done_on": str(done_on),
            "late": done_on > milestone.due_on,
        },
    )
    return milestone


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise BusinessRuleError(_("숫자로 입력하세요."), field=field) from None
    ensure(
        number.is_finite() and abs(number) < Decimal("1e12"),
        _("범위를 벗어난 값입니다."),
        field=field,
    )
    ensure(
        number == number.quantize(Decimal("0.01")),
        _("소수점 둘째 자리까지 입력할 수 있습니다."),
        field=field,
    )
    return number


@transaction.atomic
def kpi_add(
    *,
    plan: RolloutPlan,
    by: User,
    name: str,
    unit: str,
    baseline,
    target,
    direction: str = Kpi.Direction.HIGHER,
) -> Kpi:
    ensure_allowed(
        permissions.can_edit_plan(by, plan), _("주관 팀이나 기획조정실만 고칠 수 있습니다.")
    )
    errors: dict[str | None, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("지표 이름을 입력하세요.")]
    elif plan.kpis.filter(name=name.strip()).exists():
        errors["name"] = [_("같은 이름의 지표가 이미 있습니다.")]
    if not (unit or "").strip():
        errors["unit"] = [_("단위를 입력하세요.")]
    if direction not in Kpi.Direction.values:
        errors["direction"] = [_("방향을 고르세요.")]
    if errors:
        raise BusinessRuleError(errors=errors)
    base = _decimal(baseline, "baseline")
    goal = _decimal(target, "target")
    if direction == Kpi.Direction.HIGHER:
        ensure(
            goal > base, _("높을수록 좋은 지표의 목표값은 기준값보다 커야 합니다."), field="target"
        )
    else:
        ensure(
            goal < base,
            _("낮을수록 좋은 지표의 목표값은 기준값보다 작아야 합니다."),
            field="target",
        )
    kpi = Kpi.objects.create(
        plan=plan,
        name=name.strip(),
        unit=unit.strip(),
        baseline=base,
        target=goal,
        direction=direction,
    )
    history_record(
        obj=plan,
        action=RolloutAction.KPI_ADDED,
        by=by,
        data={"name": kpi.name, "baseline": str(base), "target": str(goal)},
    )
    return kpi


# Progress reports ------------------------------------------------------------------

REPORT_FIELDS = {"progress_percent", "done_text", "problems", "next_steps"}


def _naming(report: ProgressReport, **more) -> dict[str, Any]:
    """A history entry's data naming the report it is about (the plan's history shows it
    as the period it covers)."""
    return {"report": report.pk, "period_end": str(report.period_end), **more}


@transaction.atomic
def report_save(
    *,
    report: ProgressReport,
    by: User,
    version: int | None = None,
    actuals: dict | None = None,
    **fields: Any,
) -> ProgressReport:
    """Save the team's draft (or a report sent back); refused on a concurrent edit."""
    report = ProgressReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
    ensure_allowed(
        permissions.can_edit_report(by, report),
        _("작성 중이거나 보완 요청된 보고만 주관 팀이 고칠 수 있습니다."),
    )
    _check_version(report, version)
    unknown = set(fields) - REPORT_FIELDS
    ensure(not unknown, f"unknown fields: {sorted(unknown)}")
    if "progress_percent" in fields:
        try:
            percent = int(fields["progress_percent"])
        except (TypeError, ValueError):
            percent = -1
        ensure(0 <= percent <= 100, _("진척률은 0부터 100까지입니다."), field="progress_percent")
        fields["progress_percent"] = percent
    for name, value in fields.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    parsed: dict[int, Decimal] = {}
    if actuals:
        kpis = set(report.plan.kpis.values_list("pk", flat=True))
        for key, value in actuals.items():
            try:
                kpi_id = int(key)
            except (TypeError, ValueError):
                kpi_id = None
            if kpi_id is None or kpi_id not in kpis:
                raise BusinessRuleError(_("이 계획의 지표가 아닙니다."), field="actuals")
            if value in (None, ""):
                continue
            parsed[kpi_id] = _decimal(value, f"kpi_{kpi_id}")
    report.version += 1
    report.save()
    for kpi_id, value in parsed.items():
        KpiActual.objects.update_or_create(report=report, kpi_id=kpi_id, defaults={"value": value})
    history_record(
        obj=report.plan,
        action=RolloutAction.REPORT_SAVED,
        by=by,
        data=_naming(report, progress=report.progress_percent),
    )
    return report


@transaction.atomic
def report_file(*, report: ProgressReport, by: User) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
    ensure_allowed(
        permissions.can_file_report(by, report), _("주관 팀의 팀장만 보고를 제출할 수 있습니다.")
    )
    ensure(bool(report.done_text.strip()), _("추진 실적을 입력하세요."), field="done_text")
    report.status = ProgressReport.Status.FILED
    report.filed_by = by
    report.filed_at = timezone.now()
    report.version += 1
    report.save()
    history_record(
        obj=report.plan,
        action=RolloutAction.REPORT_FILED,
        by=by,
        data=_naming(report),
    )
    return report


@transaction.atomic
def report_attachment_add(*, report: ProgressReport, by: User, uploaded) -> ReportAttachment:
    """Attach a file to a report the lead team may still edit, checked by the same rules
    as an idea's attachments (ideas.attachments: format by content, size, archives)."""
    ensure_allowed(
        permissions.can_attach_report(by, report),
        _("작성 중이거나 보완 요청된 보고에만 주관 팀이 파일을 올릴 수 있습니다."),
    )
    attachment = store_upload(ReportAttachment(report=report, uploaded_by=by), uploaded)
    history_record(
        obj=report.plan,
        action=RolloutAction.ATTACHMENT_ADDED,
        by=by,
        data=_naming(report, file=attachment.original_name),
    )
    return attachment


@transaction.atomic
def report_attachment_remove(*, attachment: ReportAttachment, by: User) -> ProgressReport:
    report = attachment.report
    ensure_allowed(
        permissions.can_attach_report(by, report),
        _("작성 중이거나 보완 요청된 보고의 파일만 주관 팀이 지울 수 있습니다."),
    )
    name = attachment.original_name
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))  # type: ignore[arg-type]
    history_record(
        obj=report.plan,
        action=RolloutAction.ATTACHMENT_REMOVED,
        by=by,
        data=_naming(report, file=name),
    )
    return report


@transaction.atomic
def report_review(
    *, report: ProgressReport, by: User, accept: bool, reason: str = ""
) -> ProgressReport:
    """The bureau director accepts a filed report or sends it back with a reason."""
    report = ProgressReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
    ensure_allowed(
        permissions.can_review_report(by, report),
        _("제출된 보고는 해당 실·국장만 승인하거나 보완 요청할 수 있습니다."),
    )
    reason = (reason or "").strip()
    if not accept:
        ensure(bool(reason), _("보완 요청 사유를 입력하세요."), field="reason")
    report.status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.SENT_BACK
    report.send_back_reason = "" if accept else reason
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.version += 1
    report.save()
    history_record(
        obj=report.plan,
        action=RolloutAction.REPORT_ACCEPTED if accept else RolloutAction.REPORT_SENT_BACK,
        by=by,
        reason=reason,
        data=_naming(report),
    )
    if not accept:
        plan = report.plan
        notify(
            recipients=_team_leaders(plan.lead_team_id),
            kind=Notification.Kind.PROGRESS_REPORT_DUE,
            title=_("[추진 상황 보고 보완 요청] %(title)s") % {"title": plan.idea.title},
            body=_("실·국장이 보고를 돌려보냈습니다. 사유: %(reason)s") % {"reason": reason},
            url=plan.get_absolute_url(),
        )
    return report


def _team_leaders(team_id: int) -> list[int]:
    from departments.models import Position

    return list(
        User.objects.filter(
            team_id=team_id, position=Position.TEAM_LEADER, is_active=True
        ).values_list("pk", flat=True)
    )


# Directives ------------------------------------------------------------------------


@transaction.atomic
def directive_follow_up(
    *,
    directive,
    by: User,
    status: str,
    due_on: dt.date,
    notes: str = "",
    drop_reason: str = "",
    plan: RolloutPlan | None = None,
) -> DirectiveFollowUp:
    """Record how a directive is followed: status, notes, due date (not in the past when
    recorded), and optionally the plan it belongs to."""
    ensure_allowed(
        permissions.can_follow_up_directive(by, directive),
        _("지시사항 이행은 담당 실·국장, 도지사실이나 기획조정실이 기록합니다."),
    )
    errors: dict[str | None, list[str]] = {}
    if status not in DirectiveFollowUp.Status.values:
        errors["status"] = [_("이행 상태를 고르세요.")]
    if not isinstance(due_on, dt.date):
        errors["due_on"] = [_("이행 기한을 입력하세요.")]
    elif due_on < _today() and status not in (
        DirectiveFollowUp.Status.DONE,
        DirectiveFollowUp.Status.DROPPED,
    ):
        errors["due_on"] = [_("이행 기한은 오늘 이후여야 합니다.")]
    if status == DirectiveFollowUp.Status.DROPPED and not (drop_reason or "").strip():
        errors["drop_reason"] = [_("중단 사유를 입력하세요.")]
    if plan is not None and plan.idea_id != directive.idea_id:
        errors["plan"] = [_("같은 아이디어의 실시계획만 연결할 수 있습니다.")]
    if errors:
        raise BusinessRuleError(errors=errors)
    follow_up, _created = DirectiveFollowUp.objects.update_or_create(
        directive=directive,
        defaults={
            "status": status,
            "due_on": due_on,
            "notes": (notes or "").strip(),
            "drop_reason": (drop_reason or "").strip(),
            "plan": plan,
        },
    )
    history_record(
        obj=directive,
        action=RolloutAction.DIRECTIVE_FOLLOWED_UP,
        by=by,
        data={"status": status, "due_on": str(due_on)},
    )
    if plan is not None:
        history_record(
            obj=plan,
            action=RolloutAction.DIRECTIVE_FOLLOWED_UP,
            by=by,
            data={"directive": directive.pk, "status": status},
        )
    return follow_up
