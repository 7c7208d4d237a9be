"""Stock phrases (상투 문구): wording many ideas' summaries share whatever they propose.

Proposals are written to templates. "…해 도민이 체감하는 도정 혁신 과제로 추진합니다" ends
the summaries of ideas about street trees, bus stops and seed banks alike; in a typed
idea's sentence vector and in the share of an earlier idea's words it covers, such a
clause outweighs the few words that say what is proposed, so that every idea ending in it
looked like a duplicate of every other (the quality script's boilerplate set: 5 of 5
unrelated ideas shown).

A stock phrase is a run of ``N`` content morphemes found in the summaries of at least
``MIN_IDEAS`` library ideas (and at least ``SHARE`` of them), of which at most
``TITLED_AT_MOST`` use any of its words in their title. The title is the test: what an
idea is about is in its title, so a topic's phrase ("어린이 보호 구역 주정차") is named by
the titles of the ideas whose summaries carry it, and a template's clause is not. Four
morphemes: shorter runs ("도민 체감") are ordinary phrasing that also says something.

When an idea is compared (typed, or stored pairs), its summary is read without the runs
of stock phrases it carries (``strip_many``): both its terms and its sentence vector. The
earlier ideas' stored terms and vectors stay as they are, so a new stock phrase needs no
new vectors; an idea that carries the clause, searched without it, still finds its true
duplicate by what is left (the boilerplate set's reworded duplicates: 5 of 5 first).

The phrases are found from the library's stored terms (``services.stock_phrases_refresh``:
nightly, before the pairs are compared, and by ``manage.py similarity_pairs``) and kept in
``StockPhrase``; an index built outside the database finds them from its own rows.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np

from similarity import morphology

N = 4
MIN_IDEAS = 3
SHARE = 0.0005  # of the library: 100 ideas at 200,000
TITLED_AT_MOST = 0.2

Rows = Callable[[], Iterable[tuple[list[str], list[str]]]]


def grams(terms: list[str]) -> set[str]:
    """The runs of ``N`` terms, space-separated (as stored in ``StockPhrase.terms``)."""
    return {" ".join(terms[i : i + N]) for i in range(len(terms) - N + 1)}


def least_ideas(library: int) -> int:
    return max(MIN_IDEAS, math.ceil(library * SHARE))


def find(rows: Rows) -> dict[str, int]:
    """Stock phrases, with the ideas whose summaries carry each, from ``rows()``: (title
    terms, summary terms) of every library idea, read twice. The first pass counts each
    run's hash in a flat array (at 200,000 ideas some three million runs: a Counter of
    their strings would hold hundreds of MB); the second counts exactly the runs whose
    hash was frequent."""
    hashes, library = array("q"), 0
    for _title, summary in rows():
        library += 1
        hashes.extend(hash(g) for g in grams(summary))
    least = least_ideas(library)
    if not hashes:
        return {}
    values, counts = np.unique(np.frombuffer(hashes, dtype=np.int64), return_counts=True)
    frequent = set(values[counts >= least].tolist())
    if not frequent:
        return {}
    carried: Counter = Counter()
    titled: Counter = Counter()
    for title, summary in rows():
        named = set(title)
        for gram in grams(summary):
            if hash(gram) in frequent:
                carried[gram] += 1
                titled[gram] += bool(named.intersection(gram.split()))
    return {
        gram: n for gram, n in carried.items() if n >= least and titled[gram] <= TITLED_AT_MOST * n
    }


def carries(terms: list[str], stock: frozenset[str]) -> bool:
    return bool(stock) and not grams(terms).isdisjoint(stock)


def _read_past(text: str, found: list[tuple[str, int, int]], stock: frozenset[str]):
    """(``text`` without the words that carry its runs of stock phrases, the terms left)."""
    terms = [t for t, _s, _e in found]
    drop = [False] * len(found)
    for i in range(len(found) - N + 1):
        if " ".join(terms[i : i + N]) in stock:
            drop[i : i + N] = [True] * N
    if not any(drop):
        return text, terms
    cuts, i = [], 0
    while i < len(found):
        if not drop[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(found) and drop[j + 1]:
            j += 1
        # Whole space-delimited words: "체감하는", "추진합니다." go with their morphemes.
        start, end = found[i][1], found[j][2]
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        cuts.append((start, end))
        i = j + 1
    for start, end in reversed(cuts):
        text = text[:start] + " " + text[end:]
    kept = [t for t, dropped in zip(terms, drop, strict=True) if not dropped]
    return " ".join(text.split()), kept


def strip_many(texts: list[str], stock: frozenset[str]) -> list[tuple[str, list[str]]]:
    """Each text without the words (whole, space-delimited) that carry its runs of stock
    phrases, with its content morphemes left; analysed in one batch."""
    return [
        _read_past(text, found, stock)
        for text, found in zip(texts, morphology.spans_many(texts), strict=True)
    ]
