"""Factories for review and selection: rounds with the default criteria, assignments that
respect conflicts of interest, and submitted evaluations with hand-picked scores."""

from decimal import Decimal

import factory
from django.utils import timezone

from departments.models import Role
from ideas.models import Idea
from reviews import standings
from reviews.models import DEFAULT_CRITERIA, Assignment, Criterion, Evaluation, ReviewRound, Score
from reviews.services import weighted_total
from tests.departments.factories import UserFactory, team_leader
from tests.ideas.factories import IdeaFactory, SeasonFactory, complete_content


class ReviewRoundFactory(factory.django.DjangoModelFactory):
    """An open round with the five default criteria (weights 25/25/25/15/10, max 10)."""

    class Meta:
        model = ReviewRound
        skip_postgeneration_save = True

    season = factory.SubFactory(SeasonFactory)
    name = factory.Sequence(lambda n: f"{n}차 서면 심사")
    order = factory.Sequence(lambda n: n + 1)
    status = ReviewRound.Status.OPEN
    opened_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        rows = extracted if extracted is not None else DEFAULT_CRITERIA
        for index, (name, description, weight, max_score) in enumerate(rows):
            Criterion.objects.create(
                round=self,
                name=str(name),
                description=str(description),
                weight=Decimal(str(weight)),
                max_score=max_score,
                order=index,
            )


def reviewer(**kwargs):
    """A member of the reviewer group in a team (and bureau) of their own."""
    return UserFactory(roles=[Role.REVIEWER], **kwargs)


def submitted_idea(season, *, leader=None, **content):
    """A submitted idea of ``leader``'s team (a new team when not given)."""
    leader = leader or team_leader()
    count = Idea.objects.filter(season=season).count() + 1
    return IdeaFactory(
        season=season,
        created_by=leader,
        submitted_by=leader,
        status=Idea.Status.SUBMITTED,
        submitted_at=timezone.now(),
        sequence=count,
        reference_number=f"{season.code}-{count:04d}",
        **complete_content(**content),
    )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    round = factory.SubFactory(ReviewRoundFactory)
    idea = factory.LazyAttribute(lambda a: submitted_idea(a.round.season))
    reviewer = factory.LazyFunction(reviewer)
    method = Assignment.Method.MANUAL
    assigned_by = factory.LazyAttribute(lambda a: a.reviewer)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written around the services: the stored ranking is told, as the services do.
        assignment = super()._create(model_class, *args, **kwargs)
        standings.mark_changed(assignment.round_id)
        return assignment


def evaluate(assignment, *scores, submitted=True):
    """An evaluation of ``assignment`` with ``scores`` in criterion order, written directly
    (the services are tested on their own); the total as the service computes it. A draft
    may score only the first criteria."""
    criteria = list(assignment.round.criteria.order_by("order"))
    values = {c.pk: Decimal(str(s)) for c, s in zip(criteria, scores, strict=submitted)}
    evaluation = Evaluation.objects.create(
        assignment=assignment,
        round=assignment.round,
        idea=assignment.idea,
        reviewer=assignment.reviewer,
        status=Evaluation.Status.SUBMITTED if submitted else Evaluation.Status.DRAFT,
        total=weighted_total(criteria, values) if submitted else None,
        submitted_at=timezone.now() if submitted else None,
    )
    Score.objects.bulk_create(
        Score(evaluation=evaluation, criterion_id=cid, value=v) for cid, v in values.items()
    )
    standings.mark_changed(evaluation.round_id)
    return evaluation
