"""The season workbook of 200,000 ideas with their evaluations, against two baselines.

    createdb -h 127.0.0.1 -U postgres bench_season_workbook
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_season_workbook \\
      .venv/bin/python benchmarks/bench_season_workbook.py

(``make bench BENCH=benchmarks/bench_season_workbook.py`` does the same on a database of its
own, and installs pandas, the ``bench`` extra, first.)

PostgreSQL only. The first run migrates the database and builds the data set, later runs
reuse it (``--rebuild`` empties it first): the demo organisation at scale 227 (16 copies of
the 19 bureaus, 4,000+ teams, 46,000 staff: ``departments.demo``, as ``load_demo --scale
227`` makes it) and one season, B1, of 200,000 submitted ideas, each scored by three of 144
reviewers on the five default criteria in a closed round whose decisions are published
(600,000 evaluations, 3,000,000 scores), with 2,000 decisions, 1,000 of the governor's
directives and 300 exemptions, written with INSERT … SELECT. ``load_demo --scale`` scores
268 ideas per unit of scale in its largest season: 200,000 in one season would take scale
747 (660,000 ideas, two million evaluations), too much for a shared two-core machine.

Each variant runs in a process of its own, so that its peak memory (``ru_maxrss``) is its
own; the variants alternate, best of ``BENCH_RUNS`` (default 2) for the first two:

- export: ``exports.workbooks.build_workbook`` for the whole season as the planning office
  (reads the database in chunks, writes every sheet, formats, charts; the real code path);
- limit: openpyxl write-only writing the same rows (read back from the export's own file)
  from plain tuples already in memory, no styles, no database;
- pandas: ``pandas.DataFrame(rows).to_excel`` of the same rows, one sheet each, through
  pandas' own Excel writer (what a user would otherwise do; reading excluded here too).

Rows are the rows of every sheet, the same count for the three. Targets: the export within
1.3× of the limit, faster than pandas, peak memory under 300 MB. Timings print "met" or
"MISSED" and never fail the run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")

IDEAS = int(os.environ.get("BENCH_IDEAS", "200000"))
RUNS = int(os.environ.get("BENCH_RUNS", "2"))
SCALE = 227  # the organisation of the other 200,000-idea benchmarks
REVIEWERS = 144  # 9 per copy of the organisation, as the review demo has it
PER_IDEA = 3
CODE = "B1"
TARGET_RATIO, TARGET_MB = 1.3, 300
SEARCH_INDEXES = ["idea_compact_title_trgm_idx", "idea_text_ngrams_idx"]
WORK = Path(tempfile.gettempdir()) / "bench_season_workbook"

TITLES = [
    "기업유치 관리시스템 구축",
    "1기업 1공무원 매뉴얼 제작",
    "골목상권 활성화 지원사업",
    "전시실 운영 개선",
    "원스톱 통합 복지전달체계 도입",
    "게시판 행정으로 회의자료 공유",
    "민원 상담 데이터 분석 플랫폼",
    "수요응답형 버스 시범 운행",
    "산불 감시 드론 운영",
    "농촌 일손 중개 플랫폼 구축",
    "공공배달앱 연계 소상공인 지원",
    "외국인 관광객 맞춤 안내 서비스",
    "찾아가는 복지 상담 확대",
    "규제자유특구 기업 애로 전담 창구",
    "산업단지 통근버스 공동 운영",
    "탄소섬유 협력사 기술 지원",
    "챗봇 민원 상담 도입",
    "전자 결재 절차 간소화",
    "빈집 정비 원스톱 지원",
    "청년 창업 공간 공동 활용",
]
COMMENTS = [
    "현장 수요가 분명하고 바로 적용할 수 있습니다.",
    "예산 대비 효과를 더 구체적으로 보여 주면 좋겠습니다.",
    "다른 실·국과 시·군으로 넓혀 쓸 수 있는 좋은 제안입니다.",
    "",
    "유사 사례가 이미 추진 중이어서 차별점이 필요합니다.",
]


def setup_django():
    import django

    django.setup()


# The data set ---------------------------------------------------------------------------


def _sql_array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def ensure_data(*, rebuild: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from ideas.models import Idea, Season

    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL=postgres://… (see the module docstring).")
    call_command("migrate", verbosity=0)
    if rebuild:
        print("Emptying the database (--rebuild) …", flush=True)
        call_command("flush", interactive=False, verbosity=0)
    season = Season.objects.filter(code=CODE).first()
    if season is not None and Idea.objects.filter(season=season).count() >= IDEAS:
        print(f"Reusing season {CODE} in {connection.settings_dict['NAME']}.")
        return
    if Idea.objects.exists():
        sys.exit(
            f"{connection.settings_dict['NAME']} holds other ideas; "
            "use an empty database or --rebuild."
        )
    started = time.perf_counter()
    _build(connection)
    print(f"Built in {time.perf_counter() - started:.0f} s.", flush=True)


def _build(connection) -> None:
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from departments import demo as departments_demo
    from departments.models import Bureau, Role, User
    from ideas.models import Season
    from reviews.models import DEFAULT_CRITERIA, Criterion, ReviewRound

    if not Bureau.objects.exists():
        print(f"Building the demo organisation at scale {SCALE} …", flush=True)
        departments_demo.build(scale=SCALE, seed=2023)
    planner = User.objects.get(username="planner")
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        season = Season.objects.create(
            code=CODE,
            name="도정혁신 벤치마킹 대규모 시즌(벤치마크)",
            kind=Season.Kind.BENCHMARKING,
            status=Season.Status.REVIEW,
            submission_opens_at=dt.datetime(2025, 3, 3, tzinfo=dt.UTC),
            submission_closes_at=dt.datetime(2025, 4, 30, 9, tzinfo=dt.UTC),
            exemptions_allowed=True,
            created_by=planner,
        )
        review_round = ReviewRound.objects.create(
            season=season,
            name="1차 서면 심사",
            order=1,
            status=ReviewRound.Status.CLOSED,
            opened_at=now,
            closed_at=now,
            decisions_published_at=now,
        )
        for order, (name, description, weight, top) in enumerate(DEFAULT_CRITERIA):
            Criterion.objects.create(
                round=review_round,
                name=str(name),
                description=str(description),
                weight=weight,
                max_score=top,
                order=order,
            )
        print(f"Writing {IDEAS:,} ideas …", flush=True)
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_teams ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY t.id) AS rn, t.id AS team_id, t.name AS team_name,
                   d.id AS division_id, d.name AS division_name, b.id AS bureau_id,
                   b.name AS bureau_name,
                   (SELECT min(u.id) FROM departments_user u WHERE u.team_id = t.id) AS leader_id
            FROM departments_team t
            JOIN departments_division d ON d.id = t.division_id
            JOIN departments_bureau b ON b.id = d.bureau_id
            WHERE t.is_active AND EXISTS (SELECT 1 FROM departments_user u WHERE u.team_id = t.id)
            """
        )
        cursor.execute(
            f"""
            INSERT INTO ideas_idea (
                season_id, team_id, division_id, bureau_id, team_name, division_name,
                bureau_name, sequence, reference_number, status, title, summary, problem,
                proposal, expected_effect, source_type, source_institution, source_location,
                lessons_learned, implementation_path, budget_estimate_krw, action,
                is_representative, version, created_by_id, submitted_by_id, submitted_at,
                created_at, updated_at)
            SELECT %(season)s, t.team_id, t.division_id, t.bureau_id, t.team_name,
                   t.division_name, t.bureau_name, g, %(code)s || '-' || lpad(g::text, 6, '0'),
                   'submitted', ({_sql_array(TITLES)})[1 + g %% {len(TITLES)}] || ' ' || g,
                   '유치 기업 정보를 한곳에서 관리합니다.', '정보가 부서마다 흩어져 있습니다.',
                   '통합 관리시스템을 구축합니다.', '상담 기간 단축', 'local_government',
                   '경상남도', '창원', '기업 전담 공무원 제도',
                   (ARRAY['immediate', 'budget', 'ordinance'])[1 + g %% 3],
                   CASE WHEN g %% 3 = 1 THEN (1 + g %% 50) * 10000000 END, '', false, 1,
                   t.leader_id, t.leader_id,
                   %(opens)s + (g * interval '20 seconds'), %(now)s, %(now)s
            FROM generate_series(1, %(ideas)s) AS g
            JOIN bench_teams t ON t.rn = 1 + g %% (SELECT count(*) FROM bench_teams)
            """,
            {
                "season": season.pk,
                "code": CODE,
                "opens": season.submission_opens_at,
                "now": now,
                "ideas": IDEAS,
            },
        )
        print(f"Adding {REVIEWERS} reviewers and {PER_IDEA * IDEAS:,} evaluations …", flush=True)
        reviewer_ids = list(
            User.objects.filter(position="team_member")
            .exclude(username__in=["member", "planner"])
            .order_by("bureau_id", "pk")
            .values_list("pk", flat=True)[: REVIEWERS * 20 : 20]
        )
        Group.objects.get(name=Role.REVIEWER.value).user_set.add(*reviewer_ids)
        cursor.execute("CREATE TEMP TABLE bench_reviewers (rn int, id bigint) ON COMMIT DROP")
        cursor.executemany(
            "INSERT INTO bench_reviewers VALUES (%s, %s)",
            [(n, pk) for n, pk in enumerate(reviewer_ids)],
        )
        spread = len(reviewer_ids) // PER_IDEA
        cursor.execute(
            """
            INSERT INTO reviews_assignment (round_id, idea_id, reviewer_id, method,
                                            assigned_by_id, assigned_at)
            SELECT %(round)s, i.id, r.id, 'automatic', %(planner)s, %(now)s
            FROM ideas_idea i CROSS JOIN generate_series(0, %(per)s - 1) AS k
            JOIN bench_reviewers r ON r.rn = (i.sequence * 7 + k * %(spread)s) %% %(pool)s
            WHERE i.season_id = %(season)s
            """,
            {
                "round": review_round.pk,
                "planner": planner.pk,
                "now": now,
                "per": PER_IDEA,
                "spread": spread,
                "pool": len(reviewer_ids),
                "season": season.pk,
            },
        )
        cursor.execute(
            f"""
            INSERT INTO reviews_evaluation (assignment_id, round_id, idea_id, reviewer_id,
                                            status, comment, submitted_at, updated_at)
            SELECT a.id, a.round_id, a.idea_id, a.reviewer_id, 'draft',
                   ({_sql_array(COMMENTS)})[1 + a.id %% {len(COMMENTS)}], %(now)s, %(now)s
            FROM reviews_assignment a WHERE a.round_id = %(round)s
            """,
            {"round": review_round.pk, "now": now},
        )
        # Drafts until their totals are in (a submitted evaluation has one). Scores 0–10:
        # the idea's quality, the reviewer's bias and some noise.
        cursor.execute(
            """
            INSERT INTO reviews_score (evaluation_id, criterion_id, value)
            SELECT e.id, c.id,
                   LEAST(10, GREATEST(0, (e.idea_id * 7 %% 6) + (e.reviewer_id %% 4)
                                         + ((e.id * 13 + c.id * 7) %% 3)))
            FROM reviews_evaluation e JOIN reviews_criterion c ON c.round_id = e.round_id
            WHERE e.round_id = %(round)s
            """,
            {"round": review_round.pk},
        )
        cursor.execute(
            """
            UPDATE reviews_evaluation e SET total = w.total, status = 'submitted'
            FROM (
                SELECT s.evaluation_id,
                       ROUND(SUM(c.weight * s.value / c.max_score) / SUM(c.weight) * 100, 2)
                           AS total
                FROM reviews_score s JOIN reviews_criterion c ON c.id = s.criterion_id
                WHERE c.round_id = %(round)s
                GROUP BY s.evaluation_id
            ) w
            WHERE w.evaluation_id = e.id
            """,
            {"round": review_round.pk},
        )
        print("Decisions, directives and exemptions …", flush=True)
        cursor.execute(
            """
            INSERT INTO reviews_decision (round_id, idea_id, outcome, implementation_path,
                                          conditions, reason, change_reason, is_current,
                                          decided_by_id, decided_at)
            SELECT %(round)s, i.id,
                   CASE WHEN i.sequence %% 200 = 0 THEN 'adopt' ELSE 'not_adopted' END,
                   i.implementation_path, '', '심사 결과에 따라 결정', '', true,
                   %(planner)s, %(now)s
            FROM ideas_idea i WHERE i.season_id = %(season)s AND i.sequence %% 100 = 0
            """,
            {"round": review_round.pk, "planner": planner.pk, "now": now, "season": season.pk},
        )
        cursor.execute(
            """
            INSERT INTO reviews_directive (idea_id, text, responsible_bureau_id,
                                           responsible_division_id, due_date,
                                           recorded_by_id, recorded_at)
            SELECT i.id, '분기마다 추진 상황을 보고하고 시·군 확산 방안을 마련할 것',
                   i.bureau_id, i.division_id, DATE '2026-06-30' + (i.sequence %% 90),
                   %(planner)s, %(now)s
            FROM ideas_idea i WHERE i.season_id = %(season)s AND i.sequence %% 200 = 0
            """,
            {"planner": planner.pk, "now": now, "season": season.pk},
        )
        cursor.execute(
            """
            INSERT INTO ideas_exemption (season_id, team_id, team_name, bureau_id, reason,
                                         reason_text, status, filed_by_id, filed_at,
                                         decided_by_id, decided_at, decision_note)
            SELECT %(season)s, t.team_id, t.team_name, t.bureau_id,
                   (ARRAY['statutory_duties', 'new_unit', 'other'])[1 + t.rn %% 3],
                   '국정감사·도의회 행정사무감사 자료 준비 기간입니다.',
                   CASE WHEN t.rn %% 4 = 0 THEN 'pending' ELSE 'approved' END,
                   t.leader_id, %(now)s,
                   CASE WHEN t.rn %% 4 = 0 THEN NULL ELSE %(planner)s END,
                   CASE WHEN t.rn %% 4 = 0 THEN NULL ELSE %(now)s END, ''
            FROM bench_teams t WHERE t.rn %% 14 = 0 LIMIT 300
            """,
            {"season": season.pk, "planner": planner.pk, "now": now},
        )
    print("Rebuilding the search indexes and analysing …", flush=True)
    search_indexes = import_module("ideas.migrations.0002_korean_search_indexes")
    with connection.cursor() as cursor:
        for sql in search_indexes.FORWARD:  # IF NOT EXISTS throughout
            cursor.execute(sql)
        cursor.execute("VACUUM ANALYZE")


