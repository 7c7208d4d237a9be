"""The dashboards at 200,000 ideas over 10 seasons, against hand-written aggregate SQL, and
the governor's briefing book of a 20-idea session (PDF and HWPX).

    createdb -h 127.0.0.1 -U postgres bench_dashboard
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dashboard \\
      .venv/bin/python benchmarks/bench_dashboard.py

(``make bench BENCH=benchmarks/bench_dashboard.py`` does the same on a database of its own.)

PostgreSQL only. The first run migrates and builds the data set with INSERT … SELECT (later
runs reuse it; ``--rebuild`` empties it first): 20 bureaus × 5 divisions × 4 teams (400
teams), 10 seasons of 20,000 ideas each (one in ten a draft, 1% sent back), an exemption for
one team in twenty, each earlier season's ideas decided in a published round (one in ten
adopted), and in the latest season an open round where every submitted idea has three
reviewers, two of whom have submitted (one idea in seven with totals far apart).

For each dashboard (the whole government, a bureau, a team) it prints the queries the page's
selectors run (target ≤ 10) and their time next to the hand-written SQL that computes the
same numbers (target ≤ 2×), best of ``BENCH_RUNS`` (default 3), and checks the numbers agree.
Then the season-over-season panel the same way. Then a 20-idea briefing session's book:
PDF (target < 10 s) and HWPX (target < 5 s), with the page count, ``BENCH_RUNS`` times, after
what a worker process does once whatever it builds first (the similarity index of the
library, the PDF and HWPX libraries and fonts), which is timed and printed on its own. Timings print "met" or
"MISSED" and never fail the run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SEASONS = 10
PER_SEASON = int(os.environ.get("BENCH_IDEAS", "200000")) // SEASONS
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
BUREAUS, DIVISIONS, TEAMS = 20, 5, 4


def _org_chart() -> None:
    """``BUREAUS`` bureaus of ``DIVISIONS`` divisions of ``TEAMS`` teams."""
    from departments.models import Bureau, Division, Team

    bureaus = Bureau.objects.bulk_create(
        Bureau(name=f"벤치{b:02d}국", display_order=b) for b in range(BUREAUS)
    )
    divisions = Division.objects.bulk_create(
        Division(bureau=b, name=f"{b.name} {d}과", display_order=d)
        for b in bureaus
        for d in range(DIVISIONS)
    )
    Team.objects.bulk_create(
        Team(division=d, name=f"{d.name} {t}팀", display_order=t)
        for d in divisions
        for t in range(TEAMS)
    )


def _seasons_with_a_round(now) -> tuple[list, list]:
    """``SEASONS`` yearly seasons, each with one round; only the latest still in review."""
    from django.utils import timezone

    from ideas.models import Season
    from reviews.models import ReviewRound

    seasons = []
    for n in range(SEASONS):
        opens = now - timezone.timedelta(days=365 * (SEASONS - n))
        seasons.append(
            Season.objects.create(
                name=f"벤치 시즌{n + 1}",
                code=f"BD{n + 1}",
                kind=Season.Kind.BENCHMARKING,
                status=Season.Status.CLOSED if n < SEASONS - 1 else Season.Status.REVIEW,
                submission_opens_at=opens,
                submission_closes_at=opens + timezone.timedelta(days=30),
            )
        )
    rounds = []
    for s in seasons:
        latest = s is seasons[-1]
        rounds.append(
            ReviewRound.objects.create(
                season=s,
                name="1차 심사",
                order=1,
                status=ReviewRound.Status.OPEN if latest else ReviewRound.Status.CLOSED,
                decisions_published_at=None if latest else now,
            )
        )
    return seasons, rounds


def build() -> None:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from departments.models import Role, Team, User

    print("building the data set …", flush=True)
    started = time.perf_counter()
    _org_chart()
    planner = User.objects.create_user("bench-planner", "x", full_name="기획")
    planner.groups.add(Group.objects.get_or_create(name=Role.PLANNING_OFFICE)[0])
    now = timezone.now()
    seasons, rounds = _seasons_with_a_round(now)
    team_ids = list(Team.objects.values_list("pk", flat=True))
    with connection.cursor() as c:
        c.execute("CREATE TEMP TABLE bench_teams (n int, team_id int)")
        c.executemany("INSERT INTO bench_teams VALUES (%s, %s)", list(enumerate(team_ids)))
        for s in seasons:
            c.execute(
                """
                INSERT INTO ideas_idea (season_id, team_id, division_id, bureau_id, team_name,
                  division_name, bureau_name, sequence, reference_number, status, title, summary,
                  problem, proposal, expected_effect, source_type, source_institution,
                  source_location, lessons_learned, implementation_path, action, created_by_id,
                  submitted_by_id, submitted_at, is_representative, version, created_at,
                  updated_at)
                SELECT %(season)s, t.id, d.id, d.bureau_id, t.name, d.name, b.name, g,
                  CASE WHEN g %% 10 = 0 THEN NULL ELSE %(code)s || '-' || g END,
                  CASE WHEN g %% 10 = 0 THEN 'draft' WHEN g %% 100 = 1 THEN 'returned'
                       ELSE 'submitted' END,
                  '아이디어 ' || g, '요약 ' || g, '문제', '제안', '효과', 'local_government',
                  '경상남도', '창원', '',
                  (ARRAY['immediate','budget','ordinance',''])[1 + g %% 4], '',
                  %(user)s, %(user)s, now(), false, 1, now(), now()
                FROM generate_series(1, %(n)s) g
                JOIN bench_teams bt ON bt.n = g %% %(teams)s
                JOIN departments_team t ON t.id = bt.team_id
                JOIN departments_division d ON d.id = t.division_id
                JOIN departments_bureau b ON b.id = d.bureau_id
                """,
                {
                    "season": s.pk,
                    "code": s.code,
                    "user": planner.pk,
                    "n": PER_SEASON,
                    "teams": len(team_ids),
                },
            )
            c.execute(
                """
                INSERT INTO ideas_exemption (season_id, team_id, team_name, bureau_id, reason,
                  reason_text, status, filed_by_id, filed_at, decided_at, decision_note)
                SELECT %s, t.id, t.name, d.bureau_id, 'new_unit', '',
                  CASE WHEN bt.n %% 40 = 0 THEN 'pending' ELSE 'approved' END, %s, now(),
                  CASE WHEN bt.n %% 40 = 0 THEN NULL ELSE now() END, ''
                FROM bench_teams bt JOIN departments_team t ON t.id = bt.team_id
                JOIN departments_division d ON d.id = t.division_id
                WHERE bt.n %% 20 = 0
                """,
                [s.pk, planner.pk],
            )
        for r in rounds[:-1]:
            c.execute(
                """
                INSERT INTO reviews_decision (round_id, idea_id, outcome, implementation_path,
                  conditions, reason, change_reason, is_current, decided_by_id, decided_at)
                SELECT %s, i.id,
                  CASE WHEN i.sequence %% 10 = 3 THEN 'adopt' ELSE 'not_adopted' END,
                  CASE WHEN i.sequence %% 10 = 3 THEN 'immediate' ELSE '' END,
                  '', '심사 결과', '', true, %s, now()
                FROM ideas_idea i WHERE i.season_id = %s AND i.status = 'submitted'
                """,
                [r.pk, planner.pk, r.season_id],
            )
        reviewers = User.objects.bulk_create(
            User(username=f"bench-reviewer{n}", full_name=f"심사{n}") for n in range(30)
        )
        latest = rounds[-1]
        for k in range(3):
            c.execute(
                """
                INSERT INTO reviews_assignment (round_id, idea_id, reviewer_id, method,
                  assigned_by_id, assigned_at)
                SELECT %s, i.id, (%s::int[])[1 + (i.sequence + %s) %% 30], 'automatic', %s, now()
                FROM ideas_idea i WHERE i.season_id = %s AND i.status = 'submitted'
                """,
                [latest.pk, [u.pk for u in reviewers], k * 7, planner.pk, latest.season_id],
            )
        c.execute(
            """
            INSERT INTO reviews_evaluation (assignment_id, round_id, idea_id, reviewer_id, status,
              comment, total, submitted_at, updated_at)
            SELECT a.id, a.round_id, a.idea_id, a.reviewer_id, 'submitted', '',
              CASE WHEN i.sequence %% 7 = 0 AND a.reviewer_id = (
                     SELECT MIN(a2.reviewer_id) FROM reviews_assignment a2
                     WHERE a2.round_id = a.round_id AND a2.idea_id = a.idea_id)
                   THEN 95 ELSE 40 + i.sequence %% 20 END,
              now(), now()
            FROM reviews_assignment a JOIN ideas_idea i ON i.id = a.idea_id
            WHERE a.round_id = %s AND (a.id %% 3) <> 0
            """,
            [latest.pk],
        )
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)


FUNNEL_SQL = """
SELECT COUNT(*) FILTER (WHERE i.status = 'draft'),
       COUNT(*) FILTER (WHERE i.status = 'submitted'),
       COUNT(*) FILTER (WHERE i.status = 'submitted' AND EXISTS (
           SELECT 1 FROM reviews_evaluation e WHERE e.idea_id = i.id AND e.status = 'submitted')),
       COUNT(*) FILTER (WHERE i.status = 'submitted' AND d.outcome IN ('adopt', 'adopt_with_conditions'))
