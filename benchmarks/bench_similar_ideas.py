"""Similar ideas and library search at 200,000 ideas, each beside a raw baseline.

    createdb -h 127.0.0.1 -U postgres bench_similar
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_similar \\
      .venv/bin/python benchmarks/bench_similar_ideas.py [--ideas 200000] [--only pairs …]

PostgreSQL only. The first run migrates, loads the demo (``load_demo``: 884 ideas with their
morphemes and sentence vectors) and copies its library ideas, with their stored morphemes
and vectors, until there are ``--ideas`` ideas (copies keep the text: encoding 200,000
ideas with the pure-numpy encoder takes most of an hour on this machine, and the look-up's
cost depends on the number of rows, not on their words). Later runs reuse the data.

Printed, median and p95 over ``BENCH_RUNS`` (default 10) runs per query after a warm-up:

- resident memory of this process: at start, after the analyser and the encoder models
  load (printed apart: they do not grow with the library), the index's build time and
  peak, its arrays (sign bits, int8 vectors kept in memory, postings, per-row figures),
  and resident memory after the timed look-ups. Target: at most 150 MB added by the
  look-up at 200,000 ideas.
- ``similarity.selectors.similar_ideas`` (the whole typed idea: morphemes, sentence
  vector, BM25 and cover through the postings, the cosine's shortlist, the top five with
  reasons) against the raw baseline of the old look-up: the bare trigram candidate query
  of ideas migration 0002 (50 candidate ids, nothing scored). Target p95 < 200 ms.
- the previous look-up in the same run (the exact cosine over every row, every vector
  read into memory first), and whether the shortlist gives the exhaustive scan's top five
  for the typed ideas above and the labelled set's 125 (similarity/labelled/queries.tsv).
- library search for two- and three-syllable words (``ideas.search.search``: the first
  page of 20 and its count, through the library's ``LargeListPaginator``) against the raw baseline: the bare tsquery on the morpheme GIN
  index (ids of the first 20 matches). Target p95 < 300 ms.
- stock phrases (``similarity.stock``): finding them from every library idea's stored
  terms, with its peak memory, beside the raw baseline of reading those terms once; a
  typed idea carrying a stock clause beside the same idea without it. The copies make
  every demo summary's runs frequent, so the titles alone tell stock from topic here.
- the planning office's list of the largest season's likely duplicate pairs: comparing
  one idea with the library as the task does after a submit, and a batch as
  ``similarity_pairs`` does; the list as computed on every view before (the batch's cost
  per idea × the season, extrapolated); the list read from stored pairs (synthetic: three
  per idea, each naming a copy of its original), pages 1 and 100 with the count, against
  the raw baseline of 50 stored rows by score. Target: a page within a second.
"""

from __future__ import annotations

import argparse
import os
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
import django.utils.timezone  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from core.pagination import LargeListPaginator  # noqa: E402
from ideas import search  # noqa: E402
from ideas.models import Idea  # noqa: E402
from ideas.selectors import in_library_order  # noqa: E402
from similarity import encoder, morphology  # noqa: E402
from similarity import selectors as similarity  # noqa: E402
from similarity.index import library_index  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "10"))
SIMILAR_TARGET_MS = 200
SEARCH_TARGET_MS = 300
MEMORY_TARGET_MB = 150

TYPED = [
    ("기업 유치 관리 시스템 도입", "유치 기업의 투자 상담과 협약 정보를 한 곳에서 관리"),
    ("스마트민원 안내챗봇 구축", ""),
    ("찾아가는 복지상담소", "복지 공무원이 마을을 돌며 사각지대 주민을 상담"),
    ("탄소 소재 기업 원스톱 지원", "인허가와 시험 인증을 한 창구에서"),
    ("골목상권 활성화 지원사업", "상인회 공동 마케팅 지원"),
    ("주간 업무추진 실적 보고 폐지", "매주 쓰던 보고서를 현황판으로 대체"),
    ("드론으로 논밭 병해충 방제", ""),
    ("반려동물 등록 비대면", "모바일로 신청"),
    ("새만금 투자 안내 센터", ""),
    ("1기업 1공무원", "전담 공무원 매뉴얼"),
]
WORDS_2 = ["혁신", "복지", "기업", "민원", "관광"]
WORDS_3 = ["관리시스템", "기업유치를", "스마트팜", "전시실", "골목상권"]

