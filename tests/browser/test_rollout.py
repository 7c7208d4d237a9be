"""Rollout end to end: the planner publishes an adoption, the team files the plan with a
budget track and a KPI, the director accepts the first quarterly report, the KPI chart
shows the actual, the board shows the plan on track; a late report shows as late and its
reminder appears once in the team's inbox, sent by a real Celery worker and beat (as
tests/notifications/test_worker.py runs them)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from playwright.sync_api import Page, expect

from core.models import CalendarDay
from ideas.models import Idea
from notifications.models import Notification
from reviews import services as review_services
from rollout import services
from rollout.models import ProgressReport, RolloutPlan
from tests.browser.helpers import open_menu_item, sign_in, sign_out
from tests.departments.factories import bureau_director, team_leader
from tests.notifications.test_worker import CELERY, REDIS_URL, start, wait_for  # noqa: F401
from tests.reviews import factories as rf
from tests.rollout import factories as rof

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_adoption_is_carried_from_publication_to_an_accepted_report(page: Page, live_server):
    planner = rof.planner()
    leader = team_leader()
    director = bureau_director(leader.team.division.bureau)
    review_round = rf.ReviewRoundFactory()
    idea = rf.submitted_idea(
        review_round.season, leader=leader, implementation_path=Idea.Path.BUDGET
    )
    idea.title = "도지사와 함께 가는 정책소풍"
    idea.save()
    review_services.decision_record(
        review_round=review_round,
        idea=idea,
        by=planner,
        outcome="adopt",
        reason="현장 소통 강화",
        implementation_path=Idea.Path.BUDGET,
    )
    review_services.round_close(review_round=review_round, by=planner)
    today = timezone.localdate()
    services.budget_round_save(
        by=planner,
        fiscal_year=today.year + 1,
        kind="supplementary",
        number=1,
        submission_date=dt.date(today.year + 1, 3, 20),
        decision_date=dt.date(today.year + 1, 4, 10),
    )

    # The planner publishes the round's decisions: the adoption opens its plan.
    sign_in(page, live_server.url, planner.username, password="pw")
    page.goto(f"{live_server.url}/reviews/rounds/?season={review_round.season_id}")
    # Publishing asks first (issue 12 item 11): the link opens the page that says who is told.
    page.get_by_role("link", name="결과 공개").first.click()
    page.get_by_role("button", name=re.compile(r"^결정 \d+건 공개")).click()
    expect(page.locator(".app-message--success")).to_be_visible()
    plan = RolloutPlan.objects.get(idea=idea)
    sign_out(page)

    # The team leader writes and files the plan with a budget track and a KPI.
    sign_in(page, live_server.url, leader.username, password="pw")
    open_menu_item(page, "추진 현황")
    page.get_by_role("link", name=idea.title).click()
    page.get_by_role("link", name="실시계획 작성").click()
    page.get_by_label("시작일").fill(today.isoformat())
    page.get_by_label("목표일").fill((today + dt.timedelta(days=540)).isoformat())
    page.get_by_label("추진 목표").fill("분기마다 도민과 정책 현장을 걷습니다.")
    page.get_by_label("추진 방법").fill("시·군 순회, 현장 제안 30일 안에 답변")
    page.get_by_role("button", name="저장").click()
    page.get_by_role("link", name="고치기").click()
    page.get_by_label("요구액(원)").fill("120000000")
    page.get_by_label("반영 목표 예산").select_option(label=f"{today.year + 1}년 제1회 추경")
    page.get_by_role("button", name="저장").click()
    page.get_by_role("link", name="성과 지표 추가").click()
    page.get_by_label("지표 이름").fill("참여 도민 수")
    page.get_by_label("단위").fill("명")
    page.get_by_label("기준값").fill("0")
    page.get_by_label("목표값").fill("3000")
    page.get_by_role("button", name="저장").click()
    page.get_by_role("button", name="실시계획 제출").click()
    expect(page.locator(".app-message--success")).to_contain_text("실시계획을 제출했습니다")

    # The first quarterly report: written, with the KPI's actual, and filed.
    first = plan.reports.order_by("period_end").first()
    page.locator(f"#report-{first.pk}").get_by_role("link", name="작성").click()
    page.get_by_label("진척률(%)").fill("25")
    page.get_by_label("추진 실적").fill("1차 정책소풍(전주) 운영")
    page.get_by_label("참여 도민 수 (명)").fill("480")
    page.get_by_role("button", name="저장").click()
    page.locator(f"#report-{first.pk}").get_by_role("button", name="제출").click()
    expect(page.locator(".app-message--success")).to_contain_text("보고를 제출했습니다")
    sign_out(page)

    # The bureau director accepts it.
    sign_in(page, live_server.url, director.username, password="pw")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.locator(f"#report-{first.pk}").get_by_role("button", name="승인").click()
    expect(page.locator(f"#report-{first.pk}")).to_contain_text("승인")
    assert ProgressReport.objects.get(pk=first.pk).status == ProgressReport.Status.ACCEPTED

    # The KPI chart (and its table) shows the actual; the board shows the plan on track.
    expect(page.locator("#kpi-chart")).to_be_visible()
    expect(page.locator("#kpi-table")).to_contain_text("480")
    assert page.evaluate("() => Chart.getChart('kpi-chart').data.datasets[0].data.includes(480)")
    open_menu_item(page, "추진 현황")
    row = page.locator("tr", has_text=idea.title)
    expect(row).to_contain_text("정상 추진")
    expect(row).to_contain_text("25%")


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (the local SQLite run)")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_a_late_report_shows_late_and_its_reminder_arrives_once(
    page: Page,
    live_server,
    start,  # noqa: F811  (the Celery fixture of tests/notifications/test_worker.py)
    tmp_path,
):
    import subprocess

    from tests.notifications.test_worker import ROOT, celery_env

    subprocess.run(  # noqa: S603  (drop what an earlier run left queued)
        [CELERY, "-A", "config", "purge", "-f"],
        cwd=ROOT,
        env=celery_env(),
        check=True,
        capture_output=True,
        timeout=60,
    )
    today = timezone.localdate()
    CalendarDay.objects.create(date=today, is_holiday=False, reason="시험: 근무일")
    leader = team_leader()
    plan = rof.filed_plan(
        leader=leader, start=today - dt.timedelta(days=120), target=today + dt.timedelta(days=365)
    )
    late = plan.reports.order_by("period_end").first()
    # Due yesterday: the overdue reminder (the day after the due date) is due today.
    ProgressReport.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=1))
    ProgressReport.objects.filter(plan=plan).exclude(pk=late.pk).update(
        due_on=today + dt.timedelta(days=60)
    )
    PeriodicTask.objects.update(enabled=False)
    PeriodicTask.objects.create(
        name="시험: 추진 상황 보고 알림 매초",
        task="notifications.tasks.send_reminders",
        kwargs=json.dumps({"kind": "progress_report_due"}),
        interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS),
    )
    worker = start(
        "worker",
        "worker",
        "-P",
        "solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "info",
        "-n",
        f"rollout-{os.getpid()}@%h",
    )
    wait_for(
        lambda: " ready." in worker.read_text(errors="replace"),
        timeout=60,
        what="the worker",
        log=worker,
    )
    start("beat", "beat", "-l", "info", "--pidfile=", "-s", str(tmp_path / "beat-schedule"))

    def runs() -> int:
        return len(
            re.findall(
                r"Task notifications\.tasks\.send_reminders\[[^\]]+\] succeeded",
                worker.read_text(errors="replace"),
            )
        )

    wait_for(lambda: runs() >= 3, timeout=90, what="three reminder runs", log=worker)

    sign_in(page, live_server.url, leader.username, password="pw")
    page.goto(f"{live_server.url}/rollout/?health=late")
    expect(page.locator("tr", has_text=plan.idea.title)).to_contain_text("지연")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator(".nt-item__title", has_text="[추진 상황 보고 지연]")).to_have_count(1)
    assert Notification.objects.filter(recipient=leader, kind="progress_report_due").count() == 1
