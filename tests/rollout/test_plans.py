"""A plan opens with a published adoption, follows a changed decision, and takes a
"cannot implement" statement that the planning office accepts or overrules."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import BusinessRuleError, EditConflict, PermissionRefused
from core.models import HistoryEntry
from ideas.models import Idea
from reviews import services as review_services
from rollout import services
from rollout.models import RolloutPlan
from rollout.services import RolloutAction, add_months
from tests.departments.factories import team_leader
from tests.reviews import factories as rf
from tests.rollout import factories as rof

pytestmark = pytest.mark.django_db


def actions(plan):
    return list(HistoryEntry.objects.for_object(plan).values_list("action", flat=True))


def test_publishing_an_adoption_opens_its_plan_due_one_month_later(leader, planner):
    decision = rof.published_adoption(leader=leader, by=planner, path=Idea.Path.ORDINANCE)
    plan = RolloutPlan.objects.get(idea=decision.idea)
    assert plan.status == RolloutPlan.Status.DRAFT
    assert plan.lead_team == leader.team
    assert plan.bureau == leader.team.division.bureau
    assert (plan.path_immediate, plan.path_budget, plan.path_ordinance) == (False, False, True)
    assert plan.due_date == add_months(timezone.localdate(decision.decided_at), 1)
    assert actions(plan) == [RolloutAction.OPENED]


def test_an_unpublished_adoption_opens_no_plan(leader, planner):
    review_round = rf.ReviewRoundFactory()
    idea = rf.submitted_idea(review_round.season, leader=leader)
    review_services.decision_record(
        review_round=review_round,
        idea=idea,
        by=planner,
        outcome="adopt",
        reason="좋음",
        implementation_path=Idea.Path.IMMEDIATE,
    )
    assert not RolloutPlan.objects.exists()


def test_a_rejection_published_opens_no_plan(leader, planner):
    review_round = rf.ReviewRoundFactory()
    idea = rf.submitted_idea(review_round.season, leader=leader)
    review_services.decision_record(
        review_round=review_round, idea=idea, by=planner, outcome="not_adopted", reason="부족"
    )
    review_services.round_close(review_round=review_round, by=planner)
    review_services.decisions_publish(review_round=review_round, by=planner)
    assert not RolloutPlan.objects.exists()


def published_round(planner, leaders, outcomes):
    review_round = rf.ReviewRoundFactory()
    for leader, outcome in zip(leaders, outcomes, strict=True):
        idea = rf.submitted_idea(review_round.season, leader=leader)
        review_services.decision_record(
            review_round=review_round,
            idea=idea,
            by=planner,
            outcome=outcome,
            reason="심사 결과",
            implementation_path=Idea.Path.IMMEDIATE if outcome == "adopt" else "",
        )
    review_services.round_close(review_round=review_round, by=planner)
    return review_round


def test_publishing_opens_every_adoptions_plan_in_as_many_queries_as_for_one(planner):
    """One insert of the plans and one of their history, whatever the number: a first
    round decides every idea of a season."""
    one = published_round(planner, [team_leader()], ["adopt"])
    many = published_round(
        planner, [team_leader() for _ in range(6)], ["adopt"] * 4 + ["not_adopted"] * 2
    )
    with CaptureQueriesContext(connection) as for_one:
        services.plans_open_for_round(review_round=one, by=planner)
    with CaptureQueriesContext(connection) as for_many:
        opened = services.plans_open_for_round(review_round=many, by=planner)
    # The decisions to follow; the season; its setting (read, then made in a savepoint:
    # three queries); the plans; their history.
    assert len(for_many) == len(for_one) == 8
    assert len(opened) == 4
    for plan in opened:
        assert actions(plan) == [RolloutAction.OPENED]
        entry = HistoryEntry.objects.for_object(plan).get()
        assert (entry.actor, entry.data) == (planner, {"decision": plan.decision_id})


def test_a_changed_decision_closes_the_plan_and_a_second_change_reopens_it(plan, planner):
    review_round = plan.decision.round
    review_services.decision_record(
        review_round=review_round,
        idea=plan.idea,
        by=planner,
        outcome="not_adopted",
        reason="재검토 결과 중복 사업",
        change_reason="유사 사업이 이미 있음",
    )
    plan.refresh_from_db()
    assert plan.status == RolloutPlan.Status.CLOSED
    review_services.decision_record(
        review_round=review_round,
        idea=plan.idea,
        by=planner,
        outcome="adopt",
        reason="다시 채택",
        implementation_path=Idea.Path.BUDGET,
        change_reason="중복 아님 확인",
    )
    plan.refresh_from_db()
    assert plan.status == RolloutPlan.Status.DRAFT
    assert actions(plan) == [RolloutAction.OPENED, RolloutAction.CLOSED, RolloutAction.REOPENED]
    closed = HistoryEntry.objects.for_object(plan).get(action=RolloutAction.CLOSED)
    assert closed.reason == "유사 사업이 이미 있음"


def test_the_team_leader_files_the_plan_and_its_quarterly_reports_are_scheduled(plan, leader):
    plan = services.plan_update(
        plan=plan,
        by=leader,
        version=plan.version,
        method="시범 운영",
        start_date=dt.date(2026, 2, 1),
        target_date=dt.date(2026, 12, 31),
    )
    plan = services.plan_file(plan=plan, by=leader)
    assert plan.status == RolloutPlan.Status.ACTIVE
    ends = list(plan.reports.values_list("period_end", flat=True))
    assert ends == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
        dt.date(2026, 12, 31),
    ]
    assert plan.reports.first().due_on == dt.date(2026, 4, 10)


def test_filing_an_incomplete_plan_names_each_missing_field(plan, leader):
    with pytest.raises(BusinessRuleError) as refused:
        services.plan_file(plan=plan, by=leader)
    assert set(refused.value.errors) == {"method", "start_date", "target_date"}
    plan.refresh_from_db()
    assert plan.status == RolloutPlan.Status.DRAFT


def test_a_save_from_a_stale_version_is_refused_and_changes_nothing(plan, leader, member):
    services.plan_update(plan=plan, by=member, version=plan.version, goal="첫 사람의 목표")
    with pytest.raises(EditConflict):
        services.plan_update(plan=plan, by=leader, version=plan.version, goal="두 번째 사람의 목표")
    plan.refresh_from_db()
    assert plan.goal == "첫 사람의 목표"


def test_a_target_before_the_start_is_refused_at_the_field(plan, leader):
    with pytest.raises(BusinessRuleError) as refused:
        services.plan_update(
            plan=plan, by=leader, start_date=dt.date(2026, 5, 1), target_date=dt.date(2026, 4, 1)
        )
    assert "target_date" in refused.value.errors


def test_cannot_implement_accepted_drops_the_plan_with_its_reason_visible(plan, leader, planner):
    services.plan_cannot_file(plan=plan, by=leader, reason="관련 법령상 도 권한 밖입니다.")
    plan = services.plan_cannot_decide(plan=plan, by=planner, accept=True)
    assert plan.status == RolloutPlan.Status.DROPPED
    assert plan.cannot_reason == "관련 법령상 도 권한 밖입니다."
    assert actions(plan)[-2:] == [RolloutAction.CANNOT_FILED, RolloutAction.CANNOT_ACCEPTED]


def test_cannot_implement_overruled_makes_the_plan_due_again(plan, leader, planner):
    services.plan_cannot_file(plan=plan, by=leader, reason="인력이 없습니다.")
    with pytest.raises(BusinessRuleError):
        services.plan_cannot_decide(plan=plan, by=planner, accept=False)
    plan = services.plan_cannot_decide(
        plan=plan, by=planner, accept=False, note="협업 부서와 추진하세요."
    )
    assert plan.status == RolloutPlan.Status.DRAFT
    assert plan.due_date == add_months(timezone.localdate(), 1)
    assert actions(plan)[-1] == RolloutAction.CANNOT_OVERRULED


def test_only_the_planning_office_decides_a_cannot_implement_statement(plan, leader, director):
    services.plan_cannot_file(plan=plan, by=leader, reason="예산 없음")
    for person in (leader, director):
        with pytest.raises(PermissionRefused):
            services.plan_cannot_decide(plan=plan, by=person, accept=True)


def test_co_owners_share_the_work_below_one_hundred_percent(plan, leader):
    from tests.departments.factories import TeamFactory

    first, second = TeamFactory(), TeamFactory()
    services.co_owner_set(plan=plan, by=leader, team=first, share_percent=40, role="시스템 구축")
    with pytest.raises(BusinessRuleError) as refused:
        services.co_owner_set(plan=plan, by=leader, team=second, share_percent=60)
    assert "share_percent" in refused.value.errors
    services.co_owner_set(plan=plan, by=leader, team=second, share_percent=30)
    assert sorted(plan.co_owners.values_list("share_percent", flat=True)) == [30, 40]


def test_a_closed_unit_keeps_its_plans_and_their_history(plan, planner):
    team = plan.lead_team
    team.is_active = False
    team.deactivated_at = timezone.now()
    team.save()
    plan.refresh_from_db()
    assert plan.lead_team == team
    assert actions(plan) == [RolloutAction.OPENED]


def test_a_directive_is_followed_up_with_a_due_date_not_in_the_past(plan, planner):
    from reviews.models import Directive

    directive = Directive.objects.create(
        idea=plan.idea,
        text="현장 제안은 30일 안에 답하세요.",
        responsible_bureau=plan.bureau,
        due_date=timezone.localdate(),
        recorded_by=planner,
    )
    with pytest.raises(BusinessRuleError) as refused:
        services.directive_follow_up(
            directive=directive,
            by=planner,
            status="in_progress",
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert "due_on" in refused.value.errors
    with pytest.raises(BusinessRuleError) as refused:
        services.directive_follow_up(
            directive=directive, by=planner, status="dropped", due_on=timezone.localdate()
        )
    assert "drop_reason" in refused.value.errors
    follow_up = services.directive_follow_up(
        directive=directive,
        by=planner,
        status="in_progress",
        due_on=timezone.localdate() + dt.timedelta(days=30),
        notes="1차 답변 완료",
        plan=plan,
    )
    assert follow_up.plan == plan
    assert RolloutAction.DIRECTIVE_FOLLOWED_UP in actions(plan)


def test_the_idea_page_links_an_adoption_to_its_plan(client, plan, member):
    from django.urls import reverse

    client.force_login(member)
    response = client.get(reverse("reviews:idea_panel", args=[plan.idea_id]))
    assert reverse("rollout:idea_plan", args=[plan.idea_id]) in response.content.decode()


def test_every_change_is_in_the_plans_history_with_who_and_what(client, leader, director):
    from tests.departments.factories import BureauFactory, TeamFactory, bureau_director

    plan = rof.filed_plan(leader=leader)
    services.plan_update(plan=plan, by=leader, goal="분기마다 현장 점검")
    services.budget_track_save(plan=plan, by=leader, amount_requested=45_000_000)
    services.co_owner_set(plan=plan, by=leader, team=TeamFactory(), share_percent=25)
    milestone = services.milestone_add(
        plan=plan, by=leader, title="착수 보고회", due_on=plan.start_date
    )
    services.milestone_done(milestone=milestone, by=leader, note="보고회 개최")
    services.kpi_add(plan=plan, by=leader, name="참여 인원", unit="명", baseline=0, target=300)
    report = plan.reports.order_by("period_end").first()
    services.report_save(report=report, by=leader, done_text="착수", progress_percent=15)
    services.report_file(report=report, by=leader)
    services.report_review(report=report, by=director, accept=False, reason="사진 증빙 보완")
    services.plan_complete(plan=plan, by=director)
    assert set(actions(plan)) >= {
        RolloutAction.OPENED,
        RolloutAction.UPDATED,
        RolloutAction.FILED,
        RolloutAction.TRACK_SAVED,
        RolloutAction.CO_OWNER_SET,
        RolloutAction.MILESTONE_ADDED,
        RolloutAction.MILESTONE_DONE,
        RolloutAction.KPI_ADDED,
        RolloutAction.REPORT_SAVED,
        RolloutAction.REPORT_FILED,
        RolloutAction.REPORT_SENT_BACK,
        RolloutAction.COMPLETED,
    }
    # Anyone on staff reads it on the plan page: who, when, what changed.
    client.force_login(bureau_director(BureauFactory()))
    page = client.get(plan.get_absolute_url()).content.decode()
    history = page[page.index('class="ro-history"') :]
    assert f"<strong>{leader.full_name}</strong> 실시계획을 고쳤습니다." in history
    assert "추진 목표: 분기마다 현장 점검" in history
    assert "요구액(원): 45000000" in history
    assert (
        f"<strong>{director.full_name}</strong> 실·국장이 추진 상황 보고를 보완 요청했습니다."
        in history
    )
    assert "사진 증빙 보완" in history
    assert "주요 일정을 완료했습니다." in history
