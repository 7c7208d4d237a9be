"""Decisions: outcome, path and reason; a change only with its reason, both versions kept
and shown; the top N in one action; the team sees the outcome once it is published."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from reviews import selectors, services
from reviews.models import Decision, ReviewRound
from tests.departments.factories import team_leader
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(db):
    return rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)


def decide(planner, review_round, idea, **kwargs):
    fields = {"outcome": Decision.Outcome.ADOPT, "implementation_path": "immediate"}
    fields |= {"reason": "도민 체감 효과가 큼"} | kwargs
    return services.decision_record(review_round=review_round, idea=idea, by=planner, **fields)


def test_a_decision_records_outcome_path_reason_who_and_when(planner, closed_round):
    idea = rf.submitted_idea(closed_round.season)
    decision = decide(planner, closed_round, idea)
    assert (decision.outcome, decision.implementation_path, decision.reason) == (
        "adopt",
        "immediate",
        "도민 체감 효과가 큼",
    )
    assert decision.decided_by == planner
    assert decision.decided_at is not None
    assert decision.is_current


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"implementation_path": ""}, "implementation_path", "추진 방식"),
        ({"reason": "  "}, "reason", "결정 사유를 입력하세요."),
        ({"outcome": "adopt_with_conditions"}, "conditions", "조건부 채택의 조건"),
        ({"outcome": "maybe"}, "outcome", "결과(채택"),
    ],
)
def test_an_incomplete_decision_is_refused_at_its_field(
    planner, closed_round, fields, field, message
):
    idea = rf.submitted_idea(closed_round.season)
    with pytest.raises(BusinessRuleError) as refused:
        decide(planner, closed_round, idea, **fields)
    assert message in " ".join(refused.value.errors[field])
    assert not Decision.objects.exists()


def test_changing_a_decision_needs_a_reason_and_keeps_both_versions(planner, closed_round):
    idea = rf.submitted_idea(closed_round.season)
    first = decide(planner, closed_round, idea, outcome="not_adopted", implementation_path="")
    with pytest.raises(BusinessRuleError) as refused:
        decide(planner, closed_round, idea)
    assert "변경 사유" in refused.value.errors["change_reason"][0]

    second = decide(planner, closed_round, idea, change_reason="보고회에서 도지사 지시로 재검토")

    first.refresh_from_db()
    assert not first.is_current
    assert second.is_current
    assert second.previous == first
    versions = list(selectors.decision_history(idea=idea))
    assert versions == [second, first]
    actions = list(
        HistoryEntry.objects.filter(action__in=["decided", "decision_changed"])
        .order_by("at", "pk")
        .values_list("action", "reason")
    )
    assert actions == [("decided", ""), ("decision_changed", "보고회에서 도지사 지시로 재검토")]


def test_the_decision_page_shows_both_versions_and_the_reason_for_the_change(
    client, planner, closed_round
):
    idea = rf.submitted_idea(closed_round.season)
    decide(planner, closed_round, idea, outcome="not_adopted", implementation_path="")
    decide(planner, closed_round, idea, change_reason="예산이 확보되어 채택으로 변경")
    client.force_login(planner)
    html = client.get(reverse("reviews:decide", args=[closed_round.pk, idea.pk])).content.decode()
    assert "미채택" in html
    assert "채택" in html
    assert "예산이 확보되어 채택으로 변경" in html


def test_the_same_decision_again_is_not_a_change(planner, closed_round):
    idea = rf.submitted_idea(closed_round.season)
    decide(planner, closed_round, idea)
    with pytest.raises(BusinessRuleError, match="바뀐 내용이 없습니다"):
        decide(planner, closed_round, idea, change_reason="다시")


def test_only_the_planning_office_decides(reviewer, closed_round):
    with pytest.raises(PermissionRefused):
        decide(reviewer, closed_round, rf.submitted_idea(closed_round.season))


def scored(review_round, *totals):
    """Ideas scored by one reviewer each with every criterion at total/10."""
    ideas = []
    for total in totals:
        assignment = rf.AssignmentFactory(round=review_round)
        rf.evaluate(assignment, *[total / 10] * 5)
        ideas.append(assignment.idea)
    return ideas


def test_the_top_n_are_adopted_in_one_action_each_with_its_own_decision(planner, closed_round):
    low, high, middle = scored(closed_round, 40, 90, 70)
    unscored = rf.AssignmentFactory(round=closed_round).idea
    decisions = services.decisions_select_top(
        review_round=closed_round, by=planner, n=2, reason="상위 2건 채택"
    )
    assert [d.idea for d in decisions] == [high, middle]
    assert all(d.implementation_path == d.idea.implementation_path for d in decisions)
    assert HistoryEntry.objects.filter(action="decided").count() == 2
    assert not Decision.objects.filter(idea__in=[low, unscored]).exists()


def test_the_top_n_refuses_to_overwrite_a_decision_already_made(planner, closed_round):
    _low, high = scored(closed_round, 40, 90)
    decide(planner, closed_round, high, outcome="not_adopted", implementation_path="")
    with pytest.raises(BusinessRuleError, match=high.reference_number):
        services.decisions_select_top(review_round=closed_round, by=planner, n=2, reason="상위")
    assert Decision.objects.count() == 1


def test_decisions_are_published_only_after_closing(planner):
    open_round = rf.ReviewRoundFactory()
    decide(planner, open_round, rf.submitted_idea(open_round.season))
    with pytest.raises(BusinessRuleError, match="마감한 뒤에"):
        services.decisions_publish(review_round=open_round, by=planner)


def test_the_team_sees_the_outcome_and_reason_only_once_published(client, planner, closed_round):
    leader = team_leader()
    idea = rf.submitted_idea(closed_round.season, leader=leader)
    decide(planner, closed_round, idea, reason="즉시 시행 가능하고 효과가 큼")
    client.force_login(leader)
    panel = reverse("reviews:idea_panel", args=[idea.pk])
    api = APIClient()
    api.force_authenticate(leader)
    history = reverse("decision-history") + f"?idea={idea.pk}"

    assert "즉시 시행 가능하고 효과가 큼" not in client.get(panel).content.decode()
    assert api.get(history).json() == []

    services.decisions_publish(review_round=closed_round, by=planner)

    html = client.get(panel).content.decode()
    assert "채택" in html
    assert "즉시 시행 가능하고 효과가 큼" in html
    assert [d["reason"] for d in api.get(history).json()] == ["즉시 시행 가능하고 효과가 큼"]
    idea_page = client.get(idea.get_absolute_url()).content.decode()
    assert reverse("reviews:idea_panel", args=[idea.pk]) in idea_page


def test_the_ranking_page_moves_to_another_round_of_any_season(client, planner, closed_round):
    other = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    draft = rf.ReviewRoundFactory(status=ReviewRound.Status.DRAFT)
    client.force_login(planner)
    url = reverse("reviews:ranking", args=[closed_round.pk])
    html = client.get(url).content.decode()
    assert f"{other.season.name} · {other.name}" in html
    assert f"{draft.season.name} · {draft.name}" not in html  # nothing to rank yet

    response = client.get(url, {"round": other.pk, "order": "normalised", "page": 3})
    assert response.status_code == 302
    assert response.url == reverse("reviews:ranking", args=[other.pk]) + "?order=normalised"
    htmx = client.get(url, {"round": other.pk}, headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == reverse("reviews:ranking", args=[other.pk])


def test_the_planning_offices_home_lists_rounds_running_and_results_to_publish(
    client, planner, closed_round
):
    running = rf.ReviewRoundFactory()
    rf.evaluate(rf.AssignmentFactory(round=running), 5, 5, 5, 5, 5)
    rf.AssignmentFactory(round=running)
    client.force_login(planner)
    html = client.get(reverse("core:home")).content.decode()
    assert f"{running.name} 중: 평가 1/2건 제출" in html  # "… 서면 심사 중", said once
    assert f"{closed_round.name}: 심사 마감, 선정 결과 공개 전" in html
    decide(planner, closed_round, rf.submitted_idea(closed_round.season))
    services.decisions_publish(review_round=closed_round, by=planner)
    assert "선정 결과 공개 전" not in client.get(reverse("core:home")).content.decode()
