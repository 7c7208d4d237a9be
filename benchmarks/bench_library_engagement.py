"""The idea library page with engagement counts (공감, 의견) against the same page without
them, at 200,000 ideas, 2,000,000 endorsements and 500,000 comments.

    createdb -h 127.0.0.1 -U postgres bench_library_engagement
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_library_engagement \\
      .venv/bin/python benchmarks/bench_library_engagement.py

PostgreSQL only. The first run migrates the database, loads the demo at scale 1 and
multiplies its submitted ideas with ``generate_series`` up to ``BENCH_IDEAS`` (default
200,000), then writes ``BENCH_IDEAS × 10`` endorsements and ``BENCH_IDEAS × 2.5`` comments
in single INSERT … SELECT statements; later runs reuse it (``--rebuild`` empties it first).
The Korean search indexes are dropped while the data is written (no search is measured).

Measured as a signed-in member of staff through the Django test client (the whole request:
middleware, session, filter form, paginator, template), warm-up then the median of
``BENCH_RUNS`` (default 15), side by side:

    GET /ideas/ (page 1, newest first) — the library as shipped, with both counts
    the same page with ``with_engagement`` switched off (the list as before this issue)
    GET /ideas/?page=2000 (deep page)  — both ways

and the number of queries of each, which must be the same with and without the counts.
Target: at most 1.2× the time without counts. Timing never fails the run; a different
number of queries does.
"""

from __future__ import annotations

import argparse
import os
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

from django.conf import settings  # noqa: E402

# The page's templates ask for static URLs; no collectstatic manifest is needed to time it.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

import ideas.views.oversight as library_view  # noqa: E402
from departments.models import User  # noqa: E402
from ideas.models import Idea  # noqa: E402
from participation.models import Comment, Endorsement  # noqa: E402

IDEAS = int(os.environ.get("BENCH_IDEAS", "200000"))
ENDORSEMENTS_PER_IDEA = 10
COMMENTS_PER_IDEA = 2.5
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
WARM_UP = 3
TARGET_RATIO = 1.2
SEARCH_INDEXES = ["idea_compact_title_trgm_idx", "idea_text_ngrams_idx"]


def _multiply_ideas(cursor, copies: int) -> None:
    """Copy every submitted idea ``copies`` times: new sequence and reference number, never
    a representative or a duplicate (their constraints hold one per division or idea)."""
    columns = [f.column for f in Idea._meta.concrete_fields if f.column != "id"]
    changed = {
        "sequence": "i.sequence + g * 10000",
        "reference_number": "i.reference_number || '-' || g",
        "is_representative": "false",
        "duplicate_of_id": "NULL",
    }
    select = ", ".join(changed.get(c, f"i.{c}") for c in columns)
    cursor.execute(
        f"INSERT INTO ideas_idea ({', '.join(columns)}) "  # noqa: S608  (our own column names)
        f"SELECT {select} FROM ideas_idea i CROSS JOIN generate_series(1, %s) g "
        "WHERE i.status = 'submitted' AND i.reference_number IS NOT NULL",
        [copies],
    )


