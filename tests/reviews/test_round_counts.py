"""The rounds' assignment and evaluation counts (the planning office's home page, the round
list) are counted one relation at a time: joining both to-many relations in one query
multiplied assignments by evaluations (359,000 rows per view for one real season)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews import selectors, services
from reviews.home import rounds_to_manage
from reviews.models import Assignment, Evaluation, ReviewRound
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db

IDEAS, REVIEWERS = 20, 30  # 600 assignments, 600 evaluations: 360,000 rows if multiplied


@pytest.fixture
def crowded_round(db):
    """An open round where every one of 30 reviewers scored each of 20 ideas (two thirds
    submitted), and a second round of the season with nothing yet."""
    review_round = rf.ReviewRoundFactory()
    rf.ReviewRoundFactory(season=review_round.season, status=ReviewRound.Status.DRAFT)
    ideas = [rf.submitted_idea(review_round.season) for _ in range(IDEAS)]
    reviewers = [rf.reviewer() for _ in range(REVIEWERS)]
    assignments = Assignment.objects.bulk_create(
        Assignment(round=review_round, idea=i, reviewer=r, assigned_by=r)
        for i in ideas
        for r in reviewers
    )
    now = timezone.now()
    Evaluation.objects.bulk_create(
        Evaluation(
            assignment=a,
            round=review_round,
            idea=a.idea,
            reviewer=a.reviewer,
            status=Evaluation.Status.SUBMITTED if n % 3 else Evaluation.Status.DRAFT,
            total=50 if n % 3 else None,
            submitted_at=now if n % 3 else None,
        )
        for n, a in enumerate(assignments)
    )
    return review_round


def joins_both_relations(sql: str) -> bool:
    sql = sql.lower()
    return (
        f'join "{Assignment._meta.db_table}"' in sql
        and f'join "{Evaluation._meta.db_table}"' in sql
    )


def test_the_round_list_counts_assignments_and_submitted_evaluations(crowded_round):
    rounds = list(selectors.rounds_of_season(season=crowded_round.season))
    assert [(r.assignment_count, r.submitted_count) for r in rounds] == [(600, 400), (0, 0)]


def test_the_round_list_never_joins_assignments_and_evaluations_together(crowded_round):
    with CaptureQueriesContext(connection) as queries:
        selectors.rounds_of_season(season=crowded_round.season)
    assert len(queries) == 2  # the rounds with their stamps, then both counts
    assert not any(joins_both_relations(q["sql"]) for q in queries), queries[1]["sql"]


def test_the_counts_are_read_again_only_after_a_change_to_the_round(crowded_round, planner):
    season = crowded_round.season
    selectors.rounds_of_season(season=season)
    with CaptureQueriesContext(connection) as unchanged:
        again = selectors.rounds_of_season(season=season)
    idea = rf.submitted_idea(season)
    assignment = services.assignment_create(
        review_round=crowded_round, idea=idea, reviewer=rf.reviewer(), by=planner
    )
    counted = selectors.rounds_of_season(season=season)
    rf.evaluate(assignment, 7, 7, 7, 7, 7)
    after_submission = selectors.rounds_of_season(season=season)

    assert len(unchanged) == 1  # the rounds with their stamps; the counts from the cache
    assert [(r.assignment_count, r.submitted_count) for r in again] == [(600, 400), (0, 0)]
    assert (counted[0].assignment_count, counted[0].submitted_count) == (601, 400)
    assert (after_submission[0].assignment_count, after_submission[0].submitted_count) == (
        601,
        401,
    )


def test_the_planning_offices_home_counts_without_multiplying_the_relations(crowded_round, planner):
    with CaptureQueriesContext(connection) as queries:
        items = rounds_to_manage(planner)
    assert [item.count for item in items] == [200]
    assert "400/600" in items[0].text
    # 1 the planner's groups (may they manage reviews?), 2 the rounds with their ranking
    # stamps, 3 both counts (not yet in the cache: see with_counts).
    assert len(queries) == 3
    assert not any(joins_both_relations(q["sql"]) for q in queries), queries[0]["sql"]


def test_the_planning_offices_home_page_shows_the_scoring_progress(
    crowded_round, planner, client, django_assert_max_num_queries
):
    client.force_login(planner)
    client.get(reverse("core:home"))
    # 1 session, 2 user, 3 groups, 4 whether an org chart exists, 5-6 the seasons (open
    # ones, and those awaiting a step), 7 the rounds with both counts, 8 the briefing
    # sessions, 9 the roadmap reports awaiting the task force (issue 16's waiting item),
    # 10 the unread notices of the header's inbox badge.
    with (
        django_assert_max_num_queries(10),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(reverse("core:home"))
    assert "400/600" in response.content.decode()
    assert not any(joins_both_relations(q["sql"]) for q in queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.parametrize("which", ["round_list", "planner_home"])
def test_no_step_of_the_plan_handles_more_rows_than_the_round_has(crowded_round, which):
    """EXPLAIN ANALYZE of the counting queries: no node sees more rows than assignments and
    evaluations together (a join of both would see 600 × 600 per round)."""
    if which == "round_list":
        qs = ReviewRound.objects.filter(season=crowded_round.season).annotate(
            **selectors.round_counts()
        )
    else:
        qs = ReviewRound.objects.filter(pk=crowded_round.pk).annotate(**selectors.round_counts())
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)

    def rows(node):
        yield node["Actual Rows"] * node.get("Actual Loops", 1)
        yield node["Plan Rows"]
        for child in node.get("Plans", []):
            yield from rows(child)

    assert max(rows(plan[0]["Plan"])) <= 2 * IDEAS * REVIEWERS
