"""The cosine's shortlist (similarity.index.Part.shortlist): the same answer as scoring every
earlier idea, with the vectors in memory or read from the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from similarity import index, quality, selectors
from tests.similarity.test_library_search import submitted


def _answers(queries, idx):
    # Scores rounded: the cosine of a gathered subset is summed in another order (1e-7,
    # which the standout divides by a deviation of about 0.1).
    return [
        [(pk, round(score, 4)) for pk, score, _w, _m in selectors.ranked(q, exclude=set(), limit=5, index=idx)]
        for q in queries
    ]  # fmt: skip


@pytest.mark.parametrize("title_only", [False, True])
def test_a_shortlist_of_a_sixth_of_the_library_gives_the_exhaustive_answer(monkeypatch, title_only):
    data = quality.load()
    idx = quality.build_index(data, with_vectors=True)
    queries = quality.queries(data, with_vectors=True, title_only=title_only)
    exhaustive = _answers(queries, idx)
    monkeypatch.setattr(index, "SHORTLIST", 10)  # 10 by bits + 10 by words of 70 ideas
    assert _answers(queries, idx) == exhaustive


@pytest.mark.django_db
def test_above_the_in_memory_limit_the_shortlist_reads_its_vectors_in_one_query(
    settings, monkeypatch, season, leader
):
    from similarity import services

    titles = [
        ("기업유치 관리시스템 구축", "투자 상담부터 협약, 입주까지 유치 기업 정보를 통합 관리"),
        ("반려동물 등록 비대면 신청", "반려동물 등록을 모바일로 신청"),
        ("드론 병해충 방제", "드론으로 논밭에 약제를 뿌려 방제"),
        ("민원 안내 챗봇", "자주 묻는 민원을 챗봇이 안내"),
        ("청사 주차장 야간 개방", "퇴근 뒤 청사 주차장을 주민에게 개방"),
    ]
    ideas = [submitted(season, leader, t, s) for t, s in titles]
    services.idea_terms_refresh(ideas=ideas)
    typed = {"title": "기업 유치 관리 시스템 도입", "summary": "유치 기업의 투자 상담과 협약 정보"}

    index.reset()
    in_memory = selectors.similar_ideas(**typed)
    settings.SIMILARITY_VECTORS_IN_MEMORY = 0
    monkeypatch.setattr(index, "SHORTLIST", 2)
    index.reset()
    idx = index.library_index()
    assert idx.base.vectors is None
    assert idx.base.bits is not None
    query = selectors.query_for(**typed)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.ranked(query, exclude=set(), limit=5, index=idx)
    # The shortlist's vectors, by primary key: the only query of the ranking.
    assert len(queries) == 1
    assert "vector" in queries[0]["sql"]
    assert [pk for pk, *_ in found] == [s.idea.pk for s in in_memory] == [ideas[0].pk]
    assert round(found[0][1], 3) == in_memory[0].score
