"""Issue 12, item 9: the API contract: the schema says what the app requires, role refusals
are 403, and a line feed in an id is not that id."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ideas import services
from ideas.models import Idea
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_schema_requires_version_on_an_idea_update_and_scores_on_an_evaluation(client, member):
    client.force_login(member)
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    components = schema["components"]["schemas"]
    patch = schema["paths"]["/api/v1/ideas/{id}/"]["patch"]["requestBody"]["content"]
    name = patch["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "version" in components[name]["required"]
    put = schema["paths"]["/api/v1/evaluations/{assignment_id}/"]["put"]["requestBody"]
    name = put["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "scores" in components[name]["required"]


def test_every_update_that_carries_the_loaded_version_documents_its_409_and_requires_it(
    client, member
):
    """A stale save is refused with a 409 (EditConflict): schemathesis found the rollout plan's
    PATCH answering an undocumented 409."""
    client.force_login(member)
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    components = schema["components"]["schemas"]
    versioned = []
    for path, item in schema["paths"].items():
        for method in ("put", "patch"):
            if method not in item:
                continue
            content = item[method].get("requestBody", {}).get("content", {})
            for media in content.values():
                name = media["schema"]["$ref"].rsplit("/", 1)[-1]
                if "version" in components[name].get("properties", {}):
                    versioned.append((method, path))
                    assert "version" in components[name]["required"], (method, path)
                    assert "409" in item[method]["responses"], (method, path)
    assert ("patch", "/api/v1/ideas/{id}/") in versioned
    assert ("patch", "/api/v1/rollout-plans/{id}/") in versioned
    assert ("patch", "/api/v1/progress-reports/{id}/") in versioned


def test_a_line_feed_after_an_id_is_a_404_not_that_idea(member):
    season = SeasonFactory()
    idea = services.idea_create_draft(season=season, by=member, title="내 초안")
    client = api(member)
    assert client.get(f"/api/v1/ideas/{idea.pk}/").status_code == 200
    for path in (f"/api/v1/ideas/{idea.pk}%0A/", f"/api/v1/ideas/{idea.pk}%0a/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
    # Non-ASCII digits are not ids either.
    assert client.get("/api/v1/ideas/\u0661/").status_code == 404


def test_a_member_submitting_is_refused_for_the_role_with_a_403(member, leader):
    season = SeasonFactory()
    idea = services.idea_create_draft(season=season, by=member, title="내 초안")
    response = api(member).post(reverse("idea-submit", args=[idea.pk]))
    assert response.status_code == 403
    assert "팀장만" in response.json()["detail"]


def test_a_leader_of_another_team_is_refused_with_a_403_or_404(member):
    season = SeasonFactory()
    idea = services.idea_create_draft(season=season, by=member, title="내 초안")
    idea.status = Idea.Status.RETURNED
    idea.reference_number = "T-0001"
    idea.save()
    other_leader = f.team_leader()
    assert api(other_leader).post(reverse("idea-submit", args=[idea.pk])).status_code == 403


def test_staff_without_a_team_starting_an_idea_get_a_403():
    season = SeasonFactory()
    outsider = f.UserFactory(team=None, division=None, bureau=None, position="")
    response = api(outsider).post(reverse("idea-list"), {"season": season.pk, "title": "x"})
    assert response.status_code == 403