FROM ideas_idea i
LEFT JOIN LATERAL (
    SELECT d.outcome FROM reviews_decision d JOIN reviews_reviewround r ON r.id = d.round_id
    WHERE d.idea_id = i.id AND d.is_current ORDER BY r."order" DESC, d.decided_at DESC LIMIT 1
) d ON true
WHERE i.season_id = %(season)s {scope}
"""

PARTICIPATION_SQL = """
WITH c AS (
    SELECT team_id, COUNT(*) FILTER (WHERE status = 'submitted') AS sub,
           COUNT(*) FILTER (WHERE is_representative) AS rep
    FROM ideas_idea WHERE season_id = %(season)s GROUP BY team_id
), ex AS (
    SELECT DISTINCT ON (team_id) team_id, status FROM ideas_exemption
    WHERE season_id = %(season)s AND status <> 'rejected'
), t AS (
    SELECT t.id, d.bureau_id, COALESCE(c.sub, 0) AS sub, COALESCE(c.rep, 0) AS rep,
           ex.status AS exs
    FROM departments_team t JOIN departments_division d ON d.id = t.division_id
    LEFT JOIN c ON c.team_id = t.id LEFT JOIN ex ON ex.team_id = t.id
    WHERE (t.is_active OR c.team_id IS NOT NULL OR ex.team_id IS NOT NULL) {scope}
)
SELECT {group_key}, COUNT(*),
       COUNT(*) FILTER (WHERE sub >= %(min)s),
       COUNT(*) FILTER (WHERE sub < %(min)s AND exs = 'approved'),
       COUNT(*) FILTER (WHERE sub < %(min)s AND exs = 'pending'),
       COUNT(*) FILTER (WHERE sub < %(min)s AND exs IS DISTINCT FROM 'approved'
                        AND exs IS DISTINCT FROM 'pending'),
       SUM(sub), SUM(rep)
