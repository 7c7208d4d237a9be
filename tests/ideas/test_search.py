import itertools

import pytest
from django.db import connection

from ideas import search
from ideas.models import Idea
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


_numbers = itertools.count(1)


def submitted(season, author, title, summary=""):
    number = next(_numbers)
    return IdeaFactory(
        season=season,
        created_by=author,
        title=title,
        summary=summary,
        status=Idea.Status.SUBMITTED,
        sequence=number,
        reference_number=f"{season.code}-{number:04d}",
    )


@pytest.fixture
def library(season, leader):
    ideas = {
        "corp": submitted(season, leader, "기업유치 관리시스템 구축", "유치 기업 통합 관리"),
        "manual": submitted(season, leader, "1기업 1공무원 매뉴얼 제작", "기업 전담 공무원"),
        "alley": submitted(season, leader, "골목상권 활성화 지원사업", "소상공인 혁신 지원"),
        "welfare": submitted(season, leader, "찾아가는 복지 상담소", "복지사각지대 발굴"),
        "hall": submitted(season, leader, "도청 전시실 운영 개선", "전시 일정 온라인 예약"),
        "visa": submitted(season, leader, "지역특화형 비자 시범사업", "외국인 정착 지원"),
    }
    IdeaFactory(season=season, created_by=leader, title="혁신 초안은 도서관에 없음")
    return ideas


def found(query):
    qs = search.search(Idea.objects.visible_in_library(), query)
    return set(qs.values_list("title", flat=True))


def test_a_two_syllable_word_finds_ideas_that_contain_it(library):
    assert found("복지") == {"찾아가는 복지 상담소"}
    assert found("혁신") == {"골목상권 활성화 지원사업"}


def test_any_part_of_a_word_matches(library):
    assert found("관리시스") == {"기업유치 관리시스템 구축"}
    assert found("상권") == {"골목상권 활성화 지원사업"}
    assert found("사각지대") == {"찾아가는 복지 상담소"}


def test_every_word_of_the_query_must_match(library):
    assert found("기업 매뉴얼") == {"1기업 1공무원 매뉴얼 제작"}
    assert found("기업") == {"기업유치 관리시스템 구축", "1기업 1공무원 매뉴얼 제작"}


def test_a_single_syllable_and_punctuation_are_handled(library):
    assert "지역특화형 비자 시범사업" in found("비")
    assert found("'; DROP TABLE") == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_postgresql_search_uses_the_bigram_index(library):
    qs = search.search(Idea.objects.visible_in_library(), "혁신")
    assert "idea_ngrams" in str(qs.query)
    assert found("혁신") == {"골목상권 활성화 지원사업"}


def test_similar_ideas_ignore_spacing_and_rank_the_closest_first(library):
    results = search.similar_ideas(title="기업 유치 관리 시스템 도입")
    assert results[0].idea.title == "기업유치 관리시스템 구축"
    titles = [r.idea.title for r in results]
    assert "도청 전시실 운영 개선" not in titles
    assert "찾아가는 복지 상담소" not in titles


def test_similar_ideas_on_a_labelled_set(library):
    # Each typed title, and the idea a person would call its duplicate.
    labelled = {
        "기업 유치 관리 시스템 도입": "기업유치 관리시스템 구축",
        "1기업 1공무원 업무 매뉴얼": "1기업 1공무원 매뉴얼 제작",
        "골목 상권 활성화 사업": "골목상권 활성화 지원사업",
        "전시실 운영 방식 개선": "도청 전시실 운영 개선",
        "찾아가는 복지상담": "찾아가는 복지 상담소",
    }
    for typed, expected in labelled.items():
        results = search.similar_ideas(title=typed)
        assert results, typed
        assert results[0].idea.title == expected, typed


def test_similar_ideas_skip_drafts_and_the_idea_itself(library):
    corp = library["corp"]
    results = search.similar_ideas(title=corp.title, exclude_pk=corp.pk)
    assert corp.pk not in [r.idea.pk for r in results]
    assert not [r for r in search.similar_ideas(title="혁신 초안은 도서관에 없음") if r.score > 0.9]


def test_nothing_is_suggested_for_an_unrelated_or_empty_title(library):
    assert search.similar_ideas(title="") == []
    assert search.similar_ideas(title="드론 배송 실증") == []
