"""Reads of rollout shared by the board page, the API list and the Excel export.

``board`` annotates every plan with its derived status (``health``) in the database, so
the board filters and counts by it without loading plans:

- dropped: "cannot implement" accepted, or the decision changed;
- done: completed;
- late: the plan is past its due date unfiled, a milestone or a report is overdue, or the
  target date has passed;
- at risk: a "cannot implement" statement is waiting, the last report was sent back, the
  budget was cut, or a calendar warning stands (money or council session out of reach);
- on track: otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import HistoryEntry
from rollout.models import (
    BudgetTrack,
    DirectiveFollowUp,
    Kpi,
    KpiActual,
    Milestone,
    OrdinanceStep,
    ProgressReport,
    RolloutPlan,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

Health = RolloutPlan.Health
Status = RolloutPlan.Status
OPEN_REPORT = [ProgressReport.Status.DRAFT, ProgressReport.Status.SENT_BACK]


class HealthAnnotations(TypedDict):
    """What ``with_health`` adds to each plan."""

    late_milestone: bool
    late_report: bool
    sent_back: bool
    health: str


def with_health(plans: QuerySet, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    late_milestone = Milestone.objects.filter(
        plan=OuterRef("pk"), done_on__isnull=True, due_on__lt=today
    )
    late_report = ProgressReport.objects.filter(
        plan=OuterRef("pk"), status__in=OPEN_REPORT, due_on__lt=today
    )
    sent_back = ProgressReport.objects.filter(
        plan=OuterRef("pk"), status=ProgressReport.Status.SENT_BACK
    )
    open_plan = Q(status__in=[Status.DRAFT, Status.ACTIVE, Status.CANNOT_FILED])
    return plans.annotate(
        late_milestone=Exists(late_milestone),
        late_report=Exists(late_report),
        sent_back=Exists(sent_back),
        health=Case(
            When(status__in=[Status.DROPPED, Status.CLOSED], then=Value(Health.DROPPED)),
            When(status=Status.DONE, then=Value(Health.DONE)),
            When(
                Q(status=Status.DRAFT, due_date__lt=today)
                | Q(open_plan, late_milestone=True)
                | Q(open_plan, late_report=True)
                | Q(open_plan, target_date__lt=today),
                then=Value(Health.LATE),
            ),
            When(
                Q(status=Status.CANNOT_FILED)
                | Q(sent_back=True)
                | Q(budget__status=BudgetTrack.Status.CUT)
                | (Q(budget__isnull=False) & ~Q(budget__warning=""))
                | (Q(ordinance__isnull=False) & ~Q(ordinance__warning="")),
                then=Value(Health.AT_RISK),
            ),
            default=Value(Health.ON_TRACK),
            output_field=CharField(),
        ),
    )


def health_reason(
    plan: WithAnnotations[RolloutPlan, HealthAnnotations], today: dt.date | None = None
) -> str:
    """Why the plan has its derived status, in a sentence (from the annotations)."""
    today = today or timezone.localdate()
    health = plan.health
    if health == Health.DROPPED:
        return _dropped_reason(plan)
    if health == Health.DONE:
        # the constraint plan_done_has_date: a done plan has its completion date
        completed_on = cast(dt.date, plan.completed_on)
        return _("%(day)s에 완료했습니다.") % {"day": completed_on.isoformat()}
    if health == Health.LATE:
        return " ".join(_late_reasons(plan, today))
    if health == Health.AT_RISK:
        return " ".join(_risk_reasons(plan))
    if plan.status == Status.DRAFT:
        return _("실시계획 제출 기한은 %(day)s입니다.") % {"day": plan.due_date.isoformat()}
    return _("계획대로 추진하고 있습니다.")


def _dropped_reason(plan: RolloutPlan) -> str:
    if plan.status == Status.DROPPED:
        return _("실시불가 사유서가 받아들여졌습니다: %(reason)s") % {"reason": plan.cannot_reason}
    return _("선정 결정이 바뀌어 계획이 종료되었습니다.")


def _late_reasons(
    plan: WithAnnotations[RolloutPlan, HealthAnnotations], today: dt.date
) -> list[str]:
    reasons = []
    if plan.status == Status.DRAFT and plan.due_date < today:
        reasons.append(
            _("실시계획 제출 기한(%(day)s)이 지났습니다.") % {"day": plan.due_date.isoformat()}
        )
    if plan.late_report:
        reasons.append(_("기한이 지난 추진 상황 보고가 있습니다."))
    if plan.late_milestone:
        reasons.append(_("기한이 지난 주요 일정이 있습니다."))
    if plan.target_date and plan.target_date < today:
        reasons.append(_("목표일(%(day)s)이 지났습니다.") % {"day": plan.target_date.isoformat()})
    return reasons


def _risk_reasons(plan: WithAnnotations[RolloutPlan, HealthAnnotations]) -> list[str]:
    reasons = []
    if plan.status == Status.CANNOT_FILED:
        reasons.append(_("실시불가 사유서를 기획조정실이 검토하고 있습니다."))
    if plan.sent_back:
        reasons.append(_("보완 요청된 보고가 있습니다."))
    return reasons + _track_warnings(plan)


def _track_warnings(plan: RolloutPlan) -> list[str]:
    """The budget's and the ordinance's warnings (a cut budget among them)."""
    warnings = []
    budget = getattr(plan, "budget", None) if _has(plan, "budget") else None
    if budget is not None:
        if budget.status == BudgetTrack.Status.CUT:
            warnings.append(_("예산이 삭감되었거나 일부만 반영되었습니다."))
        if budget.warning:
            warnings.append(budget.warning)
    ordinance = getattr(plan, "ordinance", None) if _has(plan, "ordinance") else None
    if ordinance is not None and ordinance.warning:
        warnings.append(ordinance.warning)
    return warnings


def _has(plan, name: str) -> bool:
    try:
        getattr(plan, name)
    except ObjectDoesNotExist:  # the plan has none
        return False
    return True


def last_report_subquery(field: str):
    return Subquery(
        ProgressReport.objects.filter(plan=OuterRef("pk"))
        .exclude(status=ProgressReport.Status.DRAFT)
        .order_by("-period_end")
        .values(field)[:1]
    )


def board(*, plans: QuerySet | None = None, today: dt.date | None = None) -> QuerySet:
    """The board's rows: one query with the idea, units, tracks, health and last report."""
    plans = RolloutPlan.objects.all() if plans is None else plans
    return (
        with_health(plans, today)
        .select_related("idea", "season", "bureau", "lead_team", "budget", "ordinance")
        .annotate(
            last_progress=last_report_subquery("progress_percent"),
            last_period=last_report_subquery("period_end"),
            milestones_late=Subquery(
                Milestone.objects.filter(
                    plan=OuterRef("pk"),
                    done_on__isnull=True,
                    due_on__lt=today or timezone.localdate(),
                )
                .order_by()
                .values("plan")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
        )
        .order_by("season_id", "bureau__display_order", "pk")
    )


BOARD_ORDER = ("season_id", "bureau__display_order", "pk")


def board_ids(plans: QuerySet, *, health: bool, today: dt.date | None = None) -> QuerySet:
    """The plans in board order without the per-row annotations (and the derived status
    only when it is filtered on): pages are cut from this, then ``board_rows`` reads the
    page's rows in full. The status tests then run for 50 rows, not for every plan."""
    plans = with_health(plans, today) if health else plans
    return plans.order_by(*BOARD_ORDER)


def board_rows(ids: list[int], today: dt.date | None = None) -> list[RolloutPlan]:
    """The full rows of one page, in the page's order (one query)."""
    rows = {p.pk: p for p in board(plans=RolloutPlan.objects.filter(pk__in=ids), today=today)}
    return [rows[pk] for pk in ids if pk in rows]


def health_counts(plans: QuerySet) -> dict[str, int]:
    """Plans per derived status, in one query (before the status filter)."""
    rows = dict(plans.order_by().values_list("health").annotate(n=Count("pk")))
    return {value: rows.get(value, 0) for value in Health.values}


def plan_detail(pk: int) -> RolloutPlan:
    return (
        with_health(RolloutPlan.objects.filter(pk=pk))
        .select_related(
            "idea",
            "season",
            "bureau",
            "lead_team__division",
            "responsible_person",
            "decision",
            "budget__budget_round",
            "ordinance__target_session",
            "immediate",
        )
        .prefetch_related(
            "co_owners__team",
            "milestones",
            "kpis",
            Prefetch("ordinance__steps", queryset=OrdinanceStep.objects.order_by("order")),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.order_by("period_end").prefetch_related(
                    Prefetch("actuals", queryset=KpiActual.objects.select_related("kpi")),
                    "attachments",
                ),
            ),
            "directives__directive",
        )
        .get()
    )


