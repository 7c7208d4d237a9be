"""A round's ranking for 10,000 ideas × 5 reviewers, against one hand-written SQL query.

    createdb -h 127.0.0.1 -U postgres bench_ranking
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ranking \\
      .venv/bin/python benchmarks/bench_ranking.py

(``make bench BENCH=benchmarks/bench_ranking.py`` does the same on a database of its own.)

PostgreSQL only. The first run migrates the database and writes one season with 10,000
submitted ideas and a round in which 40 reviewers (one harsh, one lenient) are assigned 5
per idea and have submitted 96% of the 50,000 evaluations; later runs reuse it,
``--rebuild`` writes it again. Only what the ranking reads is written: the evaluations'
weighted totals, not their per-criterion scores.

Times, warm-up then the median of ``BENCH_RUNS`` (default 15):

- ``reviews.selectors.ranking`` in raw and in normalised order: the statement the ranking
  page, its API and the top-N selection run, and the rows turned into ``RankingRow``s;
- the limit: a hand-written PostgreSQL query computing the same columns another way
  (window functions for each reviewer's mean and standard deviation), fetched as tuples.
- ``reviews.selectors.ranking_page``, the ranking page's read of the stored ranking
  (``reviews.standings``): the first and a middle page in each order, checked against that
  slice of ``ranking``, and a rebuild after a change followed by page 1 (target < 50 ms a
  page; the rebuild is reported).

Both are checked to give the same ideas in the same order with the same figures. Targets:
within 1.5× of the hand-written query and under 300 ms. Timing never fails the run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_idea_list
from bench_idea_list import RUNS, WARM_UP, timed  # noqa: E402  (sets Django up)
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from departments.models import Bureau, Division, Position, Team, User  # noqa: E402
from ideas.models import Idea, Season  # noqa: E402
from reviews.models import (  # noqa: E402
    DEFAULT_CRITERIA,
    Assignment,
    Criterion,
    Evaluation,
    ReviewRound,
)
from reviews.selectors import ranking, ranking_page  # noqa: E402
from reviews.standings import mark_changed  # noqa: E402

IDEAS = int(os.environ.get("BENCH_IDEAS", "10000"))
PER_IDEA = 5
REVIEWERS = 40
SUBMITTED_SHARE = 0.96
TARGET_RATIO = 1.5
TARGET_MS = 300
PAGE_TARGET_MS = 50  # a page of the stored ranking: an index range and the ideas' rows
CODE = "RB"
BATCH = 5_000


@transaction.atomic
def build() -> ReviewRound:
    rng = random.Random("bench-ranking")  # noqa: S311
    now = timezone.now()
    bureaus = Bureau.objects.bulk_create(
        Bureau(name=f"벤치{n:02d}국", display_order=n) for n in range(1, 11)
    )
    divisions = Division.objects.bulk_create(
        Division(bureau=b, name=f"{b.name}과") for b in bureaus
    )
    teams = Team.objects.bulk_create(
        Team(division=d, name=f"{d.name}{n}팀") for d in divisions for n in range(1, 6)
    )
    leaders = User.objects.bulk_create(
        User(
            username=f"bench-leader-{t.pk}",
            full_name=f"팀장{t.pk}",
            position=Position.TEAM_LEADER,
            team=t,
            division=t.division,
            bureau=t.division.bureau,
        )
        for t in teams
    )
    reviewers = User.objects.bulk_create(
        User(username=f"bench-reviewer-{n}", full_name=f"심사위원{n}") for n in range(REVIEWERS)
    )
    season = Season.objects.create(
        name="벤치마크 시즌",
        code=CODE,
        kind=Season.Kind.BENCHMARKING,
        status=Season.Status.REVIEW,
        submission_opens_at=now - timezone.timedelta(days=60),
        submission_closes_at=now - timezone.timedelta(days=30),
    )
    review_round = ReviewRound.objects.create(
        season=season, name="1차 서면 심사", status=ReviewRound.Status.OPEN, opened_at=now
    )
    Criterion.objects.bulk_create(
        Criterion(round=review_round, name=str(n), weight=w, max_score=m, order=i)
        for i, (n, _d, w, m) in enumerate(DEFAULT_CRITERIA)
    )
    titles = ["스마트 민원 안내", "찾아가는 복지 상담", "기업유치 관리시스템", "골목상권 활성화"]
    ideas = []
    for n in range(1, IDEAS + 1):
        leader = leaders[n % len(leaders)]
        team = leader.team
        ideas.append(
            Idea(
                season=season,
                team=team,
                division=team.division,
                bureau=team.division.bureau,
                team_name=team.name,
                division_name=team.division.name,
                bureau_name=team.division.bureau.name,
                sequence=n,
                reference_number=f"{CODE}-{n:05d}",
                status=Idea.Status.SUBMITTED,
                title=f"{rng.choice(titles)} {n}",
                implementation_path=rng.choice(Idea.Path.values),
                created_by=leader,
                submitted_by=leader,
                submitted_at=now,
            )
        )
    Idea.objects.bulk_create(ideas, batch_size=BATCH)
    bias = {r.pk: rng.uniform(-5, 5) for r in reviewers}
    bias[reviewers[0].pk], bias[reviewers[1].pk] = -25, 15  # one harsh, one lenient
    assignments, evaluations = [], []
    for idea in ideas:
        quality = rng.uniform(35, 90)
        for reviewer in rng.sample(reviewers, PER_IDEA):
            assignments.append(
                Assignment(
                    round=review_round,
                    idea=idea,
                    reviewer=reviewer,
                    method=Assignment.Method.AUTOMATIC,
                    assigned_by=reviewer,
                )
            )
            if rng.random() < SUBMITTED_SHARE:
                total = min(max(quality + bias[reviewer.pk] + rng.gauss(0, 8), 0), 100)
                evaluations.append((idea, reviewer, Decimal(f"{total:.2f}")))
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    by_pair = {(a.idea_id, a.reviewer_id): a for a in assignments}
    Evaluation.objects.bulk_create(
        (
            Evaluation(
                assignment=by_pair[idea.pk, reviewer.pk],
                round=review_round,
                idea=idea,
                reviewer=reviewer,
                status=Evaluation.Status.SUBMITTED,
                total=total,
                submitted_at=now,
            )
            for idea, reviewer, total in evaluations
        ),
        batch_size=BATCH,
    )
    mark_changed(review_round)  # written around the services: the stored ranking is told
    return review_round


def ensure_data(*, rebuild: bool) -> ReviewRound:
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL=postgres://… (see the module docstring).")
    call_command("migrate", verbosity=0)
    if rebuild:
        print("Emptying the database (--rebuild) …", flush=True)
        call_command("flush", interactive=False, verbosity=0)
    existing = ReviewRound.objects.filter(season__code=CODE).first()
    if existing is not None:
        print(f"Reusing the round in {connection.settings_dict['NAME']}.")
        return existing
    if Idea.objects.exists():
        sys.exit(f"{connection.settings_dict['NAME']} holds other data; use --rebuild.")
    print(f"Writing {IDEAS:,} ideas × {PER_IDEA} reviewers …", flush=True)
    started = time.perf_counter()
    review_round = build()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Written in {time.perf_counter() - started:.0f} s.")
    return review_round


# The same ranking, written directly for PostgreSQL: each evaluation's z-score from window
# aggregates over its reviewer's evaluations, then per idea the means, the spread and RANK().
HAND_WRITTEN = """
WITH scored AS (
    SELECT idea_id, total,
           AVG(total) OVER w AS reviewer_mean,
           STDDEV_POP(total) OVER w AS reviewer_sd
    FROM reviews_evaluation
    WHERE round_id = %(round)s AND status = 'submitted'
    WINDOW w AS (PARTITION BY reviewer_id)
),
per_idea AS (
    SELECT idea_id,
           ROUND(AVG(total), 2) AS mean_total,
           ROUND(AVG(CASE WHEN reviewer_sd > 0 THEN (total - reviewer_mean) / reviewer_sd
                          ELSE 0 END), 4) AS normalised,
           COUNT(*) AS submitted,
           ROUND(STDDEV_POP(total), 2) AS spread
    FROM scored GROUP BY idea_id
),
assigned AS (
    SELECT idea_id, COUNT(*) AS n FROM reviews_assignment
    WHERE round_id = %(round)s GROUP BY idea_id
)
SELECT i.id, i.reference_number, i.title, i.bureau_id, i.bureau_name, i.team_id,
       i.team_name, i.implementation_path, p.mean_total, p.normalised,
       COALESCE(p.submitted, 0), a.n - COALESCE(p.submitted, 0), p.spread,
       COALESCE(p.spread > %(threshold)s, false),
       RANK() OVER (ORDER BY p.{key} IS NULL, p.{key} DESC)
