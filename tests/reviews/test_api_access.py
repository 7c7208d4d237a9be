"""Who may do what through the review API: every role (and nobody) through every action,
in the round states that matter, asked of the same rules as the review pages.

``reviewer`` is the reviewer assigned to the ideas of the round. A 404 means the caller may
not even read the object (a round they are not assigned in, someone else's evaluation
before the round closes, an unpublished decision); a 403 that they may not do this; a 400
that the rules of the program refuse it now (criteria frozen, a round already open).
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reviews.models import Decision, Directive, Evaluation, ReviewRound
from tests.reviews.factories import AssignmentFactory, ReviewRoundFactory, evaluate, submitted_idea
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


def everyone(status: int, **exceptions: int) -> dict[str, int]:
    """``status`` for every role and anonymous callers 401, except where named."""
    return dict.fromkeys(ROLES, status) | {"anonymous": 401} | exceptions


def managers(status: int, others: int = 403, **exceptions: int) -> dict[str, int]:
    """``status`` for the planning office and system admins, ``others`` for the rest."""
    return everyone(others, **dict.fromkeys(MANAGERS, status)) | exceptions


class World:
    """A round with the reviewer assigned to two ideas: ``scored`` (evaluation submitted,
    a decision and a directive recorded) and ``waiting`` (not started); ``unassigned`` has
    nobody yet."""

    def __init__(self, roles):
        self.roles = roles
        planner, reviewer = roles["planning_office"], roles["reviewer"]
        self.round = ReviewRoundFactory()
        season = self.round.season
        self.scored, self.waiting, self.unassigned = (submitted_idea(season) for _ in range(3))
        self.scored_assignment = AssignmentFactory(
            round=self.round, idea=self.scored, reviewer=reviewer, assigned_by=planner
        )
        self.waiting_assignment = AssignmentFactory(
            round=self.round, idea=self.waiting, reviewer=reviewer, assigned_by=planner
        )
        self.evaluation = evaluate(self.scored_assignment, 8, 7, 9, 6, 5)
        self.decision = Decision.objects.create(
            round=self.round,
            idea=self.scored,
            outcome=Decision.Outcome.ADOPT,
            implementation_path="immediate",
            reason="효과가 큼",
            decided_by=planner,
        )
        self.directive = Directive.objects.create(
            idea=self.scored,
            text="다음 달까지 시범 운영",
            responsible_bureau=self.scored.bureau,
            due_date=dt.date(2030, 1, 31),
            recorded_by=planner,
        )
        self.criterion = self.round.criteria.first()

    def move(self, state: str) -> None:
        fields = {"status": state, "decisions_published_at": None}
        if state == "published":
            fields = {"status": "closed", "decisions_published_at": timezone.now()}
        ReviewRound.objects.filter(pk=self.round.pk).update(**fields)

    def without_evaluations(self) -> None:
        Evaluation.objects.filter(round=self.round).delete()

    def without_decisions(self) -> None:
        Decision.objects.filter(round=self.round).delete()


@pytest.fixture
def world(roles):
    return World(roles)


def url(name, *args):
    return reverse(name, args=args)


def criteria_body():
    return {"criteria": [{"name": "창의성", "weight": 60, "max_score": 10}]}


def scores(w, value=8):
    return {str(c.pk): value for c in w.round.criteria.all()}


# Each case: (round state, request builder, expected status by role). The builder may
# prepare the world (remove the evaluation, say) before it names the request.
CASES = {
    "list rounds": ("open", lambda w: ("get", url("review-round-list"), None), everyone(200)),
    "read a round": (
        "open",
        lambda w: ("get", url("review-round-detail", w.round.pk), None),
        managers(200, others=404, reviewer=200),
    ),
    "create a round": (
        "open",
        lambda w: (
            "post",
            url("review-round-list"),
            {"season": w.round.season_id, "name": "최종 심사", "order": 9},
        ),
        managers(201),
    ),
    "edit an open round": (
        "open",
        lambda w: ("patch", url("review-round-detail", w.round.pk), {"name": "1차 심사"}),
        managers(200),
    ),
    "edit a closed round": (
        "closed",
        lambda w: ("patch", url("review-round-detail", w.round.pk), {"name": "1차 심사"}),
        managers(403),
    ),
    "replace the criteria before scoring": (
        "draft",
        lambda w: (
            w.without_evaluations(),
            ("put", url("review-round-criteria", w.round.pk), criteria_body()),
        )[1],
        managers(200),
    ),
    "replace the criteria once scoring started": (
        "open",
        lambda w: ("put", url("review-round-criteria", w.round.pk), criteria_body()),
        managers(400),
    ),
    "open a round in preparation": (
        "draft",
        lambda w: ("post", url("review-round-open", w.round.pk), None),
        managers(200),
    ),
    "open a round already open": (
        "open",
        lambda w: ("post", url("review-round-open", w.round.pk), None),
        managers(400),
    ),
    "close an open round": (
        "open",
        lambda w: ("post", url("review-round-close", w.round.pk), None),
        managers(200),
    ),
    "publish the decisions of a closed round": (
        "closed",
        lambda w: ("post", url("review-round-publish", w.round.pk), None),
        managers(200),
    ),
    "publish the decisions of an open round": (
        "open",
        lambda w: ("post", url("review-round-publish", w.round.pk), None),
        managers(400),
    ),
    "read the ranking while the round is open": (
        "open",
        lambda w: ("get", url("review-round-ranking", w.round.pk), None),
        managers(200),
    ),
    "read the ranking after closing": (
        "closed",
        lambda w: ("get", url("review-round-ranking", w.round.pk), None),
        managers(200, reviewer=200),
    ),
    "select the top ideas after closing": (
        "closed",
        lambda w: (
            w.without_decisions(),
            (
                "post",
                url("review-round-select-top", w.round.pk),
                {"n": 1, "reason": "상위 1건 채택"},
            ),
        )[1],
        managers(200),
    ),
    "list assignments": ("open", lambda w: ("get", url("assignment-list"), None), managers(200)),
    "assign a reviewer while the round is open": (
        "open",
        lambda w: (
            "post",
            url("assignment-list"),
            {"round": w.round.pk, "idea": w.unassigned.pk, "reviewer": w.roles["reviewer"].pk},
        ),
        managers(201),
    ),
    "assign a reviewer after closing": (
        "closed",
        lambda w: (
            "post",
            url("assignment-list"),
            {"round": w.round.pk, "idea": w.unassigned.pk, "reviewer": w.roles["reviewer"].pk},
        ),
        managers(400),
    ),
    "assign reviewers automatically": (
        "draft",
        lambda w: ("post", url("assignment-auto"), {"round": w.round.pk, "per_idea": 1}),
        managers(201),
    ),
    "withdraw an assignment not started": (
        "open",
        lambda w: ("delete", url("assignment-detail", w.waiting_assignment.pk), None),
        managers(204),
    ),
    "withdraw an assignment already scored": (
        "open",
        lambda w: ("delete", url("assignment-detail", w.scored_assignment.pk), None),
        managers(400),
    ),
    "list evaluations": ("open", lambda w: ("get", url("evaluation-list"), None), everyone(200)),
    "read the reviewer's evaluation while the round is open": (
        "open",
        lambda w: ("get", url("evaluation-detail", w.scored_assignment.pk), None),
        managers(200, others=404, reviewer=200),
    ),
    "read the reviewer's evaluation after closing": (
        "closed",
        lambda w: ("get", url("evaluation-detail", w.scored_assignment.pk), None),
        managers(200, others=404, reviewer=200),
    ),
    "save a draft while the round is open": (
        "open",
        lambda w: ("put", url("evaluation-detail", w.waiting_assignment.pk), {"scores": {}}),
        # The planning office reads every evaluation but scores none.
        managers(403, others=404, reviewer=200),
    ),
    "save a draft before the round opens": (
        "draft",
        lambda w: ("put", url("evaluation-detail", w.waiting_assignment.pk), {"scores": {}}),
        managers(403, others=404, reviewer=403),
    ),
    "save a draft after closing": (
        "closed",
        lambda w: ("put", url("evaluation-detail", w.waiting_assignment.pk), {"scores": {}}),
        managers(403, others=404, reviewer=403),
    ),
    "submit an evaluation while the round is open": (
        "open",
        lambda w: (
            "post",
            url("evaluation-submit", w.waiting_assignment.pk),
            {"scores": scores(w), "comment": "좋음"},
        ),
        managers(403, others=404, reviewer=200),
    ),
    "submit an evaluation twice": (
        "open",
        lambda w: (
            "post",
            url("evaluation-submit", w.scored_assignment.pk),
            {"scores": scores(w)},
        ),
        managers(403, others=404, reviewer=400),
    ),
    "read my progress": (
        "open",
        lambda w: ("get", url("evaluation-progress"), {"round": w.round.pk}),
        everyone(200),
    ),
    "list decisions": ("closed", lambda w: ("get", url("decision-list"), None), everyone(200)),
    "read a decision before publishing": (
        "closed",
        lambda w: ("get", url("decision-detail", w.decision.pk), None),
        managers(200, others=404),
    ),
    "read a published decision": (
        "published",
        lambda w: ("get", url("decision-detail", w.decision.pk), None),
        everyone(200),
    ),
    "read the decision history of an idea": (
        "published",
        lambda w: ("get", url("decision-history"), {"idea": w.scored.pk}),
        everyone(200),
    ),
    "record a decision while the round is open": (
        "open",
        lambda w: (
            "post",
            url("decision-list"),
            {
                "round": w.round.pk,
                "idea": w.waiting.pk,
                "outcome": "further_review",
                "reason": "추가 검토",
            },
        ),
        managers(201),
    ),
    "record a decision before the round opens": (
        "draft",
        lambda w: (
            "post",
            url("decision-list"),
            {"round": w.round.pk, "idea": w.waiting.pk, "outcome": "not_adopted", "reason": "x"},
        ),
        managers(400),
    ),
    "list directives": ("open", lambda w: ("get", url("directive-list"), None), everyone(200)),
    "read a directive": (
        "open",
        lambda w: ("get", url("directive-detail", w.directive.pk), None),
        everyone(200),
    ),
    "record a directive": (
        "open",
        lambda w: (
            "post",
            url("directive-list"),
            {
                "idea": w.scored.pk,
                "text": "예산 반영 검토",
                "responsible_bureau": w.scored.bureau_id,
                "due_date": "2030-06-30",
            },
        ),
        managers(201, reviewer=201),
    ),
    "edit the planning office's directive": (
        "open",
        lambda w: ("patch", url("directive-detail", w.directive.pk), {"text": "기한 연장"}),
        managers(200),
    ),
    "delete the planning office's directive": (
        "open",
        lambda w: ("delete", url("directive-detail", w.directive.pk), None),
        managers(204),
    ),
}


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("case", list(CASES))
def test_each_role_may_do_exactly_what_the_rules_allow(world, role, case):
    state, build, expected = CASES[case]
    world.move(state)
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.roles[role])
    method, path, data = build(world)
    response = getattr(client, method)(path, data, format=None if method == "get" else "json")
    assert response.status_code == expected[role], (case, role, response.content[:300])
    if response.status_code in (400, 403) and method != "get":
        # Refusals carry a Korean message, at a field or as the detail.
        text = str(response.json())
        assert any("\uac00" <= ch <= "\ud7a3" for ch in text), (case, role, text)


def test_the_reviewer_may_edit_and_delete_their_own_directive(world):
    reviewer = world.roles["reviewer"]
    Directive.objects.filter(pk=world.directive.pk).update(recorded_by=reviewer)
    client = APIClient()
    client.force_authenticate(reviewer)
    path = url("directive-detail", world.directive.pk)
    assert client.patch(path, {"text": "기한 연장"}, format="json").status_code == 200
    assert client.delete(path).status_code == 204


@pytest.mark.parametrize(
    "name",
    ["review-round-list", "assignment-list", "evaluation-list", "decision-list", "directive-list"],
)
def test_anonymous_callers_get_a_json_401(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
