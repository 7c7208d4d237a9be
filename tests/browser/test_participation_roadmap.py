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
    # The endorsement posts the form and comes back to the idea: wait for that page (on a
    # loaded CI machine the round trip has outlasted an expectation's 5 s).
    with page.expect_navigation(timeout=30_000):
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


def test_the_task_force_edits_a_task_links_a_plan_and_finds_reports_to_review(
    page: Page, live_server, demo, shoot
):
    from roadmap.models import PerformanceReport
    from rollout.models import RolloutPlan

    task = Task.objects.get(title="게시판 행정으로 업무자료 공유")
    spare = RolloutPlan.objects.exclude(roadmap_links__task=task).select_related("idea").first()
    sign_in(page, live_server.url, "planner")
    # The home page tells the task force what waits for its review, and leads to it.
    waiting = PerformanceReport.objects.filter(status="submitted").count()
    page.get_by_role(
        "link", name=f"로드맵 과제의 성과 보고 {waiting}건이 검토를 기다립니다."
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("검토할 성과 보고")
    shoot("roadmap-reports")
    assert fits_in_360_px(page) == []

    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    page.get_by_role("link", name="과제 고치기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("과제 고치기")
    shoot("roadmap-task-edit")
    assert fits_in_360_px(page) == []
    page.get_by_label("상태").select_option(label="추진 중")
    page.get_by_label("단위", exact=True).fill("회")
    # A new year's target and plan go on the blank rows; a second unit makes a joint venture.
    new_target = page.locator(
        "fieldset.rm-row", has=page.locator("legend", has_text="새 연도의 목표")
    )
    new_target.get_by_label("연도").fill("2023")
    new_target.get_by_label("목표값").fill("40")
    new_unit = page.locator("fieldset.rm-row", has=page.locator("legend", has_text="새 추진 부서"))
    new_unit.get_by_label("부서").select_option(label="회계과")
    new_plan = page.locator(
        "fieldset.rm-row", has=page.locator("legend", has_text="새 연도의 실천계획")
    )
    new_plan.get_by_label("연도").fill("2023")
    new_plan.get_by_label("실천계획").fill("2023년: 부서 게시판 전면 전환")
    page.get_by_role("button", name="저장").click()
    # A joint venture needs each unit's part: said at the units, nothing saved.
    expect(page.get_by_text("조인트벤처에서는 부서마다 맡은 일을 적어 주세요.")).to_be_visible()
    shoot("roadmap-task-edit-error", widths=(1280,))
    new_unit = page.locator("fieldset.rm-row", has=page.locator("legend", has_text="새 추진 부서"))
    new_unit.get_by_label("맡은 일").fill("협업: 게시판 운영 지원")
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_text("과제를 고쳤습니다.")).to_be_visible()
    expect(page.locator("#indicator-table").get_by_role("row", name="2023")).to_contain_text(
        "40.00"
    )
    expect(page.get_by_text("2023년: 부서 게시판 전면 전환", exact=True)).to_be_visible()
    expect(page.get_by_text("조인트벤처", exact=True)).to_be_visible()

    # What feeds the task: link a rollout plan, see it listed, unlink it again.
    page.get_by_label("연결할 실시계획").select_option(str(spare.pk))
    page.get_by_role("button", name="실시계획 연결", exact=True).click()
    expect(page.get_by_text("실시계획을 과제에 연결했습니다.")).to_be_visible()
    expect(page.locator("#linked-plans")).to_contain_text(spare.idea.title)
    shoot("roadmap-task-links")
    assert fits_in_360_px(page) == []
    page.get_by_role("button", name=f"{spare.idea.title} 실시계획 연결 풀기").click()
    expect(page.get_by_text("실시계획 연결을 풀었습니다.")).to_be_visible()
    expect(page.locator("#linked-plans")).not_to_contain_text(spare.idea.title)

    # A new version copies this one; putting it in force asks first.
    page.goto(f"{live_server.url}{task.goal.version.get_absolute_url()}")
    copy = page.locator("form", has_text="이 판을 복사해 새 판 만들기")
    copy.get_by_label("새 판 번호").fill("2.0")
    copy.get_by_label("이름").fill("도정 혁신 로드맵")
    copy.get_by_role("button", name="새 판 만들기").click()
    expect(page.get_by_text("새 판을 만들었습니다.")).to_be_visible()
    page.get_by_role("link", name="이 판 시행").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("시행할까요?")
    expect(page.get_by_text("지금 시행 중인 도정 혁신 로드맵 1.0은 지난 판이 되어")).to_be_visible()
    shoot("roadmap-put-in-force")
    assert fits_in_360_px(page) == []
    page.get_by_role("button", name="이 판 시행").click()
    expect(page.get_by_text("이 판을 시행합니다.")).to_be_visible()
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    expect(page.get_by_role("link", name="과제 고치기")).to_have_count(0)  # a past version
    expect(page.locator(".ins-timeline")).to_contain_text("과제 수정")
    shoot("roadmap-task-history", widths=(1280,))
