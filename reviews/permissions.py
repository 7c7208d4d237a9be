"""Who may do what in review and selection, in which round state.

Blind review is decided here, once: the scores of an evaluation are visible to the
planning office at any time, to its own reviewer, and to other reviewers only after the
round has closed; teams never see scores, only published decisions.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from departments.permissions import is_reviewer
from ideas.models import Idea
from ideas.permissions import can_view_idea, manages_seasons
from reviews.models import Assignment, Decision, Directive, Evaluation, ReviewRound

manages_reviews = manages_seasons


@rules.predicate
def round_is_editable(user, review_round: ReviewRound | None) -> bool:
    """Criteria and settings change only before scoring starts (see services)."""
    return bool(
        review_round is not None
        and manages_reviews(user)
        and review_round.status != ReviewRound.Status.CLOSED
    )


@rules.predicate
def can_score(user, assignment: Assignment | None) -> bool:
    """The assigned reviewer scores while the round is open."""
    return bool(
        assignment is not None
        and user.is_authenticated
        and assignment.reviewer_id == user.pk
        and assignment.round.status == ReviewRound.Status.OPEN
        and is_reviewer(user)
    )


@rules.predicate
def can_view_evaluation(user, evaluation: Evaluation | None) -> bool:
    if evaluation is None or not user.is_authenticated:
        return False
    if manages_reviews(user) or evaluation.reviewer_id == user.pk:
        return True
    return bool(is_reviewer(user) and evaluation.round.status == ReviewRound.Status.CLOSED)


@rules.predicate
def can_view_scores_of_round(user, review_round: ReviewRound | None) -> bool:
    """All scores of a round (ranking, totals, per-reviewer exports)."""
    if review_round is None or not user.is_authenticated:
        return False
    if manages_reviews(user):
        return True
    return bool(is_reviewer(user) and review_round.status == ReviewRound.Status.CLOSED)


@rules.predicate
def can_view_decision(user, decision: Decision | None) -> bool:
    """Teams and all staff see a decision once the round's decisions are published."""
    if decision is None or not user.is_authenticated:
        return False
    return bool(manages_reviews(user) or decision.round.decisions_published_at is not None)


@rules.predicate
def idea_takes_review_records(user, idea: Idea | None) -> bool:
    """Directives and decisions are recorded only on a submitted idea the caller may read
    (a draft is the team's own, whoever asks and however)."""
    return bool(
        idea is not None
        and idea.reference_number is not None
        and idea.status != Idea.Status.DRAFT
        and can_view_idea(user, idea)
    )


@rules.predicate
def can_record_directive(user) -> bool:
    return bool(manages_reviews(user) or is_reviewer(user))


@rules.predicate
def can_change_directive(user, directive: Directive | None) -> bool:
    return bool(
        directive is not None and (manages_reviews(user) or directive.recorded_by_id == user.pk)
    )


@rules.predicate
def can_review(user) -> bool:
    """Who has a review queue."""
    return bool(is_reviewer(user))


rules.add_perm("reviews.manage_reviews", manages_reviews)
rules.add_perm("reviews.change_round", round_is_editable)
rules.add_perm("reviews.score", can_score)
rules.add_perm("reviews.view_evaluation", can_view_evaluation)
rules.add_perm("reviews.view_scores_of_round", can_view_scores_of_round)
rules.add_perm("reviews.view_decision", can_view_decision)
rules.add_perm("reviews.record_directive", can_record_directive)
rules.add_perm("reviews.change_directive", can_change_directive)
rules.add_perm("reviews.review", can_review)


def conflict_of_interest(reviewer, idea, *, co_author_ids=None) -> str | None:
    """Why ``reviewer`` may not review ``idea`` (이해충돌), or None.

    A reviewer never reviews an idea of their own bureau or team, nor one they created,
    submitted or co-authored. Manual and automatic assignment both ask this, so the rule
    holds whichever way (page, API, admin) the assignment is made. ``co_author_ids`` lets
    a caller that checks many pairs pass the ids it has already read.
    """
    if co_author_ids is None:
        co_author_ids = set(idea.co_authors.values_list("pk", flat=True))
    if reviewer.pk in (idea.created_by_id, idea.submitted_by_id) or reviewer.pk in co_author_ids:
        return _("본인이 작성·제출했거나 공동 작성한 아이디어는 심사할 수 없습니다.")
    if reviewer.team_id and reviewer.team_id == idea.team_id:
        return _("소속 팀의 아이디어는 심사할 수 없습니다.")
    if reviewer.bureau_id and reviewer.bureau_id == idea.bureau_id:
        return _("소속 실·국의 아이디어는 심사할 수 없습니다.")
    return None


class ConflictScreen:
    """``conflict_of_interest`` for one reviewer pool against many ideas, as automatic
    assignment asks it: the pool is screened once per (bureau, team) of an idea, and each
    idea then only removes the few people named on it. A 66,000-idea round against 144
    reviewers took ten million rule calls; this keeps the rule above as the only one.
    """

    def __init__(self, reviewers):
        self.reviewers = list(reviewers)
        self._by_unit: dict[tuple, tuple[list, set[int]]] = {}

    def _of_unit(self, idea) -> tuple[list, set[int]]:
        key = (idea.bureau_id, idea.team_id)
        if key not in self._by_unit:
            # The unit part of the rule: nobody named on the idea, so only bureau and team bar.
            unnamed = Idea(bureau_id=idea.bureau_id, team_id=idea.team_id)
            screened = [
                r
                for r in self.reviewers
                if conflict_of_interest(r, unnamed, co_author_ids=()) is None
            ]
            self._by_unit[key] = (screened, {r.pk for r in screened})
        return self._by_unit[key]

    def eligible(self, idea, *, co_author_ids=(), taken=()) -> list:
        """The pool's reviewers who may review ``idea`` and are not in ``taken``, in pool
        order (a new list the caller may sort)."""
        screened, pks = self._of_unit(idea)
        named = {idea.created_by_id, idea.submitted_by_id, *co_author_ids, *taken}
        if named.isdisjoint(pks):
            return list(screened)
        return [r for r in screened if r.pk not in named]
