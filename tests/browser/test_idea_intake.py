"""A team leader writes a benchmarking idea, attaches the report and submits it."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from ideas import services
from ideas.models import Idea, Season
from tests.browser import helpers
from tests.browser.helpers import fits_in_360_px
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = f.TeamFactory(name="기업유치기획팀", division__name="기업유치과")
    return {
        "leader": f.team_leader(team=team, username="leader", full_name="김팀장"),
        "member": f.UserFactory(team=team, username="member", full_name="박공동"),
    }


@pytest.fixture
def seasons(people):
    earlier = SeasonFactory(name="벤치마킹 시즌1", code="S1", status=Season.Status.CLOSED)
    IdeaFactory(
        season=earlier,
        created_by=f.team_leader(),
        title="기업유치 관리시스템 구축",
        summary="유치 기업 정보를 한곳에서",
        status=Idea.Status.SUBMITTED,
        sequence=12,
        reference_number="S1-0012",
    )
    return SeasonFactory(name="벤치마킹 시즌2", code="S2")


def sign_in(page: Page, base_url: str, username: str) -> None:
    helpers.sign_in(page, base_url, username, password="pw")


def test_a_team_leader_drafts_attaches_and_submits_a_benchmarking_idea(
    page: Page, live_server, people, seasons, shoot
):
    sign_in(page, live_server.url, "leader")
    page.goto(f"{live_server.url}{reverse('ideas:idea_create')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("새 아이디어 쓰기")

    # Typing the title suggests the similar idea of season 1.
    page.get_by_label("제목", exact=True).press_sequentially("기업유치관리 시스템 도입", delay=20)
    similar = page.locator("#similar-ideas")
    expect(similar).to_contain_text("S1-0012")
    expect(similar).to_contain_text("벤치마킹 시즌1")

    page.get_by_label("요약", exact=True).fill(
        "투자 상담부터 입주까지 기업 정보를 한 화면에서 관리합니다."
    )
    page.get_by_label("벤치마킹 기관 유형", exact=True).select_option(label="지방자치단체")
    page.get_by_label("벤치마킹 기관", exact=True).fill("경상남도")
    page.get_by_label("방문 지역", exact=True).fill("창원")
    page.get_by_label("방문일", exact=True).fill("2024-05-14")
    page.get_by_label("배운 점", exact=True).fill("기업 전담 공무원이 상담 이력을 함께 봅니다.")
    page.get_by_label("현황 및 문제점", exact=True).fill("기업 정보가 부서마다 흩어져 있습니다.")
    page.get_by_label("개선 방안", exact=True).fill("통합 관리시스템을 구축합니다.")
    page.get_by_label("기대 효과", exact=True).fill("유치 상담 기간 단축")
    # KRDS draws radios and checkboxes on their labels: click the label, as a person does.
    page.get_by_text("예산 반영 필요", exact=True).click()
    expect(page.get_by_label("예산 반영 필요", exact=True)).to_be_checked()
    expect(page.get_by_label("소요 예산(원)", exact=True)).to_be_visible()
    page.get_by_label("소요 예산(원)", exact=True).fill("120000000")
    expect(page.get_by_label("소요 예산(원)", exact=True)).to_have_value("120,000,000")
    page.get_by_text("박공동", exact=True).click()
    expect(page.get_by_label("박공동", exact=True)).to_be_checked()

    # The draft saves itself while the leader types; then "임시 저장" keeps that one draft.
    expect(page.locator("#autosave-status")).to_contain_text("자동 저장됨", timeout=10_000)
    shoot("idea-form-new")
    assert fits_in_360_px(page) == []
    page.get_by_role("button", name="임시 저장").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("아이디어 고치기")
    assert Idea.objects.filter(season=seasons).count() == 1

    # The benchmarking report, as a PDF.
    page.get_by_label("올릴 파일", exact=True).set_input_files(
        files=[{"name": "경남 벤치마킹 결과보고.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="파일 올리기").click()
    expect(page.locator("#attachments")).to_contain_text("경남 벤치마킹 결과보고.pdf")
    shoot("idea-form-edit")
    assert fits_in_360_px(page) == []

    page.get_by_role("button", name="제출", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("접수번호는 S2-0001입니다")
    main = page.get_by_role("main")
    for text in (
        "S2-0001",
        "박공동",
        "경남 벤치마킹 결과보고.pdf",
        "120,000,000원",
        "기업유치기획팀",
    ):
        expect(main).to_contain_text(text)
    # The history timeline: the submission and the reference number it was given.
    expect(page.locator(".ins-timeline")).to_contain_text("제출")
    expect(page.locator(".ins-timeline")).to_contain_text("접수번호: S2-0001")
    shoot("idea-detail")
    assert fits_in_360_px(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="경남 벤치마킹 결과보고.pdf").click()
    assert download.value.suggested_filename == "경남 벤치마킹 결과보고.pdf"

    page.goto(f"{live_server.url}{reverse('ideas:team_ideas')}")
    expect(page.get_by_role("main")).to_contain_text("제출 완료")
    expect(page.get_by_role("link", name="기업유치관리 시스템 도입")).to_be_visible()
    shoot("team-ideas")
    assert fits_in_360_px(page) == []

    # Any member of staff finds it in the library by a two-syllable word.
    try:
        library = reverse("ideas:library")
    except NoReverseMatch:  # the oversight pages are not there yet
        return
    page.goto(f"{live_server.url}{library}?q=도입")
    expect(page.get_by_role("link", name=re.compile("기업유치관리 시스템 도입"))).to_be_visible()


def test_a_member_sees_why_only_the_leader_submits(page: Page, live_server, people, seasons):
    idea = services.idea_create_draft(season=seasons, by=people["member"], title="회의 자료 간소화")
    sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}{reverse('ideas:idea_edit', args=[idea.pk])}")
    submit = page.get_by_role("button", name="제출", exact=True)
    expect(submit).to_be_disabled()
    expect(page.locator("#submit-why")).to_have_text(
        "제출은 팀장만 할 수 있습니다. 팀장에게 제출을 요청하세요."
    )
