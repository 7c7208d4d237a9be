"""Rollout on the insight dashboards (registered from rollout/apps.py):

- the **rollout status panel**: plans of the scope per derived status (on track / at risk /
  late / done / dropped), overdue milestones, late reports and the governor's directives
  (open, overdue, done, dropped) — one query;
- two **funnel stages** after adoption: 추진 중 (an active plan) and 완료 (a done plan);
- the **completion provider** of the season trends: median days from adoption to done and
  the share of plans done within 6 and 12 months of adoption (of those adopted at least
  that long ago) — one query over the plans;
- **timeline kinds** for plans and progress reports (insight.history).
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics

import rules
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.models import Directive
from rollout.models import DirectiveFollowUp, Milestone, ProgressReport, RolloutPlan
from rollout.selectors import OPEN_REPORT, with_health

Health = RolloutPlan.Health
OPEN_DIRECTIVE = [DirectiveFollowUp.Status.OPEN, DirectiveFollowUp.Status.IN_PROGRESS]


def _count(qs, by: str) -> Coalesce:
    """A correlated COUNT(*) of ``qs`` grouped on ``by`` (0 when none)."""
    return Coalesce(
        Subquery(
            qs.order_by().values(by).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def status_panel(scope, user) -> dict:
    """The scope's plans per derived status, overdue milestones, late reports and the
    directives of their ideas. One query."""
    today = timezone.localdate()
    plans = with_health(RolloutPlan.objects.filter(scope.idea_filter("idea"), season=scope.season))
    directives = Directive.objects.filter(idea=OuterRef("idea"))
    open_directive = Q(follow_up__isnull=True) | Q(follow_up__status__in=OPEN_DIRECTIVE)
    plans = plans.annotate(
        n_late_milestones=_count(
            Milestone.objects.filter(plan=OuterRef("pk"), done_on__isnull=True, due_on__lt=today),
            "plan",
        ),
        n_late_reports=_count(
            ProgressReport.objects.filter(
                plan=OuterRef("pk"), status__in=OPEN_REPORT, due_on__lt=today
            ),
            "plan",
        ),
        n_directives=_count(directives, "idea"),
        n_directives_open=_count(directives.filter(open_directive), "idea"),
        n_directives_overdue=_count(
            directives.filter(
                Q(follow_up__isnull=True, due_date__lt=today)
                | Q(follow_up__status__in=OPEN_DIRECTIVE, follow_up__due_on__lt=today)
            ),
            "idea",
        ),
        n_directives_done=_count(directives.filter(follow_up__status="done"), "idea"),
        n_directives_dropped=_count(directives.filter(follow_up__status="dropped"), "idea"),
    )
    extra = [
        "late_milestones",
        "late_reports",
        "directives",
        "directives_open",
        "directives_overdue",
        "directives_done",
        "directives_dropped",
    ]
    counts = plans.aggregate(
        **{f"health_{h}": Count("pk", filter=Q(health=h)) for h in Health.values},
        **{k: Coalesce(Sum(f"n_{k}"), 0) for k in extra},
    )
    return {
        "statuses": [
            {"key": value, "label": str(label), "count": counts[f"health_{value}"]}
            for value, label in Health.choices
        ],
        "plans": sum(counts[f"health_{h}"] for h in Health.values),
        **{k: counts[k] for k in extra},
    }


def status_table(data: dict) -> tuple[list[str], list[list]]:
    rows = [[s["label"], s["count"]] for s in data["statuses"]]
    rows += [
        [str(_("기한 지난 주요 일정")), data["late_milestones"]],
        [str(_("기한 지난 추진 상황 보고")), data["late_reports"]],
        [str(_("도지사 지시사항")), data["directives"]],
        [str(_("지시사항 이행 중(미완료)")), data["directives_open"]],
        [str(_("지시사항 이행 기한 지남")), data["directives_overdue"]],
        [str(_("지시사항 이행 완료")), data["directives_done"]],
        [str(_("지시사항 이행 중단")), data["directives_dropped"]],
    ]
    return [str(_("구분")), str(_("건수"))], rows


# Funnel stages ---------------------------------------------------------------------------


def funnel_stages():
    from insight.selectors import FunnelStage

    return [
        FunnelStage(
            key="in_rollout",
            label=_("추진 중"),
            annotate=dict,
            condition=lambda: Q(rollout_plan__status=RolloutPlan.Status.ACTIVE),
        ),
        FunnelStage(
            key="rollout_done",
            label=_("완료"),
            annotate=dict,
            condition=lambda: Q(rollout_plan__status=RolloutPlan.Status.DONE),
        ),
    ]


# Completion (season trends) --------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def completion(trends, bureau=None, today: dt.date | None = None) -> None:
    """Fill each season's median days from adoption to done and the share of plans done
    within 6 and 12 months of adoption (among those adopted at least that long ago).
    One query over the plans of the trends' seasons."""
    today = today or timezone.localdate()
    if not trends:
        return
    plans = RolloutPlan.objects.filter(season_id__in=[t.season_id for t in trends])
    if bureau is not None:
        plans = plans.filter(bureau=bureau)
    rows: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for season_id, adopted_on, completed_on, status in plans.values_list(
        "season_id", "adopted_on", "completed_on", "status"
    ):
        done = completed_on if status == RolloutPlan.Status.DONE else None
        rows.setdefault(season_id, []).append((adopted_on, done))
    from insight.selectors import rate

    for trend in trends:
        season_rows = rows.get(trend.season_id, [])
        days = [(done - adopted).days for adopted, done in season_rows if done]
        trend.median_days_to_done = float(statistics.median(days)) if days else None
        for months, attr in ((6, "done_within_6_months"), (12, "done_within_12_months")):
            due = [(a, d) for a, d in season_rows if add_months(a, months) <= today]
            met = sum(1 for a, d in due if d is not None and d <= add_months(a, months))
            setattr(trend, attr, rate(met, len(due)))


# Timelines -------------------------------------------------------------------------------


def register_all() -> None:
    from insight import history, panels, selectors

    panels.register(
        panels.Panel(
            key="rollout_status",
            title=_("추진 현황"),
            template="rollout/insight_panel.html",
            compute=status_panel,
            table=status_table,
        )
    )
    known = {s.key for s in selectors.FUNNEL_STAGES}
    selectors.FUNNEL_STAGES.extend(s for s in funnel_stages() if s.key not in known)
    if completion not in selectors.COMPLETION_PROVIDERS:
        selectors.COMPLETION_PROVIDERS.append(completion)
    from core.models import HistoryEntry
    from rollout.selectors import _labels as labels

    history.register_kind(
        history.Kind("rollout-plan", RolloutPlan, _("실시계획"), labels=labels),
        lambda user, obj: rules.has_perm("rollout.view_plan", user, obj),
    )
    # A report's steps are recorded on its plan, naming the report.
    history.register_kind(
        history.Kind(
            "progress-report",
            ProgressReport,
            _("추진 상황 보고"),
            entries=lambda report: HistoryEntry.objects.for_object(report.plan).filter(
                data__report=report.pk
            ),
            labels=labels,
        ),
        lambda user, obj: rules.has_perm("rollout.view_report", user, obj),
    )
