"""Who may open each review page and press its buttons: every role, every round state.

Helpers for the other page tests live here too (``scene``, ``ROLES``).
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Assignment, Decision, ReviewRound
from tests.reviews import factories as rf
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db

STATES = ReviewRound.Status.values


@dataclass
class Scene:
    round: ReviewRound
    assignment: Assignment

    @property
    def idea(self):
        return self.assignment.idea


def scene(roles, status=ReviewRound.Status.OPEN, *, published=False) -> Scene:
    """A round in ``status`` with one idea of the team leader's team, assigned to the
    ``reviewer`` of the roles."""
    now = timezone.now()
    review_round = rf.ReviewRoundFactory(
        status=status,
        opened_at=None if status == ReviewRound.Status.DRAFT else now,
        closed_at=now if status == ReviewRound.Status.CLOSED else None,
        decisions_published_at=now if published else None,
    )
    idea = rf.submitted_idea(review_round.season, leader=roles["team_leader"])
    assignment = rf.AssignmentFactory(round=review_round, idea=idea, reviewer=roles["reviewer"])
    return Scene(review_round, assignment)


def decide(scene: Scene, by, outcome=Decision.Outcome.ADOPT) -> Decision:
    return Decision.objects.create(
        round=scene.round,
        idea=scene.idea,
        outcome=outcome,
        implementation_path=scene.idea.implementation_path,
        reason="도정 접목 효과가 큼",
        decided_by=by,
    )


# The reviewer's pages ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_reviewers_have_a_queue(client, roles, role):
    scene(roles)
    client.force_login(roles[role])
    expected = 200 if role == "reviewer" else 403
    assert client.get(reverse("reviews:queue")).status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", STATES)
def test_only_the_assigned_reviewer_opens_the_review_screen(client, roles, role, status):
    s = scene(roles, status)
    client.force_login(roles[role])
    expected = 200 if role == "reviewer" else 403
    assert client.get(reverse("reviews:evaluate", args=[s.assignment.pk])).status_code == expected


def test_another_reviewer_cannot_open_an_assignment_that_is_not_theirs(client, roles):
    s = scene(roles)
    client.force_login(rf.reviewer())
    assert client.get(reverse("reviews:evaluate", args=[s.assignment.pk])).status_code == 403


@pytest.mark.parametrize("status", STATES)
def test_the_reviewer_scores_only_while_the_round_is_open(client, roles, status):
    s = scene(roles, status)
    client.force_login(roles["reviewer"])
    response = client.post(
        reverse("reviews:evaluate", args=[s.assignment.pk]), {"action": "draft", "comment": "x"}
    )
    assert response.status_code == (302 if status == ReviewRound.Status.OPEN else 403)


@pytest.mark.parametrize("role", ROLES)
def test_reviewers_and_the_planning_office_record_directives(client, roles, role):
    s = scene(roles)
    client.force_login(roles[role])
    expected = 200 if role in MANAGERS | {"reviewer"} else 403
    url = reverse("reviews:directive_create", args=[s.idea.pk])
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_every_member_of_staff_reads_the_review_panel_of_a_submitted_idea(client, roles, role):
    s = scene(roles)
    client.force_login(roles[role])
    assert client.get(reverse("reviews:idea_panel", args=[s.idea.pk])).status_code == 200


# The planning office's pages ------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", STATES)
def test_only_the_planning_office_opens_the_management_pages(client, roles, role, status):
    s = scene(roles, status)
    client.force_login(roles[role])
    expected = 200 if role in MANAGERS else 403
    for url in [
        reverse("reviews:round_list"),
        f"{reverse('reviews:round_list')}?season={s.round.season_id}",
        reverse("reviews:round_create", args=[s.round.season_id]),
        reverse("reviews:round_edit", args=[s.round.pk]),
        reverse("reviews:assignments", args=[s.round.pk]),
        reverse("reviews:decide", args=[s.round.pk, s.idea.pk]),
        reverse("reviews:round_close", args=[s.round.pk]),
        reverse("reviews:publish", args=[s.round.pk]),
        reverse("reviews:select_top", args=[s.round.pk]),
        reverse("reviews:bulk_decide", args=[s.round.pk]) + f"?ideas={s.idea.pk}",
    ]:
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", STATES)
def test_the_ranking_is_the_planning_offices_until_the_round_closes(client, roles, role, status):
    s = scene(roles, status)
    client.force_login(roles[role])
    sees = role in MANAGERS or (role == "reviewer" and status == ReviewRound.Status.CLOSED)
    expected = 200 if sees else 403
    assert client.get(reverse("reviews:ranking", args=[s.round.pk])).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_presses_the_round_buttons(client, roles, role):
    s = scene(roles, ReviewRound.Status.DRAFT)
    client.force_login(roles[role])
    # In an order a planner could press them in, so that each one is allowed to them.
    posts = [
        (reverse("reviews:round_edit", args=[s.round.pk]), {}),
        (reverse("reviews:assignments", args=[s.round.pk]), {"action": "auto", "per_idea": 1}),
        (reverse("reviews:assignment_remove", args=[s.assignment.pk]), {}),
        (reverse("reviews:round_open", args=[s.round.pk]), {}),
        (
            reverse("reviews:decide", args=[s.round.pk, s.idea.pk]),
            {"outcome": "adopt", "reason": "x"},
        ),
        (
            reverse("reviews:select_top", args=[s.round.pk]),
            {"top-n": 1, "top-order": "raw", "top-reason": "x", "confirmed": "1"},
        ),
        (
            reverse("reviews:bulk_decide", args=[s.round.pk]),
            {"ideas": [s.idea.pk], "outcome": "not_adopted", "reason": "x", "confirmed": "1"},
        ),
        (reverse("reviews:round_close", args=[s.round.pk]), {"confirmed": "1"}),
        (reverse("reviews:publish", args=[s.round.pk]), {"confirmed": "1"}),
    ]
    for url, data in posts:
        status = client.post(url, data).status_code
        if role in MANAGERS:
            assert status in (200, 302, 400), url
        else:
            assert status == 403, url


def test_a_closed_round_cannot_be_edited_but_its_page_says_so(client, roles):
    s = scene(roles, ReviewRound.Status.CLOSED)
    client.force_login(roles["planning_office"])
    url = reverse("reviews:round_edit", args=[s.round.pk])
    html = client.get(url).content.decode()
    assert "마감된 심사 차수는 고칠 수 없습니다." in html
    assert client.post(url, {"name": "다른 이름"}).status_code == 403


def test_the_round_buttons_answer_only_to_post_and_the_mass_actions_show_their_page(client, roles):
    s = scene(roles)
    client.force_login(roles["planning_office"])
    assert client.get(reverse("reviews:round_open", args=[s.round.pk])).status_code == 405
    for name in ("round_close", "publish", "select_top", "bulk_decide"):
        assert client.get(reverse(f"reviews:{name}", args=[s.round.pk])).status_code == 200


def test_a_decision_page_for_an_idea_of_another_season_is_not_found(client, roles):
    s = scene(roles)
    other = rf.submitted_idea(rf.ReviewRoundFactory().season)
    client.force_login(roles["planning_office"])
    url = reverse("reviews:decide", args=[s.round.pk, other.pk])
    assert client.get(url).status_code == 404
