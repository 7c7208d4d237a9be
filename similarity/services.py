"""Writes of the similarity app: an idea's terms and vector, dismissed pairs."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ensure, ensure_allowed
from departments.models import User
from ideas import permissions as idea_permissions
from ideas.models import Idea
from similarity import encoder, morphology
from similarity.models import DismissedPair, IdeaTerms


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
