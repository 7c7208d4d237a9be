"""Review rounds and their weighted criteria: the default set, a season's own set, and the
criteria frozen once scoring has started (service, page and API)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import BusinessRuleError, PermissionRefused
from reviews import services
from reviews.models import Criterion, ReviewRound
from tests.ideas.factories import SeasonFactory
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


def test_a_new_round_gets_the_five_default_criteria(planner):
    review_round = services.round_create(season=SeasonFactory(), by=planner, name="1차 서면 심사")
    rows = list(review_round.criteria.values_list("name", "weight", "max_score"))
    assert rows == [
        ("창의성", Decimal("25.00"), 10),
        ("실현가능성", Decimal("25.00"), 10),
        ("효과성", Decimal("25.00"), 10),
        ("적용범위", Decimal("15.00"), 10),
        ("계속성", Decimal("10.00"), 10),
    ]
    assert review_round.status == ReviewRound.Status.DRAFT


def test_a_season_sets_its_own_names_weights_and_maxima(planner):
    review_round = services.round_create(
        season=SeasonFactory(),
        by=planner,
        name="최종 심사",
        criteria=[
            {"name": "도민 체감도", "weight": "40", "max_score": 20},
            {"name": "예산 효율성", "weight": "60", "max_score": 5},
        ],
    )
    assert list(review_round.criteria.values_list("name", "weight", "max_score")) == [
        ("도민 체감도", Decimal("40.00"), 20),
        ("예산 효율성", Decimal("60.00"), 5),
    ]
    # 15/20·40 + 4/5·60 = 30 + 48 = 78 on a 0–100 scale.
    assignment = rf.AssignmentFactory(round=review_round)
    ReviewRound.objects.filter(pk=review_round.pk).update(status=ReviewRound.Status.OPEN)
    assignment.round.refresh_from_db()
    c1, c2 = review_round.criteria.order_by("order")
    evaluation = services.evaluation_submit(
        assignment=assignment, by=assignment.reviewer, scores={c1.pk: 15, c2.pk: 4}
    )
    assert evaluation.total == Decimal("78.00")


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ([], "심사 기준을 하나 이상 정하세요."),
        ([{"name": "창의성", "weight": 0, "max_score": 10}], "0보다 커야"),
        ([{"name": "창의성", "weight": 10, "max_score": 10}] * 2, "같은 이름의 심사 기준"),
        ([{"name": " ", "weight": 10, "max_score": 10}], "모든 심사 기준에 이름"),
    ],
)
def test_bad_criteria_are_refused_and_no_round_is_made(planner, criteria, message):
    with pytest.raises(BusinessRuleError, match=message) as refused:
        services.round_create(season=SeasonFactory(), by=planner, name="심사", criteria=criteria)
    assert "criteria" in refused.value.errors
    assert not ReviewRound.objects.exists()


def test_only_the_planning_office_makes_rounds(reviewer):
    with pytest.raises(PermissionRefused):
        services.round_create(season=SeasonFactory(), by=reviewer, name="심사")


def test_criteria_change_freely_until_an_evaluation_exists(planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.DRAFT)
    services.criteria_replace(
        review_round=review_round,
        by=planner,
        criteria=[{"name": "효과성", "weight": 100, "max_score": 10}],
    )
    assert list(review_round.criteria.values_list("name", flat=True)) == ["효과성"]


def test_criteria_are_frozen_once_scoring_started_even_by_a_draft(planner, review_round):
    assignment = rf.AssignmentFactory(round=review_round)
    rf.evaluate(assignment, 5, 5, 5, 5, 5, submitted=False)
    before = list(review_round.criteria.values_list("pk", "name", "weight"))
    with pytest.raises(BusinessRuleError, match="이미 평가가 시작되어") as refused:
        services.criteria_replace(
            review_round=review_round,
            by=planner,
            criteria=[{"name": "효과성", "weight": 100, "max_score": 10}],
        )
    assert "criteria" in refused.value.errors
    assert list(review_round.criteria.values_list("pk", "name", "weight")) == before


def test_the_round_page_says_the_criteria_are_frozen_and_keeps_them(client, planner, review_round):
    rf.evaluate(rf.AssignmentFactory(round=review_round), 5, 5, 5, 5, 5)
    client.force_login(planner)
    url = reverse("reviews:round_edit", args=[review_round.pk])
    html = client.get(url).content.decode()
    assert "이미 평가가 시작되어 심사 기준을 바꿀 수 없습니다" in html
    criteria = list(Criterion.objects.filter(round=review_round).values_list("name", "weight"))
    data = {
        "name": "1차 서면 심사(수정)",
        "order": 1,
        "reviewers_per_idea": 3,
        "disagreement_threshold": "12",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "효과성",
        "criteria-0-weight": "100",
        "criteria-0-max_score": "10",
    }
    assert client.post(url, data).status_code == 302
    review_round.refresh_from_db()
    assert review_round.name == "1차 서면 심사(수정)"  # the round's settings still change
    assert list(Criterion.objects.filter(round=review_round).values_list("name", "weight")) == (
        criteria
    )


def test_the_api_refuses_new_criteria_once_scoring_started(planner, review_round):
    rf.evaluate(rf.AssignmentFactory(round=review_round), 5, 5, 5, 5, 5)
    api = APIClient()
    api.force_authenticate(planner)
    response = api.put(
        reverse("review-round-criteria", args=[review_round.pk]),
        {"criteria": [{"name": "효과성", "weight": 100, "max_score": 10}]},
        format="json",
    )
    assert response.status_code == 400
    assert "이미 평가가 시작되어" in str(response.json()["criteria"])


def test_a_round_opens_only_from_preparation_and_closes_only_when_open(planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.DRAFT, opened_at=None)
    with pytest.raises(BusinessRuleError, match="심사 중인 차수만 마감"):
        services.round_close(review_round=review_round, by=planner)
    services.round_open(review_round=review_round, by=planner)
    with pytest.raises(BusinessRuleError, match="준비 중인 심사만 시작"):
        services.round_open(review_round=review_round, by=planner)
    services.round_close(review_round=review_round, by=planner)
    assert review_round.status == ReviewRound.Status.CLOSED
    assert review_round.opened_at is not None
    assert review_round.closed_at is not None


def test_two_rounds_of_a_season_cannot_share_an_order(planner, review_round):
    with pytest.raises(BusinessRuleError) as refused:
        services.round_create(
            season=review_round.season, by=planner, name="또 1차", order=review_round.order
        )
    assert refused.value.errors["order"] == ["이 시즌에 같은 차수의 심사가 이미 있습니다."]


def test_a_round_edit_keeps_what_it_was_and_a_bad_one_saves_nothing(planner, review_round):
    from core.models import HistoryEntry

    old_name, order = review_round.name, review_round.order
    services.round_update(review_round=review_round, by=planner, name="  2026 상반기 1차  ")
    review_round.refresh_from_db()
    assert review_round.name == "2026 상반기 1차"
    entry = HistoryEntry.objects.for_object(review_round).get(
        action=services.ReviewAction.ROUND_UPDATED
    )
    assert entry.actor == planner
    assert entry.data == {"before": {"name": old_name}, "after": {"name": "2026 상반기 1차"}}

    with pytest.raises(BusinessRuleError) as refused:
        services.round_update(review_round=review_round, by=planner, name=" ", order=9)
    assert refused.value.errors["name"] == ["심사 이름을 입력하세요."]
    review_round.refresh_from_db()
    assert (review_round.name, review_round.order) == ("2026 상반기 1차", order)
    assert HistoryEntry.objects.for_object(review_round).count() == 1
