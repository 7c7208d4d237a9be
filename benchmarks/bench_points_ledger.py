"""The points ledger: 5,000 staff, 10 years of monthly rounds.

    createdb -h 127.0.0.1 -U postgres bench_ledger
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ledger \\
      .venv/bin/python benchmarks/bench_points_ledger.py

The first run migrates the database and fills it: 5,000 staff in 250 divisions, 120 monthly
rounds (2015–2024) of six winning units each, every member of a winning unit given personal
points (≈15,000 ledger entries), and one entry in fifty corrected by a later entry. Later
runs reuse it; ``--rebuild`` empties it first.

Measured, warm-up then the median of ``BENCH_RUNS`` (default 15), each side by side with a
hand-written SQL baseline in the same run:

- a person's yearly totals (``awards.selectors.yearly_totals_of``) against one SQL query;
- the HR office's ledger workbook of a year (``awards.workbooks.ledger_workbook``: per
  person totals and every entry, formula-safe cells) against the same rows read with two
  SQL queries and written to a plain write-only openpyxl workbook.

The number of queries of each is printed too, for a person with few and many entries (it
must not grow with the rows). Target: within 2× of the baseline. Timing never fails the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from awards import selectors, workbooks  # noqa: E402
from awards.models import AwardRound, Nomination, PointEntry  # noqa: E402
from departments.models import Bureau, Division, User  # noqa: E402

STAFF = 5_000
DIVISIONS = 250
YEARS = range(2015, 2025)
WINNERS_PER_ROUND = 6
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
WARM_UP = 3
TARGET = 2.0
HR_YEAR = 2024


def build() -> None:
    rng = random.Random(14)
    bureaus = Bureau.objects.bulk_create(
        Bureau(name=f"벤치{i}국", display_order=i) for i in range(25)
    )
    divisions = Division.objects.bulk_create(
        Division(bureau=bureaus[i % 25], name=f"벤치{i}과") for i in range(DIVISIONS)
    )
    people = User.objects.bulk_create(
        User(
            username=f"bench{i}",
            employee_number=f"B{i:06d}",
            full_name=f"직원{i}",
            division=divisions[i % DIVISIONS],
            bureau=divisions[i % DIVISIONS].bureau,
            password="!",  # noqa: S106  (unusable, as Django writes it)
        )
        for i in range(STAFF)
    )
    members: dict[int, list[User]] = {}
    for person in people:
        members.setdefault(person.division_id, []).append(person)
    entries = []
    for year in YEARS:
        for month in range(1, 13):
            award_date = dt.date(year, month, 20)
            award_round = AwardRound.objects.create(
                title=f"{year}년 {month}월",
                period_start=dt.date(year, month, 1),
                period_end=dt.date(year, month, 15),
                nomination_deadline=award_date,
                award_date=award_date,
                status=AwardRound.Status.ANNOUNCED,
                imported=True,
            )
            for division in rng.sample(divisions, WINNERS_PER_ROUND):
                nomination = Nomination.objects.create(
                    round=award_round,
                    bureau_id=division.bureau_id,
                    division=division,
                    unit_name=division.name,
                    citation="성과",
                )
                common = {
                    "bureau_id": division.bureau_id,
                    "division": division,
                    "unit_name": division.name,
                    "nomination": nomination,
                    "awarded_on": award_date,
                    "year": year,
                    "reason": award_round.title,
                }
                entries.append(PointEntry(kind="unit", points=Decimal("1"), **common))
                for person in members[division.pk]:
                    entries.append(
                        PointEntry(
                            kind="personal",
                            person=person,
                            person_name=person.full_name,
                            employee_number=person.employee_number,
                            points=Decimal("0.5"),
                            **common,
                        )
                    )
    PointEntry.objects.bulk_create(entries, batch_size=5_000)
    # One in fifty corrected: a new entry referencing the old one.
    personal = list(PointEntry.objects.filter(kind="personal").order_by("pk")[::50])
    PointEntry.objects.bulk_create(
        [
            PointEntry(
                kind=e.kind,
                person_id=e.person_id,
                person_name=e.person_name,
                employee_number=e.employee_number,
                bureau_id=e.bureau_id,
                division_id=e.division_id,
                unit_name=e.unit_name,
                nomination_id=e.nomination_id,
                awarded_on=e.awarded_on,
                year=e.year,
                points=Decimal("0.3"),
                reason="정정",
                corrects=e,
            )
            for e in personal
        ],
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


TOTALS_SQL = """
    SELECT e.year, SUM(e.points), COUNT(*)
    FROM awards_pointentry e
    WHERE e.person_id = %s AND e.kind = 'personal'
      AND NOT EXISTS (SELECT 1 FROM awards_pointentry c WHERE c.corrects_id = e.id)
    GROUP BY e.year ORDER BY e.year DESC
