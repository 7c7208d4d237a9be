"""Staff comment on and endorse a rollout plan (participation's "rollout-plan" target)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from notifications.models import Notification
from participation.models import Endorsement
from tests.roles import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_every_role_comments_on_and_endorses_a_plan(plan, roles, role):
    api = APIClient()
    api.force_authenticate(roles[role])
    target = {"target_type": "rollout-plan", "target_id": plan.pk}
    created = api.post("/api/v1/comments/", {**target, "body": "일정이 빠듯합니다"}, format="json")
    assert created.status_code == 201, created.content
    assert api.post("/api/v1/endorsements/", target, format="json").status_code == 201
    listed = api.get("/api/v1/comments/", target)
    assert [c["body"] for c in listed.json()["results"]] == ["일정이 빠듯합니다"]
    assert Endorsement.objects.count() == 1


def test_the_plan_page_shows_the_comment_panel_and_the_team_hears(client, plan, member, leader):
    client.force_login(member)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("participation:comment_create", args=["rollout-plan", plan.pk]) in page
    api = APIClient()
    api.force_authenticate(member)
    api.post(
        "/api/v1/comments/",
        {"target_type": "rollout-plan", "target_id": plan.pk, "body": "응원합니다"},
        format="json",
    )
    assert Notification.objects.filter(recipient=leader, kind="participation").exists()
    assert "응원합니다" in client.get(plan.get_absolute_url()).content.decode()
