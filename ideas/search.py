"""Finding ideas in Korean: library search by any part of a word, and similar ideas.

Korean compounds are written with or without spaces (기업유치 관리시스템 / 기업 유치 관리
시스템) and a two-syllable word (혁신, 복지) is a whole concept, so both look-ups work on
character bigrams rather than on words. On PostgreSQL they are served by the indexes of
migration 0002 (``idea_ngrams`` GIN and a trigram index on the title without spaces);
on SQLite the same results come from LIKE and Python, which is fine for the demo's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace

from core.text import one_line
from ideas.models import Idea

_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACE = re.compile(r"\s+")

SIMILAR_CANDIDATES = 50
SIMILAR_MIN_SCORE = 0.2
# pg_trgm threshold for the candidate scan; low, because the Python score decides.
TRIGRAM_THRESHOLD = 0.15


def words(text: str) -> list[str]:
    return [w for w in _WORD.split((text or "").lower()) if w and w != "_"]


def bigrams(text: str) -> set[str]:
    """The character bigrams of every word (a one-letter word counts as itself)."""
    grams: set[str] = set()
    for word in words(text):
        if len(word) == 1:
            grams.add(word)
        grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return grams


def compact_bigrams(text: str) -> set[str]:
    """Bigrams of the text with spaces removed, so that spacing does not matter."""
    return bigrams(_SPACE.sub("", text or ""))


def dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _tsquery_literal(grams: set[str]) -> str:
    # Each bigram is a quoted lexeme; quotes and backslashes inside are escaped.
    quoted = ("'" + g.replace("\\", "\\\\").replace("'", "''") + "'" for g in sorted(grams))
    return " & ".join(quoted)


def search(queryset: QuerySet[Idea], query: str) -> QuerySet[Idea]:
    """Ideas whose title or summary contains every word of ``query`` (any part of a word)."""
    terms = words(one_line(query))
    if not terms:
        return queryset
    for term in terms:
        queryset = queryset.filter(Q(title__icontains=term) | Q(summary__icontains=term))
    if _is_postgres() and all(len(t) >= 2 for t in terms):
        # The bigram index narrows the rows; the LIKE filters above confirm each match.
        grams = set().union(*(bigrams(t) for t in terms))
        queryset = queryset.filter(
            RawSQL(
                "idea_ngrams(ideas_idea.title || ' ' || ideas_idea.summary) @@ %s::tsquery",
                (_tsquery_literal(grams),),
                output_field=BooleanField(),
            )
        )
    return queryset


@dataclass(frozen=True)
class SimilarIdea:
    idea: Idea
    score: float


def similar_ideas(
    *, title: str, summary: str = "", exclude_pk: int | None = None, limit: int = 5
) -> list[SimilarIdea]:
    """The submitted ideas of every season most like a title (and summary) being typed."""
    # PostgreSQL refuses a NUL in any text parameter: what is typed is searched as one line.
    title, summary = one_line(title), one_line(summary)
    compact = _SPACE.sub("", title or "")
    if len(compact) < 2:
        return []
    pool = (
        Idea.objects.visible_in_library()
        .select_related("season")
        .only(
            "id",
            "title",
            "summary",
            "status",
            "reference_number",
            "team_name",
            "bureau_name",
            "season__name",
            "season__code",
        )
    )
    if exclude_pk:
        pool = pool.exclude(pk=exclude_pk)
    if _is_postgres():
        candidates = _trigram_candidates(pool, compact)
    else:
        grams = compact_bigrams(title)
        match_any = Q()
        for gram in grams:
            match_any |= Q(title__icontains=gram)
        candidates = list(pool.filter(match_any))
    wanted_title = compact_bigrams(title)
    wanted_summary = compact_bigrams(summary) if summary.strip() else set()
    scored = []
    for idea in candidates:
        score = dice(wanted_title, compact_bigrams(idea.title))
        if wanted_summary:
            score = 0.75 * score + 0.25 * dice(wanted_summary, compact_bigrams(idea.summary))
        if score >= SIMILAR_MIN_SCORE:
            scored.append(SimilarIdea(idea=idea, score=round(score, 3)))
    scored.sort(key=lambda s: (-s.score, s.idea.pk))
    return scored[:limit]


def _trigram_candidates(pool: QuerySet[Idea], compact: str) -> list[Idea]:
    from django.contrib.postgres.search import TrigramSimilarity

    title_compact = Replace("title", Value(" "), Value(""))
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL lasts until the end of this transaction only.
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [TRIGRAM_THRESHOLD])
        return list(
            pool.annotate(title_compact=title_compact)
            .filter(title_compact__trigram_similar=compact)
            .annotate(similarity=TrigramSimilarity(title_compact, compact))
            .order_by("-similarity")[:SIMILAR_CANDIDATES]
        )
