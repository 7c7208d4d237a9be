"""Mass actions ask first and say what will happen: closing a round (evaluations not
submitted), publishing decisions (who is told, what is undecided), adopting the top N
(which ideas, and which are passed over because their evaluations are not all in)."""

import pytest
from django.urls import reverse

from core.errors import BusinessRuleError
from notifications.models import Notification
from reviews import selectors, services
from reviews.models import Decision, ReviewRound
from tests.departments.factories import UserFactory
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


def scored(review_round, *totals, missing=0):
    """An idea per total, scored by one reviewer; ``missing`` more reviewers each on the
    last idea who have not submitted (one with a draft, the others not started)."""
    ideas = []
    for total in totals:
        assignment = rf.AssignmentFactory(round=review_round)
        rf.evaluate(assignment, *[total / 10] * 5)
        ideas.append(assignment.idea)
    for index in range(missing):
        late = rf.AssignmentFactory(round=review_round, idea=ideas[-1])
        if index == 0:
            rf.evaluate(late, 5, submitted=False)
    return ideas


# Closing a round -----------------------------------------------------------------------


def test_closing_a_round_first_says_how_many_evaluations_are_not_submitted(client, planner):
    review_round = rf.ReviewRoundFactory()
    scored(review_round, 80, 60, missing=3)
    client.force_login(planner)
    url = reverse("reviews:round_close", args=[review_round.pk])

    page = client.get(url).content.decode()
    assert "배정된 평가 5건 가운데 3건이 제출되지 않았습니다." in page
    assert "작성 중인 평가 1건" in page
    assert "시작하지 않은 평가 2건" in page
    assert "평가를 다 마치지 못한 심사위원 3명" in page
    assert "평가가 덜 끝난 아이디어 1건" in page
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.OPEN

    # A post without the page's confirmation (an old button, say) only shows the page.
    assert client.post(url).status_code == 200
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.OPEN

    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.CLOSED


def test_the_close_summary_is_one_query(planner, django_assert_num_queries):
    review_round = rf.ReviewRoundFactory()
    scored(review_round, 80, 60, 40, missing=4)
    with django_assert_num_queries(1):  # the assignments with their evaluations, counted
        summary = selectors.round_close_summary(review_round=review_round)
    assert (summary.assigned, summary.submitted, summary.missing) == (7, 3, 4)


def test_the_round_list_links_to_the_confirmation_instead_of_closing(client, planner):
    review_round = rf.ReviewRoundFactory()
    client.force_login(planner)
    page = client.get(f"{reverse('reviews:round_list')}?season={review_round.season_id}")
    html = page.content.decode()
    close_url = reverse("reviews:round_close", args=[review_round.pk])
    assert f'href="{close_url}"' in html
    assert f'action="{close_url}"' not in html


# Publishing ----------------------------------------------------------------------------


