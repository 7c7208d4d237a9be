"""The in-process index that similar-idea look-ups score against: every library idea at once.

Three scores per earlier idea, all over the whole library (no candidate gate):

- **lexical**: BM25 over content morphemes of title (weight 2), summary (1), problem and
  proposal (0.5); the selector scales it by both ideas' scores against themselves, so 1.0
  means "the same words";
- **cover**: the share of the earlier idea's title and summary morphemes (each counted
  once, weighted by IDF) that the typed idea's title and summary use. A same-topic idea
  that proposes something else shares the topic noun, not the action or the object: its
  words score is fair, its cover low;
- **meaning**: the cosine of the sentence vectors (int8 matrix × the typed vector).

The arrays are built from ``IdeaTerms`` on first use and kept per process. Each look-up
asks (at most every ``SIMILARITY_INDEX_CHECK_SECONDS``) for the library's count and last
change; ideas changed since are scored from a small side index and masked in the big one,
and the big one is rebuilt when the side one grows past ``DELTA_LIMIT`` or ideas vanish.
Ideas with no stored terms (made outside the services, e.g. by fixtures) are tokenised
on the fly when the index is built.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from ideas.models import Idea
from similarity import encoder, morphology
from similarity.models import IdeaTerms

log = logging.getLogger(__name__)

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {"title": 2.0, "summary": 1.0, "body": 0.5}
DELTA_LIMIT = 2_000
CHUNK = 32_768  # rows of the int8 matrix widened to float32 at a time


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
    df: dict[str, int]

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))


@dataclass
class Part:
    ids: np.ndarray  # int64 idea ids
    # term -> (rows, weighted tf, in the title or summary: the ``cover`` share)
    postings: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    norm: np.ndarray  # K1 * (1 - B + B * dl / avgdl) per row
    vectors: np.ndarray | None  # int8 (rows, 512)
    has_vector: np.ndarray  # bool per row
    alive: np.ndarray  # bool per row (False: superseded by the side index)
    self_scores: np.ndarray  # each idea's BM25 against itself (the words score's scale)
    head_mass: np.ndarray  # IDF sum of each idea's distinct title and summary terms

    def scores(
        self,
        query: Counter,
        stats: Stats,
        qvec: np.ndarray | None,
        head: set[str] | None = None,
    ):
        """(lexical, cover, meaning) of every row; meaning None without vectors, NaN per row
        without one. ``head``: the typed idea's title and summary terms, the ones that count
        for ``cover`` (all of ``query`` when None)."""
        n = len(self.ids)
        lexical = np.zeros(n, dtype=np.float32)
        covered = np.zeros(n, dtype=np.float32)
        for term, qw in query.items():
            found = self.postings.get(term)
            if found is None:
                continue
            rows, tf, in_head = found
            idf = stats.idf(term)
            lexical[rows] += (idf * qw * tf * (K1 + 1) / (tf + self.norm[rows])).astype(np.float32)
            if head is None or term in head:
                covered[rows[in_head]] += idf
        cover = covered / np.maximum(self.head_mass, 1e-6)
        meaning = None
        if qvec is not None and self.vectors is not None:
            meaning = np.empty(n, dtype=np.float32)
            q = qvec.astype(np.float32) / encoder.SCALE
            for start in range(0, n, CHUNK):
                block = self.vectors[start : start + CHUNK].astype(np.float32)
                meaning[start : start + CHUNK] = block @ q
            meaning[~self.has_vector] = np.nan
        return lexical, cover, meaning


def _build_part(rows: list[tuple], stats: Stats | None) -> tuple[Part, Stats]:
    """rows: (idea id, title terms, summary terms, body terms, vector bytes or None)."""
    n = len(rows)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    lengths = np.zeros(n, dtype=np.float32)
    by_term: dict[str, tuple[list[int], list[float], list[bool]]] = {}
    for i, (_pk, title, summary, body, _vector) in enumerate(rows):
        counts = weighted_terms(title, summary, body)
        head = set(title) | set(summary)
        lengths[i] = sum(counts.values())
        for term, tf in counts.items():
            entry = by_term.get(term)
            if entry is None:
                entry = by_term[term] = ([], [], [])
            entry[0].append(i)
            entry[1].append(tf)
            entry[2].append(term in head)
    if stats is None:
        stats = Stats(
            n=max(n, 1),
            avgdl=float(lengths.mean()) if n else 1.0,
            df={t: len(e[0]) for t, e in by_term.items()},
        )
    postings = {
        t: (np.asarray(r, dtype=np.int32), np.asarray(w, dtype=np.float32), np.asarray(h))
        for t, (r, w, h) in by_term.items()
    }
    del by_term
    norm = (K1 * (1 - B + B * lengths / max(stats.avgdl, 1e-6))).astype(np.float32)
    self_scores = np.zeros(n, dtype=np.float32)
    head_mass = np.zeros(n, dtype=np.float32)
    for term, (rows_of, tf, head) in postings.items():
        idf = stats.idf(term)
        self_scores[rows_of] += (
            idf * query_weight(tf) * tf * (K1 + 1) / (tf + norm[rows_of])
        ).astype(np.float32)
        head_mass[rows_of[head]] += idf
    has_vector = np.fromiter(
        (r[4] is not None and len(r[4]) == encoder.DIMENSIONS for r in rows), dtype=bool, count=n
    )
    vectors = None
    if has_vector.any():
        vectors = np.zeros((n, encoder.DIMENSIONS), dtype=np.int8)
        for i, r in enumerate(rows):
            if has_vector[i]:
                vectors[i] = encoder.from_bytes(bytes(r[4]))
    part = Part(
        ids=ids,
        postings=postings,
        norm=norm,
        self_scores=self_scores,
        head_mass=head_mass,
        vectors=vectors,
        has_vector=has_vector,
        alive=np.ones(n, dtype=bool),
    )
    return part, stats


def _split(text: str) -> list[str]:
    return text.split() if text else []


def load_rows(idea_ids=None) -> list[tuple]:
    """Terms and vectors of library ideas (all, or ``idea_ids``); missing terms computed."""
    visible = Idea.objects.visible_in_library()
    if idea_ids is not None:
        visible = visible.filter(pk__in=idea_ids)
    stored = IdeaTerms.objects.filter(idea__in=visible).values_list(
        "idea_id", "title_terms", "summary_terms", "body_terms", "vector", "encoder"
    )
    rows = []
    seen = set()
    for pk, title, summary, body, vector, name in stored.iterator(chunk_size=5_000):
        seen.add(pk)
        vec = vector if vector is not None and name == encoder.NAME else None
        rows.append((pk, _split(title), _split(summary), _split(body), vec))
    missing = visible.exclude(pk__in=seen) if seen else visible
    missing = list(missing.values_list("pk", "title", "summary", "problem", "proposal"))
    if missing:
        titles = morphology.terms_many([m[1] for m in missing])
        summaries = morphology.terms_many([m[2] for m in missing])
        bodies = morphology.terms_many([f"{m[3]}\n{m[4]}" for m in missing])
        for m, t, s, b in zip(missing, titles, summaries, bodies, strict=True):
            rows.append((m[0], t, s, b, None))
    return rows


def _version() -> tuple:
    ideas = Idea.objects.visible_in_library().aggregate(n=Count("pk"), last=Max("updated_at"))
    terms = IdeaTerms.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return (ideas["n"], ideas["last"], terms["n"], terms["last"])


class LibraryIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.base: Part | None = None
        self.delta: Part | None = None
        self.stats: Stats | None = None
        self.version: tuple | None = None
        self.checked_at = 0.0

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> LibraryIndex:
        """An index over given rows, outside the database (the quality script)."""
        index = cls()
        index.base, index.stats = _build_part(rows, None)
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
        self.delta, _ = _build_part(load_rows(changed), self.stats)
        self.base.alive = ~np.isin(self.base.ids, self.delta.ids)
        self.version = version

    def current(self) -> LibraryIndex:
        now = time.monotonic()
        if self.checked_at == float("inf"):
            return self
        if self.base is not None and now - self.checked_at < getattr(
            settings, "SIMILARITY_INDEX_CHECK_SECONDS", 2.0
        ):
            return self
        with self._lock:
            version = _version()
            self.checked_at = time.monotonic()
            if version != self.version:
                self._refresh(version)
        return self

    def parts(self) -> list[Part]:
        return [p for p in (self.base, self.delta) if p is not None and len(p.ids)]

    def vector_of(self, pk: int) -> np.ndarray | None:
        for part in (self.delta, self.base):
            if part is None or part.vectors is None:
                continue
            rows = np.flatnonzero(part.ids == pk)
            if len(rows) and part.has_vector[rows[0]] and part.alive[rows[0]]:
                return part.vectors[rows[0]].astype(np.float32) / encoder.SCALE
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


def library_index() -> LibraryIndex:
    return _index.current()


def reset() -> None:
    """Forget the built index (tests; a new encoder)."""
    global _index
    _index = LibraryIndex()
