"""A round's ranking kept as rows (``Standing``), so that a page of it costs the same at
200,000 ideas as at 1,000.

Ranking a round computes, for every idea, the mean of its submitted totals and the mean of
each evaluation's z-score within its reviewer's evaluations, then ranks them all: at
200,000 ideas (a round of about 67,000 ideas and 200,000 evaluations) that is about 0.7 s
of PostgreSQL, however few rows a page shows. Those figures only change when an evaluation
is submitted, an assignment is made or withdrawn, or the round's threshold or criteria
change; pages are read far more often. So the ranking is built once into ``Standing`` rows
(figures, both ranks and each idea's place in both orders) and a page is a range of places
on an index.

Freshness: every service that changes what the ranking reads calls ``mark_changed`` in its
transaction (one counter per round, ``RankingStamp.changes``); the reader compares it with
the count the rows were built at and, when they differ, the round's rows are built again in
one ``INSERT … SELECT`` (``rebuild``), holding the stamp's row lock so that two builds do
not run at once and a change made meanwhile waits for the build and marks it stale again.
Writers outside the services (the demo's bulk loader, test factories, benchmarks) call
``mark_changed`` too.

Who rebuilds: for a round of up to ``settings.RANKING_REBUILT_IN_REQUEST_UP_TO`` ideas, the
reader who finds it stale (milliseconds). A larger round (2 s at 67,000 ideas: a planner
watching the ranking while reviewers submit would wait that long on every view) is rebuilt
by a Celery worker once the change commits (``reviews.tasks.ranking_rebuild_task``), and
its readers are shown the last build with its time and the changes still to come
(``RankingStamp.is_fresh`` False) for at most ``STALE_AT_MOST``; after that (no worker
running?) the reader rebuilds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ideas.models import Idea
from reviews.models import Assignment, Evaluation, RankingStamp, ReviewRound, Standing

# The per-idea figures of a round (``%s``: the round, twice), shared by the live ranking
# statement (``reviews.selectors.RANKING_SQL``) and the build below. Plain SQL-92
# aggregates and CTEs: it runs on PostgreSQL and SQLite alike (see the selectors' note).
RANKING_CTES = """
WITH submitted AS (
    SELECT e.idea_id, e.reviewer_id, e.total
    FROM {evaluation} e
    WHERE e.round_id = %s AND e.status = 'submitted'
),
reviewer_stats AS (
    SELECT reviewer_id, AVG(total) AS mean, STDDEV_POP(total) AS sd
    FROM submitted
    GROUP BY reviewer_id
),
per_idea AS (
    SELECT s.idea_id,
           AVG(s.total) AS mean_total,
           AVG(CASE WHEN r.sd > 0 THEN (s.total - r.mean) / r.sd ELSE 0 END) AS normalised,
           COUNT(*) AS submitted_count,
           STDDEV_POP(s.total) AS spread
    FROM submitted s JOIN reviewer_stats r ON r.reviewer_id = s.reviewer_id
    GROUP BY s.idea_id
),
assigned AS (
    SELECT a.idea_id, COUNT(*) AS assigned_count
    FROM {assignment} a
    WHERE a.round_id = %s
    GROUP BY a.idea_id
)"""

# Both orders' ranks as the live statement takes them (the values as shown, two and four
# decimals; ideas without a submission last) and each idea's place in both orders: its
# rank, then reference number, then id. Each place's ordering extends its rank's, so the
# database sorts once per order for both.
BUILD_SQL = """
INSERT INTO {standing} (round_id, build, idea_id, season_id, bureau_id, implementation_path,
                        mean_total, normalised, submitted_count, missing_count, spread,
                        disagreement, raw_rank, normalised_rank, raw_place, normalised_place)
{ctes}
SELECT %s, %s, a.idea_id, i.season_id, i.bureau_id, i.implementation_path,
       ROUND(p.mean_total, 2),
       ROUND(p.normalised, 4),
       COALESCE(p.submitted_count, 0),
       a.assigned_count - COALESCE(p.submitted_count, 0),
       ROUND(p.spread, 2),
       COALESCE(p.spread > %s, FALSE),
       RANK() OVER (ORDER BY p.mean_total IS NULL, ROUND(p.mean_total, 2) DESC),
       RANK() OVER (ORDER BY p.normalised IS NULL, ROUND(p.normalised, 4) DESC),
       ROW_NUMBER() OVER (
           ORDER BY p.mean_total IS NULL, ROUND(p.mean_total, 2) DESC, i.reference_number, i.id
       ),
       ROW_NUMBER() OVER (
           ORDER BY p.normalised IS NULL, ROUND(p.normalised, 4) DESC, i.reference_number, i.id
       )
FROM assigned a
JOIN {idea} i ON i.id = a.idea_id
LEFT JOIN per_idea p ON p.idea_id = a.idea_id
"""
# The build's aggregates and sorts fit in memory at 200,000 ideas with this much (the
# default 4 MB spills each to disk); for the build's transaction only.
BUILD_WORK_MEM = "64MB"

# A large round's readers see its last build for at most this long after a change; then
# they rebuild it themselves (the worker's rebuild takes seconds, not minutes).
STALE_AT_MOST = timedelta(minutes=2)

# One more change of a round, the stamp's row made on the first (an upsert: a row a
# concurrent first build is inserting is waited for, then counted up, never missed); the
# first change after a build says since when the rows are stale. Returns the round's size
# as last built, which decides who rebuilds it.
MARK_SQL = """
INSERT INTO {stamp} (round_id, changes, built_changes, built_at, stale_since, idea_count,
                     disagreement_count, missing_count)