def kpi_series(plan: RolloutPlan, reports: list[ProgressReport]) -> list[dict]:
    """Per KPI: baseline, target and the actual of each filed report (for chart and table)."""
    visible = [r for r in reports if r.status != ProgressReport.Status.DRAFT]
    series = []
    for kpi in plan.kpis.all():
        points = []
        for report in visible:
            value = next((a.value for a in report.actuals.all() if a.kpi_id == kpi.pk), None)
            points.append({"period": report.period_end.isoformat(), "value": value})
        series.append({"kpi": kpi, "points": points})
    return series


def plan_history(plan: RolloutPlan) -> QuerySet:
    return HistoryEntry.objects.for_object(plan).select_related("actor").order_by("-at", "-pk")


def _labels() -> dict[str, str]:
    from rollout.services import RolloutAction as A

    return {
        A.OPENED: _("채택 결정 공개로 실시계획이 열렸습니다."),
        A.REOPENED: _("결정이 다시 채택으로 바뀌어 계획이 다시 열렸습니다."),
        A.CLOSED: _("결정이 바뀌어 계획이 종료되었습니다."),
        A.UPDATED: _("실시계획을 고쳤습니다."),
        A.FILED: _("실시계획을 제출했습니다."),
        A.CANNOT_FILED: _("실시불가 사유서를 제출했습니다."),
        A.CANNOT_ACCEPTED: _("기획조정실이 실시불가 사유서를 수용했습니다."),
        A.CANNOT_OVERRULED: _("기획조정실이 실시불가 사유서를 반려했습니다."),
        A.COMPLETED: _("완료로 처리했습니다."),
        A.CO_OWNER_SET: _("협업 부서를 지정했습니다."),
        A.CO_OWNER_REMOVED: _("협업 부서를 뺐습니다."),
        A.TRACK_SAVED: _("추진 과정을 저장했습니다."),
        A.STEP_SAVED: _("조례 개정 단계 일정을 저장했습니다."),
        A.MILESTONE_ADDED: _("주요 일정을 추가했습니다."),
        A.MILESTONE_DONE: _("주요 일정을 완료했습니다."),
        A.KPI_ADDED: _("성과 지표를 추가했습니다."),
        A.REPORT_SAVED: _("추진 상황 보고를 저장했습니다."),
        A.REPORT_FILED: _("추진 상황 보고를 제출했습니다."),
        A.REPORT_ACCEPTED: _("실·국장이 추진 상황 보고를 승인했습니다."),
        A.REPORT_SENT_BACK: _("실·국장이 추진 상황 보고를 보완 요청했습니다."),
        A.DIRECTIVE_FOLLOWED_UP: _("지시사항 이행 상황을 기록했습니다."),
        A.ATTACHMENT_ADDED: _("추진 상황 보고에 파일을 올렸습니다."),
        A.ATTACHMENT_REMOVED: _("추진 상황 보고의 파일을 지웠습니다."),
    }


