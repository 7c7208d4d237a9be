"""Scoring: drafts kept as typed, submission with every criterion, the weighted total, one
evaluation per reviewer, idea and round, and the review screen's save-and-next."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from reviews import services
from reviews.models import Evaluation, ReviewRound
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(review_round, make_idea):
    return rf.AssignmentFactory(round=review_round, idea=make_idea())


def criteria_of(assignment):
    return list(assignment.round.criteria.order_by("order"))


def scores_for(assignment, *values):
    return {c.pk: v for c, v in zip(criteria_of(assignment), values, strict=False)}


def test_a_draft_keeps_whatever_part_has_been_scored(assignment):
    evaluation = services.evaluation_save_draft(
        assignment=assignment, by=assignment.reviewer, scores=scores_for(assignment, 7, 8)
    )
    assert evaluation.status == Evaluation.Status.DRAFT
    assert evaluation.total is None
    assert sorted(s.value for s in evaluation.scores.all()) == [Decimal(7), Decimal(8)]


def test_a_second_draft_changes_and_clears_scores_in_place(assignment):
    first, second, *_ = criteria_of(assignment)
    services.evaluation_save_draft(
        assignment=assignment, by=assignment.reviewer, scores={first.pk: 7, second.pk: 8}
    )
    evaluation = services.evaluation_save_draft(
        assignment=assignment,
        by=assignment.reviewer,
        scores={first.pk: "9.5", second.pk: ""},
        comment="  다시 읽어 봄 ",
    )
    assert {s.criterion_id: s.value for s in evaluation.scores.all()} == {first.pk: Decimal("9.5")}
    assert evaluation.comment == "다시 읽어 봄"
    assert Evaluation.objects.filter(assignment=assignment).count() == 1


def test_submitting_fixes_the_weighted_total_and_records_it(assignment):
    # 8·25 + 6·25 + 7·25 + 5·15 + 9·10 = 200 + 150 + 175 + 75 + 90 = 690 → 690 / 100 = 69.
    evaluation = services.evaluation_submit(
        assignment=assignment, by=assignment.reviewer, scores=scores_for(assignment, 8, 6, 7, 5, 9)
    )
    assert evaluation.status == Evaluation.Status.SUBMITTED
    assert evaluation.total == Decimal("69.00")
    assert evaluation.submitted_at is not None
    entry = HistoryEntry.objects.for_object(evaluation).get()
    assert (entry.action, entry.actor, entry.data) == (
        "evaluation_submitted",
        assignment.reviewer,
        {"total": "69.00"},
    )


def test_submitting_without_every_score_names_the_missing_criteria(assignment):
    creativity, feasibility, *rest = criteria_of(assignment)
    with pytest.raises(BusinessRuleError) as refused:
        services.evaluation_submit(
            assignment=assignment,
            by=assignment.reviewer,
            scores={creativity.pk: 8, feasibility.pk: 7},
        )
    assert set(refused.value.errors) == {f"score_{c.pk}" for c in rest}
    assert refused.value.errors[f"score_{rest[0].pk}"] == ["효과성 점수를 입력하세요."]
    # Nothing half-saved: the scores typed are not kept as a submission either.
    assert not Evaluation.objects.filter(status=Evaluation.Status.SUBMITTED).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11", "창의성 점수는 0점부터 10점 사이여야 합니다."),
        ("-1", "창의성 점수는 0점부터 10점 사이여야 합니다."),
        ("abc", "점수는 숫자로 입력하세요."),
        ("7.125", "점수는 소수점 둘째 자리까지 입력할 수 있습니다."),
        ("NaN", "창의성 점수는 0점부터 10점 사이여야 합니다."),
    ],
)
def test_a_bad_score_is_refused_at_its_field_and_nothing_is_saved(assignment, value, message):
    creativity = criteria_of(assignment)[0]
    with pytest.raises(BusinessRuleError) as refused:
        services.evaluation_save_draft(
            assignment=assignment, by=assignment.reviewer, scores={creativity.pk: value}
        )
    assert refused.value.errors == {f"score_{creativity.pk}": [message]}
    assert not Evaluation.objects.filter(assignment=assignment, scores__isnull=False).exists()


def test_a_submitted_evaluation_cannot_be_changed(assignment):
    values = scores_for(assignment, 8, 6, 7, 5, 9)
    services.evaluation_submit(assignment=assignment, by=assignment.reviewer, scores=values)
    with pytest.raises(BusinessRuleError, match="이미 제출한 평가"):
        services.evaluation_save_draft(
            assignment=assignment, by=assignment.reviewer, scores=scores_for(assignment, 1)
        )


def test_only_the_assigned_reviewer_scores_and_only_while_the_round_is_open(assignment):
    other = rf.reviewer()
    with pytest.raises(PermissionRefused):
        services.evaluation_save_draft(
            assignment=assignment, by=other, scores=scores_for(assignment, 5)
        )
    ReviewRound.objects.filter(pk=assignment.round_id).update(status=ReviewRound.Status.CLOSED)
    assignment.round.refresh_from_db()
    with pytest.raises(PermissionRefused):
        services.evaluation_save_draft(
            assignment=assignment, by=assignment.reviewer, scores=scores_for(assignment, 5)
        )


def test_the_database_holds_one_evaluation_per_reviewer_idea_and_round(assignment):
    rf.evaluate(assignment, 5, 5, 5, 5, 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(
            assignment=rf.AssignmentFactory(round=assignment.round),
            round=assignment.round,
            idea=assignment.idea,
            reviewer=assignment.reviewer,
        )


# The review screen ---------------------------------------------------------------------


def form_data(assignment, *values, action="submit", comment=""):
    data = {f"score_{c.pk}": v for c, v in zip(criteria_of(assignment), values, strict=False)}
    return {**data, "comment": comment, "action": action}


def test_save_and_next_opens_the_next_idea_left_to_score(client, review_round, make_idea):
    reviewer = rf.reviewer()
    first, second, third = (
        rf.AssignmentFactory(round=review_round, idea=make_idea(), reviewer=reviewer)
        for _ in range(3)
    )
    rf.evaluate(second, 5, 5, 5, 5, 5)  # already done: skipped
    client.force_login(reviewer)

    response = client.post(
        reverse("reviews:evaluate", args=[first.pk]), form_data(first, 8, 6, 7, 5, 9)
    )

    assert response.status_code == 302
    assert response.url == reverse("reviews:evaluate", args=[third.pk])
    first.refresh_from_db()
    assert first.evaluation.status == Evaluation.Status.SUBMITTED


def test_the_last_submission_returns_to_the_queue_with_everything_done(
    client, review_round, make_idea
):
    assignment = rf.AssignmentFactory(round=review_round, idea=make_idea())
    client.force_login(assignment.reviewer)
    response = client.post(
        reverse("reviews:evaluate", args=[assignment.pk]),
        form_data(assignment, 8, 6, 7, 5, 9),
        follow=True,
    )
    html = response.content.decode()
    assert "배정받은 아이디어를 모두 심사했습니다" in html
    assert "1건 중 1건 완료" in html


def test_a_draft_stays_on_the_same_idea_with_the_scores_as_typed(client, assignment):
    client.force_login(assignment.reviewer)
    url = reverse("reviews:evaluate", args=[assignment.pk])
    response = client.post(url, form_data(assignment, "8", "7.5", action="draft"))
    assert response.status_code == 302
    assert response.url == url
    html = client.get(url).content.decode()
    assert 'value="8"' in html
    assert 'value="7.5"' in html
    assert "작성 중" in html


def test_a_refused_submission_keeps_what_was_typed_and_marks_the_field(client, assignment):
    client.force_login(assignment.reviewer)
    response = client.post(
        reverse("reviews:evaluate", args=[assignment.pk]),
        form_data(assignment, "8", "12", "7", "", "9", comment="좋은 제안"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "실현가능성 점수는 0점부터 10점 사이여야 합니다." in html
    assert 'value="12"' in html
    assert "좋은 제안" in html
    assert not Evaluation.objects.filter(status=Evaluation.Status.SUBMITTED).exists()


def test_the_review_screen_shows_the_keyboard_shortcuts(client, assignment):
    client.force_login(assignment.reviewer)
    html = client.get(reverse("reviews:evaluate", args=[assignment.pk])).content.decode()
    assert "키보드로 심사하기" in html
    assert 'aria-keyshortcuts="Control+Enter"' in html
    assert 'aria-keyshortcuts="Control+S"' in html
    assert "autofocus" in html
    assert assignment.idea.title in html


def test_the_api_shows_an_assignment_not_started_to_the_planning_office(planner, assignment):
    api = APIClient()
    api.force_authenticate(planner)
    response = api.get(reverse("evaluation-detail", args=[assignment.pk]))
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["scores"], body["total"]) == ("not_started", [], None)


def test_a_long_queue_is_paged_and_starts_at_the_first_idea_left_to_score(
    client, review_round, make_idea, monkeypatch
):
    from reviews.views import reviewer as reviewer_views

    monkeypatch.setattr(reviewer_views, "QUEUE_PAGE", 2)
    reviewer = rf.reviewer()
    queue = [rf.AssignmentFactory(round=review_round, idea=make_idea(), reviewer=reviewer)]
    queue += [
        rf.AssignmentFactory(round=review_round, idea=make_idea(), reviewer=reviewer)
        for _ in range(4)
    ]
    in_order = sorted(queue, key=lambda a: a.idea.reference_number)
    for done in in_order[:3]:
        rf.evaluate(done, 7, 7, 7, 7, 7)
    client.force_login(reviewer)
    first = client.get(reverse("reviews:queue"), {"round": review_round.pk}).content.decode()
    assert "5건 중 3건 완료" in first
    # What is left comes first; the button opens the first left by reference number.
    start = reverse("reviews:evaluate", args=[in_order[3].pk])
    assert f'href="{start}" id="rv-start"' in first
    assert first.count('<td class="nowrap">' + review_round.season.code) == 2
    assert "page=2" in first
    third = client.get(reverse("reviews:queue"), {"round": review_round.pk, "page": 3})
    assert '<td class="num">5</td>' in third.content.decode()


def queue_of(review_round, make_idea, n):
    reviewer = rf.reviewer()
    made = [
        rf.AssignmentFactory(round=review_round, idea=make_idea(), reviewer=reviewer)
        for _ in range(n)
    ]
    return reviewer, sorted(made, key=lambda a: (a.idea.reference_number, a.pk))


def test_the_review_screen_shows_the_place_in_the_queue_and_both_neighbours(
    client, review_round, make_idea
):
    reviewer, in_order = queue_of(review_round, make_idea, 4)
    client.force_login(reviewer)

    middle = client.get(reverse("reviews:evaluate", args=[in_order[2].pk])).content.decode()
    first = client.get(reverse("reviews:evaluate", args=[in_order[0].pk])).content.decode()
    last = client.get(reverse("reviews:evaluate", args=[in_order[3].pk])).content.decode()

    assert "4건 중 3번째" in middle
    assert f'id="rv-previous" href="{reverse("reviews:evaluate", args=[in_order[1].pk])}"' in middle
    assert f'id="rv-next" href="{reverse("reviews:evaluate", args=[in_order[3].pk])}"' in middle
    assert "4건 중 1번째" in first
    assert 'id="rv-previous"' not in first
    assert "4건 중 4번째" in last
    assert 'id="rv-next"' not in last


def test_submitting_the_last_idea_goes_back_to_the_first_one_left(client, review_round, make_idea):
    reviewer, in_order = queue_of(review_round, make_idea, 4)
    rf.evaluate(in_order[0], 5, 5, 5, 5, 5)  # done: skipped when wrapping round
    client.force_login(reviewer)

    response = client.post(
        reverse("reviews:evaluate", args=[in_order[3].pk]), form_data(in_order[3], 8, 6, 7, 5, 9)
    )

    assert response.url == reverse("reviews:evaluate", args=[in_order[1].pk])


@pytest.mark.parametrize("size", [3, 30])
def test_the_review_screen_reads_the_same_number_of_queries_for_any_queue(
    client, review_round, make_idea, django_assert_num_queries, size
):
    reviewer, in_order = queue_of(review_round, make_idea, size)
    client.force_login(reviewer)
    url = reverse("reviews:evaluate", args=[in_order[1].pk])
    client.get(url)  # warms the caller's caches (groups)
    # Session, user, the assignment, groups, the idea with its co-authors and attachments,
    # the criteria, the visible evaluations; then the place in the queue (one aggregate)
    # and each neighbour (one row each), whatever the size of the queue; the unread count.
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
