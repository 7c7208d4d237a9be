"""Milestones, KPIs and progress reports; the derived status of the board; reminders."""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import BusinessRuleError, EditConflict, PermissionRefused
from notifications.models import Notification
from notifications.tasks import send_reminders
from rollout import selectors, services
from rollout.models import ProgressReport, RolloutPlan
from tests.departments.factories import team_leader
from tests.rollout import factories as rof

pytestmark = pytest.mark.django_db
Health = RolloutPlan.Health


def first_report(plan):
    return plan.reports.order_by("period_end").first()


def health_of(plan, today=None):
    row = selectors.board(plans=RolloutPlan.objects.filter(pk=plan.pk), today=today).get()
    return row.health, selectors.health_reason(row, today)


def test_the_director_accepts_a_filed_report_with_kpi_actuals(active_plan, leader, director):
    kpi = services.kpi_add(
        plan=active_plan, by=leader, name="참여 직원 수", unit="명", baseline=0, target=200
    )
    report = first_report(active_plan)
    report = services.report_save(
        report=report,
        by=leader,
        version=report.version,
        progress_percent=25,
        done_text="1차 소풍 운영",
        actuals={kpi.pk: "48"},
    )
    services.report_file(report=report, by=leader)
    report = services.report_review(report=report, by=director, accept=True)
    assert report.status == ProgressReport.Status.ACCEPTED
    assert report.actuals.get().value == 48


def test_a_report_sent_back_needs_a_reason_and_returns_to_the_team(active_plan, leader, director):
    report = first_report(active_plan)
    services.report_save(report=report, by=leader, done_text="실적", progress_percent=10)
    services.report_file(report=report, by=leader)
    with pytest.raises(BusinessRuleError):
        services.report_review(report=report, by=director, accept=False)
    report = services.report_review(
        report=report, by=director, accept=False, reason="실적 수치 보완"
    )
    assert report.status == ProgressReport.Status.SENT_BACK
    assert Notification.objects.filter(recipient=leader).exists()
    services.report_save(report=report, by=leader, done_text="실적(보완)")


def test_another_bureaus_director_cannot_accept_a_report(active_plan, leader):
    from tests.departments.factories import BureauFactory, bureau_director

    report = first_report(active_plan)
    services.report_save(report=report, by=leader, done_text="실적")
    services.report_file(report=report, by=leader)
    with pytest.raises(PermissionRefused):
        services.report_review(report=report, by=bureau_director(BureauFactory()), accept=True)


@pytest.mark.parametrize("percent", [-1, 101, "abc"])
def test_progress_out_of_range_is_refused_at_the_field(active_plan, leader, percent):
    report = first_report(active_plan)
    with pytest.raises(BusinessRuleError) as refused:
        services.report_save(report=report, by=leader, progress_percent=percent)
    assert "progress_percent" in refused.value.errors


def test_two_people_saving_one_report_never_silently_overwrite(active_plan, leader, member):
    report = first_report(active_plan)
    read = report.version
    services.report_save(report=report, by=member, version=read, done_text="팀원의 글")
    with pytest.raises(EditConflict):
        services.report_save(report=report, by=leader, version=read, done_text="팀장의 글")
    report.refresh_from_db()
    assert report.done_text == "팀원의 글"


def test_a_kpi_whose_target_is_not_beyond_its_baseline_is_refused(active_plan, leader):
    with pytest.raises(BusinessRuleError) as refused:
        services.kpi_add(
            plan=active_plan,
            by=leader,
            name="민원 처리일",
            unit="일",
            baseline=10,
            target=12,
            direction="lower",
        )
    assert "target" in refused.value.errors


# Derived status ----------------------------------------------------------------------


def test_a_fresh_filed_plan_is_on_track(leader):
    today = timezone.localdate()
    plan = rof.filed_plan(leader=leader, start=today, target=today + dt.timedelta(days=300))
    assert health_of(plan)[0] == Health.ON_TRACK


def test_an_unfiled_plan_past_its_due_date_is_late(plan):
    later = plan.due_date + dt.timedelta(days=1)
    health, reason = health_of(plan, later)
    assert health == Health.LATE
    assert "실시계획 제출 기한" in reason


def test_a_report_past_its_due_date_makes_the_plan_late(leader):
    plan = rof.filed_plan(leader=leader, start=dt.date(2026, 1, 1), target=dt.date(2027, 12, 31))
    report = first_report(plan)
    health, reason = health_of(plan, report.due_on + dt.timedelta(days=1))
    assert health == Health.LATE
    assert "보고" in reason


