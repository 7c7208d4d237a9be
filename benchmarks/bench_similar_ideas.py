"""Similar ideas while a title is typed, on 200,000 ideas, against the bare trigram query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ideas \\
      .venv/bin/python benchmarks/bench_similar_ideas.py

Same data as bench_idea_list.py (built there on first use, reused here). For a set of
typed titles it times ``ideas.search.similar_ideas`` (the trigram candidate query, then
the bigram score in Python), median and p95 over ``BENCH_RUNS`` (default 10) runs per
title, against the limit: the bare candidate query alone, hand-written (same threshold,
same 50 candidates, nothing scored). Target: p95 under 200 ms. It also EXPLAINs the
query similar_ideas sends and prints the indexes the plan uses: the trigram index of
migration 0002 (``idea_compact_title_trgm_idx``) must be one of them.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_idea_list
from bench_idea_list import ensure_data, ms  # noqa: E402  (sets Django up)
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from ideas import search  # noqa: E402
from ideas.models import Idea  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "10"))
TARGET_MS = 200
TRIGRAM_INDEX = "idea_compact_title_trgm_idx"

# What team leaders type: re-proposals with other spacing, half-typed titles, new ones.
TITLES = [
    "기업 유치 관리 시스템 도입",
    "기업유치 관리",
    "스마트민원 안내챗봇 구축",
    "찾아가는 복지상담소",
    "탄소 소재 기업 원스톱 지원",
    "골목상권 활성화 지원사업",
    "지역특화형 비자",
    "도지사와 함께하는 정책 소풍",
    "전시실 운영 개선",
    "지방건설 기술심의 축소",
    "AI 활용 병해충 예찰 고도화",
    "모바일 재난 안전 알림",
    "주간 업무추진 실적 보고 폐지",
    "산업단지 통근버스",
    "1기업 1공무원",
    "드론 실증 특구 유치",
    "새만금 투자 안내 센터",
    "청년 농업인 스마트팜",
    "반려동물 등록 비대면",
    "공공데이터 개방포털",
]

BARE_SQL = """
SELECT id FROM ideas_idea
WHERE reference_number IS NOT NULL AND status <> 'draft'
  AND replace(title, ' ', '') %% %(t)s
ORDER BY similarity(replace(title, ' ', ''), %(t)s) DESC
LIMIT %(n)s
"""


def bare_candidates(title: str) -> list[int]:
    compact = re.sub(r"\s+", "", title)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [search.TRIGRAM_THRESHOLD])
        cursor.execute(BARE_SQL, {"t": compact, "n": search.SIMILAR_CANDIDATES})
        return [row[0] for row in cursor.fetchall()]


def timings(fn) -> dict[str, list[float]]:
    out = {}
    for title in TITLES:
        fn(title)  # warm-up
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            fn(title)
            runs.append(time.perf_counter() - started)
        out[title] = runs
    return out


def pad(text: str, width: int) -> str:
    """Left-justify in terminal columns (a Hangul syllable takes two)."""
    return text + " " * max(width - sum(2 if ord(c) >= 0x1100 else 1 for c in text), 0)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def explain_similar(title: str) -> str:
    """The plan of the candidate query similar_ideas sends, under its own threshold."""
    reset_queries()
    with CaptureQueriesContext(connection) as capture:
        search.similar_ideas(title=title)
    sql = next(q["sql"] for q in capture.captured_queries if "ideas_idea" in q["sql"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [search.TRIGRAM_THRESHOLD])
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    ensure_data()
    visible = Idea.objects.visible_in_library().count()
    print(
        f"\n{Idea.objects.count():,} ideas, {visible:,} in the library. "
        f"{len(TITLES)} typed titles × {RUNS} runs after one warm-up each.\n"
    )
    similar = timings(lambda t: search.similar_ideas(title=t))
    bare = timings(bare_candidates)
    print(f"{pad('typed title', 32)} {'similar_ideas':>13} {'bare query':>11}  top match")
    for title in TITLES:
        found = search.similar_ideas(title=title)
        top = (
            f"{found[0].idea.reference_number} {found[0].idea.title} ({found[0].score})"
            if found
            else "—"
        )
        print(
            f"{pad(title, 32)} {ms(statistics.median(similar[title]))} {ms(statistics.median(bare[title]))}  {top}"
        )  # fmt: skip
    all_similar = [t for runs in similar.values() for t in runs]
    all_bare = [t for runs in bare.values() for t in runs]
    worst = p95(all_similar)
    print(
        f"\nsimilar_ideas  median {ms(statistics.median(all_similar))}  p95 {ms(worst)}"
        f"\nbare query     median {ms(statistics.median(all_bare))}  p95 {ms(p95(all_bare))}"
        f"\nratio of medians {statistics.median(all_similar) / statistics.median(all_bare):.2f}x; "
        f"target p95 < {TARGET_MS} ms {'met' if worst * 1000 < TARGET_MS else 'MISSED'} "
        "(timings never fail the run)"
    )
    plan = explain_similar(TITLES[0])
    indexes = sorted(
        set(re.findall(r"Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)", plan))
    )
    print(f"\nEXPLAIN ANALYZE of the candidate query for '{TITLES[0]}':")
    print("\n".join("  " + line for line in plan.splitlines()))
    print(
        f"indexes used: {', '.join(indexes) or 'none'} — "
        f"{TRIGRAM_INDEX} {'used' if TRIGRAM_INDEX in indexes else 'NOT USED'}"
    )


if __name__ == "__main__":
    main()