def test_publishing_first_says_who_is_told_and_what_is_undecided(client, planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    adopted, rejected, _undecided, _also_undecided = scored(review_round, 90, 70, 50, 30)
    for idea, outcome, path in ((adopted, "adopt", "immediate"), (rejected, "not_adopted", "")):
        services.decision_record(
            review_round=review_round,
            idea=idea,
            by=planner,
            outcome=outcome,
            implementation_path=path,
            reason="심사 결과",
        )
    # A team of two: its leader hears of the idea, and so does its author.
    member = UserFactory(team=adopted.team)
    adopted.created_by = member
    adopted.save(update_fields=["created_by"])
    client.force_login(planner)
    url = reverse("reviews:publish", args=[review_round.pk])

    page = client.get(url).content.decode()
    assert "2개 팀(직원 3명)에게 결과 알림과 전자우편이 갑니다." in page
    assert "심사한 아이디어 4건 가운데 2건은 아직 결정하지 않았습니다." in page
    assert "채택 1건, 미채택 1건" in page
    assert "채택된 1건은 실시계획 작성이 시작됩니다." in page
    assert not Notification.objects.exists()

    assert client.post(url).status_code == 200  # not confirmed: the page again
    review_round.refresh_from_db()
    assert review_round.decisions_published_at is None

    assert client.post(url, {"confirmed": "1"}).status_code == 302
    review_round.refresh_from_db()
    assert review_round.decisions_published_at is not None
    assert Notification.objects.count() == 3


def test_the_publish_summary_reads_a_fixed_number_of_queries(
    planner, django_assert_max_num_queries
):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    for idea in scored(review_round, 90, 80, 70, 60, 50, 40):
        Decision.objects.create(
            round=review_round,
            idea=idea,
            outcome="not_adopted",
            reason="심사 결과",
            decided_by=planner,
        )
    # counts; the decisions; the teams' leaders; the co-authors
    with django_assert_max_num_queries(4):
        summary = selectors.publish_summary(review_round=review_round)
    assert (summary.decided, summary.undecided, summary.teams) == (6, 0, 6)


# Adopting the top N --------------------------------------------------------------------


def test_the_ranking_flags_ideas_with_missing_evaluations(client, planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    complete, incomplete = scored(review_round, 60, 90, missing=1)
    client.force_login(planner)
    html = client.get(reverse("reviews:ranking", args=[review_round.pk])).content.decode()
    rows = {
        ref: html.split(ref, 1)[1].split("</tr>", 1)[0]
        for ref in (complete.reference_number, incomplete.reference_number)
    }
    assert "평가 미완료" in rows[incomplete.reference_number]
    assert "평가 미완료" not in rows[complete.reference_number]
    # The top-N form offers to include them, as a checkbox a person can see and tick.
    assert (
        '<div class="krds-form-check"><input type="checkbox" name="top-include_incomplete"' in html
    )


def test_the_top_n_passes_over_ideas_with_missing_evaluations_unless_told(planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    third, first_incomplete = scored(review_round, 60, 95, missing=1)
    second = scored(review_round, 80)[0]

    decisions = services.decisions_select_top(
        review_round=review_round, by=planner, n=2, reason="상위 2건"
    )
    assert [d.idea for d in decisions] == [second, third]
    Decision.objects.all().delete()

    decisions = services.decisions_select_top(
        review_round=review_round, by=planner, n=2, reason="상위 2건", include_incomplete=True
    )
    assert [d.idea for d in decisions] == [first_incomplete, second]


def test_the_top_n_is_refused_when_every_candidate_is_incomplete(planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    scored(review_round, 95, missing=1)
    with pytest.raises(BusinessRuleError, match="평가 미완료 아이디어도 포함"):
        services.decisions_select_top(review_round=review_round, by=planner, n=1, reason="상위")
    assert not Decision.objects.exists()


def test_adopting_the_top_n_shows_the_ideas_first_then_adopts_on_confirmation(client, planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    third, incomplete = scored(review_round, 60, 95, missing=1)
    second = scored(review_round, 80)[0]
    client.force_login(planner)
    url = reverse("reviews:select_top", args=[review_round.pk])
    data = {"top-n": "2", "top-order": "raw", "top-reason": "상위 2건 채택"}

    page = client.post(url, data).content.decode()
    assert "이 2건을 채택합니다" in page
    assert second.reference_number in page
    assert third.reference_number in page
    assert "평가가 덜 끝난 1건은 건너뜁니다." in page
    assert f"{incomplete.reference_number}" in page
    assert not Decision.objects.exists()

    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    adopted = Decision.objects.filter(round=review_round, outcome="adopt")
    assert set(adopted.values_list("idea", flat=True)) == {second.pk, third.pk}


def test_the_top_n_page_refuses_a_missing_reason_at_its_field(client, planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    scored(review_round, 80)
    client.force_login(planner)
    url = reverse("reviews:select_top", args=[review_round.pk])
    response = client.post(url, {"top-n": "1", "top-order": "raw", "confirmed": "1"})
    assert response.status_code == 400
    assert "채택 사유를 입력하세요." in response.content.decode()
    assert not Decision.objects.exists()


def test_the_api_adopts_an_incomplete_idea_only_when_asked(planner):
    from rest_framework.test import APIClient

    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    scored(review_round, 60, 95, missing=1)
    api = APIClient()
    api.force_authenticate(planner)
    url = reverse("review-round-select-top", args=[review_round.pk])
    response = api.post(url, {"n": 1, "reason": "상위"}, format="json")
    assert response.status_code == 200
    assert [d["idea"]["reference_number"] for d in response.json()] == [
        Decision.objects.get().idea.reference_number
    ]
    assert Decision.objects.get().idea.evaluations.count() == 1