def _field_labels() -> dict[str, str]:
    names = {
        f.name: str(f.verbose_name)
        for f in RolloutPlan._meta.get_fields()
        if hasattr(f, "verbose_name")
    }
    return names | {
        "title": _("내용"),
        "due_on": _("기한"),
        "done_on": _("완료일"),
        "name": _("지표 이름"),
        "baseline": _("기준값"),
        "target": _("목표값"),
        "track": _("추진 과정"),
        "status": _("상태"),
        "round": _("반영 목표 예산"),
        "amount_requested": _("요구액(원)"),
        "step": _("단계"),
        "planned_on": _("예정일"),
        "actual_on": _("실제일"),
        "period_end": _("보고 기간 종료일"),
        "progress": _("진척률(%)"),
        "team": _("협업 팀"),
        "share_percent": _("분담 비율(%)"),
        "session": _("목표 회기"),
        "on": _("완료일"),
        "file": _("파일"),
    }


def _details(data: dict) -> str:
    """What changed, in short: the new values of an edit, or the entry's own values."""
    if "after" in data:
        data = data["after"]
    labels = _field_labels()
    parts = [
        f"{labels.get(key, key)}: {value}"
        for key, value in data.items()
        if key not in ("before", "report", "decision", "late", "idea", "outcome", "directive")
        and value not in ("", "None", None)
    ]
    return ", ".join(parts)[:300]


def _with_status_label(action: str, data: dict) -> dict:
    """A stored status value (``dropped``) shown as its label (중단)."""
    from rollout.services import RolloutAction as A

    choices = {A.TRACK_SAVED: BudgetTrack.Status, A.DIRECTIVE_FOLLOWED_UP: DirectiveFollowUp.Status}
    status = choices.get(action)
    if status is not None and data.get("status") in status.values:
        return {**data, "status": str(status(data["status"]).label)}
    return data


def described(entries) -> list[HistoryEntry]:
    labels = _labels()
    entries = list(entries)
    for entry in entries:
        entry.action_label = labels.get(entry.action, entry.action)
        entry.details = _details(_with_status_label(entry.action, entry.data or {}))
    return entries


__all__ = ["Kpi", "board", "health_counts", "health_reason", "plan_detail", "with_health"]
