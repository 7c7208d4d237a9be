"""A decision changed (or first recorded) after the round's results were published tells
the idea's team, as the publication did; before publication nobody hears anything."""

import pytest

from notifications.models import Notification
from reviews import services
from reviews.models import Decision, ReviewRound
from tests.departments.factories import team_leader
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


def decide(planner, review_round, idea, **kwargs):
    fields = {"outcome": Decision.Outcome.ADOPT, "implementation_path": "immediate"}
    fields |= {"reason": "도민 체감 효과가 큼"} | kwargs
    return services.decision_record(review_round=review_round, idea=idea, by=planner, **fields)


@pytest.fixture
def published(planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    leader = team_leader()
    idea = rf.submitted_idea(review_round.season, leader=leader)
    decide(planner, review_round, idea)
    services.decisions_publish(review_round=review_round, by=planner)
    Notification.objects.all().delete()
    return review_round, idea, leader


def test_a_changed_decision_after_publication_tells_the_team(planner, published):
    review_round, idea, leader = published

    decide(
        planner,
        review_round,
        idea,
        outcome=Decision.Outcome.NOT_ADOPTED,
        implementation_path="",
        reason="예산 확보가 어려움",
        change_reason="도의회 예산 심사 결과 반영",
    )

    notice = Notification.objects.get(recipient=leader)
    assert notice.kind == Notification.Kind.DECISIONS_PUBLISHED
    assert "[심사 결과 변경]" in notice.title
    assert "미채택" in notice.title
    assert "채택에서 미채택으로 바뀌었습니다" in notice.body
    assert "도의회 예산 심사 결과 반영" in notice.body
    assert notice.url == idea.get_absolute_url()


def test_a_first_decision_after_publication_tells_the_team(planner, published):
    review_round, _idea, _leader = published
    late_leader = team_leader()
    late = rf.submitted_idea(review_round.season, leader=late_leader)

    decide(planner, review_round, late)

    assert Notification.objects.filter(recipient=late_leader).count() == 1


def test_a_change_before_publication_tells_nobody(planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    idea = rf.submitted_idea(review_round.season, leader=team_leader())
    decide(planner, review_round, idea)
    decide(planner, review_round, idea, reason="다시 본 사유", change_reason="표현 수정")
    assert not Notification.objects.exists()