FROM assigned a
JOIN ideas_idea i ON i.id = a.idea_id
LEFT JOIN per_idea p ON p.idea_id = a.idea_id
ORDER BY 15, i.reference_number, i.id
"""


def hand_written(review_round: ReviewRound, order: str) -> list[tuple]:
    key = "mean_total" if order == "raw" else "normalised"
    with connection.cursor() as cursor:
        cursor.execute(
            HAND_WRITTEN.format(key=key),
            {"round": review_round.pk, "threshold": review_round.disagreement_threshold},
        )
        return cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="empty the database and build")
    args = parser.parse_args()
    review_round = ensure_data(rebuild=args.rebuild)
    evaluations = Evaluation.objects.filter(round=review_round).count()
    assignments = Assignment.objects.filter(round=review_round).count()
    print(
        f"\nRound {review_round.pk}: {assignments:,} assignments, {evaluations:,} submitted "
        f"evaluations. Median of {RUNS} after {WARM_UP} warm-up runs.\n"
    )
    met = True
    for order in ("raw", "normalised"):
        rows = ranking(review_round=review_round, order=order)
        raw = hand_written(review_round, order)
        same = [
            (r.idea_id, r.mean_total, r.normalised, r.submitted_count, r.missing_count)
            + (r.spread, r.disagreement, r.rank)
            for r in rows
        ] == [(t[0], t[8], t[9], t[10], t[11], t[12], t[13], t[14]) for t in raw]
        ours = statistics.median(
            timed(lambda order=order: ranking(review_round=review_round, order=order))
        )
        limit = statistics.median(timed(lambda order=order: hand_written(review_round, order)))
        ratio = ours / limit
        ok = ratio <= TARGET_RATIO and ours * 1000 < TARGET_MS
        met &= ok
        print(
            f"order={order}: {len(rows):,} ideas ranked, disagreement on "
            f"{sum(r.disagreement for r in rows):,}"
        )
        print(f"  reviews.selectors.ranking   {ours * 1000:7.1f} ms")
        print(f"  hand-written SQL (tuples)   {limit * 1000:7.1f} ms")
        print(
            f"  ratio {ratio:.2f}x (target ≤ {TARGET_RATIO}x), {ours * 1000:.0f} ms "
            f"(target < {TARGET_MS} ms): {'met' if ok else 'MISSED'}; "
            f"same ideas, order and figures: {'yes' if same else 'NO'}"
        )
    met &= bench_pages(review_round)
    print(f"\nTargets {'met' if met else 'missed'} (timings never fail the run).")


def bench_pages(review_round: ReviewRound) -> bool:
    """The ranking page's read: a page of the stored ranking (first and middle, each
    order), checked against that slice of ``ranking``, and its rebuild after a change."""
    per_page = 50

    def page(order: str, number: int):
        fresh = ReviewRound.objects.select_related("ranking_stamp").get(pk=review_round.pk)
        return ranking_page(review_round=fresh, order=order, page_number=number, per_page=per_page)

    def rebuilt():
        mark_changed(review_round)
        return page("raw", 1)

    rebuild = statistics.median(timed(rebuilt, runs=5))
    print(f"\nThe ranking page (stored ranking, {per_page} a page):")
    print(f"  rebuild after a change, then page 1 {rebuild * 1000:7.1f} ms")
    met = True
    for order in ("raw", "normalised"):
        whole = ranking(review_round=review_round, order=order)
        middle = max(1, len(whole) // per_page // 2)
        for number in (1, middle):
            took = statistics.median(timed(lambda o=order, n=number: page(o, n)))
            rows = list(page(order, number).page)
            same = rows == whole[(number - 1) * per_page : number * per_page]
            ok = took * 1000 < PAGE_TARGET_MS and same
            met &= ok
            print(
                f"  order={order} page {number:>4}: {took * 1000:7.1f} ms "
                f"(target < {PAGE_TARGET_MS} ms): {'met' if ok else 'MISSED'}; "
                f"same rows as the ranking's slice: {'yes' if same else 'NO'}"
            )
    return met


if __name__ == "__main__":
    main()
