"""The reviews admin: the planning office and system admins read it; nobody changes it there."""

import pytest
from django.urls import reverse

from tests.reviews.factories import AssignmentFactory, evaluate
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_and_system_admins_open_the_reviews_admin(client, roles, role):
    evaluation = evaluate(AssignmentFactory(), 8, 7, 9, 6, 5)
    client.force_login(staff(roles[role]))
    expected = 200 if role in MANAGERS else 403
    for url in [
        reverse("admin:reviews_reviewround_changelist"),
        reverse("admin:reviews_reviewround_change", args=[evaluation.round_id]),
        reverse("admin:reviews_assignment_changelist"),
        reverse("admin:reviews_evaluation_changelist"),
        reverse("admin:reviews_evaluation_change", args=[evaluation.pk]),
        reverse("admin:reviews_decision_changelist"),
        reverse("admin:reviews_directive_changelist"),
    ]:
        assert client.get(url).status_code == expected, url


def test_review_records_are_read_only_in_the_admin(client, planner):
    client.force_login(staff(planner))
    assert client.get(reverse("admin:reviews_reviewround_add")).status_code == 403
    assert client.get(reverse("admin:reviews_decision_add")).status_code == 403
