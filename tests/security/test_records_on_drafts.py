"""Issue 12, item 2: directives and decisions only on submitted ideas the caller may read."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import BusinessRuleError
from reviews import services
from reviews.models import Decision, Directive, ReviewRound
from tests.departments.factories import team_leader
from tests.ideas.factories import IdeaFactory
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(db):
    return rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)


@pytest.fixture
def draft(closed_round):
    leader = team_leader()
    return IdeaFactory(season=closed_round.season, created_by=leader, title="비밀 초안 제목")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", ["reviewer", "planning_office", "system_admin"])
def test_the_api_refuses_a_directive_on_another_teams_draft(roles, draft, role):
    response = api(roles[role]).post(
        reverse("directive-list"),
        {
            "idea": draft.pk,
            "text": "확대 시행",
            "responsible_bureau": draft.bureau_id,
            "due_date": "2027-01-31",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "idea" in response.json()
    assert not Directive.objects.exists()


def test_the_all_staff_directive_list_never_shows_a_drafts_title(roles, draft):
    # Recorded before the rule held (or straight into the database).
    Directive.objects.create(
        idea=draft,
        text="확대",
        responsible_bureau=draft.bureau,
        due_date=dt.date(2027, 1, 31),
        recorded_by=roles["reviewer"],
    )
    response = api(roles["team_member"]).get(reverse("directive-list"))
    assert response.status_code == 200
    assert "비밀 초안 제목" not in response.content.decode()


@pytest.mark.parametrize("role", ["planning_office", "system_admin"])
def test_the_api_refuses_a_decision_on_a_draft(roles, closed_round, draft, role):
    response = api(roles[role]).post(
        reverse("decision-list"),
        {
            "round": closed_round.pk,
            "idea": draft.pk,
            "outcome": "adopt",
            "implementation_path": "immediate",
            "reason": "좋음",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "idea" in response.json()
    assert not Decision.objects.exists()


def test_the_service_refuses_a_decision_on_a_draft_even_for_a_superuser(closed_round, draft):
    from departments.models import User

    root = User.objects.create_superuser(username="root", password="pw", employee_number="1")
    with pytest.raises(BusinessRuleError) as refused:
        services.decision_record(
            review_round=closed_round,
            idea=draft,
            by=root,
            outcome="adopt",
            implementation_path="immediate",
            reason="좋음",
        )
    assert "idea" in refused.value.errors


def test_the_directive_page_refuses_a_draft_at_the_form(client, roles, draft):
    client.force_login(roles["reviewer"])
    url = reverse("reviews:directive_create", args=[draft.pk])
    response = client.post(
        url,
        {"text": "확대", "responsible_bureau": draft.bureau_id, "due_date": "2027-01-31"},
    )
    assert response.status_code in (400, 404)
    assert not Directive.objects.exists()


def test_a_directive_on_a_submitted_idea_is_still_recorded(roles, closed_round):
    idea = rf.submitted_idea(closed_round.season)
    directive = services.directive_record(
        idea=idea,
        by=roles["reviewer"],
        text="확대 시행",
        responsible_bureau=idea.bureau,
        due_date=dt.date(2027, 1, 31),
    )
    assert directive.pk
