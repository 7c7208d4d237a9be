import pytest
from rest_framework.test import APIClient

from participation import services
from participation.models import Endorsement
from reviews.models import ReviewRound
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import AssignmentFactory, submitted_idea
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def idea(leader):
    return submitted_idea(SeasonFactory(), leader=leader)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_comments_and_endorses_through_the_api(api, idea, roles, role):
    api.force_authenticate(roles[role])
    target = {"target_type": "idea", "target_id": idea.pk}
    created = api.post("/api/v1/comments/", {**target, "body": "좋아요"}, format="json")
    assert created.status_code == 201
    assert api.post("/api/v1/endorsements/", target, format="json").status_code == 201
    again = api.post("/api/v1/endorsements/", target, format="json")
    assert again.json()["endorsement_count"] == 1
    listed = api.get("/api/v1/comments/", target)
    assert listed.status_code == 200
    assert [c["body"] for c in listed.json()["results"]] == ["좋아요"]
    assert Endorsement.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_hide_through_the_api(api, idea, head, roles, role):
    comment = services.comment_post(target=idea, body="비방", by=head)
    api.force_authenticate(roles[role])
    response = api.post(f"/api/v1/comments/{comment.pk}/hide/", {"reason": "비방"}, format="json")
    assert response.status_code == (200 if role in MANAGERS else 403)
    if role in MANAGERS:
        api.force_authenticate(roles["team_member"])
        listed = api.get("/api/v1/comments/", {"target_type": "idea", "target_id": idea.pk})
        assert listed.json()["results"][0]["body"] == ""
        assert listed.json()["results"][0]["status"] == "hidden"


def test_a_reviewer_scoring_the_idea_gets_nothing_through_the_api(api, member):
    assignment = AssignmentFactory(round__status=ReviewRound.Status.OPEN)
    services.comment_post(target=assignment.idea, body="좋다", by=member)
    api.force_authenticate(assignment.reviewer)
    target = {"target_type": "idea", "target_id": assignment.idea.pk}
    assert api.get("/api/v1/comments/", target).status_code == 403
    assert api.get("/api/v1/endorsements/summary/", target).status_code == 403
    assert api.post("/api/v1/endorsements/", target, format="json").status_code == 403


def test_bad_input_is_a_json_400_never_a_500(api, idea, member):
    api.force_authenticate(member)
    too_long = api.post(
        "/api/v1/comments/",
        {"target_type": "idea", "target_id": idea.pk, "body": "가" * 3001},
        format="json",
    )
    assert too_long.status_code == 400
    assert "3,000자" in too_long.json()["body"][0]
    assert api.get("/api/v1/comments/", {"target_type": "x", "target_id": "y"}).status_code == 400
    missing = api.get("/api/v1/endorsements/summary/", {"target_type": "idea", "target_id": 2**61})
    assert missing.status_code == 400
    assert missing.json()["target_id"] == ["그런 글이 없습니다."]


def test_the_comment_list_has_a_fixed_number_of_queries(
    api, idea, roles, django_assert_max_num_queries
):
    for person in roles.values():
        services.comment_post(target=idea, body="의견", by=person)
    api.force_authenticate(roles["team_member"])
    # content type, idea, view permission checks, count, page with authors
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/comments/", {"target_type": "idea", "target_id": idea.pk})
    assert response.json()["count"] == 7
