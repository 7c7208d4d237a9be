"""The rollout board (page and API list) on 20,000 plans, 100,000 reports and 200,000
milestones, against hand-written SQL returning the same rows.

    createdb -h 127.0.0.1 -U postgres bench_rollout
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_rollout \\
      .venv/bin/python benchmarks/bench_rollout_board.py

PostgreSQL only. The first run migrates the database and writes the data with
``bulk_create`` (one season, 20 bureaus × 5 divisions × 10 teams, 20,000 adopted ideas
with their decisions and plans, 5 reports and 10 milestones per plan, budget and ordinance
tracks); later runs reuse it, ``--rebuild`` empties it first.

Times, as a signed-in planning-office user through the Django test client (the whole
request: middleware, session, filters, template or serializer), warm-up then the median of
``BENCH_RUNS`` (default 10):

    GET /rollout/                      the board page (counts per status, first 50 rows)
    GET /api/v1/rollout-plans/         the API list (count, first 50 rows)

against the limit: the same rows (and, for the page, the same counts) read with
hand-written SQL and encoded with ``json.dumps``. Target: within 2× and at most 15
queries. Timing never fails the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from departments.models import Bureau, Division, Position, Role, Team, User  # noqa: E402
from ideas.models import Idea, Season  # noqa: E402
from reviews.models import Decision, ReviewRound  # noqa: E402
from rollout.models import (  # noqa: E402
    BudgetTrack,
    Milestone,
    OrdinanceTrack,
    ProgressReport,
    RolloutPlan,
)

PLANS = int(os.environ.get("BENCH_PLANS", "20000"))
REPORTS_PER_PLAN = 5
MILESTONES_PER_PLAN = 10
RUNS = int(os.environ.get("BENCH_RUNS", "10"))
WARM_UP = 2
TARGET_RATIO = 2.0
MAX_QUERIES = 15
BATCH = 5_000


def ensure_data(*, rebuild: bool = False) -> None:
    if rebuild:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    if RolloutPlan.objects.count() >= PLANS:
        return
    started = time.perf_counter()
    rng = random.Random(11)  # noqa: S311  (benchmark data)
    with transaction.atomic():
        planner, author, divisions, teams = _organisation()
        now = timezone.now()
        season, ideas, decisions = _adopted_ideas(planner, author, divisions, teams, now)
        today = timezone.localdate()
        plans = _plans(season, ideas, decisions, rng, now, today)
        _reports(plans, rng, now)
        _milestones(plans, rng, today)
        _tracks(plans, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Built in {time.perf_counter() - started:.0f} s: {RolloutPlan.objects.count():,} plans, "
        f"{ProgressReport.objects.count():,} reports, {Milestone.objects.count():,} milestones."
    )


def _organisation():
    """20 bureaus of 5 divisions of 10 teams, a planner and a team leader."""
    planner = User.objects.create_user("bench-planner", "pw", full_name="기획 담당")
    planner.groups.add(Group.objects.get_or_create(name=Role.PLANNING_OFFICE)[0])
    bureaus = Bureau.objects.bulk_create(
        Bureau(name=f"벤치{b}국", display_order=b) for b in range(20)
    )
    divisions = Division.objects.bulk_create(
        Division(bureau=b, name=f"{b.name} {d}과") for b in bureaus for d in range(5)
    )
    teams = Team.objects.bulk_create(
        Team(division=d, name=f"{d.name} {t}팀") for d in divisions for t in range(10)
    )
    author = User.objects.create_user(
        "bench-leader",
        "pw",
        full_name="팀장",
        position=Position.TEAM_LEADER,
        team=teams[0],
        division=teams[0].division,
        bureau=bureaus[0],
    )
    return planner, author, divisions, teams


def _adopted_ideas(planner, author, divisions, teams, now):
    """A closed season whose ``PLANS`` ideas were all adopted."""
    season = Season.objects.create(
        name="벤치마크 시즌",
        code="BR",
        kind=Season.Kind.BENCHMARKING,
        status=Season.Status.CLOSED,
        submission_opens_at=now - dt.timedelta(days=900),
        submission_closes_at=now - dt.timedelta(days=800),
    )
    review_round = ReviewRound.objects.create(
        season=season,
        name="최종 심사",
        status=ReviewRound.Status.CLOSED,
        decisions_published_at=now,
    )
    by_id = {d.pk: d for d in divisions}
    paths = [Idea.Path.IMMEDIATE, Idea.Path.BUDGET, Idea.Path.ORDINANCE]
    ideas = []
    for n in range(PLANS):
        team = teams[n % len(teams)]
        division = by_id[team.division_id]
        ideas.append(
            Idea(
                season=season,
                team=team,
                division=division,
                bureau_id=division.bureau_id,
                team_name=team.name,
                division_name=division.name,
                bureau_name="",
                sequence=n + 1,
                reference_number=f"BR-{n + 1:05d}",
                status=Idea.Status.SUBMITTED,
                title=f"벤치마크 아이디어 {n + 1}",
                implementation_path=paths[n % 3],
                created_by=author,
                submitted_by=author,
                submitted_at=now,
            )
        )
    ideas = Idea.objects.bulk_create(ideas, batch_size=BATCH)
    decisions = Decision.objects.bulk_create(
        (
            Decision(
                round=review_round,
                idea=i,
                outcome="adopt",
                implementation_path=i.implementation_path,
                reason="채택",
                decided_by=planner,
            )
            for i in ideas
        ),
        batch_size=BATCH,
    )
    return season, ideas, decisions


def _plans(season, ideas, decisions, rng, now, today):
    """One plan an adopted idea: most active, some done, some still drafts."""
    statuses = [RolloutPlan.Status.ACTIVE] * 8 + [
        RolloutPlan.Status.DONE,
        RolloutPlan.Status.DRAFT,
    ]
    plans = []
    for idea, decision in zip(ideas, decisions, strict=True):
        status = rng.choice(statuses)
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(60))
        plans.append(
            RolloutPlan(
                idea=idea,
                decision=decision,
                season=season,
                bureau_id=idea.bureau_id,
                lead_team_id=idea.team_id,
                path_immediate=idea.implementation_path == Idea.Path.IMMEDIATE,
                path_budget=idea.implementation_path == Idea.Path.BUDGET,
                path_ordinance=idea.implementation_path == Idea.Path.ORDINANCE,
                status=status,
                start_date=start,
                target_date=start + dt.timedelta(days=rng.randrange(400, 1000)),
                goal="목표",
                method="방법",
                adopted_on=dt.date(2024, 12, 2),
                due_date=dt.date(2025, 1, 2)
                if status != RolloutPlan.Status.DRAFT
                else today + dt.timedelta(days=20),
                filed_at=now if status != RolloutPlan.Status.DRAFT else None,
                completed_on=today if status == RolloutPlan.Status.DONE else None,
            )
        )
    plans = RolloutPlan.objects.bulk_create(plans, batch_size=BATCH)
    return plans


def _reports(plans, rng, now) -> None:
    """``REPORTS_PER_PLAN`` quarterly reports a plan; one in twenty is late."""
    ends = [
        dt.date(2025, 3, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 3, 31),
    ]
    reports = []
    for plan in plans:
        for k, end in enumerate(ends[:REPORTS_PER_PLAN]):
            late = rng.random() < 0.05
            status = ProgressReport.Status.DRAFT if late else ProgressReport.Status.ACCEPTED
            reports.append(
                ProgressReport(
                    plan=plan,
                    period_end=end,
                    due_on=end + dt.timedelta(days=10),
                    status=status,
                    progress_percent=min(100, 15 * (k + 1)),
                    done_text="실적",
                    filed_at=None if late else now,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)


def _milestones(plans, rng, today) -> None:
    milestones = []
    for plan in plans:
        for m in range(MILESTONES_PER_PLAN):
            due = plan.start_date + dt.timedelta(days=60 * (m + 1))
            done = due < today and rng.random() < 0.97
            milestones.append(
                Milestone(
                    plan=plan,
                    order=m + 1,
                    title=f"단계 {m + 1}",
                    due_on=due,
                    done_on=due if done else None,
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)


def _tracks(plans, rng) -> None:
    BudgetTrack.objects.bulk_create(
        (
            BudgetTrack(
                plan=p,
                amount_requested=100_000_000,
                status=rng.choice(["requested", "in_draft"]),
            )
            for p in plans
            if p.path_budget
        ),
        batch_size=BATCH,
    )
    OrdinanceTrack.objects.bulk_create(
        (OrdinanceTrack(plan=p, ordinance_name="조례") for p in plans if p.path_ordinance),
        batch_size=BATCH,
    )


def timed(fn, runs: int = RUNS) -> list[float]:
    for _ in range(WARM_UP):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


# The derived status, as rollout.selectors.with_health writes it with the ORM.
HEALTH_SQL = """
CASE
  WHEN p.status IN ('dropped', 'closed') THEN 'dropped'
  WHEN p.status = 'done' THEN 'done'
  WHEN (p.status = 'draft' AND p.due_date < %(today)s)
    OR (p.status IN ('draft', 'active', 'cannot_filed') AND (
         EXISTS (SELECT 1 FROM rollout_milestone m WHERE m.plan_id = p.id AND m.done_on IS NULL AND m.due_on < %(today)s)
      OR EXISTS (SELECT 1 FROM rollout_progressreport r WHERE r.plan_id = p.id AND r.status IN ('draft', 'sent_back') AND r.due_on < %(today)s)
      OR p.target_date < %(today)s)) THEN 'late'
  WHEN p.status = 'cannot_filed'
    OR EXISTS (SELECT 1 FROM rollout_progressreport r WHERE r.plan_id = p.id AND r.status = 'sent_back')
    OR b.status = 'cut' OR (b.id IS NOT NULL AND b.warning <> '')
    OR (o.id IS NOT NULL AND o.warning <> '') THEN 'at_risk'
  ELSE 'on_track'
