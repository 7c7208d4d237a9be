"""Reference ideas: how close the idea being typed comes to ideas in general.

The cosine of two sentence vectors says little on its own. A typed idea written in the
words every proposal uses comes 0.4–0.5 close to many ideas on other topics, while a
plain paraphrase of one earlier idea may come only 0.35 close to it. So the similar-ideas
score reads each cosine against the typed idea's cosines to a fixed set of ideas on many
topics: ``standout`` is how many standard deviations it lies above their mean.

The set is the labelled set's earlier ideas (``labelled/originals.tsv``, shipped with the
app). It is fixed, so a score means the same in a library of 70 ideas and of 200,000;
scores taken relative to the library's own best candidates would change with its size.
Its vectors are computed once per process, when the encoder is first used (70 short
texts, about 0.2 s).
"""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import numpy as np

from similarity import encoder

LABELLED = Path(__file__).resolve().parent / "labelled"
SMALLEST_SPREAD = 0.02  # a typed idea equally far from every reference idea: no division by 0

_lock = threading.Lock()
_keys: list[str] | None = None
_vectors: np.ndarray | None = None


def ideas(folder: Path = LABELLED) -> list[tuple[str, str, str]]:
    """(key, title, summary) of the reference ideas."""
    with open(folder / "originals.tsv", encoding="utf-8") as f:
        return [(r[0], r[1], r[2]) for r in csv.reader(f, delimiter="\t") if r]


def _load() -> tuple[list[str], np.ndarray] | None:
    global _keys, _vectors
    with _lock:
        if _keys is None or _vectors is None:
            rows = ideas()
            vectors = encoder.encode([encoder.text_of(title=t, summary=s) for _k, t, s in rows])
            if vectors is None:
                return None  # the encoder is off or cannot load: tried again next time
            _keys, _vectors = [k for k, _t, _s in rows], vectors
        return _keys, _vectors


def spread(vector: np.ndarray | None, *, leave_out: str = "") -> tuple[float, float] | None:
    """(mean, standard deviation) of the cosines of ``vector`` with the reference ideas;
    None without a vector. ``leave_out``: a reference idea to leave out of them (the
    quality script: the earlier idea a labelled idea is about, which in use is in the
    library and not among the reference ideas)."""
    if vector is None:
        return None
    loaded = _load()
    if loaded is None:
        return None
    keys, vectors = loaded
    cosines = vectors @ np.asarray(vector, dtype=np.float32)
    if leave_out in keys:
        cosines = np.delete(cosines, keys.index(leave_out))
    return float(cosines.mean()), max(float(cosines.std()), SMALLEST_SPREAD)


def standout(meaning: np.ndarray, spread_of: tuple[float, float]) -> np.ndarray:
    """How far each cosine lies above the typed idea's cosines with the reference ideas."""
    mean, deviation = spread_of
    return (meaning - mean) / deviation
