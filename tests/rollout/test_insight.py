"""Rollout on the insight dashboards: the status panel (one query), the funnel's 추진 중 and
완료 stages, the completion figures of the season trends and the timeline kinds — with
numbers counted by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ideas.models import Idea
from insight import history, panels
from insight.selectors import Scope, SeasonTrend, funnel
from reviews.models import Directive
from rollout.insight import completion, status_panel
from rollout.models import DirectiveFollowUp, Milestone, RolloutPlan
from tests.departments.factories import team_leader
from tests.rollout import factories as rof

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def season_plans(planner):
    """Three plans of one season: late (an overdue milestone), done, on track (a draft)."""
    late, done, on_track = (
        RolloutPlan.objects.get(idea=rof.published_adoption(leader=team_leader(), by=planner).idea)
        for _ in range(3)
    )
    season = late.season  # one season for the three (each adoption came with its own)
    for n, plan in enumerate((done, on_track), start=100):
        Idea.objects.filter(pk=plan.idea_id).update(season=season, sequence=n)
        RolloutPlan.objects.filter(pk=plan.pk).update(season=season)
    RolloutPlan.objects.filter(pk=late.pk).update(
        status="active", adopted_on=days(-400), start_date=days(-390), target_date=days(100)
    )
    Milestone.objects.create(plan=late, order=1, title="조례 입법예고", due_on=days(-1))
    Milestone.objects.create(plan=late, order=2, title="시행", due_on=days(30))
    RolloutPlan.objects.filter(pk=done.pk).update(
        status="done", adopted_on=days(-200), completed_on=days(-140)
    )
    RolloutPlan.objects.filter(pk=on_track.pk).update(adopted_on=TODAY, due_date=days(10))
    directive = Directive.objects.create  # three directives: overdue, done, in progress
    directive(
        idea=late.idea,
        text="가",
        responsible_bureau=late.bureau,
        due_date=days(-1),
        recorded_by=planner,
    )
    DirectiveFollowUp.objects.create(
        directive=directive(
            idea=late.idea,
            text="나",
            responsible_bureau=late.bureau,
            due_date=days(5),
            recorded_by=planner,
        ),
        status="done",
        due_on=days(5),
    )
    DirectiveFollowUp.objects.create(
        directive=directive(
            idea=on_track.idea,
            text="다",
            responsible_bureau=on_track.bureau,
            due_date=days(5),
            recorded_by=planner,
        ),
        status="in_progress",
        due_on=days(20),
    )
    return season, late, done, on_track


def test_the_status_panel_counts_plans_milestones_and_directives_in_one_query(
    season_plans, planner, django_assert_num_queries
):
    season, *_ = season_plans
    with django_assert_num_queries(1):
        data = status_panel(Scope(season=season), planner)
    assert {s["key"]: s["count"] for s in data["statuses"]} == {
        "on_track": 1,
        "at_risk": 0,
        "late": 1,
        "done": 1,
        "dropped": 0,
    }
    assert data["plans"] == 3
    assert data["late_milestones"] == 1
    assert data["late_reports"] == 0
    assert (
        data["directives"],
        data["directives_open"],
        data["directives_overdue"],
        data["directives_done"],
        data["directives_dropped"],
    ) == (3, 2, 1, 1, 0)


def test_a_bureau_dashboard_counts_only_its_plans(season_plans, planner):
    season, late, _done, _on_track = season_plans
    data = status_panel(Scope(season=season, bureau=late.bureau), planner)
    assert data["plans"] == 1
    assert data["late_milestones"] == 1


def test_the_panel_is_registered_for_every_dashboard():
    for kind in ("government", "bureau", "team"):
        assert "rollout_status" in [p.key for p in panels.panels_for(kind)]


def test_the_funnel_goes_on_to_in_rollout_and_done(season_plans):
    season, *_ = season_plans
    stages = {key: n for key, _label, n in funnel(scope=Scope(season=season)).stages()}
    assert stages["adopted"] == 3
    assert stages["in_rollout"] == 1
    assert stages["rollout_done"] == 1


def test_completion_fills_the_median_days_and_the_rates_after_6_and_12_months(
    season_plans, django_assert_num_queries
):
    season, *_ = season_plans
    trend = SeasonTrend(season.pk, season.name, 3, 3, 0, 3, 0, 0)
    with django_assert_num_queries(1):
        completion([trend], None, today=TODAY)
    # Done: adopted 200 days ago, done 60 days later.
    assert trend.median_days_to_done == 60.0
    # 6 months on: the late plan (400 days) and the done one (200 days); one done in time.
    assert trend.done_within_6_months == Decimal("50.0")
    # 12 months on: only the late plan, not done.
    assert trend.done_within_12_months == Decimal("0.0")


def test_plans_and_reports_have_timelines(season_plans, member):
    _season, late, *_ = season_plans
    kind = history.kind_of(late)
    assert kind.key == "rollout-plan"
    assert kind.may_view(member, late)
    assert "progress-report" in history.KINDS


def _by_hand(rows, today):
    """The completion figures as the definition reads, row by row (the reference)."""
    import statistics

    from insight.selectors import rate
    from rollout.insight import add_months

    spans = [(d - a).days for a, d in rows if d]
    figures = {"median": float(statistics.median(spans)) if spans else None}
    for months in (6, 12):
        due = [(a, d) for a, d in rows if add_months(a, months) <= today]
        met = sum(1 for a, d in due if d is not None and d <= add_months(a, months))
        figures[months] = rate(met, len(due))
    return figures


def test_completion_in_the_database_agrees_with_the_definition_row_by_row(
    planner, django_assert_num_queries
):
    # Adoption and completion days around month ends, where "6 months later" is clamped.
    today = dt.date(2027, 2, 28)
    spans = [
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),  # exactly 6 months (clamped): in time
        (dt.date(2026, 8, 30), dt.date(2027, 2, 28)),  # 6 months to the day (clamped)
        (dt.date(2026, 3, 15), dt.date(2026, 9, 16)),  # a day late for 6, in time for 12
        (dt.date(2026, 1, 31), dt.date(2026, 7, 31)),
        (dt.date(2026, 2, 28), None),  # 12 months run out today, not done
        (dt.date(2026, 9, 1), None),  # 6 months not yet run out
    ]
    plans = [
        RolloutPlan.objects.get(idea=rof.published_adoption(leader=team_leader(), by=planner).idea)
        for _ in spans
    ]
    season = plans[0].season
    for n, (plan, (adopted, done)) in enumerate(zip(plans, spans, strict=True), start=100):
        Idea.objects.filter(pk=plan.idea_id).update(season=season, sequence=n)
        RolloutPlan.objects.filter(pk=plan.pk).update(
            season=season,
            adopted_on=adopted,
            status="done" if done else "active",
            completed_on=done,
        )
    trend = SeasonTrend(season.pk, season.name, 6, 6, 0, 6, 0, 0)
    with django_assert_num_queries(1):
        completion([trend], None, today=today)
    expected = _by_hand(spans, today)
    assert trend.median_days_to_done == expected["median"]  # four done: the middle two
    assert trend.done_within_6_months == expected[6]
    assert trend.done_within_12_months == expected[12]