def test_an_overdue_milestone_makes_the_plan_late_until_it_is_done(active_plan, leader):
    today = timezone.localdate()
    milestone = services.milestone_add(
        plan=active_plan, by=leader, title="조례안 입안", due_on=today - dt.timedelta(days=1)
    )
    assert health_of(active_plan, today)[0] == Health.LATE
    services.milestone_done(milestone=milestone, by=leader, note="입안 완료")
    for report in active_plan.reports.filter(due_on__lt=today):
        services.report_save(report=report, by=leader, done_text="실적")
        services.report_file(report=report, by=leader)
    assert health_of(active_plan, today)[0] != Health.LATE


def test_a_budget_cut_puts_the_plan_at_risk(leader):
    today = timezone.localdate()
    plan = rof.filed_plan(leader=leader, start=today, target=today + dt.timedelta(days=300))
    services.budget_track_save(
        plan=plan, by=leader, amount_requested=100, status="cut", amount_secured=40
    )
    health, reason = health_of(plan)
    assert health == Health.AT_RISK
    assert "삭감" in reason


def test_done_and_dropped_plans(leader, planner):
    today = timezone.localdate()
    done = rof.filed_plan(leader=leader, start=today, target=today + dt.timedelta(days=300))
    services.plan_complete(plan=done, by=leader)
    assert health_of(done)[0] == Health.DONE
    other = team_leader()
    dropped = RolloutPlan.objects.get(idea=rof.published_adoption(leader=other).idea)
    services.plan_cannot_file(plan=dropped, by=other, reason="권한 밖")
    assert health_of(dropped)[0] == Health.AT_RISK
    services.plan_cannot_decide(plan=dropped, by=planner, accept=True)
    assert health_of(dropped) == (Health.DROPPED, "실시불가 사유서가 받아들여졌습니다: 권한 밖")


def test_counts_per_status_come_in_one_query(leader, django_assert_num_queries):
    rof.filed_plan(leader=leader)
    rows = selectors.board()
    with django_assert_num_queries(1):
        counts = selectors.health_counts(rows)
    assert sum(counts.values()) == 1


# Reminders ---------------------------------------------------------------------------


def run(day):
    return send_reminders.delay(Notification.Kind.PROGRESS_REPORT_DUE, day.isoformat()).get()


def test_report_reminders_go_before_and_after_the_due_date_each_once(leader, director):
    plan = rof.filed_plan(leader=leader, start=dt.date(2026, 7, 1), target=dt.date(2027, 6, 30))
    report = first_report(plan)  # 2026-09-30, due 2026-10-10 (a Saturday)
    assert report.due_on == dt.date(2026, 10, 10)
    assert run(dt.date(2026, 10, 1)) == 0
    # D-7 is Saturday the 3rd (개천절): moved to Friday the 2nd.
    assert run(dt.date(2026, 10, 2)) == 1
    assert run(dt.date(2026, 10, 2)) == 0
    # D-1 is Friday the 9th (한글날): moved to Thursday the 8th.
    assert run(dt.date(2026, 10, 8)) == 1
    assert run(dt.date(2026, 10, 9)) == 0
    # Overdue: the day after is Sunday the 11th, moved forward to Monday the 12th; the
    # director hears too.
    assert run(dt.date(2026, 10, 11)) == 0
    assert run(dt.date(2026, 10, 12)) == 2
    assert run(dt.date(2026, 10, 13)) == 0
    assert Notification.objects.filter(recipient=leader, kind="progress_report_due").count() == 3
    assert Notification.objects.filter(recipient=director).count() == 1


def test_an_overdue_report_reminds_the_team_and_the_director_once(leader, director):
    plan = rof.filed_plan(leader=leader, start=dt.date(2026, 10, 1), target=dt.date(2027, 6, 30))
    report = first_report(plan)  # 2026-12-31, due 2027-01-10 (Sunday); overdue day Monday 11th
    assert run(dt.date(2027, 1, 11)) == 2
    assert run(dt.date(2027, 1, 12)) == 0
    notice = Notification.objects.get(recipient=director)
    assert notice.title.startswith("[추진 상황 보고 지연]")
    assert notice.url == plan.get_absolute_url()
    assert report.due_on == dt.date(2027, 1, 10)


def test_a_filed_report_is_not_reminded(leader):
    plan = rof.filed_plan(leader=leader, start=dt.date(2026, 10, 1), target=dt.date(2027, 6, 30))
    report = first_report(plan)
    services.report_save(report=report, by=leader, done_text="실적")
    services.report_file(report=report, by=leader)
    assert run(dt.date(2027, 1, 11)) == 0
