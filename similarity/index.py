"""The in-process index that similar-idea look-ups score against: every library idea at once.

Three scores per earlier idea:

- **lexical**: BM25 over content morphemes of title (weight 2), summary (1), problem and
  proposal (0.5); the selector scales it by both ideas' scores against themselves, so 1.0
  means "the same words". Computed from the inverted postings: only the rows that share
  a term with the typed idea are touched;
- **cover**: the share of the earlier idea's title and summary morphemes (each counted
  once, weighted by IDF) that the typed idea's title and summary use. A same-topic idea
  that proposes something else shares the topic noun, not the action or the object: its
  words score is fair, its cover low;
- **meaning**: the cosine of the sentence vectors (int8 × the typed vector).

**A shortlist for the cosine** (``Part.shortlist``): at 200,000 ideas the exact cosine over
every row was most of a look-up (about 100 MB of int8 widened to float each time). Each
row keeps 512 sign bits of its vector after a fixed random rotation (``sign_bits``, 64
bytes); the Hamming distance to the typed vector's bits over every row takes a few
milliseconds and orders rows roughly by angle. The exact cosine, and the calibrated score, are then
computed for the ``SHORTLIST`` nearest by bits, together with the ``SHORTLIST`` rows with
the best words-and-cover part of the score and every row without a vector that shares a
word. A library no larger than ``2 × SHORTLIST`` is scored whole, as before.
``benchmarks/bench_similar_ideas.py`` prints how often the shortlist's top five equal the
exhaustive scan's.

**Where the vectors live**: up to ``SIMILARITY_VECTORS_IN_MEMORY`` rows (setting, default
20,000: 10 MB) the int8 matrix is kept in the process; above it only the bits are, and a
look-up reads its shortlist's vectors from ``IdeaTerms`` (one query by primary key, 2 MB
at most). That is what keeps a web worker under 150 MB for the look-up at 200,000 ideas.

Postings are stored flat (CSR): per term a slice of row numbers (int32), weighted term
frequencies (float16: sums of 2, 1 and 0.5, exact) and "in the title or summary" flags.

The arrays are built from ``IdeaTerms`` on first use, streamed, and kept per process. Each
look-up asks (at most every ``SIMILARITY_INDEX_CHECK_SECONDS``) for the library's count
and last change; ideas changed since are scored from a small side index and masked in the
big one, and the big one is rebuilt when the side one grows past ``DELTA_LIMIT`` or ideas
vanish. Ideas with no stored terms (made outside the services, e.g. by fixtures) are
tokenised on the fly when the index is built.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q

from ideas.models import Idea
from similarity import encoder, morphology, stock
from similarity.models import IdeaTerms, StockPhrase

log = logging.getLogger(__name__)

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {"title": 2.0, "summary": 1.0, "body": 0.5}
DELTA_LIMIT = 2_000
SHORTLIST = 2_000  # rows nearest by bits, and rows best by words and cover, scored exactly
VECTORS_IN_MEMORY = 20_000  # default of settings.SIMILARITY_VECTORS_IN_MEMORY
FETCH_CHUNK = 5_000  # ids per query when reading a shortlist's vectors


def weighted_terms(title: list[str], summary: list[str], body: list[str]) -> Counter:
    """Term frequency with the field weights (title 2, summary 1, body 0.5)."""
    counts: Counter = Counter()
    for name, found in (("title", title), ("summary", summary), ("body", body)):
        weight = FIELD_WEIGHTS[name]
        for term in found:
            counts[term] += weight
    return counts


def query_weight(tf):
    """A typed idea's weight for a term: present in the title counts most, repeats do not."""
    return np.minimum(tf, FIELD_WEIGHTS["title"])


@dataclass
class Stats:
    """Corpus statistics of the big index, shared with the side index."""

    n: int
    avgdl: float
    vocab: dict[str, int]  # term -> slot in ``df``
    df: np.ndarray  # documents per term

    def idf(self, term: str) -> float:
        slot = self.vocab.get(term)
        df = 0 if slot is None else int(self.df[slot])
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def idf_all(self, df: np.ndarray) -> np.ndarray:
        return np.log(1 + (self.n - df + 0.5) / (df + 0.5))


_rotation: np.ndarray | None = None


