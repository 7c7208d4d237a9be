"""Writes of the similarity app: an idea's terms and vector, its likely duplicates, dismissed
pairs."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ensure, ensure_allowed
from departments.models import User
from ideas import permissions as idea_permissions
from ideas.models import Idea, Season
from similarity import encoder, morphology, permissions, stock
from similarity.models import DismissedPair, IdeaTerms, StockPhrase, SuggestedPair


def idea_terms_refresh(*, ideas: list[Idea], with_vectors: bool = True) -> int:
    """Store the content morphemes (and sentence vectors) of ``ideas``; returns how many."""
    if not ideas:
        return 0
    titles = morphology.terms_many([i.title for i in ideas])
    summaries = morphology.terms_many([i.summary for i in ideas])
    bodies = morphology.terms_many([f"{i.problem}\n{i.proposal}" for i in ideas])
    vectors = (
        encoder.encode([encoder.text_of(title=i.title, summary=i.summary) for i in ideas])
        if with_vectors
        else None
    )
    rows = [
        IdeaTerms(
            idea_id=idea.pk,
            title_terms=morphology.as_text(t),
            summary_terms=morphology.as_text(s),
            body_terms=morphology.as_text(b),
            vector=None if vectors is None else encoder.to_bytes(vectors[n]),
            encoder="" if vectors is None else encoder.NAME,
        )
        for n, (idea, t, s, b) in enumerate(zip(ideas, titles, summaries, bodies, strict=True))
    ]
    fields = ["title_terms", "summary_terms", "body_terms", "updated_at"]
    if vectors is not None:
        fields += ["vector", "encoder"]
    with transaction.atomic():
        IdeaTerms.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["idea"], update_fields=fields
        )
    return len(rows)


def suggested_pairs_refresh(*, ideas: list[Idea]) -> int:
    """Compare each of ``ideas`` with the library and keep what its search finds as its
    likely duplicates (``SuggestedPair``), in place of what it found before; mark each
    compared under the current scoring. An idea no longer in the library keeps none.
    Returns the pairs stored."""
    from similarity import selectors
    from similarity.index import library_index

    if not ideas:
        return 0
    ids = [i.pk for i in ideas]
    in_library = list(Idea.objects.visible_in_library().filter(pk__in=ids))
    # Taken before the search: an edit while it runs leaves the idea to compare again.
    checked_at = timezone.now()
    # Fresh: the terms and vectors this task has just written must be in the index.
    found = selectors.found_pairs(in_library, library_index(fresh=True))
    rows = [
        SuggestedPair(idea_id=pk, other_id=other, score=min(max(score, 0.0), 1.0),
                      shared_words=" ".join(shared)[:300])
        for pk, pairs in found.items()
        for other, score, shared in pairs
    ]  # fmt: skip
    with transaction.atomic():
        SuggestedPair.objects.filter(idea__in=ids).delete()
        # Two tasks may compare one idea at once (both name it): the later rows win.
        SuggestedPair.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["idea", "other"],
            update_fields=["score", "shared_words"],
        )
        # update(), not save(): the terms' updated_at (what the index follows) stays.
        IdeaTerms.objects.filter(idea__in=ids).update(
            pairs_checked_at=checked_at, pairs_version=selectors.PAIRS_VERSION
        )
    return len(rows)


def idea_similarity_refresh(*, ideas: list[Idea], with_vectors: bool = True) -> int:
    """After a submission or an edit: the ideas' terms and vectors, then their likely
    duplicates. The ideas whose stored pairs name one of them were scored against what it
    said before: they are marked to compare again, and their seasons' task queued after
    the commit (not compared here: an idea many others name would hold this task past its
    time limit). Returns the pairs stored."""
    from similarity.tasks import season_pairs_refresh_task

    idea_terms_refresh(ideas=ideas, with_vectors=with_vectors)
    ids = [i.pk for i in ideas]
    naming = SuggestedPair.objects.filter(other__in=ids).exclude(idea__in=ids)
    seasons = set(naming.values_list("idea__season", flat=True))
    IdeaTerms.objects.filter(idea__in=naming.values("idea_id")).update(pairs_checked_at=None)
    for season_id in seasons:
        transaction.on_commit(partial(season_pairs_refresh_task.delay, season_id))
    return suggested_pairs_refresh(ideas=ideas)


def stock_phrases_refresh() -> tuple[int, int]:
    """Find the library's stock phrases again (``similarity.stock``) and keep them in
    ``StockPhrase``. The ideas whose summaries carry a phrase found or dropped were
    compared reading it otherwise: they are marked to compare again (``pairs_pending``),
    which the callers do next (the nightly task, ``manage.py similarity_pairs``).
    Returns (phrases found, phrases dropped)."""
    from similarity.selectors import library_terms

    found = stock.find(lambda: ((title, summary) for _pk, title, summary in library_terms()))
    before = set(StockPhrase.objects.values_list("terms", flat=True))
    added, dropped = found.keys() - before, before - found.keys()
    with transaction.atomic():
        StockPhrase.objects.filter(terms__in=dropped).delete()
        StockPhrase.objects.bulk_create(
            [StockPhrase(terms=terms, ideas=n) for terms, n in found.items()],
            update_conflicts=True,
            unique_fields=["terms"],
            update_fields=["ideas"],
        )
        _compare_again_carrying(added | dropped)
    return len(added), len(dropped)


def _compare_again_carrying(phrases: set[str]) -> int:
    """Mark the library ideas whose summaries carry any of ``phrases`` to compare again
    (``pairs_pending``); how many."""
    from similarity.selectors import library_terms

    if not phrases:
        return 0
    # One pass in Python: an OR of a LIKE per phrase would test every phrase against every
    # summary (hundreds of phrases at 200,000 ideas).
    carrying = [
        pk
        for pk, _title, summary in library_terms()
        if not stock.grams(summary).isdisjoint(phrases)
    ]
    for start in range(0, len(carrying), 5_000):
        IdeaTerms.objects.filter(idea__in=carrying[start : start + 5_000]).update(
            pairs_checked_at=None
        )
    return len(carrying)


@transaction.atomic
def stock_phrases_overrule(*, phrases, overruled: bool, by: User) -> int:
    """The planning office judges stock phrases: ``overruled``, they say what ideas
    propose and are read when ideas are compared; otherwise they are read past again (the
    default for a phrase found). The ideas carrying a phrase whose reading changed are
    marked to compare again (nightly, or by the season's "지금 비교"); returns how many."""
    ensure_allowed(
        permissions.can_review_duplicates(by), _("상투 문구는 기획조정실만 판단할 수 있습니다.")
    )
    from similarity.selectors import stock_phrases_judged_otherwise

    changed = stock_phrases_judged_otherwise(phrases, overruled=overruled)
    terms = set(changed.values_list("terms", flat=True))
    changed.update(
        overruled_at=timezone.now() if overruled else None, overruled_by=by if overruled else None
    )
    return _compare_again_carrying(terms)


def season_pairs_check(*, season: Season, by: User) -> int:
    """The planning office asks to compare the season's ideas not yet compared (a Celery
    task after commit, in batches); returns how many are waiting."""
    ensure_allowed(
        permissions.can_review_duplicates(by), _("중복 판단은 기획조정실만 할 수 있습니다.")
    )
    from similarity import selectors
    from similarity.tasks import season_pairs_refresh_task

    waiting = selectors.pairs_pending(season).count()
    ensure(waiting > 0, _("이 시즌의 아이디어는 모두 비교했습니다."))
    transaction.on_commit(lambda: season_pairs_refresh_task.delay(season.pk))
    return waiting


def _pair(a: Idea, b: Idea) -> tuple[Idea, Idea]:
    return (a, b) if a.pk < b.pk else (b, a)


@transaction.atomic
def pair_dismiss(*, idea: Idea, other: Idea, by: User) -> DismissedPair:
    """The planning office says two ideas are not duplicates; the pair is not suggested again."""
    ensure_allowed(
        idea_permissions.can_link_duplicate(by, idea),
        _("중복 판단은 기획조정실만 할 수 있습니다."),
    )
    ensure(idea.pk != other.pk, _("같은 아이디어끼리는 비교할 수 없습니다."), field="other")
    first, second = _pair(idea, other)
    pair, _created = DismissedPair.objects.get_or_create(
        first=first, second=second, defaults={"dismissed_by": by}
    )
    return pair
