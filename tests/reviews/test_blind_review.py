"""Blind review: until the round closes, a reviewer sees only their own scores, teams never
see scores, and the planning office sees everything — on the pages and through API tokens."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reviews.models import ReviewRound
from tests.departments.factories import team_leader
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db

SECRET_COMMENT = "예산 근거가 약해 감점"


class Scene:
    """Reviewers A and B both assigned to one idea; A has submitted scores and a comment."""

    def __init__(self):
        self.round = rf.ReviewRoundFactory()
        self.leader = team_leader()
        self.idea = rf.submitted_idea(self.round.season, leader=self.leader)
        self.a, self.b = rf.reviewer(), rf.reviewer()
        self.mine = rf.AssignmentFactory(round=self.round, idea=self.idea, reviewer=self.a)
        self.theirs = rf.AssignmentFactory(round=self.round, idea=self.idea, reviewer=self.b)
        self.evaluation = rf.evaluate(self.mine, 3, 4, 2, 3, 1)
        self.evaluation.comment = SECRET_COMMENT
        self.evaluation.save(update_fields=["comment"])

    def close(self):
        ReviewRound.objects.filter(pk=self.round.pk).update(status=ReviewRound.Status.CLOSED)


@pytest.fixture
def scene(db):
    return Scene()


def token_client(user) -> APIClient:
    """A caller from another system: token authentication only, no session."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def scores_seen(api, scene) -> list[float]:
    """The totals of the idea's evaluations the caller gets from the API."""
    response = api.get(reverse("evaluation-list"), {"round": scene.round.pk, "idea": scene.idea.pk})
    assert response.status_code == 200
    return [row["total"] for row in response.json()["results"] if row["total"] is not None]


def test_another_reviewer_does_not_see_the_scores_before_closing(client, scene):
    client.force_login(scene.b)
    html = client.get(reverse("reviews:evaluate", args=[scene.theirs.pk])).content.decode()
    assert SECRET_COMMENT not in html
    assert "다른 심사위원의 평가" not in html
    assert client.get(reverse("reviews:evaluate", args=[scene.mine.pk])).status_code == 403
    assert client.get(reverse("reviews:ranking", args=[scene.round.pk])).status_code == 403


def test_another_reviewers_token_does_not_reach_the_scores_before_closing(scene):
    api = token_client(scene.b)
    assert scores_seen(api, scene) == []
    detail = api.get(reverse("evaluation-detail", args=[scene.mine.pk]))
    assert detail.status_code == 404
    assert SECRET_COMMENT not in detail.content.decode()
    assert api.get(reverse("review-round-ranking", args=[scene.round.pk])).status_code == 403


def test_the_team_leader_never_sees_scores_on_pages_or_through_a_token(client, scene):
    client.force_login(scene.leader)
    for url in (
        scene.idea.get_absolute_url(),
        reverse("reviews:idea_panel", args=[scene.idea.pk]),
    ):
        assert SECRET_COMMENT not in client.get(url).content.decode()
    assert client.get(reverse("reviews:ranking", args=[scene.round.pk])).status_code == 403
    api = token_client(scene.leader)
    assert scores_seen(api, scene) == []
    ranking = api.get(reverse("review-round-ranking", args=[scene.round.pk]))
    assert ranking.status_code in (403, 404)
    scene.close()
    assert scores_seen(api, scene) == []
    assert SECRET_COMMENT not in client.get(scene.idea.get_absolute_url()).content.decode()


def test_after_closing_the_other_reviewers_see_the_scores(client, scene):
    scene.close()
    client.force_login(scene.b)
    html = client.get(reverse("reviews:evaluate", args=[scene.theirs.pk])).content.decode()
    assert "다른 심사위원의 평가" in html
    assert SECRET_COMMENT in html
    assert scores_seen(token_client(scene.b), scene) == [float(scene.evaluation.total)]
    assert client.get(reverse("reviews:ranking", args=[scene.round.pk])).status_code == 200


def test_the_planning_office_sees_every_score_while_the_round_is_open(client, planner, scene):
    assert scores_seen(token_client(planner), scene) == [float(scene.evaluation.total)]
    client.force_login(planner)
    html = client.get(
        reverse("reviews:decide", args=[scene.round.pk, scene.idea.pk])
    ).content.decode()
    assert SECRET_COMMENT in html
    ranking = client.get(reverse("reviews:ranking", args=[scene.round.pk])).content.decode()
    assert scene.idea.reference_number in ranking


def test_the_reviewer_sees_their_own_scores_while_the_round_is_open(scene):
    assert scores_seen(token_client(scene.a), scene) == [float(scene.evaluation.total)]