def sign_bits(vectors: np.ndarray) -> np.ndarray:
    """Each row's 512 sign bits after a fixed random rotation, as 8 uint64 words.

    Random hyperplanes through the origin (SimHash): the share of bits that differ
    estimates the angle between two vectors, so the Hamming distance orders rows by their
    cosine. The vectors' own axes do worse (their signs are far from independent), and so
    do signs around the library's mean (they follow the centred cosine, not the one scored).
    """
    global _rotation
    if _rotation is None:
        normal = np.random.default_rng(13).standard_normal((encoder.DIMENSIONS,) * 2)
        _rotation = np.linalg.qr(normal)[0].astype(np.float32)
    rows = np.atleast_2d(vectors).astype(np.float32) @ _rotation
    return np.packbits(rows > 0, axis=1).view(np.uint64)


@dataclass
class Part:
    ids: np.ndarray  # int64 idea ids
    vocab: dict[str, int]  # term -> its postings' slice starts[slot]:starts[slot + 1]
    starts: np.ndarray  # int64
    post_rows: np.ndarray  # int32
    post_tf: np.ndarray  # float16, weighted tf
    post_head: np.ndarray  # bool: in the title or summary (the ``cover`` share)
    norm: np.ndarray  # K1 * (1 - B + B * dl / avgdl) per row
    vectors: np.ndarray | None  # int8 (rows, 512) when kept in memory
    bits: np.ndarray | None  # uint64 (rows, 8): ``sign_bits``
    has_vector: np.ndarray  # bool per row
    alive: np.ndarray  # bool per row (False: superseded by the side index)
    self_scores: np.ndarray  # each idea's BM25 against itself (the words score's scale)
    head_mass: np.ndarray  # IDF sum of each idea's distinct title and summary terms

    def postings(self, term: str):
        """(rows, weighted tf as float32, in the head) of ``term``, or None."""
        slot = self.vocab.get(term)
        if slot is None:
            return None
        a, b = self.starts[slot], self.starts[slot + 1]
        return self.post_rows[a:b], self.post_tf[a:b].astype(np.float32), self.post_head[a:b]

    def lexical(self, query: Counter, stats: Stats, head: set[str] | None = None):
        """(lexical, cover) of every row, through the postings of the typed idea's terms."""
        n = len(self.ids)
        lexical = np.zeros(n, dtype=np.float32)
        covered = np.zeros(n, dtype=np.float32)
        for term, qw in query.items():
            found = self.postings(term)
            if found is None:
                continue
            rows, tf, in_head = found
            idf = stats.idf(term)
            lexical[rows] += (idf * qw * tf * (K1 + 1) / (tf + self.norm[rows])).astype(np.float32)
            if head is None or term in head:
                covered[rows[in_head]] += idf
        return lexical, covered / np.maximum(self.head_mass, 1e-6)

    def meaning(self, rows: np.ndarray, qvec: np.ndarray) -> np.ndarray:
        """The cosine of ``rows`` with the typed vector; NaN for a row without a vector."""
        q = qvec.astype(np.float32) / encoder.SCALE
        out = np.full(len(rows), np.nan, dtype=np.float32)
        if self.vectors is not None:
            out[:] = self.vectors[rows].astype(np.float32) @ q
        else:
            found = fetch_vectors(self.ids[rows])
            if len(found):
                where = {pk: n for n, pk in enumerate(self.ids[rows].tolist())}
                at = np.fromiter((where[pk] for pk in found), dtype=np.int64, count=len(found))
                out[at] = np.vstack(list(found.values())).astype(np.float32) @ q
        out[~self.has_vector[rows]] = np.nan
        return out

    def shortlist(
        self, qvec: np.ndarray, lexical: np.ndarray, lexical_part: np.ndarray
    ) -> np.ndarray:
        """The rows worth an exact score (sorted): every row when the part is small; else the
        ``SHORTLIST`` nearest by bits, the ``SHORTLIST`` sharing a word (``lexical`` > 0) best
        by ``lexical_part`` (the words and cover part of the score; the less meaning a row
        needs to reach the threshold) and every row without a vector that shares a word."""
        n = len(self.ids)
        if n <= 2 * SHORTLIST or self.bits is None:
            return np.arange(n)
        qbits = sign_bits(qvec)[0]
        distance = np.bitwise_count(self.bits ^ qbits).sum(axis=1, dtype=np.uint16)
        distance[~self.has_vector] = np.iinfo(np.uint16).max
        near = np.argpartition(distance, SHORTLIST - 1)[:SHORTLIST]
        shares = lexical > 0
        wordy = np.flatnonzero(shares)
        if len(wordy) > SHORTLIST:
            part_of = lexical_part[wordy]
            best = wordy[np.argpartition(-part_of, SHORTLIST - 1)[:SHORTLIST]]
        else:
            best = wordy
        wordy = np.flatnonzero(~self.has_vector & shares)
        return np.union1d(np.union1d(near, best), wordy)

    def scores(self, query: Counter, stats: Stats, qvec: np.ndarray | None, head=None):
        """(lexical, cover, meaning) of every row, meaning exhaustively (the quality script's
        small index); meaning None without vectors, NaN per row without one."""
        lexical, cover = self.lexical(query, stats, head)
        meaning = None
        if qvec is not None and self.has_vector.any():
            meaning = self.meaning(np.arange(len(self.ids)), qvec)
        return lexical, cover, meaning


