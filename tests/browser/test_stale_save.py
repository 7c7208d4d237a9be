"""Work never lost: a draft changed by a teammate, or in the person's own other tab, is
saved from a stale page. The page keeps what was typed, shows both versions side by side,
says whose save it missed, and saves a merge or the person's text on top."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ideas import services
from ideas.models import Idea
from tests.browser import helpers
from tests.browser.helpers import fits_in_360_px, tick
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(db):
    team = f.TeamFactory(name="기업유치기획팀", division__name="기업유치과")
    leader = f.team_leader(team=team, username="leader", full_name="김팀장")
    member = f.UserFactory(team=team, username="member", full_name="박공동")
    season = SeasonFactory(name="벤치마킹 시즌2", code="S2")
    return services.idea_create_draft(
        season=season,
        by=leader,
        co_authors=[member],
        title="기업유치 상담 이력 관리",
        summary="상담 이력을 한곳에 모읍니다.",
        problem="상담 기록이 담당자 PC에 흩어져 있습니다.",
    )


def edit_url(live_server, idea) -> str:
    return f"{live_server.url}{reverse('ideas:idea_edit', args=[idea.pk])}"


def test_a_teammate_saved_first_and_the_member_merges_field_by_field(
    page: Page, live_server, draft, shoot
):
    helpers.sign_in(page, live_server.url, "member", password="pw")
    page.goto(edit_url(live_server, draft))
    expect(page.get_by_role("heading", level=1)).to_have_text("아이디어 고치기")

    # Meanwhile the leader rewrites the summary and saves.
    leader = draft.created_by
    services.idea_update_draft(
        idea=Idea.objects.get(pk=draft.pk),
        by=leader,
        version=draft.version,
        summary="팀장이 다듬은 요약입니다.",
    )

    page.get_by_label("제목", exact=True).fill("기업유치 상담 이력 통합 관리")
    page.get_by_label("현황 및 문제점").fill("상담 기록이 흩어져 인수인계 때 사라집니다.")
    page.get_by_role("button", name="임시 저장").click()

    panel = page.get_by_role("alert").filter(has_text="저장하지 못했습니다")
    expect(panel).to_contain_text("김팀장님이")
    expect(panel).to_contain_text("입력하신 내용은 그대로 있습니다")
    # What the member typed is still in the form.
    expect(page.get_by_label("제목", exact=True)).to_have_value("기업유치 상담 이력 통합 관리")
    # Side by side, per differing field: the member's text and the leader's.
    summary = page.get_by_role("group", name="요약")
    expect(summary).to_contain_text("상담 이력을 한곳에 모읍니다.")
    expect(summary).to_contain_text("팀장이 다듬은 요약입니다.")
    expect(page.get_by_role("group", name="제목")).to_contain_text("기업유치 상담 이력 관리")
    shoot("ideas-stale-save-compare")
    assert fits_in_360_px(page) == []

    tick(page, summary.get_by_label("먼저 저장된 내용"))
    page.get_by_role("button", name="고른 대로 합쳐 저장").click()
    expect(page.locator(".app-message--success")).to_contain_text("임시 저장했습니다")

    saved = Idea.objects.get(pk=draft.pk)
    assert saved.title == "기업유치 상담 이력 통합 관리"  # the member's
    assert saved.summary == "팀장이 다듬은 요약입니다."  # the leader's, as chosen
    assert saved.problem == "상담 기록이 흩어져 인수인계 때 사라집니다."  # the member's


def test_the_same_person_in_two_tabs_saves_the_second_tab_on_top(
    page: Page, live_server, draft, shoot
):
    helpers.sign_in(page, live_server.url, "leader", password="pw")
    page.goto(edit_url(live_server, draft))
    other_tab = page.context.new_page()
    other_tab.goto(edit_url(live_server, draft))

    other_tab.get_by_label("요약", exact=True).fill("다른 탭에서 쓴 요약입니다.")
    other_tab.get_by_role("button", name="임시 저장").click()
    expect(other_tab.locator(".app-message--success")).to_contain_text("임시 저장했습니다")
    other_tab.close()

    page.get_by_label("요약", exact=True).fill("이 탭에서 쓴 요약입니다.")
    page.get_by_role("button", name="임시 저장").click()
    panel = page.get_by_role("alert").filter(has_text="저장하지 못했습니다")
    expect(panel).to_contain_text("회원님이 다른 탭(또는 다른 기기)에서")
    expect(page.get_by_role("group", name="요약")).to_contain_text("다른 탭에서 쓴 요약입니다.")
    shoot("ideas-stale-save-own-tab")

    page.get_by_role("button", name="내 내용으로 덮어써 저장").click()
    expect(page.locator(".app-message--success")).to_contain_text("임시 저장했습니다")
    assert Idea.objects.get(pk=draft.pk).summary == "이 탭에서 쓴 요약입니다."