END
"""
FROM_SQL = """
FROM rollout_rolloutplan p
JOIN ideas_idea i ON i.id = p.idea_id
JOIN departments_bureau bu ON bu.id = p.bureau_id
JOIN departments_team t ON t.id = p.lead_team_id
LEFT JOIN rollout_budgettrack b ON b.plan_id = p.id
LEFT JOIN rollout_ordinancetrack o ON o.plan_id = p.id
"""
COUNTS_SQL = f"SELECT h, count(*) FROM (SELECT {HEALTH_SQL} AS h {FROM_SQL}) x GROUP BY h"
ROWS_SQL = f"""
SELECT p.id, i.title, p.season_id, bu.name, t.name, p.status, {HEALTH_SQL} AS h, p.target_date,
       p.path_immediate, p.path_budget, p.path_ordinance, p.due_date, p.version,
       (SELECT r.progress_percent FROM rollout_progressreport r WHERE r.plan_id = p.id
         AND r.status <> 'draft' ORDER BY r.period_end DESC LIMIT 1),
       b.amount_requested, b.status, b.warning, o.ordinance_name, o.warning
{FROM_SQL}
ORDER BY p.season_id, bu.display_order, p.id
LIMIT 50
"""


def baseline(with_counts: bool) -> tuple[bytes, list[int]]:
    params = {"today": timezone.localdate()}
    with connection.cursor() as cursor:
        counts = {}
        if with_counts:
            cursor.execute(COUNTS_SQL, params)
            counts = dict(cursor.fetchall())
        else:
            cursor.execute("SELECT count(*) FROM rollout_rolloutplan")
            counts = {"total": cursor.fetchone()[0]}
        cursor.execute(ROWS_SQL, params)
        rows = cursor.fetchall()
    out = {
        "counts": counts,
        "rows": [
            {
                "id": r[0],
                "title": r[1],
                "season": r[2],
                "bureau_name": r[3],
                "lead_team_name": r[4],
                "status": r[5],
                "health": r[6],
                "target_date": r[7].isoformat() if r[7] else None,
                "paths": [r[8], r[9], r[10]],
                "due_date": r[11].isoformat(),
                "version": r[12],
                "last_progress": r[13],
                "budget": [r[14], r[15], r[16]],
                "ordinance": [r[17], r[18]],
            }
            for r in rows
        ],
    }
    return json.dumps(out, ensure_ascii=False).encode(), [row["id"] for row in out["rows"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="empty the database and build")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL")
    ensure_data(rebuild=args.rebuild)
    planner = User.objects.get(username="bench-planner")
    client = Client()
    client.force_login(planner)
    print(
        f"\n{RolloutPlan.objects.count():,} plans, {ProgressReport.objects.count():,} reports, "
        f"{Milestone.objects.count():,} milestones. Median of {RUNS} after {WARM_UP} warm-up runs.\n"
    )
    met = True
    for label, url, with_counts in [
        ("board page", "/rollout/", True),
        ("API list", "/api/v1/rollout-plans/", False),
    ]:
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.content[:300]
        if with_counts:
            # The rows' links, in page order (the test client keeps no context here).
            found = re.findall(r'href="/rollout/plans/(\d+)/"', response.content.decode())
            got_ids = [int(pk) for pk in dict.fromkeys(found)]
        else:
            got_ids = [row["id"] for row in response.json()["results"]]
        reset_queries()
        with CaptureQueriesContext(connection) as capture:
            client.get(url, secure=True)
        queries = list(capture.captured_queries)
        body, raw_ids = baseline(with_counts)
        took = statistics.median(timed(lambda url=url: client.get(url, secure=True)))
        limit = statistics.median(timed(lambda with_counts=with_counts: baseline(with_counts)))
        ratio = took / limit
        ok = ratio <= TARGET_RATIO and len(queries) <= MAX_QUERIES
        met &= ok
        print(f"{label}: {len(got_ids)} rows on the page")
        print(f"  Django ({len(queries)} queries)            {ms(took)}")
        print(f"  limit: hand-written SQL + json   {ms(limit)}  ({len(body):,} bytes)")
        print(
            f"  ratio {ratio:.2f}x — target ≤ {TARGET_RATIO:.0f}x and ≤ {MAX_QUERIES} queries "
            f"{'met' if ok else 'MISSED'}; same rows in the same order: {'yes' if got_ids == raw_ids else 'NO'}"
        )
        for query in queries:
            print(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:110]}")
    print(f"\nTarget {'met' if met else 'missed'} (timings never fail the run).")


if __name__ == "__main__":
    main()