def ensure_data(*, rebuild: bool = False) -> None:
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL=postgres://… (see the module docstring).")
    call_command("migrate", verbosity=0)
    if rebuild:
        call_command("flush", interactive=False, verbosity=0)
    if Idea.objects.count() >= IDEAS * 0.95 and Endorsement.objects.exists():
        print(
            f"Reusing {Idea.objects.count():,} ideas, {Endorsement.objects.count():,} "
            f"endorsements, {Comment.objects.count():,} comments."
        )
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    call_command("load_demo", verbosity=0)
    # The demo's own talk goes: the figures below are the benchmark's alone.
    Comment.objects.all().delete()
    Endorsement.objects.all().delete()
    submitted = Idea.objects.filter(status="submitted", reference_number__isnull=False).count()
    copies = max(0, -(-(IDEAS - Idea.objects.count()) // submitted))
    idea_type = ContentType.objects.get_for_model(Idea).pk
    author = User.objects.order_by("pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        _multiply_ideas(cursor, copies)
        print(
            f"Ideas: {Idea.objects.count():,} ({time.perf_counter() - started:.0f} s)", flush=True
        )
        # 10 different people per idea (the unique constraint holds: j < number of people).
        cursor.execute(
            "WITH u AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n "
            "FROM departments_user) "
            "INSERT INTO participation_endorsement (content_type_id, object_id, user_id, created_at) "
            "SELECT %s, i.id, u.ids[1 + ((i.id + j * 7) %% u.n)], now() "
            "FROM ideas_idea i CROSS JOIN u CROSS JOIN generate_series(0, %s) j "
            "WHERE i.status = 'submitted' LIMIT %s",
            [idea_type, ENDORSEMENTS_PER_IDEA - 1, IDEAS * ENDORSEMENTS_PER_IDEA],
        )
        print(f"Endorsements: {Endorsement.objects.count():,}", flush=True)
        cursor.execute(
            "INSERT INTO participation_comment "
            "(content_type_id, object_id, author_id, body, status, hidden_reason, created_at) "
            "SELECT %s, i.id, %s, '좋은 생각입니다', "
            "CASE WHEN j = 2 THEN 'hidden' ELSE 'visible' END, "
            "CASE WHEN j = 2 THEN '비방' ELSE '' END, now() "
            "FROM ideas_idea i CROSS JOIN generate_series(0, 2) j "
            "WHERE i.status = 'submitted' AND (j < 2 OR i.id %% 2 = 0) LIMIT %s",
            [idea_type, author, int(IDEAS * COMMENTS_PER_IDEA)],
        )
        print(f"Comments: {Comment.objects.count():,}", flush=True)
        cursor.execute("VACUUM ANALYZE")
    print(f"Built in {time.perf_counter() - started:.0f} s.", flush=True)


def timed(fn) -> list[float]:
    for _ in range(WARM_UP):
        fn()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def measure(client: Client, url: str, *, engagement: bool) -> tuple[float, int, bytes]:
    original = library_view.with_engagement
    if not engagement:
        library_view.with_engagement = lambda qs: qs  # the list as it was
    try:
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code
        executed = []
        with connection.execute_wrapper(lambda run, sql, *a: executed.append(sql) or run(sql, *a)):
            client.get(url, secure=True)
        median = statistics.median(timed(lambda: client.get(url, secure=True)))
        return median, len(executed), response.content
    finally:
        library_view.with_engagement = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ensure_data(rebuild=args.rebuild)
    client = Client()
    client.force_login(User.objects.get(username="member"))
    print(
        f"\n{Idea.objects.count():,} ideas, {Endorsement.objects.count():,} endorsements, "
        f"{Comment.objects.count():,} comments; median of {RUNS} runs\n"
    )
    print(f"{'page':<24}{'without counts':>18}{'with counts':>18}{'ratio':>8}{'queries':>12}")
    worst = 0.0
    for label, url in (("/ideas/ (page 1)", "/ideas/"), ("/ideas/?page=2000", "/ideas/?page=2000")):
        plain, plain_queries, _ = measure(client, url, engagement=False)
        counted, counted_queries, body = measure(client, url, engagement=True)
        ratio = counted / plain
        worst = max(worst, ratio)
        print(
            f"{label:<24}{plain * 1000:>15.1f} ms{counted * 1000:>15.1f} ms{ratio:>7.2f}x"
            f"{plain_queries:>6} / {counted_queries:<4}"
        )
        if counted_queries != plain_queries:
            sys.exit("The counts added queries: the list must stay at the same number.")
        if b'<td class="nowrap">10</td>' not in body:
            sys.exit("The page does not show the endorsement counts.")
    verdict = "within" if worst <= TARGET_RATIO else "OVER"
    print(f"\nWorst ratio {worst:.2f}x: {verdict} the target of {TARGET_RATIO}x.")


if __name__ == "__main__":
    main()