def fetch_vectors(pks: np.ndarray) -> dict[int, np.ndarray]:
    """The stored int8 vectors of ``pks`` made by the current encoder, by idea id (one
    query per ``FETCH_CHUNK`` ids, by primary key; raw SQL: at 2,000 ids the ORM's
    per-row work was as long as the query)."""
    found: dict[int, np.ndarray] = {}
    pks = pks.tolist()
    table = IdeaTerms._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(pks), FETCH_CHUNK):
            chunk = pks[start : start + FETCH_CHUNK]
            if connection.vendor == "postgresql":
                where, params = "idea_id = ANY(%s)", [chunk]
            else:
                where, params = f"idea_id IN ({', '.join(['%s'] * len(chunk))})", chunk
            cursor.execute(
                f"SELECT idea_id, vector FROM {table} WHERE {where} AND encoder = %s",  # noqa: S608 - placeholders only
                [*params, encoder.NAME],
            )
            for pk, vector in cursor.fetchall():
                if vector is not None and len(vector) == encoder.DIMENSIONS:
                    found[pk] = np.frombuffer(vector, dtype=np.int8)
    return found


class _Builder:
    """Postings and per-row figures gathered one row at a time (flat arrays, no lists)."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.term_of, self.row_of = array("i"), array("i")
        self.tf, self.head = array("f"), array("b")
        self.ids, self.lengths = array("q"), array("f")
        self.vectors = bytearray()
        self.has_vector = bytearray()

    def add(self, pk: int, title, summary, body, vector) -> None:
        row = len(self.ids)
        counts = weighted_terms(title, summary, body)
        head = set(title) | set(summary)
        vocab = self.vocab
        for term, tf in counts.items():
            slot = vocab.get(term)
            if slot is None:
                slot = vocab[term] = len(vocab)
            self.term_of.append(slot)
            self.row_of.append(row)
            self.tf.append(tf)
            self.head.append(term in head)
        self.ids.append(pk)
        self.lengths.append(sum(counts.values()))
        ok = vector is not None and len(vector) == encoder.DIMENSIONS
        self.has_vector.append(ok)
        self.vectors += bytes(vector) if ok else bytes(encoder.DIMENSIONS)


def _postings(b: _Builder) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    term_of = np.frombuffer(b.term_of, dtype=np.int32)
    order = np.argsort(term_of, kind="stable")
    starts = np.zeros(len(b.vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(term_of, minlength=len(b.vocab)), out=starts[1:])
    rows = np.frombuffer(b.row_of, dtype=np.int32)[order]
    tf = np.frombuffer(b.tf, dtype=np.float32)[order].astype(np.float16)
    head = np.frombuffer(b.head, dtype=np.int8)[order].astype(bool)
    return starts, rows, tf, head


def _build_part(
    rows: Iterable[tuple], stats: Stats | None, *, keep_vectors: bool | None = None
) -> tuple[Part, Stats]:
    """rows: (idea id, title terms, summary terms, body terms, vector bytes or None).

    ``keep_vectors``: keep the int8 matrix in memory (None: up to the setting's rows)."""
    b = _Builder()
    for row in rows:
        b.add(*row)
    n = len(b.ids)
    starts, post_rows, post_tf, post_head = _postings(b)
    lengths = np.frombuffer(b.lengths, dtype=np.float32)
    df = np.diff(starts)
    has_vector = np.frombuffer(b.has_vector, dtype=bool)
    vectors = np.frombuffer(b.vectors, dtype=np.int8).reshape(n, encoder.DIMENSIONS)
    del b.term_of, b.row_of, b.tf, b.head, b.vectors
    if stats is None:
        stats = Stats(
            n=max(n, 1),
            avgdl=float(lengths.mean()) if n else 1.0,
            vocab=b.vocab,
            df=df,
        )
        idf = stats.idf_all(df)
    else:
        idf = np.array([stats.idf(t) for t in b.vocab], dtype=np.float64)
    norm = (K1 * (1 - B + B * lengths / max(stats.avgdl, 1e-6))).astype(np.float32)
    # Each posting's IDF, then the per-row sums in one pass (no loop over terms).
    idf_of = np.repeat(idf, df).astype(np.float32)
    tf = post_tf.astype(np.float32)
    self_part = idf_of * query_weight(tf) * tf * (K1 + 1) / (tf + norm[post_rows])
    self_scores = np.bincount(post_rows, weights=self_part, minlength=n).astype(np.float32)
    head_mass = np.bincount(post_rows[post_head], weights=idf_of[post_head], minlength=n).astype(
        np.float32
    )
    del idf_of, tf, self_part
    if keep_vectors is None:
        limit = getattr(settings, "SIMILARITY_VECTORS_IN_MEMORY", VECTORS_IN_MEMORY)
        keep_vectors = n <= limit
    bits = None
    if has_vector.any():
        bits = np.zeros((n, encoder.DIMENSIONS // 64), dtype=np.uint64)
        for a in range(0, n, 32_768):
            bits[a : a + 32_768] = sign_bits(vectors[a : a + 32_768])
    part = Part(
        ids=np.frombuffer(b.ids, dtype=np.int64),
        vocab=b.vocab,
        starts=starts,
        post_rows=post_rows,
        post_tf=post_tf,
        post_head=post_head,
        norm=norm,
        self_scores=self_scores,
        head_mass=head_mass,
        vectors=vectors if keep_vectors and bits is not None else None,
        bits=bits,
        has_vector=has_vector,
        alive=np.ones(n, dtype=bool),
    )
    return part, stats


def _split(text: str) -> list[str]:
    return text.split() if text else []


def load_rows(idea_ids=None):
    """Terms and vectors of library ideas (all, or ``idea_ids``), streamed; missing terms
    computed (in batches of 1,000) after the stored ones."""
    visible = Idea.objects.visible_in_library()
    if idea_ids is not None:
        visible = visible.filter(pk__in=idea_ids)
    stored = IdeaTerms.objects.filter(idea__in=visible).values_list(
        "idea_id", "title_terms", "summary_terms", "body_terms", "vector", "encoder"
    )
    seen = set()
    for pk, title, summary, body, vector, name in stored.iterator(chunk_size=5_000):
        seen.add(pk)
        vec = vector if vector is not None and name == encoder.NAME else None
        yield (pk, _split(title), _split(summary), _split(body), vec)
    missing = visible.exclude(pk__in=seen) if seen else visible
    missing = list(missing.values_list("pk", "title", "summary", "problem", "proposal"))
    for start in range(0, len(missing), 1_000):
        batch = missing[start : start + 1_000]
        titles = morphology.terms_many([m[1] for m in batch])
        summaries = morphology.terms_many([m[2] for m in batch])
        bodies = morphology.terms_many([f"{m[3]}\n{m[4]}" for m in batch])
        for m, t, s, b in zip(batch, titles, summaries, bodies, strict=True):
            yield (m[0], t, s, b, None)


def _version() -> tuple:
    ideas = Idea.objects.visible_in_library().aggregate(n=Count("pk"), last=Max("updated_at"))
    terms = IdeaTerms.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    phrases = StockPhrase.objects.aggregate(
        n=Count("pk"),
        last=Max("found_at"),
        overruled=Count("pk", filter=Q(overruled_at__isnull=False)),
        last_overruled=Max("overruled_at"),
    )
    return (
        ideas["n"], ideas["last"], terms["n"], terms["last"],
        phrases["n"], phrases["last"], phrases["overruled"], phrases["last_overruled"],
    )  # fmt: skip


def load_stock() -> frozenset[str]:
    """The phrases read past: not those the planning office judged to say something."""
    return frozenset(
        StockPhrase.objects.filter(overruled_at__isnull=True).values_list("terms", flat=True)
    )


class LibraryIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.base: Part | None = None
        self.delta: Part | None = None
        self.stats: Stats | None = None
        self.version: tuple | None = None
        self.checked_at = 0.0
        # Stock phrases a compared idea is read without (similarity.stock).
        self.stock: frozenset[str] = frozenset()

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> LibraryIndex:
        """An index over given rows, outside the database (the quality script)."""
        index = cls()
        index.base, index.stats = _build_part(rows, None, keep_vectors=True)
        index.stock = frozenset(stock.find(lambda: ((r[1], r[2]) for r in rows)))
        index.checked_at = float("inf")
        return index

    def _rebuild(self, version: tuple) -> None:
        started = time.perf_counter()
        self.base, self.stats = _build_part(load_rows(), None)
        self.delta = None
        _release_freed_memory()
        self.version = version
        log.info(
            "similarity index built: %d ideas in %.1f s", len(self.base.ids),
            time.perf_counter() - started,
        )  # fmt: skip

    def _refresh(self, version: tuple) -> None:
        old = self.version
        # Check interval 0 (the tests, whose rolled-back rows reuse ids): always rebuild.
        eager = not getattr(settings, "SIMILARITY_INDEX_CHECK_SECONDS", 2.0)
        if eager or self.base is None or old is None or version[0] < old[0] or version[2] < old[2]:
            self._rebuild(version)
            return
        changed = set(
            Idea.objects.visible_in_library()
            .filter(updated_at__gt=old[1])
            .values_list("pk", flat=True)
        ) if old[1] else set()  # fmt: skip
        if old[3]:
            changed |= set(
                IdeaTerms.objects.filter(updated_at__gt=old[3]).values_list("idea_id", flat=True)
            )
        else:
            changed |= set(IdeaTerms.objects.values_list("idea_id", flat=True))
        if self.delta is not None:
            changed |= set(self.delta.ids.tolist())
        # Ideas written with a past updated_at (imports, the demo) are new all the same.
        known = set(self.base.ids.tolist())
        changed |= set(Idea.objects.visible_in_library().values_list("pk", flat=True)) - known
        if len(changed) > DELTA_LIMIT:
            self._rebuild(version)
            return
        if not changed:  # only the stock phrases changed
            self.version = version
            return
        self.delta, _ = _build_part(load_rows(changed), self.stats)
        self.base.alive = ~np.isin(self.base.ids, self.delta.ids)
        self.version = version

    def current(self, *, fresh: bool = False) -> LibraryIndex:
        """The index as of the database's last change (checked at most every
        ``SIMILARITY_INDEX_CHECK_SECONDS``; ``fresh``: now, for a task that just wrote)."""
        now = time.monotonic()
        if self.checked_at == float("inf"):
            return self
        if (
            not fresh
            and self.base is not None
            and now - self.checked_at < getattr(settings, "SIMILARITY_INDEX_CHECK_SECONDS", 2.0)
        ):
            return self
        with self._lock:
            version = _version()
            self.checked_at = time.monotonic()
            if version != self.version:
                if self.version is None or version[4:] != self.version[4:]:
                    self.stock = load_stock()
                self._refresh(version)
        return self

    def parts(self) -> list[Part]:
        return [p for p in (self.base, self.delta) if p is not None and len(p.ids)]

    def vector_of(self, pk: int) -> np.ndarray | None:
        for part in (self.delta, self.base):
            if part is None:
                continue
            rows = np.flatnonzero(part.ids == pk)
            if len(rows) and part.has_vector[rows[0]] and part.alive[rows[0]]:
                if part.vectors is not None:
                    return part.vectors[rows[0]].astype(np.float32) / encoder.SCALE
                found = fetch_vectors(np.asarray([pk]))
                return found[pk].astype(np.float32) / encoder.SCALE if pk in found else None
        return None

    def self_score(self, query: Counter) -> float:
        """The typed idea's BM25 against itself: the scale of ``lexical``."""
        length = sum(query.values())
        norm = K1 * (1 - B + B * length / max(self.stats.avgdl, 1e-6))
        return sum(self.stats.idf(t) * qw * qw * (K1 + 1) / (qw + norm) for t, qw in query.items())


def _release_freed_memory() -> None:
    """Hand the build's temporary Python objects back to the OS (glibc keeps them otherwise)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


_index = LibraryIndex()


def library_index(*, fresh: bool = False) -> LibraryIndex:
    return _index.current(fresh=fresh)


def reset() -> None:
    """Forget the built index (tests; a new encoder)."""
    global _index
    _index = LibraryIndex()