FROM t GROUP BY {group_key} ORDER BY {group_key}
"""

REVIEW_SQL = """
SELECT r.id,
       (SELECT COUNT(DISTINCT a.idea_id) FROM reviews_assignment a JOIN ideas_idea i ON i.id = a.idea_id
        WHERE a.round_id = r.id {scope}),
       (SELECT COUNT(*) FROM reviews_assignment a JOIN ideas_idea i ON i.id = a.idea_id
        WHERE a.round_id = r.id {scope}),
       (SELECT COUNT(*) FROM reviews_evaluation e JOIN ideas_idea i ON i.id = e.idea_id
        WHERE e.round_id = r.id AND e.status = 'submitted' {scope}),
       (SELECT COUNT(*) FROM (
            SELECT e.idea_id FROM reviews_evaluation e JOIN ideas_idea i ON i.id = e.idea_id
            WHERE e.round_id = r.id AND e.status = 'submitted' {scope}
            GROUP BY e.idea_id HAVING STDDEV_POP(e.total) > r.disagreement_threshold) x)
FROM reviews_reviewround r WHERE r.season_id = %(season)s AND r.status = 'open' ORDER BY r."order"
"""

TRENDS_SQL = """
SELECT i.season_id, COUNT(*),
       COUNT(*) FILTER (WHERE d.outcome IN ('adopt', 'adopt_with_conditions')),
       COUNT(*) FILTER (WHERE i.implementation_path = 'immediate'),
       COUNT(*) FILTER (WHERE i.implementation_path = 'budget'),
       COUNT(*) FILTER (WHERE i.implementation_path = 'ordinance')
