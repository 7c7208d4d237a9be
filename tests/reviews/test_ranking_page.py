"""The ranking page is ranked and paged in the database: a page holds the same rows as
that slice of the whole ranking, with the totals of the whole ranking, in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.selectors import ranking, ranking_page
from tests.reviews.test_queries import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded(reviewer, planner):
    return build(12, reviewer=reviewer, planner=planner)


@pytest.mark.parametrize("order", ["raw", "normalised"])
def test_each_page_is_the_slice_of_the_whole_ranking(crowded, order):
    whole = ranking(review_round=crowded, order=order)
    pages = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            ranked = ranking_page(review_round=crowded, order=order, page_number=number, per_page=5)
        assert len(queries) == 1
        pages += list(ranked.page)
        assert ranked.count == 12
        assert ranked.missing == sum(r.missing_count for r in whole)
        assert ranked.disagreements == sum(r.disagreement for r in whole)
    assert pages == whole


def test_a_page_past_the_end_or_not_a_number_shows_the_last_or_the_first(crowded):
    last = ranking_page(review_round=crowded, page_number=99, per_page=5)
    assert (last.page.number, len(last.page), last.page.paginator.num_pages) == (3, 2, 3)
    first = ranking_page(review_round=crowded, page_number="x", per_page=5)
    assert first.page.number == 1


def test_filters_keep_the_rank_in_the_whole_round(crowded):
    bureau = ranking(review_round=crowded)[3].bureau_id
    ranked = ranking_page(review_round=crowded, bureau=bureau, per_page=5)
    assert list(ranked.page) == ranking(review_round=crowded, bureau=bureau)[:5]
    assert ranked.count == len(ranking(review_round=crowded, bureau=bureau))