BARE_SIMILAR = """
SELECT id FROM ideas_idea
WHERE reference_number IS NOT NULL AND status <> 'draft'
  AND replace(title, ' ', '') %% %(t)s
ORDER BY similarity(replace(title, ' ', ''), %(t)s) DESC
LIMIT 50
"""
BARE_SEARCH = """
SELECT idea_id FROM similarity_ideaterms
WHERE similarity_terms_vector(title_terms, summary_terms, body_terms) @@ %(q)s::tsquery
LIMIT 20
"""
INDEXES = {
    "idea_text_ngrams_idx": "CREATE INDEX idea_text_ngrams_idx ON ideas_idea "
    "USING gin (idea_ngrams(title || ' ' || summary))",
    "idea_compact_title_trgm_idx": "CREATE INDEX idea_compact_title_trgm_idx ON ideas_idea "
    "USING gin (replace(title, ' ', '') gin_trgm_ops)",
    "idea_terms_vector_idx": "CREATE INDEX idea_terms_vector_idx ON similarity_ideaterms "
    "USING gin (similarity_terms_vector(title_terms, summary_terms, body_terms))",
}


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def ensure_data(total: int) -> None:
    call_command("migrate", verbosity=0)
    if not Idea.objects.exists():
        call_command("load_demo", verbosity=0)
    have = Idea.objects.count()
    if have >= total:
        _finish()
        return
    columns = [
        f.column
        for f in Idea._meta.local_fields
        if f.column not in ("id", "sequence", "reference_number")
    ]
    cols = ", ".join(columns)
    # Copies are plain submitted ideas: no representative task, no duplicate link.
    values = ", ".join(
        {"is_representative": "false", "duplicate_of_id": "NULL"}.get(c, c) for c in columns
    )
    started = time.perf_counter()
    print(f"copying library ideas until there are {total:,} (once) …", flush=True)
    with connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("SELECT count(*) FROM ideas_idea WHERE sequence < 10000")
        per_copy = cursor.fetchone()[0]
        copy = 1
        while have < total:
            # Copy k of idea #n is numbered n + 10000·k: unique in its season, traceable.
            cursor.execute(
                f"""
                INSERT INTO ideas_idea (sequence, reference_number, {cols})
                SELECT sequence + 10000 * %(k)s,
                       split_part(reference_number, '-', 1) || '-' || %(k)s || '-' || sequence,
                       {values}
                FROM ideas_idea
                WHERE sequence < 10000 AND reference_number IS NOT NULL
                LIMIT %(n)s
                """,
                {"k": copy, "n": total - have},
            )
            have += cursor.rowcount
            copy += 1
    _finish()
    print(f"  {have:,} ideas ({per_copy} per copy) in {time.perf_counter() - started:.0f} s")


def _finish() -> None:
    """The copies' morphemes and vectors (their original's), then the indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO similarity_ideaterms
              (idea_id, title_terms, summary_terms, body_terms, vector, encoder, updated_at)
            SELECT c.id, t.title_terms, t.summary_terms, t.body_terms, t.vector, t.encoder, now()
            FROM ideas_idea c
            JOIN ideas_idea s ON s.season_id = c.season_id AND s.sequence = mod(c.sequence, 10000)
            JOIN similarity_ideaterms t ON t.idea_id = s.id
            WHERE c.sequence >= 10000
            ON CONFLICT DO NOTHING
            """
        )
        for sql in INDEXES.values():
            cursor.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
        cursor.execute("ANALYZE ideas_idea")
        cursor.execute("ANALYZE similarity_ideaterms")


def timings(fn, inputs) -> list[float]:
    out = []
    for item in inputs:
        fn(item)  # warm-up
        for _ in range(RUNS):
            started = time.perf_counter()
            fn(item)
            out.append(time.perf_counter() - started)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def line(label: str, values: list[float], target_ms: float | None = None) -> str:
    median, worst = statistics.median(values) * 1000, p95(values) * 1000
    verdict = ""
    if target_ms is not None:
        verdict = f"  target p95 < {target_ms} ms {'met' if worst < target_ms else 'MISSED'}"
    return f"  {label:34} median {median:7.1f} ms  p95 {worst:7.1f} ms{verdict}"


