"""The ranking page reads the round's stored ranking (``reviews.standings``): a page holds
the same rows as that slice of the live ranking, with the totals of the whole ranking, in
one query once built; every change the services make to what the ranking reads shows on
the next page read."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from ideas.models import Idea
from reviews import services, standings
from reviews.models import Evaluation, RankingStamp, ReviewRound, Standing
from reviews.selectors import ranking, ranking_page
from tests.reviews.test_queries import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded(reviewer, planner):
    return build(12, reviewer=reviewer, planner=planner)


def loaded(review_round: ReviewRound) -> ReviewRound:
    """The round as the ranking page loads it: with its stamp."""
    return ReviewRound.objects.select_related("ranking_stamp").get(pk=review_round.pk)


def whole_by_pages(review_round, *, order="raw", per_page=5, **filters) -> list:
    rows, number = [], 1
    while True:
        ranked = ranking_page(
            review_round=loaded(review_round),
            order=order,
            page_number=number,
            per_page=per_page,
            **filters,
        )
        if ranked.page.number != number:
            return rows
        rows += list(ranked.page)
        number += 1


@pytest.mark.parametrize("order", ["raw", "normalised"])
def test_each_page_is_the_slice_of_the_whole_ranking(crowded, order):
    whole = ranking(review_round=crowded, order=order)
    ranking_page(review_round=crowded)  # builds the stored ranking
    pages = []
    for number in (1, 2, 3):
        review_round = loaded(crowded)
        with CaptureQueriesContext(connection) as queries:
            ranked = ranking_page(
                review_round=review_round, order=order, page_number=number, per_page=5
            )
        assert len(queries) == 1
        pages += list(ranked.page)
        assert ranked.count == 12
        assert ranked.missing == sum(r.missing_count for r in whole)
        assert ranked.disagreements == sum(r.disagreement for r in whole)
    assert pages == whole


def test_the_first_read_builds_the_round_and_says_so_in_its_stamp(crowded):
    assert not RankingStamp.objects.filter(round=crowded, built_changes__isnull=False).exists()
    ranking_page(review_round=crowded)
    stamp = RankingStamp.objects.get(round=crowded)
    assert stamp.is_fresh
    assert stamp.built_at is not None
    assert stamp.idea_count == Standing.objects.filter(round=crowded).count() == 12
    places = Standing.objects.filter(round=crowded).values_list("normalised_place", flat=True)
    assert sorted(places) == list(range(1, 13))


def test_a_page_past_the_end_or_not_a_number_shows_the_last_or_the_first(crowded):
    last = ranking_page(review_round=crowded, page_number=99, per_page=5)
    assert (last.page.number, len(last.page), last.page.paginator.num_pages) == (3, 2, 3)
    assert list(last.page) == ranking(review_round=crowded)[10:]
    first = ranking_page(review_round=crowded, page_number="x", per_page=5)
    assert first.page.number == 1


def test_a_filtered_page_past_the_end_shows_its_last_page(crowded):
    bureau = ranking(review_round=crowded)[3].bureau_id
    ranked = ranking_page(review_round=crowded, bureau=bureau, page_number=99, per_page=5)
    assert ranked.page.number == ranked.page.paginator.num_pages
    assert list(ranked.page) == ranking(review_round=crowded, bureau=bureau)[-len(ranked.page) :]


@pytest.mark.parametrize("order", ["raw", "normalised"])
def test_filters_keep_the_rank_in_the_whole_round(crowded, order):
    bureau = ranking(review_round=crowded)[3].bureau_id
    ranked = ranking_page(review_round=crowded, bureau=bureau, per_page=5, order=order)
    assert list(ranked.page) == ranking(review_round=crowded, bureau=bureau, order=order)[:5]
    assert ranked.count == len(ranking(review_round=crowded, bureau=bureau))
    assert {r.rank for r in ranked.page} <= {
        r.rank for r in ranking(review_round=crowded, order=order)
    }
    kind = crowded.season.kind
    assert whole_by_pages(crowded, order=order, kind=kind) == ranking(
        review_round=crowded, order=order, kind=kind
    )
    assert whole_by_pages(crowded, kind="no such kind") == []


def test_a_submitted_evaluation_shows_on_the_next_read(crowded):
    ranking_page(review_round=crowded)
    draft = Evaluation.objects.filter(round=crowded, status=Evaluation.Status.DRAFT).first()
    assignment = draft.assignment
    criteria = crowded.criteria.order_by("order")
    services.evaluation_submit(
        assignment=assignment, by=assignment.reviewer, scores={c.pk: 10 for c in criteria}
    )
    assert not RankingStamp.objects.get(round=crowded).is_fresh
    assert whole_by_pages(crowded) == ranking(review_round=crowded)
    row = next(r for r in whole_by_pages(crowded) if r.idea_id == assignment.idea_id)
    assert (row.submitted_count, row.missing_count) == (3, 0)
    assert ranking_page(review_round=loaded(crowded)).missing == sum(
        r.missing_count for r in ranking(review_round=crowded)
    )


def test_an_assignment_made_or_removed_and_a_new_threshold_show_on_the_next_read(crowded, planner):
    from tests.reviews.factories import reviewer as new_reviewer

    ranking_page(review_round=crowded)
    top = ranking(review_round=crowded)[0]
    added = services.assignment_create(
        review_round=crowded,
        idea=Idea.objects.get(pk=top.idea_id),
        reviewer=new_reviewer(),
        by=planner,
    )
    row = next(r for r in whole_by_pages(crowded) if r.idea_id == top.idea_id)
    assert row.missing_count == top.missing_count + 1
    services.assignment_remove(assignment=added, by=planner)
    assert whole_by_pages(crowded) == ranking(review_round=crowded)
    services.round_update(review_round=crowded, by=planner, disagreement_threshold=Decimal(0))
    crowded.refresh_from_db()
    assert ranking_page(review_round=loaded(crowded)).disagreements == sum(
        r.disagreement for r in ranking(review_round=crowded)
    )
    assert whole_by_pages(crowded) == ranking(review_round=crowded)


def test_a_fresh_stamp_is_not_rebuilt_and_a_stale_one_is_rebuilt_once(crowded):
    def built_at():
        return RankingStamp.objects.get(round=crowded).built_at

    ranking_page(review_round=crowded)
    first = built_at()
    ranking_page(review_round=crowded)
    assert built_at() == first
    before = RankingStamp.objects.get(round=crowded).changes
    standings.mark_changed(crowded)
    standings.mark_changed(crowded.pk)
    stale = loaded(crowded)
    stamp = standings.rebuild(stale)
    assert (stamp.changes, stamp.built_changes) == (before + 2, before + 2)
    rebuilt = built_at()
    assert rebuilt > first
    with CaptureQueriesContext(connection) as queries:
        standings.rebuild(stale)  # a second reader that waited for the lock: nothing to do
    assert not [q for q in queries if Standing._meta.db_table in q["sql"]]
    assert built_at() == rebuilt


def test_an_empty_round_has_an_empty_ranking(planner):
    from tests.reviews.factories import ReviewRoundFactory

    empty = ReviewRoundFactory()
    ranked = ranking_page(review_round=empty, page_number=3)
    assert (ranked.count, ranked.page.number, list(ranked.page)) == (0, 1, [])
    assert ranking_page(review_round=empty, bureau=1).count == 0


def submit_one(review_round: ReviewRound) -> Evaluation:
    draft = Evaluation.objects.filter(round=review_round, status=Evaluation.Status.DRAFT).first()
    assignment = draft.assignment
    criteria = review_round.criteria.order_by("order")
    services.evaluation_submit(
        assignment=assignment, by=assignment.reviewer, scores={c.pk: 10 for c in criteria}
    )
    return draft


@pytest.fixture
def queued(monkeypatch):
    """The rounds whose rebuild was queued for a worker (the task itself not run)."""
    from reviews.tasks import ranking_rebuild_task

    rounds: list[int] = []
    monkeypatch.setattr(ranking_rebuild_task, "delay", rounds.append)
    return rounds


def test_a_small_round_is_rebuilt_by_its_reader_and_queues_no_task(
    crowded, queued, django_capture_on_commit_callbacks
):
    ranking_page(review_round=crowded)
    with django_capture_on_commit_callbacks(execute=True):
        submit_one(crowded)
    assert queued == []
    ranked = ranking_page(review_round=loaded(crowded))
    assert (ranked.built_at, ranked.changes_pending) == (None, 0)
    assert RankingStamp.objects.get(round=crowded).is_fresh


def test_a_large_round_is_rebuilt_by_the_worker_after_the_change_commits(
    crowded, settings, queued, django_capture_on_commit_callbacks
):
    from reviews.tasks import ranking_rebuild_task

    settings.RANKING_REBUILT_IN_REQUEST_UP_TO = 11  # the round has 12 ideas
    ranking_page(review_round=crowded)
    before = list(ranking_page(review_round=loaded(crowded), per_page=20).page)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_one(crowded)
        assert queued == []  # only once the change commits
    assert queued == [crowded.pk]
    stamp = RankingStamp.objects.get(round=crowded)
    assert not stamp.is_fresh
    assert stamp.stale_since is not None
    # Until the worker has run, the reader is shown the last build, said as such, and
    # does not rebuild it.
    with CaptureQueriesContext(connection) as queries:
        ranked = ranking_page(review_round=loaded(crowded), per_page=20)
    assert not [q for q in queries if q["sql"].startswith("INSERT")]
    assert list(ranked.page) == before
    assert ranked.built_at == stamp.built_at
    assert ranked.changes_pending == 1
    ranking_rebuild_task(crowded.pk)  # what the worker runs
    stamp = RankingStamp.objects.get(round=crowded)
    assert (stamp.is_fresh, stamp.stale_since) == (True, None)
    ranked = ranking_page(review_round=loaded(crowded), per_page=20)
    assert (ranked.built_at, ranked.changes_pending) == (None, 0)
    assert list(ranked.page) == ranking(review_round=crowded)
    row = next(r for r in ranked.page if r.idea_id == submitted.idea_id)
    assert row.missing_count == 0


def test_a_large_round_stale_for_too_long_is_rebuilt_by_its_reader(crowded, settings, queued):
    from datetime import timedelta

    settings.RANKING_REBUILT_IN_REQUEST_UP_TO = 11
    ranking_page(review_round=crowded)
    submit_one(crowded)  # its task is not run (no worker?)
    RankingStamp.objects.filter(round=crowded).update(
        stale_since=F("stale_since") - standings.STALE_AT_MOST - timedelta(seconds=1)
    )
    ranked = ranking_page(review_round=loaded(crowded), per_page=20)
    assert (ranked.built_at, ranked.changes_pending) == (None, 0)
    assert list(ranked.page) == ranking(review_round=crowded)


def test_the_page_says_when_the_ranking_shown_was_computed(
    client, crowded, planner, settings, queued, django_capture_on_commit_callbacks
):
    settings.RANKING_REBUILT_IN_REQUEST_UP_TO = 11
    client.force_login(planner)
    url = f"/reviews/rounds/{crowded.pk}/ranking/"
    assert "에 계산한 순위입니다" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        submit_one(crowded)
    html = client.get(url).content.decode()
    assert "그 뒤의 변경 1건(평가 제출, 배정)은 잠시 뒤 반영됩니다" in html


def test_a_broker_that_is_down_does_not_undo_or_fail_the_change(
    crowded, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from reviews.tasks import ranking_rebuild_task

    def broker_down(pk):
        raise ConnectionError("Redis is down")

    settings.RANKING_REBUILT_IN_REQUEST_UP_TO = 11
    monkeypatch.setattr(ranking_rebuild_task, "delay", broker_down)
    ranking_page(review_round=crowded)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_one(crowded)
    submitted.refresh_from_db()
    assert submitted.status == Evaluation.Status.SUBMITTED
    assert not RankingStamp.objects.get(round=crowded).is_fresh
