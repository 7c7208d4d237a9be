"""A team leader types a paraphrase of an adopted idea and the intake form shows it."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ideas.models import Idea, Season
from reviews.models import Decision
from similarity import services as similarity
from tests.browser import helpers
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory
from tests.reviews.factories import ReviewRoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def adopted_earlier_idea():
    leader = f.team_leader(
        team=f.TeamFactory(name="기업유치기획팀"), username="leader", full_name="김팀장"
    )
    leader.set_password("pw")
    leader.save()
    earlier = SeasonFactory(name="벤치마킹 시즌1", code="S1", status=Season.Status.CLOSED)
    SeasonFactory(name="벤치마킹 시즌2", code="S2")
    idea = IdeaFactory(
        season=earlier,
        created_by=f.team_leader(),
        title="찾아가는 복지 상담소 운영",
        summary="읍면동 복지 공무원이 마을회관을 순회하며 복지 사각지대 주민을 상담",
        status=Idea.Status.SUBMITTED,
        sequence=7,
        reference_number="S1-0007",
    )
    other = IdeaFactory(
        season=earlier,
        created_by=f.team_leader(),
        title="반려동물 등록 비대면 신청",
        summary="반려동물 등록을 모바일로 신청하고 인식표를 우편으로 발송",
        status=Idea.Status.SUBMITTED,
        sequence=8,
        reference_number="S1-0008",
    )
    similarity.idea_terms_refresh(ideas=[idea, other])
    review = ReviewRoundFactory(season=earlier, decisions_published_at=timezone.now())
    Decision.objects.create(
        round=review,
        idea=idea,
        outcome=Decision.Outcome.ADOPT,
        implementation_path="immediate",
        reason="즉시 시행",
        decided_by=leader,
    )
    return idea


def test_typing_a_paraphrase_shows_the_earlier_idea_with_its_outcome_as_the_api_does(
    page: Page, live_server, client, adopted_earlier_idea
):
    title = "마을로 나가는 이동 복지 창구"
    summary = "어려운 이웃을 직접 만나러 경로당을 돌며 도움이 필요한 분을 찾아낸다"
    helpers.sign_in(page, live_server.url, "leader", password="pw")
    page.goto(f"{live_server.url}{reverse('ideas:idea_create')}")
    page.get_by_label("제목", exact=True).fill(title)
    page.get_by_label("요약", exact=True).press_sequentially(summary[:20], delay=10)
    page.get_by_label("요약", exact=True).fill(summary)
    page.get_by_label("요약", exact=True).press("End")
    similar = page.locator("#similar-ideas")
    expect(similar).to_contain_text("S1-0007")
    expect(similar).to_contain_text("찾아가는 복지 상담소 운영")
    expect(similar).to_contain_text("선정 결과: 채택")

    client.force_login(adopted_earlier_idea.created_by)
    api = client.get(reverse("idea-similar"), {"title": title, "summary": summary}).json()
    shown = similar.locator("li a").all_inner_texts()
    assert [row["title"] for row in api] == [s.split("\n")[0].strip() for s in shown]


def test_a_submitted_duplicate_reaches_the_planning_offices_list_and_is_dismissed_there(
    page: Page, live_server, adopted_earlier_idea, shoot
):
    from departments.models import Role
    from ideas import services as ideas
    from tests.ideas.factories import complete_content

    leader = adopted_earlier_idea.created_by
    planner = f.with_role(Role.PLANNING_OFFICE, username="planner", full_name="김기획")
    planner.set_password("pw")
    planner.save()
    later = Season.objects.get(code="S2")
    # Submitted as the intake form does: the task after the commit stores its pairs.
    draft = ideas.idea_create_draft(
        season=later,
        by=leader,
        **complete_content(
            title="마을로 나가는 이동 복지 창구",
            summary="복지 공무원이 마을회관을 돌며 복지 사각지대 주민을 찾아 상담합니다.",
        ),
    )
    again = ideas.idea_submit(idea=draft, by=leader)

    helpers.sign_in(page, live_server.url, "planner", password="pw")
    page.goto(f"{live_server.url}{reverse('similarity:duplicate_pairs', args=[later.pk])}")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(again.reference_number)
    expect(rows.first).to_contain_text("S1-0007 찾아가는 복지 상담소 운영")
    expect(rows.first).to_contain_text("채택")
    expect(page.get_by_role("main")).not_to_contain_text("아직 다른 아이디어와 비교하지")
    shoot("duplicate-pairs")

    rows.first.get_by_role("button", name="중복 아님").click()
    expect(page.get_by_role("main")).to_contain_text("중복 의심 아이디어가 없습니다.")
    expect(page.get_by_role("main")).to_contain_text("중복 아님으로 표시했습니다")
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("중복 의심 아이디어가 없습니다.")