def bare_similar(typed) -> list[int]:
    compact = re.sub(r"\s+", "", typed[0])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = 0.15")
        cursor.execute(BARE_SIMILAR, {"t": compact})
        return [row[0] for row in cursor.fetchall()]


def library_page(word: str) -> int:
    """The library page's first page of a search and its count, as the page reads them:
    through ``LargeListPaginator`` (relevance tiers, a count that stops at 10,000)."""
    qs = search.search(Idea.objects.visible_in_library(), word)
    paginator = LargeListPaginator(in_library_order(qs), 20)
    list(paginator.page(1).object_list)
    return paginator.count


def bare_search(word: str) -> list[int]:
    literal = " & ".join(f"'{t}':*" for t in morphology.terms(word) or [word])
    with connection.cursor() as cursor:
        cursor.execute(BARE_SEARCH, {"q": literal})
        return [row[0] for row in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ideas", type=int, default=200_000)
    parser.add_argument(
        "--only",
        choices=["similar", "search", "stock", "pairs"],
        action="append",
        help="run only these sections (repeatable); all by default",
    )
    args = parser.parse_args()
    wanted = set(args.only or ["similar", "search", "stock", "pairs"])
    if os.environ.get("BENCH_SKIP_SIMILAR"):  # BENCH_SKIP_SIMILAR=1: as before, no similar
        wanted.discard("similar")
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL")
    ensure_data(args.ideas)
    visible = Idea.objects.visible_in_library().count()
    print(f"\n{Idea.objects.count():,} ideas, {visible:,} in the library; {RUNS} runs per query.")

    if "similar" in wanted:
        similar_section()
    if "search" in wanted:
        search_section()
    if "stock" in wanted:
        stock_section()  # after the memory figures: it builds the index
    if "pairs" in wanted:
        pairs_section()


def peak_reset() -> None:
    """Start a new high-water mark of resident memory (Linux: VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for row in f:
            if row.startswith(field + ":"):
                return int(row.split()[1]) / 1024
    return 0.0


def index_memory(index) -> str:
    parts = index.parts()
    bits = sum(p.bits.nbytes for p in parts if p.bits is not None)
    vectors = sum(p.vectors.nbytes for p in parts if p.vectors is not None)
    postings = sum(p.post_rows.nbytes + p.post_tf.nbytes + p.post_head.nbytes for p in parts)
    rows = sum(
        p.ids.nbytes + p.norm.nbytes + p.self_scores.nbytes + p.head_mass.nbytes for p in parts
    )
    return (
        f"bits {bits / 2**20:.0f} MB, int8 vectors in memory {vectors / 2**20:.0f} MB, "
        f"postings {postings / 2**20:.0f} MB, per-row figures {rows / 2**20:.0f} MB, "
        f"{len(index.stats.vocab):,} terms"
    )


def similar_section() -> None:
    bare_rss = rss_mb()
    morphology.terms("모델 적재")
    encoder.encode(["모델 적재"])
    models_rss = rss_mb()
    peak_reset()
    started = time.perf_counter()
    index = library_index()
    built = time.perf_counter() - started
    build_peak = status_mb("VmHWM")
    print(f"\nmemory (resident): {bare_rss:.0f} MB at start; analyser + encoder "
          f"+{models_rss - bare_rss:.0f} MB (fixed, any library size, printed apart)")  # fmt: skip
    print(f"  index built in {built:.1f} s; peak while building +{build_peak - models_rss:.0f} MB")
    print(f"  index: {index_memory(index)}")

    print("\nsimilar ideas (typed title and summary):")
    new = timings(lambda t: similarity.similar_ideas(title=t[0], summary=t[1]), TYPED)
    after_rss = rss_mb()
    added = after_rss - models_rss
    print(
        f"  resident after the look-ups {after_rss:.0f} MB: +{added:.0f} MB for the look-up "
        f"(target ≤ {MEMORY_TARGET_MB} MB: {'met' if added <= MEMORY_TARGET_MB else 'MISSED'})"
    )
    old = timings(bare_similar, TYPED)
    print(line("similar_ideas (words + meaning)", new, SIMILAR_TARGET_MS))
    print(line("raw baseline: bare trigram query", old))
    exhaustive_comparison(index)
    for typed in TYPED[:4]:
        found = similarity.similar_ideas(title=typed[0], summary=typed[1])
        top = (
            f"{found[0].idea.title} ({found[0].score}, {found[0].outcome.text or '-'})"
            if found
            else "-"
        )
        print(f"    {typed[0]} → {top}")


def exhaustive_comparison(index) -> None:
    """The previous look-up (exact cosine over every row, int8 matrix in memory) timed in
    the same run, and whether the shortlist's top five are the exhaustive scan's: for the
    benchmark's typed ideas and the labelled set's (title and summary)."""
    from similarity import index as index_module
    from similarity import quality

    data = quality.load()
    typed = TYPED + [(q[2], q[3]) for q in data.queries]
    queries = [similarity.query_for(title=t, summary=s) for t, s in typed]
    shortlisted = [similarity.ranked(q, exclude=set(), limit=5) for q in queries]
    base = index.base
    kept, shortlist = base.vectors, index_module.SHORTLIST
    every = base.vectors
    if every is None:
        print("  (reading every vector for the exhaustive scan …)", flush=True)
        found = index_module.fetch_vectors(base.ids)
        every = np.zeros((len(base.ids), encoder.DIMENSIONS), dtype=np.int8)
        where = {pk: n for n, pk in enumerate(base.ids.tolist())}
        for pk, vector in found.items():
            every[where[pk]] = vector
        del found

    def previous(on: bool) -> None:
        base.vectors, index_module.SHORTLIST = (every, 10**9) if on else (kept, shortlist)

    def look_up(typed_idea, *, exhaustive: bool) -> float:
        previous(exhaustive)
        started = time.perf_counter()
        similarity.similar_ideas(title=typed_idea[0], summary=typed_idea[1])
        return time.perf_counter() - started

    # Interleaved, one of each in turn: the machine's load falls on both alike.
    new, scan = [], []
    try:
        for item in TYPED:
            look_up(item, exhaustive=False), look_up(item, exhaustive=True)  # warm-up
            for _ in range(RUNS):
                new.append(look_up(item, exhaustive=False))
                scan.append(look_up(item, exhaustive=True))
        previous(True)
        exhaustive = [similarity.ranked(q, exclude=set(), limit=5) for q in queries]
    finally:
        previous(False)
    print(line("similar_ideas, interleaved with:", new, SIMILAR_TARGET_MS))
    print(line("previous: exact cosine, every row", scan))

    def same_five(a, b) -> bool:
        # Copies share a score: compare the scores, not the ids (which of 232 equal copies
        # comes first is arbitrary), to 1e-4 (a gathered subset is summed in another order).
        x, y = [f[1] for f in a], [f[1] for f in b]
        return len(x) == len(y) and np.allclose(x, y, rtol=0, atol=1e-4)

    same = 0
    for text, a, b in zip(typed, shortlisted, exhaustive, strict=True):
        same += same_five(a, b)
        if not same_five(a, b):
            shown = [round(f[1], 3) for f in a], [round(f[1], 3) for f in b]
            print(f"    differs: {text[0]}: shortlist {shown[0]}, exhaustive {shown[1]}")
    print(
        f"  shortlist ({shortlist:,} by bits + {shortlist:,} by words) gives the exhaustive "
        f"scan's top five (scores) for {same}/{len(queries)} typed ideas "
        f"({len(TYPED)} above + {len(data.queries)} of the labelled set)"
    )


def search_section() -> None:
    for label, words in (("two-syllable", WORDS_2), ("three-syllable and more", WORDS_3)):
        print(f"\nlibrary search, {label} words {', '.join(words)}:")
        print(
            line("search: first page of 20 + count", timings(library_page, words), SEARCH_TARGET_MS)
        )
        print(line("raw baseline: bare tsquery, 20 ids", timings(bare_search, words)))


STOCK_CLAUSE = "도민이 체감하는 도정 혁신 과제로 추진합니다"
WITH_CLAUSE = [
    (
        "청사 구내식당 잔반 줄이기",
        f"구내식당 배식량을 스스로 고르게 해 남는 음식을 줄여 {STOCK_CLAUSE}",
    ),
    (
        "의료 취약지 원격 진료 확대",
        f"의료 취약지 원격 진료를 수원시 방식으로 개선해 {STOCK_CLAUSE}",
    ),
]


def stock_section() -> None:
    """Finding the library's stock phrases (``services.stock_phrases_refresh``, nightly and
    in ``similarity_pairs``) from every library idea's stored terms, beside the raw baseline
    of reading those terms once; then a typed idea that carries a stock phrase (read past
    it: one more analysis of its summary) beside the same idea without the clause."""
    from similarity import services, stock
    from similarity.models import StockPhrase

    print("\nstock phrases (similarity.stock), from the library's stored summaries:")
    started = time.perf_counter()
    read = sum(1 for _ in similarity.library_terms())
    raw = time.perf_counter() - started
    print(f"  raw baseline, reading {read:,} ideas' title and summary terms once: {raw:.1f} s")
    StockPhrase.objects.all().delete()
    peak_reset()
    before = status_mb("VmRSS")
    started = time.perf_counter()
    found, _dropped = services.stock_phrases_refresh()
    first = time.perf_counter() - started
    phrases = frozenset(StockPhrase.objects.values_list("terms", flat=True))
    marked = sum(
        1 for _pk, _title, summary in similarity.library_terms() if stock.carries(summary, phrases)
    )
    # Marking rewrote most rows: vacuum, so that the figures below are not autovacuum's.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE similarity_ideaterms")
    print(
        f"  found from none: {found:,} phrases in {first:.1f} s (three passes), "
        f"{marked:,} ideas carrying one marked to compare again; "
        f"peak +{status_mb('VmHWM') - before:.0f} MB"
    )
    started = time.perf_counter()
    services.stock_phrases_refresh()
    print(f"  again, nothing changed: {time.perf_counter() - started:.1f} s (two passes)")
    top = StockPhrase.objects.order_by("-ideas")[:3]
    print("  most used: " + ", ".join(f"{p.terms} ({p.ideas:,})" for p in top))
    library_index(fresh=True)
    carried = timings(lambda t: similarity.similar_ideas(title=t[0], summary=t[1]), WITH_CLAUSE)
    plain = timings(
        lambda t: similarity.similar_ideas(title=t[0], summary=t[1].replace(STOCK_CLAUSE, "")),
        WITH_CLAUSE,
    )
    print(line("typed, carrying the clause", carried))
    print(line("baseline: the same without it", plain))


PAIRS_SAMPLE = int(os.environ.get("BENCH_PAIRS_SAMPLE", "30"))
PAIRS_TARGET_MS = 1_000  # a page answers within a second
BARE_PAIRS = """
SELECT p.idea_id, p.other_id, p.score FROM similarity_suggestedpair p
JOIN ideas_idea i ON i.id = p.idea_id
WHERE i.season_id = %(s)s ORDER BY p.score DESC, p.id LIMIT 50
"""
# Each idea of the season paired with the next three copies of its original in the season
# (copies share the original's text: they are what its search finds, at 1.0). The read's
# cost depends on the number of stored rows, not on which ideas they name.
SYNTHETIC_PAIRS = """
INSERT INTO similarity_suggestedpair (idea_id, other_id, score, shared_words)
SELECT a.id, b.id, 0.75 + 0.25 * ((a.id * 7 + b.id) %% 1000) / 1000.0, '기업 유치'
FROM ideas_idea a
JOIN generate_series(1, 3) AS j(k) ON true
JOIN ideas_idea b ON b.season_id = a.season_id AND b.sequence = a.sequence + 10000 * j.k
WHERE a.season_id = %(s)s AND a.reference_number IS NOT NULL AND a.status <> 'draft'
ON CONFLICT DO NOTHING
"""


def pairs_section() -> None:
    """The planning office's list of a season's likely duplicate pairs: before, every view
    searched the library once per idea of the season; now the task stores each idea's
    pairs as it is submitted, and the list reads them."""
    from ideas.models import Season
    from similarity import services
    from similarity.models import IdeaTerms, SuggestedPair

    season = max(
        Season.objects.all(),
        key=lambda s: Idea.objects.visible_in_library().filter(season=s).count(),
    )
    ideas = Idea.objects.visible_in_library().filter(season=season)
    size = ideas.count()
    print(f"\nlikely duplicate pairs of season {season.name} ({size:,} library ideas):")
    step = max(size // PAIRS_SAMPLE, 1)
    sample = list(ideas.order_by("pk")[::step][:PAIRS_SAMPLE])
    library_index()
    encoder.encode(["warm up"])  # loaded once per process, not inside the first timing
    single = []
    for idea in sample[:10]:
        started = time.perf_counter()
        services.suggested_pairs_refresh(ideas=[idea])
        single.append(time.perf_counter() - started)
    print(line("one idea, as the task after a submit", single))
    started = time.perf_counter()
    services.suggested_pairs_refresh(ideas=sample)
    per_idea = (time.perf_counter() - started) / len(sample)
    print(
        f"  {len(sample)} ideas in one batch, as the command: {per_idea * 1000:.1f} ms an idea; "
        f"the whole season {size * per_idea / 60:.0f} min in the background"
    )
    print(
        f"  raw baseline, the list as computed on every view before: {size:,} ideas × "
        f"{per_idea * 1000:.1f} ms ≈ {size * per_idea / 60:.0f} min a view"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM similarity_suggestedpair WHERE idea_id IN "
            "(SELECT id FROM ideas_idea WHERE season_id = %s)",
            [season.pk],
        )
        cursor.execute(SYNTHETIC_PAIRS, {"s": season.pk})
        cursor.execute("ANALYZE similarity_suggestedpair")
    IdeaTerms.objects.filter(idea__season=season).update(
        pairs_checked_at=django.utils.timezone.now(), pairs_version=similarity.PAIRS_VERSION
    )
    stored = SuggestedPair.objects.filter(idea__season=season).count()
    print(f"  stored pairs of the season (synthetic, 3 per idea): {stored:,}")

    def paginator() -> LargeListPaginator:  # as the page makes it
        return LargeListPaginator(
            similarity.likely_pairs(season), 50, total=lambda: similarity.likely_pairs_total(season)
        )

    def page(number: int) -> int:
        found = paginator().get_page(number)
        similarity.likely_pairs_of(found.object_list, season=season)
        similarity.pairs_pending(season).count()
        return found.paginator.count

    def _uncached_page() -> float:
        cache.clear()
        started = time.perf_counter()
        page(1)
        return time.perf_counter() - started

    def bare(_n) -> list:
        with connection.cursor() as cursor:
            cursor.execute(BARE_PAIRS, {"s": season.pk})
            return cursor.fetchall()

    estimate = LargeListPaginator(similarity.likely_pairs(season), 50).count
    cache.clear()
    started = time.perf_counter()
    total = paginator().count
    counting = (time.perf_counter() - started) * 1000
    exact = similarity.likely_pairs(season).count()
    print(
        f"  the list says 약 {total:,} pairs ({exact:,} exactly; counted in {counting:.0f} ms, "
        f"then kept {similarity.PAIRS_COUNT_KEPT} s); the planner's estimate: {estimate:,}"
    )
    print(line("the list read: page 1 of 50 + counts", timings(page, [1]), PAIRS_TARGET_MS))
    print(line("the list read: page 100", timings(page, [100]), PAIRS_TARGET_MS))
    cache.clear()
    print(
        line(
            "page 1, the count not yet kept",
            [_uncached_page() for _ in range(RUNS)],
            PAIRS_TARGET_MS,
        )
    )
    print(line("raw baseline: 50 stored rows by score", timings(bare, [1])))
    print("\n(timings never fail the run)")


if __name__ == "__main__":
    main()
