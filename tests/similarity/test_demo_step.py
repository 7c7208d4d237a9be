"""load_demo's similarity step: the demo is indexed as it loads; a scaled demo is left to
the backfill command and says so (hours of sentence vectors would otherwise block it)."""

import pytest

from similarity import demo, selectors
from similarity.models import IdeaTerms
from tests.similarity.test_library_search import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(season, leader):
    ideas = [
        submitted(season, leader, "기업유치 관리시스템 구축", "유치 기업 정보를 통합 관리"),
        submitted(season, leader, "반려동물 등록 비대면 신청", "반려동물 등록을 모바일로"),
    ]
    IdeaTerms.objects.all().delete()  # as the ideas step leaves them: not indexed yet
    return ideas


def test_the_demo_library_is_indexed_and_compared_as_it_loads(settings, season, library):
    settings.SIMILARITY_ENCODER_ENABLED = False
    assert not demo.is_loaded()
    report = demo.build()
    assert set(IdeaTerms.objects.values_list("idea_id", flat=True)) == {i.pk for i in library}
    assert demo.is_loaded()
    # The planning office's list of likely duplicates reads pairs stored as the demo loads.
    assert not selectors.pairs_pending(season).exists()
    assert "아이디어 2건" in report.lines()[0]


def test_a_scaled_demo_leaves_the_index_to_the_backfill_command_and_says_so(
    settings, monkeypatch, library
):
    settings.SIMILARITY_ENCODER_ENABLED = False
    monkeypatch.setattr(demo, "INDEXED_UP_TO", 1)
    report = demo.build()
    assert not IdeaTerms.objects.exists()
    assert report.left == 2
    assert "similarity_backfill" in report.lines()[0]
    assert "similarity_pairs" in report.lines()[0]
