"""load_demo: season 1's 15 adoptions alive in varied states; season 2's open on publish."""

import pytest

from rollout import selectors
from rollout.models import BudgetTrack, OrdinanceStep, ProgressReport, RolloutPlan

pytestmark = pytest.mark.django_db


def plan_of(title):
    return selectors.board(
        plans=RolloutPlan.objects.filter(idea__title=title, season__code="S1")
    ).get()


def test_season_ones_fifteen_adoptions_each_have_a_plan(loaded):
    assert RolloutPlan.objects.filter(season__code="S1").count() == 15
    healths = set(selectors.board().values_list("health", flat=True))
    assert {"on_track", "at_risk", "late", "done", "dropped"} <= healths


def test_the_articles_ideas_are_in_operation(loaded):
    picnic = plan_of("도지사와 함께 가는 정책소풍")
    assert picnic.health == "on_track"
    assert picnic.budget.status == BudgetTrack.Status.PASSED
    assert picnic.reports.filter(status=ProgressReport.Status.ACCEPTED).count() >= 10
    visa = plan_of("지역특화형 비자 시범사업")
    assert visa.ordinance.steps.get(kind=OrdinanceStep.Kind.IN_FORCE).actual_on is not None


def test_the_waiting_states_late_report_and_cannot_implement(loaded):
    council = plan_of("찾아가는 사전 컨설팅 감사 도입")
    assert council.ordinance.steps.get(kind=OrdinanceStep.Kind.SUBMISSION).actual_on
    assert council.ordinance.steps.get(kind=OrdinanceStep.Kind.PLENARY).actual_on is None
    supp = plan_of("복지·일자리·보건 원스톱 통합 상담창구")
    assert supp.budget.budget_round.kind == "supplementary"
    assert supp.budget.status == BudgetTrack.Status.REQUESTED
    assert plan_of("업무보고 게시판 행정 전환").health == "late"
    dropped = plan_of("회계 의뢰 절차 일원화")
    assert dropped.health == "dropped"
    assert dropped.cannot_reason


def test_the_demo_director_has_a_report_to_accept(loaded):
    plan = plan_of("1기업 1공무원 전담제 도입")
    assert plan.reports.filter(status=ProgressReport.Status.FILED).count() == 1


def test_season_twos_adoptions_open_plans_when_the_demo_planner_publishes_them(loaded):
    from departments.models import User
    from ideas.models import Idea
    from reviews import services as review_services
    from reviews.models import ReviewRound

    planner = User.objects.get(username="planner")
    review_round = ReviewRound.objects.get(season__code="S2")
    ideas = list(Idea.objects.filter(season=review_round.season, status="submitted")[:2])
    assert ideas, "season 2 has submitted ideas in review"
    for idea in ideas:
        review_services.decision_record(
            review_round=review_round,
            idea=idea,
            by=planner,
            outcome="adopt",
            reason="도정에 바로 접목할 수 있습니다.",
            implementation_path=Idea.Path.IMMEDIATE,
        )
    assert not RolloutPlan.objects.filter(season__code="S2").exists()  # not published yet
    review_services.round_close(review_round=review_round, by=planner)
    review_services.decisions_publish(review_round=review_round, by=planner)
    opened = RolloutPlan.objects.filter(season__code="S2")
    assert {p.idea_id for p in opened} == {i.pk for i in ideas}
    assert {p.status for p in opened} == {RolloutPlan.Status.DRAFT}
