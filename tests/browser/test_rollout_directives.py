"""The governor's directives followed to the end in the browser: the bureau director records
one as in progress on its plan and later done, drops another with a reason (refused first
without one, at the field); the plan page shows both and its history. The planning
office's calendar pages and a report's attachments are seen at desktop and phone widths."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reviews.models import Directive
from rollout import services
from rollout.models import DirectiveFollowUp
from tests.browser.helpers import OVERFLOWING, sign_in, sign_out
from tests.departments.factories import bureau_director, team_leader
from tests.rollout import factories as rof

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def fits_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate(OVERFLOWING) == []
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_director_follows_directives_to_done_and_to_dropped_with_a_reason(
    page: Page, live_server, shoot
):
    leader = team_leader()
    director = bureau_director(leader.team.division.bureau)
    plan = rof.filed_plan(leader=leader)
    planner = rof.planner()
    today = timezone.localdate()
    visits = Directive.objects.create(
        idea=plan.idea,
        text="현장 제안은 30일 안에 답하세요.",
        responsible_bureau=plan.bureau,
        due_date=today + dt.timedelta(days=20),
        recorded_by=planner,
    )
    bus = Directive.objects.create(
        idea=plan.idea,
        text="전세버스를 도 예산으로 마련하세요.",
        responsible_bureau=plan.bureau,
        due_date=today + dt.timedelta(days=40),
        recorded_by=planner,
    )

    # From the idea's review panel the director records the first directive as in progress,
    # on the plan it belongs to.
    sign_in(page, live_server.url, director.username, password="pw")
    page.goto(f"{live_server.url}/reviews/ideas/{plan.idea_id}/panel/")
    page.get_by_role("link", name=f"이행 기록 {visits.text[:19]}").click()
    expect(page.get_by_role("heading", name="지시사항 이행 기록")).to_be_visible()
    page.get_by_label("이행 상태").select_option(label="추진 중")
    page.get_by_label("이행 기한").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("이행 메모").fill("1차 답변 기한 안내문 시행")
    page.get_by_label("실시계획").select_option(label=plan.idea.title)
    shoot("rollout-directive-form")
    fits_a_phone(page)
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".app-message--success")).to_contain_text("지시사항 이행 상황을 기록")
    directives = page.locator("section", has=page.get_by_role("heading", name="도지사 지시사항"))
    expect(directives).to_contain_text("추진 중")
    expect(directives).to_contain_text("1차 답변 기한 안내문 시행")

    # Later, from the plan page, it is done.
    directives.get_by_role("link", name="이행 기록").click()
    page.get_by_label("이행 상태").select_option(label="완료")
    page.get_by_label("이행 메모").fill("30일 답변제 정착, 평균 12일 답변")
    page.get_by_role("button", name="저장").click()
    expect(directives).to_contain_text("완료")
    expect(directives).to_contain_text("평균 12일 답변")

    # The second is dropped: without a reason the page says so at the field.
    page.goto(f"{live_server.url}/reviews/ideas/{plan.idea_id}/panel/")
    page.get_by_role("link", name=f"이행 기록 {bus.text[:19]}").click()
    page.get_by_label("이행 상태").select_option(label="중단")
    page.get_by_label("실시계획").select_option(label=plan.idea.title)
    page.get_by_role("button", name="저장").click()
    reason = page.get_by_label("중단 사유")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_drop_reason_error")).to_contain_text("중단 사유를 입력하세요.")
    shoot("rollout-directive-form-error")
    reason.fill("시·군 버스 공동 이용으로 대체해 별도 예산이 필요 없습니다.")
    page.get_by_role("button", name="저장").click()
    expect(directives).to_contain_text("중단")
    expect(directives).to_contain_text("시·군 버스 공동 이용으로 대체")
    expect(page.locator(".ro-history")).to_contain_text("지시사항 이행 상황을 기록했습니다.")
    expect(page.locator(".ro-history")).to_contain_text("상태: 중단")
    shoot("rollout-plan-directives")

    assert dict(DirectiveFollowUp.objects.values_list("directive_id", "status")) == {
        visits.pk: DirectiveFollowUp.Status.DONE,
        bus.pk: DirectiveFollowUp.Status.DROPPED,
    }
    sign_out(page)


def test_the_planning_office_keeps_the_calendars_and_the_team_attaches_a_file(
    page: Page, live_server, shoot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    planner = rof.planner()
    leader = team_leader()
    plan = rof.filed_plan(leader=leader)
    services.budget_round_save(by=planner, fiscal_year=2027, kind="main")

    sign_in(page, live_server.url, planner.username, password="pw")
    page.goto(f"{live_server.url}/rollout/")
    page.get_by_role("link", name="예산·도의회 일정").click()
    page.get_by_role("link", name="도의회 회기 추가").click()
    page.get_by_label("회기", exact=True).fill("421")
    page.get_by_label("구분").select_option(label="정례회")
    page.get_by_label("개회일").fill("2027-06-10")
    page.get_by_label("폐회일").fill("2027-06-01")
    page.get_by_role("button", name="저장").click()
    expect(page.locator("#id_ends_on_error")).to_contain_text(
        "폐회일은 개회일보다 빠를 수 없습니다."
    )
    shoot("rollout-calendar-form-error")
    fits_a_phone(page)
    page.get_by_label("폐회일").fill("2027-06-25")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".app-message--success")).to_contain_text("도의회 회기를 저장했습니다.")
    expect(page.get_by_role("row", name="제421회 정례회")).to_contain_text("2027-05-21")
    shoot("rollout-calendars")
    fits_a_phone(page)
    sign_out(page)

    # The team attaches the minutes to its first report.
    sign_in(page, live_server.url, leader.username, password="pw")
    report = plan.reports.order_by("period_end").first()
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.locator(f"#report-{report.pk}").get_by_role("link", name="작성").click()
    minutes = tmp_path / "1분기 추진 회의록.pdf"
    minutes.write_bytes(PDF)
    page.get_by_label("올릴 파일").set_input_files(str(minutes))
    page.get_by_role("button", name="파일 올리기").click()
    expect(page.locator(".app-message--success")).to_contain_text("1분기 추진 회의록.pdf")
    expect(page.locator("#attachments")).to_contain_text("1분기 추진 회의록.pdf")
    shoot("rollout-report-attachments")
    fits_a_phone(page)
