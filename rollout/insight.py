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

import rules
from django.db.models import (
    Case,
    Count,
    DurationField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    RowNumber,
)
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


def adopted_by(today: dt.date, months: int) -> dt.date:
    """The last adoption day whose ``months`` have run out by ``today``: add_months(a, m) <=
    today exactly when a <= this day (on a month's last day, the shorter month's clamped
    days count too)."""
    back = add_months(today, -months)
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        return back.replace(day=calendar.monthrange(back.year, back.month)[1])
    return back


def _done_within(months: int) -> Q:
    """Done no later than ``months`` after adoption (completed_on <= add_months(adopted_on,
    months)), in whole months and days so that every database can test it: fewer months
    apart, or that many months and a day of the month not past the adoption's."""
    return Q(is_done=True) & (
        Q(months_to_done__lt=months) | Q(months_to_done=months, done_day__lte=F("adopted_day"))
    )


def completion(trends, bureau=None, today: dt.date | None = None) -> None:
    """Fill each season's median days from adoption to done and the share of plans done
    within 6 and 12 months of adoption (among those adopted at least that long ago).

    One query: the counts are window aggregates per season, and the median comes from the
    season's middle one or two done plans ranked by their days (at most three rows a
    season come back)."""
    today = today or timezone.localdate()
    if not trends:
        return
    plans = RolloutPlan.objects.filter(season_id__in=[t.season_id for t in trends])
    if bureau is not None:
        plans = plans.filter(bureau=bureau)
    figures = _completion_figures(_completion_rows(plans, today))
    for trend in trends:
        _completion_fill(trend, figures.get(trend.season_id))


def _completion_rows(plans, today: dt.date):
    """Per season, the first done plan and the middle one or two by days to done, each row
    carrying the season's counts (done; due and met within 6 and 12 months)."""
    done = Q(status=RolloutPlan.Status.DONE, completed_on__isnull=False)
    days = Case(
        When(done, then=F("completed_on") - F("adopted_on")),
        default=None,
        output_field=DurationField(),
    )
    season = [F("season_id")]

    def per_season(condition: Q) -> Window:
        ones = Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
        return Window(Sum(ones), partition_by=season)

    cut = {months: adopted_by(today, months) for months in (6, 12)}
    return (
        plans.annotate(
            is_done=Case(When(done, then=Value(True)), default=Value(False)),
            days=days,
            months_to_done=(ExtractYear("completed_on") - ExtractYear("adopted_on")) * 12
            + ExtractMonth("completed_on")
            - ExtractMonth("adopted_on"),
            done_day=ExtractDay("completed_on"),
            adopted_day=ExtractDay("adopted_on"),
        )
        .annotate(
            rank=Window(
                RowNumber(), partition_by=season, order_by=[F("days").asc(nulls_last=True), "pk"]
            ),
            n_done=per_season(done),
            **{f"due_{m}": per_season(Q(adopted_on__lte=cut[m])) for m in cut},
            **{f"met_{m}": per_season(Q(adopted_on__lte=cut[m]) & _done_within(m)) for m in cut},
        )
        .filter(Q(rank=1) | Q(rank=(F("n_done") + 1) / 2) | Q(rank=(F("n_done") + 2) / 2))
        .values("season_id", "rank", "days", "n_done", "due_6", "met_6", "due_12", "met_12")
    )


def _completion_figures(rows) -> dict[int, dict]:
    """Each season's counts, with the days of its middle done plans under ``middle``."""
    figures: dict[int, dict] = {}
    for row in rows:
        season_figures = figures.setdefault(row["season_id"], {**row, "middle": []})
        n = row["n_done"]
        if n and row["rank"] in {(n + 1) // 2, (n + 2) // 2}:
            season_figures["middle"].append(row["days"])
    return figures


def _completion_fill(trend, found: dict | None) -> None:
    from insight.selectors import rate

    middle = found["middle"] if found else []
    trend.median_days_to_done = sum(d.days for d in middle) / len(middle) if middle else None
    for months, attr in ((6, "done_within_6_months"), (12, "done_within_12_months")):
        trend_rate = rate(found[f"met_{months}"], found[f"due_{months}"]) if found else None
        setattr(trend, attr, trend_rate)


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