FROM ideas_idea i
LEFT JOIN LATERAL (
    SELECT d.outcome FROM reviews_decision d JOIN reviews_reviewround r ON r.id = d.round_id
    WHERE d.idea_id = i.id AND d.is_current ORDER BY r."order" DESC, d.decided_at DESC LIMIT 1
) d ON true
WHERE i.status = 'submitted' GROUP BY i.season_id
"""


def hand_written(scope) -> dict:
    params = {"season": scope.season.pk, "min": scope.season.min_ideas_per_team}
    if scope.team is not None:
        idea_scope, team_scope, key = "AND i.team_id = %(team)s", "AND t.id = %(team)s", "t.id"
        params["team"] = scope.team.pk
    elif scope.bureau is not None:
        idea_scope, team_scope, key = (
            "AND i.bureau_id = %(bureau)s",
            "AND d.bureau_id = %(bureau)s",
            "t.id",
        )
        params["bureau"] = scope.bureau.pk
    else:
        idea_scope, team_scope, key = "", "", "bureau_id"
    with connection.cursor() as c:
        c.execute(FUNNEL_SQL.format(scope=idea_scope), params)
        funnel = c.fetchone()
        c.execute(PARTICIPATION_SQL.format(scope=team_scope, group_key=key), params)
        participation = c.fetchall()
        c.execute(REVIEW_SQL.format(scope=idea_scope), params)
        review = c.fetchall()
    return {"funnel": funnel, "participation": participation, "review": review}


def best(fn, runs=RUNS):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def bench_dashboards() -> None:
    from departments.models import Team, User
    from ideas.models import Season
    from insight import dashboards
    from insight.selectors import Scope

    planner = User.objects.get(username="bench-planner")
    season = Season.objects.order_by("-submission_opens_at").first()
    # The third team: the first two have only drafts or sent-back ideas in this data set.
    team = Team.objects.order_by("pk")[2]
    scopes = {
        "government": Scope(season),
        "bureau": Scope(season, bureau=team.division.bureau),
        "team": Scope(season, bureau=team.division.bureau, team=team),
    }
    print(
        f"\n{'dashboard':<12} {'queries':>7} {'ours (s)':>9} {'SQL (s)':>9} {'ratio':>6}  targets"
    )
    for name, scope in scopes.items():
        with CaptureQueriesContext(connection) as queries:
            board = dashboards.build(scope=scope, user=planner)
        count = len(queries)
        ours, board = best(lambda scope=scope: dashboards.build(scope=scope, user=planner))
        sql, rows = best(lambda scope=scope: hand_written(scope))
        ratio = ours / sql
        f = board.funnel
        agree = (
            (f.drafts, f.submitted, f.reviewed, f.adopted) == tuple(rows["funnel"])
            and [
                (r.teams, r.submitted, r.exempt, r.pending, r.missing, r.ideas, r.representatives)
                for r in board.participation
            ]
            == [tuple(int(v) for v in r[1:]) for r in rows["participation"]]
            and [(r.ideas, r.assigned, r.submitted, r.disagreements) for r in board.rounds]
            == [tuple(r[1:]) for r in rows["review"]]
        )
        print(
            f"{name:<12} {count:>7} {ours:>9.3f} {sql:>9.3f} {ratio:>6.2f}  "
            f"queries ≤ 10 {verdict(count <= 10)}, ≤ 2× {verdict(ratio <= 2)}, "
            f"numbers agree: {agree}"
        )
        print(
            f"{'':<12} funnel {f.drafts}/{f.submitted}/{f.reviewed}/{f.adopted}, "
            f"{len(board.participation)} participation rows, "
            f"rounds {[(r.assigned, r.submitted, r.disagreements) for r in board.rounds]}"
        )


def bench_trends() -> None:
    from insight import selectors

    with CaptureQueriesContext(connection) as queries:
        selectors.season_trends(published_only=False)
    ours, trends = best(lambda: selectors.season_trends(published_only=False))

    def raw():
        with connection.cursor() as c:
            c.execute(TRENDS_SQL)
            return c.fetchall()

    sql, rows = best(raw)
    by_season = {r[0]: r[1:] for r in rows}
    agree = all(
        (t.submitted, t.adopted, t.immediate, t.budget, t.ordinance) == by_season[t.season_id]
        for t in trends
    )
    print(
        f"{'trends':<12} {len(queries):>7} {ours:>9.3f} {sql:>9.3f} {ours / sql:>6.2f}  "
        f"≤ 2× {verdict(ours / sql <= 2)}, {len(trends)} seasons, numbers agree: {agree}"
    )


def bench_book() -> None:
    import datetime as dt

    from briefings.models import AgendaItem, BriefingSession
    from departments.models import Bureau
    from ideas.models import Idea, Season
    from insight import book

    season = Season.objects.order_by("-submission_opens_at").first()
    bureau = Bureau.objects.order_by("display_order").first()
    session = BriefingSession.objects.filter(season=season, title="벤치 보고회").first()
    if session is None:
        session = BriefingSession.objects.create(
            season=season,
            title="벤치 보고회",
            date=dt.date(2026, 9, 7),
            start_time=dt.time(10),
            end_time=dt.time(13, 20),
            place="도청 종합상황실",
        )
        session.bureaus.set([bureau])
        ideas = Idea.objects.filter(season=season, bureau=bureau, status="submitted")[:20]
        start = dt.datetime(2026, 9, 7, 10)  # noqa: DTZ001  (a wall-clock time of day)
        AgendaItem.objects.bulk_create(
            AgendaItem(
                session=session,
                idea=idea,
                order=n + 1,
                start_time=(start + dt.timedelta(minutes=10 * n)).time(),
                end_time=(start + dt.timedelta(minutes=10 * (n + 1))).time(),
            )
            for n, idea in enumerate(ideas)
        )
    # Once per worker process, whatever it does first: the similarity app's in-process
    # index of the library, the PDF and HWPX libraries' imports, the fonts' TrueType copies.
    started = time.perf_counter()
    from similarity.index import library_index

    index = library_index()
    index_time = time.perf_counter() - started
    started = time.perf_counter()
    import hwpx  # noqa: F401
    import weasyprint  # noqa: F401

    book._font_url("PretendardGOV-Regular.subset.woff2")
    book._font_url("PretendardGOV-Bold.subset.woff2")
    warm_time = time.perf_counter() - started
    print(
        f"\nonce per worker process: similarity index of {len(index.base.ids):,} ideas "
        f"{index_time:.2f} s; PDF/HWPX libraries and fonts {warm_time:.2f} s"
    )
    for run in range(1, RUNS + 1):
        content_time, content = best(lambda: book.book_content(session), runs=1)
        pdf_time, (pdf, pages) = best(lambda c=content: book.render_pdf(c), runs=1)
        hwpx_time, hwpx_bytes = best(lambda c=content: book.render_hwpx(c), runs=1)
        print(
            f"briefing book #{run}, {len(content.pages)} ideas: content {content_time:.2f} s; "
            f"PDF {content_time + pdf_time:.2f} s ({pages} pages, {len(pdf) // 1024} KB) "
            f"< 10 s {verdict(content_time + pdf_time < 10)}; "
            f"HWPX {content_time + hwpx_time:.2f} s ({len(hwpx_bytes) // 1024} KB) "
            f"< 5 s {verdict(content_time + hwpx_time < 5)}"
        )


def _stored_terms() -> None:
    """Every library idea's stored terms, as the services keep them (submit, edit, backfill):
    here the title's, summary's and body's words, since INSERT … SELECT skipped the services.
    No sentence vectors (the encoder would take hours over 200,000 ideas)."""
    with connection.cursor() as c:
        c.execute(
            """
            INSERT INTO similarity_ideaterms (idea_id, title_terms, summary_terms, body_terms,
              encoder, updated_at)
            SELECT i.id, ' ' || i.title || ' ', ' ' || i.summary || ' ',
              ' ' || i.problem || ' ' || i.proposal || ' ', '', now()
            FROM ideas_idea i
            WHERE i.reference_number IS NOT NULL AND i.status <> 'draft'
              AND NOT EXISTS (SELECT 1 FROM similarity_ideaterms t WHERE t.idea_id = i.id)
            """
        )
        if c.rowcount:
            print(f"stored terms for {c.rowcount:,} ideas", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_dashboard needs PostgreSQL (set DATABASE_URL).")
    call_command("migrate", verbosity=0)
    from ideas.models import Idea

    if args.rebuild:
        call_command("flush", interactive=False, verbosity=0)
    from core.db import long_statements

    # The data set's own statements run past the web requests' statement timeout; what is
    # measured keeps it.
    with long_statements():
        if not Idea.objects.exists():
            build()
        _stored_terms()
        with connection.cursor() as c:
            c.execute("ANALYZE")
    print(f"{Idea.objects.count():,} ideas in {SEASONS} seasons")
    bench_dashboards()
    bench_trends()
    bench_book()


if __name__ == "__main__":
    main()
