"""The idea library: every submitted idea of every season, for all staff."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Season
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory
from tests.ideas.test_pages_oversight import submitted_idea

pytestmark = pytest.mark.django_db

URL = reverse("ideas:library")


def titles(response) -> set[str]:
    return {idea.title for idea in response.context["page"].object_list}


@pytest.fixture
def shelf(leader):
    """Ideas of two seasons and two bureaus, plus a draft that must never show."""
    s1 = SeasonFactory(code="S1", name="벤치마킹 시즌1", status=Season.Status.CLOSED)
    s2 = SeasonFactory(code="S2", name="업무 혁신", kind=Season.Kind.WORK_REDUCTION)
    other_team = f.TeamFactory()
    ideas = {
        "innovation": submitted_idea(s1, leader, title="도정혁신 아이디어 공모 운영"),
        "welfare": submitted_idea(
            s1, leader, title="노인복지관 이동 상담", implementation_path=Idea.Path.BUDGET
        ),
        "attraction": submitted_idea(
            s2, f.team_leader(team=other_team), title="기업유치 관리시스템 구축"
        ),
        "returned": submitted_idea(
            s2, leader, title="청년 창업 지원 안내", status=Idea.Status.RETURNED
        ),
    }
    IdeaFactory(season=s2, created_by=leader, title="작성 중인 혁신 초안")
    return s1, s2, other_team, ideas


def test_the_library_lists_submitted_ideas_of_every_season_but_never_drafts(client, member, shelf):
    client.force_login(member)
    response = client.get(URL)
    assert titles(response) == {
        "도정혁신 아이디어 공모 운영",
        "노인복지관 이동 상담",
        "기업유치 관리시스템 구축",
        "청년 창업 지원 안내",
    }
    assert "작성 중인 혁신 초안" not in response.content.decode()


def test_a_row_shows_number_title_link_season_names_as_stored_path_state_and_date(
    client, member, shelf
):
    *_, ideas = shelf
    idea = ideas["welfare"]
    Idea.objects.filter(pk=idea.pk).update(bureau_name="옛 복지국", team_name="옛 노인팀")
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert idea.reference_number in html
    assert reverse("ideas:idea_detail", args=[idea.pk]) in html
    assert "벤치마킹 시즌1" in html
    assert "옛 복지국" in html
    assert "옛 노인팀" in html
    assert "예산 반영 필요" in html
    assert "보완 요청" in html
    # The date is the one in Seoul, not in UTC.
    assert timezone.localtime(idea.submitted_at).strftime("%Y-%m-%d") in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("혁신", {"도정혁신 아이디어 공모 운영"}),  # a two-syllable word inside a compound
        ("복지", {"노인복지관 이동 상담"}),
        ("유치", {"기업유치 관리시스템 구축"}),  # part of a word
        ("관리 시스템", {"기업유치 관리시스템 구축"}),  # every word must match
        ("기업 혁신", set()),
    ],
)
def test_the_library_finds_ideas_by_any_part_of_a_korean_word(
    client, member, shelf, query, expected
):
    client.force_login(member)
    assert titles(client.get(URL, {"q": query})) == expected


def test_a_draft_is_not_found_even_by_its_own_words(client, leader, shelf):
    client.force_login(leader)
    assert titles(client.get(URL, {"q": "초안"})) == set()


def test_the_library_filters_by_season_bureau_kind_path_and_state(client, member, shelf):
    s1, s2, other_team, _ = shelf
    client.force_login(member)
    assert titles(client.get(URL, {"season": s2.pk})) == {
        "기업유치 관리시스템 구축",
        "청년 창업 지원 안내",
    }
    assert titles(client.get(URL, {"bureau": other_team.division.bureau.pk})) == {
        "기업유치 관리시스템 구축"
    }
    assert titles(client.get(URL, {"kind": Season.Kind.BENCHMARKING})) == {
        "도정혁신 아이디어 공모 운영",
        "노인복지관 이동 상담",
    }
    assert titles(client.get(URL, {"path": Idea.Path.BUDGET})) == {"노인복지관 이동 상담"}
    assert titles(client.get(URL, {"status": Idea.Status.RETURNED})) == {"청년 창업 지원 안내"}


def test_a_draft_season_is_not_offered_as_a_filter(client, member, shelf):
    draft = SeasonFactory(status=Season.Status.DRAFT, name="준비 중인 시즌")
    client.force_login(member)
    response = client.get(URL, {"season": draft.pk})
    assert "준비 중인 시즌" not in response.content.decode()
    assert response.context["form"].errors["season"]


def test_the_library_sorts_by_title(client, member, shelf):
    client.force_login(member)
    response = client.get(URL, {"ordering": "title"})
    listed = [idea.title for idea in response.context["page"].object_list]
    assert listed == sorted(listed)


def test_nothing_found_shows_the_empty_state(client, member, shelf):
    client.force_login(member)
    html = client.get(URL, {"q": "존재하지않는낱말"}).content.decode()
    assert "조건에 맞는 아이디어가 없습니다" in html


def test_pages_hold_25_ideas_and_their_links_keep_the_filters(client, member, leader):
    season = SeasonFactory()
    for n in range(30):
        submitted_idea(season, leader, title=f"복지 아이디어 {n}")
    submitted_idea(season, leader, title="다른 주제")
    client.force_login(member)
    first = client.get(URL, {"q": "복지", "season": season.pk})
    assert len(first.context["page"].object_list) == 25
    html = first.content.decode()
    assert f'href="?q=%EB%B3%B5%EC%A7%80&amp;season={season.pk}&amp;page=2"' in html
    second = client.get(URL, {"q": "복지", "season": season.pk, "page": 2})
    assert len(second.context["page"].object_list) == 5
    seen = titles(first) | titles(second)
    assert len(seen) == 30


def test_an_htmx_request_gets_only_the_results(client, member, shelf):
    client.force_login(member)
    response = client.get(
        URL, {"q": "복지"}, headers={"HX-Request": "true", "HX-Target": "library-results"}
    )
    html = response.content.decode()
    assert "노인<mark>복지</mark>관 이동 상담" in html  # the matched word marked
    assert "<html" not in html
    assert 'role="search"' not in html


def test_the_page_without_javascript_is_a_plain_get_form(client, member):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert 'method="get"' in html
    assert 'hx-get="/ideas/"' in html


def test_the_library_query_count_does_not_grow_with_the_number_of_ideas(
    client, member, django_assert_max_num_queries
):
    season = SeasonFactory()
    for _team in range(8):
        author = f.team_leader()
        for _n in range(5):
            submitted_idea(season, author, title="혁신 과제")
    client.force_login(member)
    # 1 session, 2 user, 3 the user's groups (role names) and 4 the person shown in the
    # header; 5-7 the count, tier by tier (title, summary, the rest: ideas.search), with on
    # PostgreSQL each tier's estimate before; 8 the page's ids (from the title tier), 9 the
    # page of ideas (season and team joined, attachments counted), 10 seasons and 11
    # bureaus of the filter's drop-downs. With an N+1 it would be 40 more.
    with django_assert_max_num_queries(14 if connection.vendor == "postgresql" else 11):
        response = client.get(URL, {"q": "혁신"})
    assert response.context["page"].paginator.count == 40


def test_the_filters_speak_korean_and_offer_no_draft_state(client, member):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert "---------" not in html
    assert "descending" not in html
    assert ">전체</option>" in html
    assert ">최근 제출 순</option>" in html
    assert 'value="draft"' not in html
