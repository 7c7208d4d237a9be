"""Query counts of the review lists: the queue, the ranking, the assignments and every API
list stay the same whether a round has 4 ideas or 12 (no query per row)."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews import standings
from reviews.models import Decision, Directive, ReviewRound
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


def build(n: int, *, reviewer, planner) -> ReviewRound:
    """A round of ``n`` ideas, each with the reviewer (scored) and two others (one draft),
    a decision and a directive."""
    review_round = rf.ReviewRoundFactory()
    for _ in range(n):
        idea = rf.submitted_idea(review_round.season)
        mine = rf.AssignmentFactory(round=review_round, idea=idea, reviewer=reviewer)
        rf.evaluate(mine, 7, 7, 7, 7, 7)
        rf.evaluate(rf.AssignmentFactory(round=review_round, idea=idea), 5, 6, 7, 8, 9)
        rf.evaluate(rf.AssignmentFactory(round=review_round, idea=idea), 4, 4, 4, submitted=False)
        Decision.objects.create(
            round=review_round,
            idea=idea,
            outcome=Decision.Outcome.ADOPT,
            implementation_path="immediate",
            reason="효과",
            decided_by=planner,
        )
        Directive.objects.create(
            idea=idea,
            text="시행",
            responsible_bureau=idea.bureau,
            due_date=dt.date(2030, 1, 1),
            recorded_by=planner,
        )
    return review_round


@pytest.fixture
def pinned(django_assert_max_num_queries, reviewer, planner):
    """Runs a request against a round of 4 ideas and one of 12, each within ``limit``
    queries (after a first call that warms the caller's caches, their groups)."""

    def check(limit: int, make_request) -> None:
        small = build(4, reviewer=reviewer, planner=planner)
        large = build(12, reviewer=reviewer, planner=planner)
        make_request(small)
        for review_round in (small, large):
            with django_assert_max_num_queries(limit):
                response = make_request(review_round)
            assert response.status_code == 200, response.content[:300]

    return check


@pytest.fixture
def web(client, reviewer, planner):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_the_reviewers_queue(web, reviewer, pinned):
    page = web(reviewer)
    # 1 session, 2 user, 3 groups, 4 the rounds the reviewer is assigned in, 5 the progress
    # counts (also the page's count), 6 the queue's page (assignments with idea, round,
    # season and evaluation), 7 the next idea to score, 8 the unread notices of the
    # header's inbox badge.
    pinned(8, lambda r: page.get(reverse("reviews:queue"), {"round": r.pk}))


@pytest.mark.parametrize("filtered", [False, True])
def test_the_ranking_page(web, planner, reviewer, django_assert_max_num_queries, filtered):
    page = web(planner)
    rounds = [build(n, reviewer=reviewer, planner=planner) for n in (4, 12)]
    bureaus = {r.pk: r.assignments.first().idea.bureau_id for r in rounds}

    def view(review_round):
        query = {"order": "normalised", "page": 2}
        if filtered:
            query["bureau"] = bureaus[review_round.pk]
        return page.get(reverse("reviews:ranking", args=[review_round.pk]), query)

    for review_round in rounds:
        view(review_round)  # the first view builds the round's stored ranking
    for review_round in rounds:
        # 1 session, 2 user, 3 the round with its season and ranking stamp (fresh), 4
        # groups, 5 the page of the stored ranking (a range of places; filtered, with the
        # totals), 6 the current decisions of the page's ideas and 7 their number in the
        # round, 8 the rounds and 9 the bureaus of the filter, 10 the unread notices of
        # the header's inbox badge. Filtered: 11 the bureau asked for, checked by the form,
        # and as the page asked for is past the end of the bureau's ideas, 12 their count
        # and 13 the last page.
        with django_assert_max_num_queries(13 if filtered else 10):
            assert view(review_round).status_code == 200
    standings.mark_changed(rounds[1])
    # The same and the rebuild: 1 savepoint, 2 the stamp's row made if missing, 3 locked,
    # 4 the round's threshold, 5 the old standings deleted, 6 the new ones inserted from
    # the ranking statement, 7 their totals, 8 the stamp saved, 9 savepoint released, and
    # on PostgreSQL 10 the build's work_mem.
    with django_assert_max_num_queries(23 if filtered else 20):
        assert view(rounds[1]).status_code == 200


def test_the_assignments_page(web, planner, pinned):
    page = web(planner)
    # 1 session, 2 user, 3 the round, 4 groups, 5 the count and 6 the page of assignments
    # (with idea, reviewer, bureau, evaluation state), 7 the ideas and 8 the reviewers of
    # the form for assigning by hand, 9 the unread notices of the header's inbox badge,
    # 10 the assignments that became conflicts of interest.
    pinned(10, lambda r: page.get(reverse("reviews:assignments", args=[r.pk])))


@pytest.mark.parametrize(
    ("name", "caller", "limit"),
    [
        # the count, the page, the criteria of the rounds (prefetch)
        ("review-round-list", "planner", 3),
        # the count, the page (with round, idea and reviewer)
        ("assignment-list", "planner", 2),
        # the count, the page (assignments with their evaluations), their scores and criteria
        ("evaluation-list", "planner", 3),
        ("evaluation-list", "reviewer", 3),
        # the count, the page (with round, idea and who decided)
        ("decision-list", "planner", 2),
        # the count, the page (with idea, bureau, division and who recorded it)
        ("directive-list", "reviewer", 2),
    ],
)
def test_api_lists(pinned, reviewer, planner, name, caller, limit):
    api = APIClient()
    api.force_authenticate({"planner": planner, "reviewer": reviewer}[caller])
    pinned(limit, lambda r: api.get(reverse(name), {"page_size": 200}))


def test_the_ranking_api_is_one_statement_plus_the_round(pinned, planner):
    api = APIClient()
    api.force_authenticate(planner)
    # 1 the round (with season), 2 the ranking statement.
    pinned(2, lambda r: api.get(reverse("review-round-ranking", args=[r.pk])))