"""
CURRENT = "NOT EXISTS (SELECT 1 FROM awards_pointentry c WHERE c.corrects_id = e.id)"
HR_TOTALS_SQL = f"""
    SELECT e.employee_number, e.person_name, SUM(e.points), COUNT(*)
    FROM awards_pointentry e
    WHERE e.year = %s AND e.kind = 'personal' AND {CURRENT}
    GROUP BY e.person_id, e.employee_number, e.person_name ORDER BY e.employee_number
"""
HR_ROWS_SQL = f"""
    SELECT e.employee_number, e.person_name, e.unit_name, e.awarded_on, e.points, e.reason
    FROM awards_pointentry e
    WHERE e.year = %s AND e.kind = 'personal' AND {CURRENT}
    ORDER BY e.employee_number, e.awarded_on, e.id
"""


def median_ms(fn) -> float:
    for _ in range(WARM_UP):
        fn()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def totals_orm(person_id: int):
    return list(selectors.yearly_totals_of(person_id=person_id))


def totals_sql(person_id: int):
    with connection.cursor() as cursor:
        cursor.execute(TOTALS_SQL, [person_id])
        return cursor.fetchall()


def hr_orm() -> int:
    out = io.BytesIO()
    workbooks.ledger_workbook(year=HR_YEAR, handle=out)
    return out.tell()


def hr_sql() -> int:
    book = Workbook(write_only=True)
    with connection.cursor() as cursor:
        sheet = book.create_sheet("totals")
        sheet.append(["사번", "성명", "가점 합계", "수상 횟수"])
        cursor.execute(HR_TOTALS_SQL, [HR_YEAR])
        for row in cursor:
            sheet.append(list(row))
        sheet = book.create_sheet("entries")
        sheet.append(["사번", "성명", "부서", "부여일", "가점", "사유"])
        cursor.execute(HR_ROWS_SQL, [HR_YEAR])
        for row in cursor:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.tell()


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL to an empty database of its own.")
    call_command("migrate", verbosity=0)
    if args.rebuild:
        call_command("flush", interactive=False, verbosity=0)
    if not PointEntry.objects.exists():
        started = time.perf_counter()
        build()
        print(f"built in {time.perf_counter() - started:.1f} s")
    print(
        f"ledger: {PointEntry.objects.count():,} entries, {User.objects.count():,} staff, "
        f"{AwardRound.objects.count()} rounds"
    )
    counts = (
        PointEntry.objects.filter(kind="personal")
        .values("person_id")
        .annotate(n=django.db.models.Count("pk"))
        .order_by("n")
    )
    few, many = counts.first(), counts.last()
    hr_rows = PointEntry.objects.current().personal().filter(year=HR_YEAR).count()
    print(
        f"people with fewest/most entries: {few['n']} / {many['n']}; HR {HR_YEAR}: {hr_rows:,} rows"
    )
    print()
    print(f"{'':38}{'ORM':>10}{'SQL':>10}{'ratio':>8}{'queries':>10}")
    results = []
    for label, orm, sql, qa, qb in (
        (
            "yearly totals (most entries)",
            lambda: totals_orm(many["person_id"]),
            lambda: totals_sql(many["person_id"]),
            queries(lambda: totals_orm(few["person_id"])),
            queries(lambda: totals_orm(many["person_id"])),
        ),
        ("HR ledger workbook", hr_orm, hr_sql, queries(hr_orm), queries(hr_orm)),
    ):
        a, b = median_ms(orm), median_ms(sql)
        results.append(a / b)
        print(f"{label:38}{a:>8.2f}ms{b:>8.2f}ms{a / b:>7.2f}x{qa:>5} / {qb}")
    verdict = "within" if all(r <= TARGET for r in results) else "OVER"
    print(f"\ntarget ≤ {TARGET}x the SQL baseline: {verdict}")


if __name__ == "__main__":
    main()
