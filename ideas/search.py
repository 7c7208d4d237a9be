"""Finding ideas in Korean: library search by morphemes (and any part of a word).

Korean compounds are written with or without spaces (기업유치 관리시스템 / 기업 유치 관리
시스템) and particles stick to words (기업유치를), so a query word matches by its content
morphemes (similarity.morphology, Kiwi) against the morphemes stored per idea
(similarity.IdeaTerms, GIN-indexed on PostgreSQL by similarity migration 0002), or as a
part of the title or summary. Similar ideas live in similarity.selectors.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import IContains, Lookup

from core import pagination
from core.text import one_line
from ideas.models import Idea

_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACE = re.compile(r"\s+")

SIMILAR_CANDIDATES = 50
SIMILAR_MIN_SCORE = 0.2
# pg_trgm threshold for the candidate scan; low, because the Python score decides.
TRIGRAM_THRESHOLD = 0.15
# Within a relevance tier (and the library's own order): served by idea_library_order_idx.
NEWEST_FIRST = (F("submitted_at").desc(nulls_first=True), "-pk")


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


def query_terms(query: str) -> list[list[str]]:
    """Per word of the query, its content morphemes (기업유치를 → [기업, 유치])."""
    from similarity import morphology

    return [morphology.terms(w) or [w] for w in words(query)]


def _morpheme_match(word_terms: list[str]):
    """Ideas whose stored morphemes start with each of ``word_terms`` (spacing ignored)."""
    from similarity.models import IdeaTerms

    if _is_postgres():
        literal = " & ".join(
            "'" + t.replace("\\", "\\\\").replace("'", "''") + "':*" for t in word_terms
        )
        return IdeaTerms.objects.filter(
            RawSQL(
                "similarity_terms_vector(title_terms, summary_terms, body_terms) @@ %s::tsquery",
                (literal,),
                output_field=BooleanField(),
            )
        ).values("idea_id")
    matches = IdeaTerms.objects.all()
    for term in word_terms:
        needle = f" {term}"
        matches = matches.filter(
            Q(title_terms__contains=needle)
            | Q(summary_terms__contains=needle)
            | Q(body_terms__contains=needle)
        )
    return matches.values("idea_id")


def search(queryset: QuerySet[Idea], query: str) -> QuerySet[Idea]:
    """Ideas that say every word of ``query``, most relevant first.

    A word matches by its content morphemes (관리시스템 finds 관리 시스템, 기업유치를 finds
    기업유치; a morpheme also matches as a prefix: 복지 finds 복지관) or, as before, as part
    of the title or summary (관리시스 finds 관리시스템).
    """
    terms = words(one_line(query))
    if not terms:
        return queryset
    per_word = query_terms(query)
    matched, found = queryset, queryset
    for term, word_terms in zip(terms, per_word, strict=True):
        morphemes, substring = _morpheme_match(word_terms), _substring_match(term)
        # Two id sets, each found through its own index (hashed subplans on PostgreSQL).
        matched = matched.filter(Q(pk__in=morphemes) | Q(pk__in=substring))
        found = found.filter(pk__in=_either(morphemes, substring))
    in_title, in_summary = _in_title_and_summary(terms)
    relevance = Case(
        When(in_title, then=Value(2)),
        When(in_summary, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    ranked = matched.annotate(search_relevance=relevance).order_by(
        "-search_relevance", *NEWEST_FIRST
    )
    return pagination.in_parts(ranked, _relevance_tiers(queryset, found, terms))


def _substring_match(term: str):
    """The ids of ideas holding ``term`` in the title or summary."""
    if _is_postgres() and len(term) >= 2:
        # The bigram index (ideas migration 0002) narrows; the LIKE confirms. Written
        # out: inside a subquery Django renames the table, which RawSQL cannot follow.
        like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return RawSQL(
            "SELECT id FROM ideas_idea WHERE idea_ngrams(title || ' ' || summary) @@ %s::tsquery"
            " AND (title ILIKE %s OR summary ILIKE %s)",
            (_tsquery_literal(bigrams(term)), like, like),
        )
    return Idea.objects.filter(Q(title__icontains=term) | Q(summary__icontains=term)).values("pk")


def _either(morphemes: QuerySet, substring) -> QuerySet | RawSQL:
    """The ids of either set as one subquery: on PostgreSQL a UNION, which the planner
    joins to the ideas by their primary key (a few thousand look-ups for a rare word)
    instead of testing every idea of the library against two hashed sets."""
    if not _is_postgres():
        return Idea.objects.filter(Q(pk__in=morphemes) | Q(pk__in=substring)).values("pk")
    sql, params = morphemes.order_by().query.sql_with_params()
    if isinstance(substring, RawSQL):
        other_sql, other_params = substring.sql, tuple(substring.params)
    else:  # a one-letter word: LIKE alone
        other_sql, other_params = substring.order_by().query.sql_with_params()
    # Both parts compiled by the ORM or written above, their values bound as parameters.
    return RawSQL(f"({sql}) UNION ({other_sql})", (*params, *other_params))  # noqa: S611


class _Holds(IContains):
    """``icontains``, on PostgreSQL as ``column ILIKE '%word%'``: the planner estimates it
    from the column's statistics, where Django's ``UPPER(column) LIKE`` has none (it
    guessed 1 title holding 혁신 where 110 did, at 10,000 ideas, and chose its plan so)."""

    def as_postgresql(self, compiler, connection):
        lhs_sql, lhs_params = Lookup.process_lhs(self, compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql}::text ILIKE {rhs_sql}", (*lhs_params, *rhs_params)


def _in_title_and_summary(terms: list[str]) -> tuple[Q, Q]:
    in_title, in_summary = Q(), Q()
    for term in terms:
        in_title &= Q(_Holds(F("title"), term))
        in_summary &= Q(_Holds(F("summary"), term))
    return in_title, in_summary


def _relevance_tiers(unsearched: QuerySet[Idea], matched: QuerySet[Idea], terms: list[str]):
    """The search's order as three queries, each newest first (so an index serves it and a
    page stops early): every word in the title, else every word in the summary, else the
    rest (matched in the problem or proposal, or by morphemes only).

    The first two need neither match set: a word in the title or summary is a match. On
    PostgreSQL they also name the n-grams the words imply, so that for a rare word the
    planner can take the n-gram index rather than walk the library for it. Only the last
    tier computes the match sets, and only for pages (or counts) that reach it.
    """
    in_title, in_summary = _in_title_and_summary(terms)
    hint = _ngram_hint(terms)
    title_tier = unsearched.filter(hint & in_title)
    summary_tier = unsearched.filter(hint & in_summary).exclude(in_title)
    # By the words alone (LIKE, cheap), not the n-grams (about 70 µs an idea to compute).
    rest = matched.exclude(in_title).exclude(in_summary)
    tiers = [*_drafts_then_library(title_tier), *_drafts_then_library(summary_tier), rest]
    return [tier.order_by(*NEWEST_FIRST) for tier in tiers]


def _drafts_then_library(tier: QuerySet[Idea]) -> list[QuerySet[Idea]]:
    """What the API reads (the library or the caller's team: IdeaQuerySet.readable_by) in
    two parts, the team's drafts and then the library: with the OR, no index serves the
    order and every match is sorted (210 ms for 혁신 at 200,000 ideas). A draft has no
    submission time (ideas.services sets it with the reference number), so the drafts come
    first in the order, NULLS FIRST."""
    team_id = getattr(tier.query, "drafts_of_team", None)
    if team_id is None:
        return [tier]
    in_library = Q(reference_number__isnull=False) & ~Q(status=Idea.Status.DRAFT)
    return [tier.filter(team_id=team_id).exclude(in_library), tier.filter(in_library)]


_CASELESS_WORD = re.compile(r"[가-힣a-z0-9]{2,}")


def _ngram_hint(terms: list[str]) -> Q:
    """On PostgreSQL, the n-gram index condition implied by the words being part of the
    title or summary; elsewhere nothing. Only words of two or more Hangul syllables, ASCII
    letters and digits count: the n-grams split words at anything but letters and digits,
    and for these letters upper and lower case map one to one (the tiers' LIKE compares in
    upper case, the n-grams in lower), so the hint never leaves out a title or summary
    that holds the words. (A dotless ı that upper-cases to I could; not in this corpus.)"""
    grams: set[str] = set()
    for term in terms:
        if _CASELESS_WORD.fullmatch(term):
            grams |= bigrams(term)
    if not grams or not _is_postgres():
        return Q()
    # Top-level queries only (the paginator runs each tier on its own), so the columns
    # may name the table.
    return Q(
        RawSQL(
            """idea_ngrams("ideas_idea"."title" || ' ' || "ideas_idea"."summary") @@ %s::tsquery""",
            (_tsquery_literal(grams),),
            output_field=BooleanField(),
        )
    )


# How much of the idea being typed is compared: the intake form's live check cuts what is
# typed to this, the API refuses more (SimilarBodySerializer), so both give one list.
TYPED_LIMITS = {"title": 200, "summary": 2_000}


def similar_ideas(
    *,
    title: str,
    summary: str = "",
    exclude_pk: int | None = None,
    limit: int = 5,
):
    """The submitted ideas of every season most like the idea being typed (see similarity)."""
    from similarity.selectors import similar_ideas as find

    # PostgreSQL refuses a NUL in any text parameter: what is typed is searched as one line.
    return find(
        title=one_line((title or "")[: TYPED_LIMITS["title"]]),
        summary=one_line((summary or "")[: TYPED_LIMITS["summary"]]),
        exclude_pk=exclude_pk,
        limit=limit,
    )
