"""Quality of similar-idea suggestions on a labelled set (outside the database).

The set: earlier ideas, and typed ideas labelled reworded / paraphrase (with the earlier
idea they duplicate), hard_negative (same topic as an earlier idea, another proposal) and
unrelated. Used by ``benchmarks/similar_ideas_quality.py`` and the tests.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from similarity import encoder, morphology, selectors
from similarity.index import LibraryIndex, weighted_terms
from similarity.selectors import Query, ranked

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "similarity"


@dataclass
class Labelled:
    originals: list[tuple[str, str, str]]  # key, title, summary
    queries: list[tuple[str, str, str, str]]  # kind, original key or "-", title, summary


def load(folder: Path = LABELLED) -> Labelled:
    def rows(name):
        with open(folder / name, encoding="utf-8") as f:
            return [tuple(r) for r in csv.reader(f, delimiter="\t") if r]

    return Labelled(originals=rows("originals.tsv"), queries=rows("queries.tsv"))


def build_index(data: Labelled, *, with_vectors: bool) -> LibraryIndex:
    titles = morphology.terms_many([o[1] for o in data.originals])
    summaries = morphology.terms_many([o[2] for o in data.originals])
    vectors = (
        encoder.encode([encoder.text_of(title=o[1], summary=o[2]) for o in data.originals])
        if with_vectors
        else None
    )
    rows = [
        (
            n + 1,
            titles[n],
            summaries[n],
            [],
            None if vectors is None else encoder.to_bytes(vectors[n]),
        )
        for n in range(len(data.originals))
    ]
    return LibraryIndex.from_rows(rows)


def queries(data: Labelled, *, with_vectors: bool, title_only: bool = False) -> list[Query]:
    titles = morphology.terms_many([q[2] for q in data.queries])
    summaries = morphology.terms_many(["" if title_only else q[3] for q in data.queries])
    vectors = (
        encoder.encode(
            [encoder.text_of(title=q[2], summary="" if title_only else q[3]) for q in data.queries]
        )
        if with_vectors
        else None
    )
    return [
        Query(
            terms=weighted_terms(titles[n], summaries[n], []),
            shown_terms=titles[n] + summaries[n],
            vector=None if vectors is None else vectors[n],
            title_only=title_only,
        )
        for n in range(len(data.queries))
    ]


def evaluate(
    data: Labelled | None = None,
    *,
    with_vectors: bool = True,
    threshold: float | None = None,
    title_only: bool = False,
) -> dict:
    """recall@1 and recall@5 per duplicate kind, hard negatives first, unrelated shown."""
    data = data or load()
    index = build_index(data, with_vectors=with_vectors)
    key_to_id = {o[0]: n + 1 for n, o in enumerate(data.originals)}
    figures = {
        "reworded": [0, 0, 0],  # first, in top five, total
        "paraphrase": [0, 0, 0],
        "hard_negative_first": [0, 0],  # ranked first, total
        "unrelated_shown": [0, 0],
    }
    misses = []
    for (kind, key, title, _summary), query in zip(
        data.queries, queries(data, with_vectors=with_vectors, title_only=title_only), strict=True
    ):
        found = [
            r[0]
            for r in ranked(
                query,
                exclude=set(),
                limit=5,
                index=index,
                threshold=selectors.THRESHOLD if threshold is None else threshold,
            )
        ]
        if kind in ("reworded", "paraphrase"):
            f = figures[kind]
            f[2] += 1
            f[0] += bool(found) and found[0] == key_to_id[key]
            f[1] += key_to_id[key] in found
            if not found or found[0] != key_to_id[key]:
                misses.append((kind, title, found[:1]))
        elif kind == "hard_negative":
            figures["hard_negative_first"][1] += 1
            if found and found[0] == key_to_id[key]:
                figures["hard_negative_first"][0] += 1
                misses.append((kind, title, found[:1]))
        else:
            figures["unrelated_shown"][1] += 1
            if found:
                figures["unrelated_shown"][0] += 1
                misses.append((kind, title, found[:1]))
    figures["misses"] = misses
    return figures


def features(
    data: Labelled, *, with_vectors: bool, title_only: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(meaning, words) and a 0/1 label for every (typed idea, earlier idea) pair: the data
    the calibration is fitted on. Label 1: the earlier idea this one duplicates."""
    index = build_index(data, with_vectors=with_vectors)
    key_to_id = {o[0]: n + 1 for n, o in enumerate(data.originals)}
    xs, ys = [], []
    for (kind, key, *_), query in zip(
        data.queries, queries(data, with_vectors=with_vectors, title_only=title_only), strict=True
    ):
        scale = index.self_score(query.terms) or 1.0
        lexical, meaning = index.base.scores(query.terms, index.stats, query.vector)
        words = np.minimum(lexical / np.sqrt(scale * np.maximum(index.base.self_scores, 1e-6)), 1)
        for row, pk in enumerate(index.base.ids):
            m = float(meaning[row]) if meaning is not None else 0.0
            xs.append((m, float(words[row])))
            ys.append(int(kind in ("reworded", "paraphrase") and key_to_id[key] == pk))
    return np.asarray(xs), np.asarray(ys)
