"""Staff talk about a library idea and the team hears of it; the planning office hides a
comment; the task force records a yearly result and the task page draws it, on the demo."""

import pytest
from playwright.sync_api import Page, expect

from departments.models import User
from ideas.models import Idea
from notifications.models import Notification
from roadmap.models import Task
from tests.browser.helpers import fits_in_360_px, open_menu_item, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_endorse_and_comment_the_team_hears_and_the_planner_hides(
    page: Page, live_server, demo, shoot
):
    leader = User.objects.get(username="leader")
    idea = Idea.objects.filter(team=leader.team, status=Idea.Status.SUBMITTED).first()
    sign_in(page, live_server.url, "divhead")
    open_menu_item(page, "아이디어 도서관")
    expect(page.get_by_role("columnheader", name="공감")).to_be_visible()
    shoot("library-with-engagement")
    page.goto(f"{live_server.url}/ideas/{idea.pk}/")
    panel = page.locator("#participation")
    count = int(panel.get_by_test_id("endorsement-count").inner_text())
    panel.get_by_role("button", name="공감").click()
    expect(page.get_by_text("공감했습니다.")).to_be_visible()
    expect(panel.get_by_test_id("endorsement-count")).to_have_text(str(count + 1))
    panel.get_by_label("의견 남기기").fill("우리 과에도 꼭 필요합니다 <b>굵게</b>")
    panel.get_by_role("button", name="의견 등록").click()
    body = panel.locator(".pt-body", has_text="우리 과에도 꼭 필요합니다 <b>굵게</b>")
    expect(body).to_be_visible()  # shown as typed, never as markup
    shoot("idea-participation")
    assert fits_in_360_px(page) == []
    sign_out(page)

    sign_in(page, live_server.url, "leader")
    page.get_by_role("link", name="알림함").click()
    expect(page.get_by_text(f"[의견·공감] {idea.title}").first).to_be_visible()
    # One notice for the endorsement and the comment together (batched per day).
    assert Notification.objects.filter(recipient=leader, kind="participation").count() == 1
    sign_out(page)

    sign_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}/ideas/{idea.pk}/")
    comment = page.locator(".pt-comment", has_text="우리 과에도 꼭 필요합니다")
    comment.get_by_text("숨기기", exact=True).first.click()
    comment.get_by_label("숨기는 사유").fill("시험용 글")
    comment.get_by_role("button", name="숨기기").click()
    expect(page.get_by_text("의견을 숨겼습니다.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, "divhead")
    page.goto(f"{live_server.url}/ideas/{idea.pk}/")
    expect(page.get_by_text("우리 과에도 꼭 필요합니다")).to_have_count(0)
    expect(page.get_by_text("기획조정실이 숨긴 의견입니다. 사유: 시험용 글")).to_be_visible()


def test_the_task_force_records_a_yearly_result_and_the_task_page_draws_it(
    page: Page, live_server, demo, shoot
):
    task = Task.objects.get(title="조인트벤처 협업 과제 운영")
    linked = list(task.ideas.values_list("title", flat=True))
    sign_in(page, live_server.url, "planner")
    open_menu_item(page, "혁신 로드맵")
    expect(page.get_by_role("heading", level=1)).to_contain_text("도정 혁신 로드맵 1.0")
    shoot("roadmap-version")
    assert fits_in_360_px(page) == []
    page.get_by_role("link", name=task.title).click()
    form = page.locator("form", has_text="연도별 목표·실적 기록")
    form.get_by_label("연도").fill("2022")
    form.get_by_label("실적값").fill("18")
    form.get_by_role("button", name="기록").click()
    expect(page.get_by_text("성과지표를 기록했습니다.")).to_be_visible()
    table = page.locator("#indicator-table")
    expect(table.get_by_role("row", name="2022")).to_contain_text("18.00")
    drawn = page.evaluate("() => !!Chart.getChart(document.getElementById('indicator-chart'))")
    assert drawn
    for title in linked:
        expect(page.locator("#linked-ideas")).to_contain_text(title)
    shoot("roadmap-task")
    assert fits_in_360_px(page) == []

    page.goto(f"{live_server.url}/roadmap/surveys/{task.goal.version.surveys.get().pk}/")
    expect(page.locator("canvas.survey-chart").first).to_be_visible()
    shoot("roadmap-survey")