# The variants, each in a process of its own ----------------------------------------------


def peak_mb() -> float:
    """The process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def rss_mb() -> float:
    """The process's resident memory now (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def variant_export(path: Path) -> dict:
    from departments.models import User
    from exports import selectors
    from exports.permissions import ExportScope
    from exports.workbooks import build_workbook
    from ideas.models import Season

    scope = ExportScope(season=Season.objects.get(code=CODE))
    planner = User.objects.get(username="planner")
    planner.role_names  # noqa: B018  (read the roles before the clock starts)
    before = rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    # As the Celery task builds it (exports.services.export_build): count, then write.
    plan = selectors.plan_for(scope=scope, user=planner)
    read_ahead = selectors.reads_ahead(selectors.row_count(plan))
    result = build_workbook(
        scope=scope, user=planner, out=str(path), plan=plan, read_ahead=read_ahead
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "startup_mb": before,
        "rows": result.rows,
        "read_ahead": read_ahead,
    }


def variant_capture(path: Path, rows_file: Path) -> dict:
    """Read the export's own file back (openpyxl read-only): the rows the baselines write."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    sheets = {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in workbook}
    with rows_file.open("wb") as out:
        pickle.dump(sheets, out, protocol=pickle.HIGHEST_PROTOCOL)
    return {"rows": sum(len(rows) for rows in sheets.values()), "sheets": list(sheets)}


def variant_limit(rows_file: Path, out: Path) -> dict:
    from openpyxl import Workbook

    with rows_file.open("rb") as handle:
        sheets = pickle.load(handle)  # noqa: S301 (our own file, written a moment ago)
    before = rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    workbook.save(out)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "startup_mb": before,
    }


def variant_pandas(rows_file: Path, out: Path) -> dict:
    import pandas as pd

    with rows_file.open("rb") as handle:
        sheets = pickle.load(handle)  # noqa: S301 (our own file, written a moment ago)
    before = rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    with pd.ExcelWriter(out) as writer:
        for title, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=title, header=False, index=False)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "startup_mb": before,
        "engine": writer.engine,
        "pandas": pd.__version__,
    }


def child(args) -> None:
    if args.variant == "export":
        setup_django()  # the baselines use no Django at all
    WORK.mkdir(exist_ok=True)
    xlsx, rows_file = WORK / "export.xlsx", WORK / "rows.pickle"
    if args.variant == "export":
        result = variant_export(xlsx)
        result["size"] = xlsx.stat().st_size
    elif args.variant == "capture":
        result = variant_capture(xlsx, rows_file)
    elif args.variant == "limit":
        result = variant_limit(rows_file, WORK / "limit.xlsx")
    else:
        result = variant_pandas(rows_file, WORK / "pandas.xlsx")
    print("RESULT " + json.dumps(result), flush=True)


def run_child(variant: str) -> dict:
    completed = subprocess.run(  # noqa: S603 (this script, a fixed argument)
        [sys.executable, __file__, "--variant", variant],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        sys.exit(f"variant {variant} failed")
    line = next(x for x in completed.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="empty the database and build")
    parser.add_argument("--variant", choices=["export", "capture", "limit", "pandas"])
    args = parser.parse_args()
    if args.variant:
        child(args)
        return
    try:
        import pandas  # noqa: F401
    except ImportError:
        sys.exit("pandas is missing: .venv/bin/pip install -e '.[bench]' (or make bench)")
    setup_django()
    ensure_data(rebuild=args.rebuild)
    from django.db import connection

    from ideas.models import Idea, Season
    from reviews.models import Evaluation

    season = Season.objects.get(code=CODE)
    ideas = Idea.objects.filter(season=season).count()
    evaluations = Evaluation.objects.filter(round__season=season).count()
    connection.close()
    print(
        f"\nSeason {CODE}: {ideas:,} ideas, {evaluations:,} evaluations. "
        f"Best of {RUNS} for the export and the limit; each variant in its own process.",
        flush=True,
    )

    exports, limits = [], []
    captured = None
    for run in range(RUNS):
        exports.append(run_child("export"))
        if captured is None:
            captured = run_child("capture")
        limits.append(run_child("limit"))
        print(
            f"  run {run + 1}: export {exports[-1]['seconds']:.1f} s "
            f"(CPU {exports[-1]['cpu']:.1f} s), limit {limits[-1]['seconds']:.1f} s "
            f"(CPU {limits[-1]['cpu']:.1f} s)",
            flush=True,
        )
    pandas_result = run_child("pandas")
    rows = captured["rows"]
    export = min(exports, key=lambda r: r["seconds"])
    limit = min(limits, key=lambda r: r["seconds"])
    print(f"\nSheets: {', '.join(captured['sheets'])}; {rows:,} rows in all (same for each).")
    print(f"Export file: {export['size'] / 2**20:.1f} MB.\n")
    print(f"{'variant':<44} {'seconds':>8} {'CPU s':>7} {'rows/s':>9} {'peak MB':>8}")
    lines = [
        ("export: build_workbook (database → xlsx)", export),
        ("limit: openpyxl write-only, tuples in memory", limit),
        (
            f"pandas {pandas_result['pandas']}: DataFrame.to_excel ({pandas_result['engine']})",
            pandas_result,
        ),
    ]
    for label, result in lines:
        print(
            f"{label:<44} {result['seconds']:>8.1f} {result['cpu']:>7.1f} "
            f"{rows / result['seconds']:>9,.0f} {result['peak_mb']:>8.0f}"
        )
    ratio = export["seconds"] / limit["seconds"]
    cpu_ratio = export["cpu"] / limit["cpu"]
    faster = pandas_result["seconds"] / export["seconds"]
    checks = [
        (
            f"export / limit = {ratio:.2f}x wall time, {cpu_ratio:.2f}x CPU time of the "
            f"process (target ≤ {TARGET_RATIO}x)",
            ratio <= TARGET_RATIO,
        ),
        (f"pandas / export = {faster:.2f}x (target > 1x)", faster > 1),
        (
            f"export peak memory {export['peak_mb']:.0f} MB, {export['startup_mb']:.0f} MB "
            f"resident before the build (target < {TARGET_MB} MB)",
            export["peak_mb"] < TARGET_MB,
        ),
    ]
    print()
    for text, met in checks:
        print(f"  {text}: {'met' if met else 'MISSED'}")
    print(
        f"\nTargets {'met' if all(m for _, m in checks) else 'missed'} (timings never fail the run)."
    )


if __name__ == "__main__":
    main()
