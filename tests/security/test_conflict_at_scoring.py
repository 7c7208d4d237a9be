"""Issue 12, item 5: conflict of interest is asked again when the reviewer scores, and the
planning office sees the assignments that became conflicted."""

import pytest
from django.urls import reverse

from core.errors import BusinessRuleError
from reviews import selectors, services
from reviews.models import Evaluation
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


def scores_for(assignment, value=8):
    return {c.pk: value for c in assignment.round.criteria.all()}


def move_into_ideas_bureau(assignment):
    reviewer = assignment.reviewer
    reviewer.team = assignment.idea.team
    reviewer.division = assignment.idea.division
    reviewer.bureau = assignment.idea.bureau
    reviewer.save(update_fields=["team", "division", "bureau"])


def test_a_reviewer_moved_into_the_ideas_bureau_can_no_longer_score_it():
    assignment = rf.AssignmentFactory()
    move_into_ideas_bureau(assignment)
    with pytest.raises(BusinessRuleError, match="재배정"):
        services.evaluation_submit(
            assignment=assignment, by=assignment.reviewer, scores=scores_for(assignment)
        )
    with pytest.raises(BusinessRuleError):
        services.evaluation_save_draft(
            assignment=assignment, by=assignment.reviewer, scores=scores_for(assignment)
        )
    assert not Evaluation.objects.exists()


def test_a_reviewer_without_conflict_still_scores():
    assignment = rf.AssignmentFactory()
    evaluation = services.evaluation_submit(
        assignment=assignment, by=assignment.reviewer, scores=scores_for(assignment)
    )
    assert evaluation.status == Evaluation.Status.SUBMITTED


def test_the_planning_office_sees_the_assignments_that_became_conflicted(client, planner):
    fine = rf.AssignmentFactory()
    conflicted = rf.AssignmentFactory(round=fine.round)
    move_into_ideas_bureau(conflicted)

    assert list(selectors.conflicted_assignments(review_round=fine.round)) == [conflicted]

    client.force_login(planner)
    page = client.get(reverse("reviews:assignments", args=[fine.round.pk]))
    assert page.status_code == 200
    assert [a.pk for a in page.context["conflicted"]] == [conflicted.pk]
    assert "이해충돌이 생긴 배정" in page.content.decode()


def test_a_co_author_is_a_conflict_too():
    assignment = rf.AssignmentFactory()
    assignment.idea.co_authors.add(assignment.reviewer)
    assert list(selectors.conflicted_assignments(review_round=assignment.round)) == [assignment]
