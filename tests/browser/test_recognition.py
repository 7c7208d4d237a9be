"""Recognition journeys on the demo data: the best-department award from nomination to a
member's points, a benchmarking visit from plan to a derived idea, and a director's
verification of freed hours."""

import pytest
from playwright.sync_api import Page, expect

from awards.models import AwardRound, OutcomeMeasurement, PointEntry
from ideas.models import Idea
from tests.browser.helpers import fits_in_360_px, sign_in, sign_out
from visits.models import DerivedIdea, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bureau_nominates_the_planner_grades_and_announces_and_a_member_sees_points(
    page: Page, live_server, demo, shoot
):
    award_round = AwardRound.objects.get(status=AwardRound.Status.OPEN)

    sign_in(page, live_server.url, "director")
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="으뜸 도정상").click()
    shoot("awards-rounds")
    page.get_by_role("link", name=award_round.title).click()
    page.get_by_role("link", name="부서 추천").click()
    page.get_by_label("추천 부서(과)").select_option(label="기업유치과")
    page.get_by_label("공적 내용").fill("투자 협약 12건, 기업 35곳 방문")
    shoot("awards-nominate")
    page.get_by_role("button", name="추천하기").click()
    expect(page.get_by_role("main")).to_contain_text("투자 협약 12건")
    sign_out(page)

    sign_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}{award_round.get_absolute_url()}")
    page.get_by_label("등급").select_option(label="최우수")
    page.get_by_role("button", name="등급 정하기 기업유치과").click()
    shoot("awards-round-screening")
    page.get_by_role("link", name="발표하기").click()  # first, what goes to whom
    expect(page.get_by_role("main")).to_contain_text("전 직원")
    expect(page.get_by_role("table")).to_contain_text("기업유치과")
    shoot("awards-announce")
    page.get_by_role("button", name="발표하고 전 직원에게 알리기").click()
    expect(page.get_by_role("main")).to_contain_text("수상 부서")
    sign_out(page)

    sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/awards/")
    page.get_by_role("link", name="내 가점 보기").click()
    expect(page.get_by_role("main")).to_contain_text("0.50")
    expect(page.get_by_role("main")).to_contain_text("기업유치과")
    shoot("awards-my-points")
    assert fits_in_360_px(page) == []
    assert PointEntry.objects.filter(person__username="member").exists()


def test_a_group_of_four_plans_reports_and_opens_a_prefilled_derived_idea(
    page: Page, live_server, demo, shoot
):
    sign_in(page, live_server.url, "leader")
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="벤치마킹 방문").click()
    shoot("visits-list")
    page.get_by_role("link", name="방문 계획 세우기").click()
    programme = Visit.objects.first().programme
    page.get_by_label("프로그램").select_option(label=programme.name)
    page.get_by_label("방문 기관").fill("서울특별시 디지털정책관")
    page.get_by_label("기관 유형").select_option("local_government")
    page.get_by_label("방문 지역").fill("서울")
    page.get_by_label("정책 분야").fill("디지털 행정")
    page.get_by_label("방문 목적").fill("민원 자동화 사례")
    page.get_by_label("출발일").fill(f"{programme.year}-08-26")
    page.get_by_label("복귀일").fill(f"{programme.year}-08-27")
    for index in range(4):  # the label is what a person clicks (KRDS styles the box)
        page.locator(f"label[for=id_members_{index}]").click()
    shoot("visits-plan")
    page.get_by_role("button", name="승인 요청").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("서울특별시 디지털정책관")
    visit = Visit.objects.get(institution="서울특별시 디지털정책관")
    assert visit.members.count() == 4
    sign_out(page)

    sign_in(page, live_server.url, "divhead")
    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    page.locator("label[for=id_approve_0]").click()  # 승인
    page.get_by_role("button", name="결정하기").click()
    expect(page.get_by_role("main")).to_contain_text("결정했습니다.")
    sign_out(page)

    sign_in(page, live_server.url, "leader")
    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    page.get_by_role("link", name="보고서 제출").click()
    page.get_by_label("본 것").fill("민원 챗봇과 자동 배정")
    page.get_by_label("우리 현안에 맞는 점").fill("민원 처리 기간 단축")
    page.get_by_label("제안", exact=True).fill("도 민원 자동 배정 도입")
    page.get_by_role("button", name="보고서 제출").click()
    shoot("visits-detail")
    page.get_by_role("button", name="이 방문으로 아이디어 쓰기").click()
    idea = DerivedIdea.objects.get(visit=visit).idea
    assert idea.status == Idea.Status.DRAFT
    assert idea.source_institution == "서울특별시 디지털정책관"
    assert idea.lessons_learned == "민원 처리 기간 단축"
    page.goto(f"{live_server.url}/ideas/mine/")
    expect(page.get_by_role("main")).to_contain_text(idea.title)
    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    expect(page.get_by_role("main")).to_contain_text(idea.title)
    assert fits_in_360_px(page) == []


def test_a_director_verifies_freed_hours(page: Page, live_server, demo, shoot):
    pending = OutcomeMeasurement.objects.filter(
        status=OutcomeMeasurement.Status.MEASURED, idea__bureau__name="기업유치지원실"
    ).first()
    assert pending is not None, "the demo leaves the director a measurement to verify"

    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/awards/outcomes/")
    shoot("awards-outcomes")
    page.get_by_role("link", name=f"검증하기 {pending.idea.title}").first.click()
    page.locator("label[for=id_accept_1]").click()  # 조정
    page.get_by_label("조정한 시간").fill("-5")
    page.get_by_role("button", name="검증하기").click()
    expect(page.get_by_role("main")).to_contain_text("음수")
    page.locator("label[for=id_accept_1]").click()  # 조정
    page.get_by_label("조정한 시간").fill("40")
    page.get_by_label("조정 사유").fill("다른 과제와 겹치는 시간 제외")
    shoot("awards-verify")
    page.get_by_role("button", name="검증하기").click()
    pending.refresh_from_db()
    assert pending.status == OutcomeMeasurement.Status.ADJUSTED
    assert pending.verified_hours == 40
    assert fits_in_360_px(page) == []
