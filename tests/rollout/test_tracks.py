"""Budget and ordinance tracks checked against the planning office's calendars."""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import BusinessRuleError
from ideas.models import Idea
from rollout import services
from rollout.models import BudgetRound, BudgetTrack, CouncilSession, OrdinanceStep
from tests.departments.factories import team_leader
from tests.rollout import factories as rof

pytestmark = pytest.mark.django_db


def test_a_main_budget_takes_its_statutory_dates(planner):
    budget_round = services.budget_round_save(by=planner, fiscal_year=2027, kind="main")
    # 지방자치법 제142조: submitted 50 days and decided 15 days before 1 January.
    assert budget_round.submission_date == dt.date(2026, 11, 12)
    assert budget_round.decision_date == dt.date(2026, 12, 17)
    assert budget_round.available_on == dt.date(2027, 1, 1)


def test_a_supplementary_budget_can_be_spent_the_day_after_the_council_decides(planner):
    budget_round = services.budget_round_save(
        by=planner,
        fiscal_year=2027,
        kind="supplementary",
        number=1,
        submission_date=dt.date(2027, 4, 20),
        decision_date=dt.date(2027, 5, 10),
    )
    assert budget_round.available_on == dt.date(2027, 5, 11)
    assert str(budget_round) == "2027년 제1회 추경"


def test_a_plan_whose_target_comes_before_its_money_is_warned(leader, planner):
    plan = rof.filed_plan(leader=leader, start=dt.date(2026, 3, 1), target=dt.date(2026, 12, 31))
    main_2027 = services.budget_round_save(by=planner, fiscal_year=2027, kind="main")
    track = services.budget_track_save(
        plan=plan, by=leader, amount_requested=50_000_000, budget_round=main_2027
    )
    assert "2027-01-01" in track.warning
    services.plan_update(plan=plan, by=leader, target_date=dt.date(2027, 6, 30))
    track.refresh_from_db()
    assert track.warning == ""


def test_moving_a_supplementary_round_later_warns_the_plans_aiming_at_it(leader, planner):
    plan = rof.filed_plan(leader=leader, start=dt.date(2026, 3, 1), target=dt.date(2026, 8, 31))
    supp = services.budget_round_save(
        by=planner,
        fiscal_year=2026,
        kind="supplementary",
        number=2,
        submission_date=dt.date(2026, 7, 1),
        decision_date=dt.date(2026, 7, 20),
    )
    track = services.budget_track_save(
        plan=plan, by=leader, amount_requested=1000, budget_round=supp
    )
    assert track.warning == ""
    services.budget_round_save(
        by=planner,
        budget_round=supp,
        fiscal_year=2026,
        kind="supplementary",
        number=2,
        submission_date=dt.date(2026, 9, 1),
        decision_date=dt.date(2026, 9, 20),
    )
    track.refresh_from_db()
    assert "2026-09-21" in track.warning


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount_requested": "-5"}, "amount_requested"),
        ({"amount_requested": "abc"}, "amount_requested"),
        ({"amount_requested": 100, "amount_secured": 200}, "amount_secured"),
        ({"amount_requested": 100, "status": "passed"}, "amount_secured"),
    ],
)
def test_bad_amounts_are_refused_at_their_field(leader, fields, field):
    plan = rof.filed_plan(leader=leader)
    with pytest.raises(BusinessRuleError) as refused:
        services.budget_track_save(plan=plan, by=leader, **fields)
    assert field in refused.value.errors
    assert not BudgetTrack.objects.exists()


def _session(planner, starts):
    return services.council_session_save(
        by=planner,
        number=420,
        kind="regular",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=20),
    )


def test_an_ordinance_that_cannot_finish_its_pre_announcement_before_the_session_is_warned(
    planner,
):
    leader = team_leader()
    plan = rof.filed_plan(leader=leader, path=Idea.Path.ORDINANCE)
    today = timezone.localdate()
    session = _session(planner, today + dt.timedelta(days=30))  # bills due in 10 days
    track = services.ordinance_track_save(
        plan=plan, by=leader, ordinance_name="전라북도 정책소풍 운영 조례", target_session=session
    )
    assert track.steps.count() == 9
    assert "입법예고" in track.warning
    later = _session_later = services.council_session_save(
        by=planner,
        number=421,
        kind="extraordinary",
        starts_on=today + dt.timedelta(days=90),
        ends_on=today + dt.timedelta(days=95),
    )
    track = services.ordinance_track_save(
        plan=plan, by=leader, ordinance_name="전라북도 정책소풍 운영 조례", target_session=later
    )
    assert track.warning == ""
    assert _session_later == later


def test_a_pre_announcement_shorter_than_twenty_days_is_refused(planner):
    leader = team_leader()
    plan = rof.filed_plan(leader=leader, path=Idea.Path.ORDINANCE)
    track = services.ordinance_track_save(plan=plan, by=leader, ordinance_name="조례")
    step = track.steps.get(kind=OrdinanceStep.Kind.PRE_ANNOUNCEMENT)
    start = timezone.localdate() + dt.timedelta(days=5)
    with pytest.raises(BusinessRuleError) as refused:
        services.ordinance_step_save(
            step=step, by=leader, planned_on=start, planned_until=start + dt.timedelta(days=10)
        )
    assert "planned_until" in refused.value.errors
    services.ordinance_step_save(
        step=step, by=leader, planned_on=start, planned_until=start + dt.timedelta(days=19)
    )


def test_a_council_session_ending_before_it_starts_is_refused(planner):
    with pytest.raises(BusinessRuleError) as refused:
        services.council_session_save(
            by=planner,
            number=1,
            kind="regular",
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2026, 8, 1),
        )
    assert "ends_on" in refused.value.errors
    assert not CouncilSession.objects.exists()
    assert not BudgetRound.objects.exists()
