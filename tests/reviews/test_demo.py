"""load_demo's review step: season 1 reviewed in two rounds with 15 adoptions, season 2's
first round open with part of the queue done, directives, and the same data every time."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count

from departments.models import Role, User
from ideas.demo import S1_ADOPTED_TITLES
from ideas.models import Idea
from reviews.models import Assignment, Decision, Directive, Evaluation, ReviewRound
from reviews.permissions import conflict_of_interest
from reviews.selectors import queue_progress, ranking
from tests.demo_data import forget_reviews

pytestmark = pytest.mark.django_db


def test_season_one_has_two_closed_published_rounds(loaded):
    rounds = list(ReviewRound.objects.filter(season__code="S1").order_by("order"))
    assert [(r.name, r.status) for r in rounds] == [
        ("1차 서면 심사", ReviewRound.Status.CLOSED),
        ("최종 심사", ReviewRound.Status.CLOSED),
    ]
    assert all(r.decisions_published_at for r in rounds)
    assert all(r.criteria.count() == 5 for r in rounds)


def test_every_season_one_idea_has_three_submitted_evaluations_in_the_first_round(loaded):
    first = ReviewRound.objects.get(season__code="S1", order=1)
    submitted = Idea.objects.filter(season__code="S1", status=Idea.Status.SUBMITTED).count()
    per_idea = (
        Evaluation.objects.filter(round=first, status=Evaluation.Status.SUBMITTED)
        .values("idea")
        .annotate(n=Count("pk"))
    )
    assert submitted == 268
    assert len(per_idea) == submitted
    assert {row["n"] for row in per_idea} == {3}


def test_the_final_round_reviews_exactly_the_ideas_the_first_sent_on(loaded):
    first = ReviewRound.objects.get(season__code="S1", order=1)
    final = ReviewRound.objects.get(season__code="S1", order=2)
    sent_on = set(
        Decision.objects.filter(
            round=first, is_current=True, outcome=Decision.Outcome.FURTHER_REVIEW
        ).values_list("idea", flat=True)
    )
    reviewed = set(Assignment.objects.filter(round=final).values_list("idea", flat=True))
    assert len(sent_on) == 45
    assert reviewed == sent_on


def test_the_fifteen_adopted_ideas_are_the_articles_with_a_path_and_a_reason(loaded):
    adopted = Decision.objects.filter(
        round__season__code="S1", is_current=True, outcome__in=Decision.ADOPTED
    ).select_related("idea")
    assert sorted(d.idea.title for d in adopted) == sorted(S1_ADOPTED_TITLES)
    assert all(d.implementation_path and d.reason for d in adopted)
    # The adoptions come from the top of the final ranking, not against it.
    final = ReviewRound.objects.get(season__code="S1", order=2)
    top = {row.title for row in ranking(review_round=final, order="normalised")[:20]}
    assert set(S1_ADOPTED_TITLES) <= top


def test_one_adoption_was_changed_and_both_versions_remain(loaded):
    versions = list(
        Decision.objects.filter(
            idea__title="지역특화형 비자 시범사업", round__season__code="S1", round__order=2
        ).order_by("decided_at")
    )
    assert [(d.outcome, d.is_current) for d in versions] == [
        (Decision.Outcome.ADOPT_WITH_CONDITIONS, False),
        (Decision.Outcome.ADOPT, True),
    ]
    assert versions[1].previous == versions[0]
    assert versions[1].change_reason


def test_one_reviewer_is_harsh_and_one_lenient(loaded):
    first = ReviewRound.objects.get(season__code="S1", order=1)
    means = dict(
        Evaluation.objects.filter(round=first)
        .values("reviewer__full_name")
        .annotate(mean=Avg("total"))
        .values_list("reviewer__full_name", "mean")
    )
    assert len(means) == 9
    ordered = sorted(means.values())
    assert ordered[0] < ordered[1] - 10  # the harsh one, well below everyone else
    assert ordered[-1] > ordered[-2] + 5  # the lenient one, well above
    harsh = min(means, key=means.get)
    lenient = max(means, key=means.get)
    assert f"엄격: {harsh}" in loaded
    assert f"후함: {lenient}" in loaded


def test_no_demo_assignment_is_a_conflict_of_interest(loaded):
    assignments = Assignment.objects.select_related("idea", "reviewer").prefetch_related(
        "idea__co_authors"
    )
    assert all(conflict_of_interest(a.reviewer, a.idea) is None for a in assignments)
    reviewers = User.objects.filter(groups__name=Role.REVIEWER)
    assert set(assignments.values_list("reviewer", flat=True).distinct()) <= set(
        reviewers.values_list("pk", flat=True)
    )


def test_season_two_has_an_open_round_with_part_of_the_queue_done(loaded):
    review_round = ReviewRound.objects.get(season__code="S2")
    assert review_round.status == ReviewRound.Status.OPEN
    reviewer = User.objects.get(username="reviewer")
    done, total = queue_progress(reviewer=reviewer, review_round=review_round)
    assert 0 < done < total
    drafts = Evaluation.objects.filter(
        round=review_round, reviewer=reviewer, status=Evaluation.Status.DRAFT
    )
    assert drafts.count() == 2
    assert all(d.total is None for d in drafts)


def test_directives_are_recorded_on_adopted_ideas_and_briefed_tasks(loaded):
    directives = Directive.objects.select_related("idea__season")
    assert {d.idea.season.code for d in directives} == {"S1", "W1"}
    s1 = [d for d in directives if d.idea.season.code == "S1"]
    assert {d.idea.title for d in s1} <= set(S1_ADOPTED_TITLES)
    assert all(d.responsible_bureau_id == d.idea.bureau_id for d in directives)


def test_the_same_seed_gives_the_same_scores(loaded):
    def scores():
        return list(
            Evaluation.objects.filter(round__season__code="S1")
            .order_by("idea__reference_number", "reviewer__employee_number", "round__order")
            .values_list("idea__reference_number", "reviewer__employee_number", "total")
        )

    first = scores()
    forget_reviews()

    call_command("load_demo", "--seed", "7", stdout=StringIO())

    assert scores() == first


def test_running_load_demo_again_changes_nothing(loaded):
    before = (Evaluation.objects.count(), Decision.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "심사와 선정: 이미 있어 건너뜁니다." in out.getvalue()
    assert (Evaluation.objects.count(), Decision.objects.count()) == before


def test_season_ones_history_tells_nobody_now_but_season_two_reviewers_hear(loaded):
    from notifications.models import Notification

    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {Notification.Kind.REVIEW_ASSIGNED}
    assert (
        Notification.objects.filter(title__contains="시즌2").count() == Notification.objects.count()
    )
