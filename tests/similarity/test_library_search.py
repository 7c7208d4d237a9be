import itertools

import pytest
from django.urls import reverse

from ideas import search
from ideas.models import Idea
from similarity import services
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def submitted(season, author, title, summary="", **fields):
    number = next(_numbers)
    idea = IdeaFactory(
        season=season,
        created_by=author,
        title=title,
        summary=summary,
        status=Idea.Status.SUBMITTED,
        sequence=number,
        reference_number=f"{season.code}-{number:04d}",
        **fields,
    )
    # As the task run after a submission: terms, then the idea's likely duplicates.
    services.idea_similarity_refresh(ideas=[idea], with_vectors=False)
    return idea


def all_pairs(season):
    """Every likely pair of ``season``, best first, as the list shows them a page at a time."""
    from similarity import selectors

    return selectors.likely_pairs_of(selectors.likely_pairs(season), season=season)


@pytest.fixture
def library(season, leader):
    return {
        "spaced": submitted(season, leader, "통합 관리 시스템 구축", "투자 기업 상담 이력 관리"),
        "corp": submitted(season, leader, "기업유치 전담 조직 신설", "유치 전략 수립"),
        "welfare": submitted(season, leader, "찾아가는 복지 상담소", "복지사각지대 발굴"),
        "hall": submitted(season, leader, "도청 전시실 운영 개선", "전시 일정 온라인 예약"),
    }


def found(query):
    return [i.title for i in search.search(Idea.objects.visible_in_library(), query)]


def test_a_compound_written_without_spaces_finds_the_idea_written_with_them(library):
    assert found("관리시스템") == ["통합 관리 시스템 구축"]


def test_a_particle_on_the_query_does_not_get_in_the_way(library):
    assert found("기업유치를") == ["기업유치 전담 조직 신설"]


def test_a_two_syllable_query_finds_the_word_inside_a_compound(library):
    assert found("복지") == ["찾아가는 복지 상담소"]
    assert found("사각지대") == ["찾아가는 복지 상담소"]


def test_title_matches_rank_before_summary_matches(season, leader, library):
    submitted(season, leader, "전시 공간 개방", "관리 시스템 도입으로 대관 간소화")
    results = found("관리 시스템")
    assert results[0] == "통합 관리 시스템 구축"
    assert "전시 공간 개방" in results


def test_drafts_of_other_teams_never_appear(season, leader, library):
    from tests.departments.factories import TeamFactory, team_leader

    other = team_leader(team=TeamFactory())
    draft = IdeaFactory(season=season, created_by=other, title="관리시스템 초안")
    services.idea_terms_refresh(ideas=[draft], with_vectors=False)
    assert "관리시스템 초안" not in found("관리시스템")
    assert "관리시스템 초안" not in [
        s.idea.title for s in search.similar_ideas(title="관리시스템 초안")
    ]


def test_the_matched_words_are_highlighted():
    from similarity.templatetags.similarity import highlight

    marked = highlight("기업유치 관리시스템 구축", "관리 시스템을")
    assert str(marked) == "기업유치 <mark>관리</mark><mark>시스템</mark> 구축"
    assert str(highlight("<b>관리</b>", "관리")) == "&lt;b&gt;<mark>관리</mark>&lt;/b&gt;"


def test_the_library_page_marks_the_matched_words(client, leader, library):
    client.force_login(leader)
    response = client.get(reverse("ideas:library"), {"q": "관리시스템"})
    html = response.content.decode()
    assert "통합 <mark>관리</mark> <mark>시스템</mark> 구축" in html
    assert "찾아가는 복지 상담소" not in html