VALUES (%s, 1, NULL, NULL, %s, 0, 0, 0)
ON CONFLICT (round_id) DO UPDATE SET
    changes = {stamp}.changes + 1,
    stale_since = CASE WHEN {stamp}.built_changes = {stamp}.changes THEN excluded.stale_since
                       ELSE {stamp}.stale_since END
RETURNING idea_count
"""

ENSURE_SQL = """
INSERT INTO {stamp} (round_id, changes, built_changes, built_at, stale_since, idea_count,
                     disagreement_count, missing_count)
VALUES (%s, 0, NULL, NULL, NULL, 0, 0, 0)
ON CONFLICT (round_id) DO NOTHING
"""


def ranking_ctes() -> str:
    return RANKING_CTES.format(
        evaluation=Evaluation._meta.db_table, assignment=Assignment._meta.db_table
    )


def rebuilt_in_request(idea_count: int) -> bool:
    """Whether a round of ``idea_count`` ideas (as last built) is rebuilt by its reader."""
    return idea_count <= settings.RANKING_REBUILT_IN_REQUEST_UP_TO


def mark_changed(rounds: Iterable[ReviewRound | int] | ReviewRound | int) -> None:
    """Count a change to what the rankings of ``rounds`` read (call it in the transaction
    that makes the change): a small round's next reader rebuilds it, a large one is
    rebuilt by a worker once the transaction commits."""
    from reviews.tasks import ranking_rebuild_task

    if isinstance(rounds, ReviewRound | int):
        rounds = [rounds]
    sql = MARK_SQL.format(stamp=RankingStamp._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        for review_round in rounds:
            pk = getattr(review_round, "pk", review_round)
            cursor.execute(sql, [pk, now])
            (idea_count,) = cursor.fetchone()
            if not rebuilt_in_request(idea_count):
                # robust: with the broker down the change still stands (logged); its
                # readers rebuild the round after STALE_AT_MOST.
                transaction.on_commit(lambda pk=pk: ranking_rebuild_task.delay(pk), robust=True)


def stamp_of(review_round: ReviewRound) -> RankingStamp | None:
    """The round's stamp: the one loaded with it (``select_related("ranking_stamp")``)
    or one query."""
    try:
        return review_round.ranking_stamp
    except RankingStamp.DoesNotExist:
        return None


def current_stamp(review_round: ReviewRound) -> RankingStamp:
    """The stamp of the standings a reader is shown: no query beyond reading the stamp
    when they are fresh, or when a worker is rebuilding a large round (the last build,
    for at most ``STALE_AT_MOST``); otherwise the standings are rebuilt first."""
    stamp = stamp_of(review_round)
    if stamp is not None and (stamp.is_fresh or _worker_rebuilds(stamp)):
        return stamp
    stamp = rebuild(review_round)
    review_round.ranking_stamp = stamp
    return stamp


def _worker_rebuilds(stamp: RankingStamp) -> bool:
    return (
        stamp.built_changes is not None
        and not rebuilt_in_request(stamp.idea_count)
        and stamp.stale_since is not None
        and timezone.now() - stamp.stale_since < STALE_AT_MOST
    )


@transaction.atomic
def rebuild(review_round: ReviewRound) -> RankingStamp:
    """Build the round's standings again unless another reader has just done it: delete
    and insert in one transaction (readers see the old rows until it commits), holding the
    stamp's row so builds of a round take turns."""
    with connection.cursor() as cursor:
        cursor.execute(ENSURE_SQL.format(stamp=RankingStamp._meta.db_table), [review_round.pk])
    stamp = RankingStamp.objects.select_for_update().get(round_id=review_round.pk)
    if stamp.is_fresh:
        return stamp
    # Read under the lock: a threshold changed since the caller loaded the round counts.
    threshold = ReviewRound.objects.values_list("disagreement_threshold", flat=True).get(
        pk=review_round.pk
    )
    sql = BUILD_SQL.format(
        standing=Standing._meta.db_table, idea=Idea._meta.db_table, ctes=ranking_ctes()
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{BUILD_WORK_MEM}'")
        cursor.execute(
            f"DELETE FROM {Standing._meta.db_table} WHERE round_id = %s",  # noqa: S608
            [review_round.pk],
        )
        build = [review_round.pk, stamp.changes]
        cursor.execute(sql, [review_round.pk, review_round.pk, *build, float(threshold)])
        cursor.execute(
            f"SELECT COUNT(*), SUM(CASE WHEN disagreement THEN 1 ELSE 0 END), "  # noqa: S608
            f"SUM(missing_count) FROM {Standing._meta.db_table} WHERE round_id = %s AND build = %s",
            build,
        )
        count, disagreements, missing = cursor.fetchone()
    stamp.built_changes = stamp.changes
    stamp.built_at = timezone.now()
    stamp.stale_since = None
    stamp.idea_count, stamp.disagreement_count = count, disagreements or 0
    stamp.missing_count = missing or 0
    stamp.save()
    return stamp
