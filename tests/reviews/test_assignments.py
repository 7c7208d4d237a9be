"""Assigning reviewers by hand and automatically: conflicts of interest and balance."""

from collections import Counter

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from departments.models import Position
from reviews import services
from reviews.models import Assignment, ReviewRound
from reviews.permissions import ConflictScreen, conflict_of_interest
from tests.departments.factories import TeamFactory, UserFactory, team_leader
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


def reviewer_in(team, **kwargs):
    return rf.reviewer(team=team, **kwargs)


# By hand ---------------------------------------------------------------------------------


def test_planner_assigns_a_reviewer_by_hand_and_it_is_recorded(planner, review_round, make_idea):
    idea, reviewer = make_idea(), rf.reviewer()
    assignment = services.assignment_create(
        review_round=review_round, idea=idea, reviewer=reviewer, by=planner
    )
    assert assignment.method == Assignment.Method.MANUAL
    entry = HistoryEntry.objects.for_object(review_round).get(action="assigned")
    assert entry.data == {"idea": idea.pk, "reviewer": reviewer.pk, "method": "manual"}


def test_reviewer_cannot_be_assigned_an_idea_from_own_bureau(planner, review_round, make_idea):
    idea = make_idea()
    colleague = reviewer_in(TeamFactory(division__bureau=idea.bureau))
    with pytest.raises(BusinessRuleError, match="소속 실·국") as refused:
        services.assignment_create(
            review_round=review_round, idea=idea, reviewer=colleague, by=planner
        )
    assert "reviewer" in refused.value.errors


def test_reviewer_cannot_be_assigned_an_idea_of_own_team(planner, review_round, make_idea):
    idea = make_idea()
    teammate = reviewer_in(idea.team)
    with pytest.raises(BusinessRuleError, match="소속 팀"):
        services.assignment_create(
            review_round=review_round, idea=idea, reviewer=teammate, by=planner
        )


@pytest.mark.parametrize("role", ["creator", "submitter", "co_author"])
def test_reviewer_cannot_be_assigned_an_idea_they_wrote(planner, review_round, make_idea, role):
    idea = make_idea()
    # Someone who moved to another bureau since: only authorship ties them to the idea.
    author = rf.reviewer(position=Position.TEAM_LEADER)
    if role == "creator":
        idea.created_by = author
    elif role == "submitter":
        idea.submitted_by = author
    else:
        idea.co_authors.add(author)
    idea.save()
    with pytest.raises(BusinessRuleError, match="작성·제출"):
        services.assignment_create(
            review_round=review_round, idea=idea, reviewer=author, by=planner
        )


def test_only_members_of_the_reviewer_group_are_assigned(planner, review_round, make_idea):
    with pytest.raises(BusinessRuleError, match="심사위원으로 지정된"):
        services.assignment_create(
            review_round=review_round, idea=make_idea(), reviewer=UserFactory(), by=planner
        )


def test_a_reviewer_is_assigned_an_idea_once_per_round(planner, review_round, make_idea):
    idea, reviewer = make_idea(), rf.reviewer()
    services.assignment_create(review_round=review_round, idea=idea, reviewer=reviewer, by=planner)
    with pytest.raises(BusinessRuleError, match="이미"):
        services.assignment_create(
            review_round=review_round, idea=idea, reviewer=reviewer, by=planner
        )


def test_only_the_planning_office_assigns(review_round, make_idea, reviewer, leader):
    for someone in (reviewer, leader):
        with pytest.raises(PermissionRefused):
            services.assignment_create(
                review_round=review_round, idea=make_idea(), reviewer=rf.reviewer(), by=someone
            )


def test_a_closed_round_takes_no_assignments(planner, make_idea):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    with pytest.raises(BusinessRuleError, match="마감"):
        services.assignment_create(
            review_round=review_round,
            idea=rf.submitted_idea(review_round.season),
            reviewer=rf.reviewer(),
            by=planner,
        )


def test_an_assignment_is_removed_until_the_reviewer_starts(planner, review_round):
    untouched = rf.AssignmentFactory(round=review_round)
    started = rf.AssignmentFactory(round=review_round)
    rf.evaluate(started, 5, 5, 5, 5, 5, submitted=False)
    services.assignment_remove(assignment=untouched, by=planner)
    assert not Assignment.objects.filter(pk=untouched.pk).exists()
    with pytest.raises(BusinessRuleError, match="이미 평가를 시작"):
        services.assignment_remove(assignment=started, by=planner)
    assert HistoryEntry.objects.for_object(review_round).filter(action="unassigned").count() == 1


# Automatically ---------------------------------------------------------------------------


@pytest.fixture
def crowded_round():
    """21 ideas from four bureaus; six reviewers, two of them in bureaus that wrote ideas
    (one of those also the creator of an idea in a third bureau), one a team member of an
    idea's team."""
    review_round = rf.ReviewRoundFactory(reviewers_per_idea=3)
    season = review_round.season
    teams = [TeamFactory() for _ in range(4)]
    ideas = [rf.submitted_idea(season, leader=team_leader(team=teams[i % 4])) for i in range(21)]
    reviewers = [
        reviewer_in(TeamFactory(division__bureau=teams[0].division.bureau)),
        reviewer_in(TeamFactory(division__bureau=teams[1].division.bureau)),
        reviewer_in(teams[2]),
        rf.reviewer(),
        rf.reviewer(),
        rf.reviewer(),
    ]
    ideas[3].created_by = reviewers[3]
    ideas[3].save()
    ideas[7].co_authors.add(reviewers[4])
    return review_round, ideas, reviewers


def test_automatic_assignment_gives_each_idea_the_rounds_number_of_reviewers(
    planner, crowded_round
):
    review_round, ideas, _reviewers = crowded_round
    created = services.assignments_auto(review_round=review_round, by=planner)
    assert len(created) == 63
    per_idea = Counter(a.idea_id for a in Assignment.objects.filter(round=review_round))
    assert per_idea == dict.fromkeys((i.pk for i in ideas), 3)
    assert set(Assignment.objects.values_list("method", flat=True)) == {"automatic"}


def test_automatic_assignment_never_creates_a_conflict_of_interest(planner, crowded_round):
    review_round, _ideas, _reviewers = crowded_round
    services.assignments_auto(review_round=review_round, by=planner)
    for a in Assignment.objects.filter(round=review_round).select_related("idea", "reviewer"):
        assert conflict_of_interest(a.reviewer, a.idea) is None


def test_the_bulk_screen_allows_exactly_whom_the_rule_allows(crowded_round):
    """Automatic assignment screens the pool per unit; it must agree with the one rule for
    every pair, authorship and co-authorship included, and leave out who is taken."""
    _round, ideas, reviewers = crowded_round
    screen = ConflictScreen(reviewers)
    for idea in ideas:
        co_authors = set(idea.co_authors.values_list("pk", flat=True))
        allowed = [r for r in reviewers if conflict_of_interest(r, idea) is None]
        assert screen.eligible(idea, co_author_ids=co_authors) == allowed
        taken = {allowed[0].pk}
        assert screen.eligible(idea, co_author_ids=co_authors, taken=taken) == allowed[1:]
    barred = [i for i in ideas if len(screen.eligible(i)) < len(reviewers)]
    assert len(barred) > len(ideas) // 2  # the set does exercise bureau, team and authorship


def test_automatic_assignment_balances_the_load_within_one(planner, crowded_round):
    review_round, _ideas, reviewers = crowded_round
    services.assignments_auto(review_round=review_round, by=planner)
    load = Counter(Assignment.objects.filter(round=review_round).values_list("reviewer", flat=True))
    assert set(load) == {r.pk for r in reviewers}
    assert max(load.values()) - min(load.values()) <= 1


def test_automatic_assignment_counts_existing_assignments_and_tops_up(planner, crowded_round):
    review_round, ideas, reviewers = crowded_round
    services.assignment_create(
        review_round=review_round, idea=ideas[0], reviewer=reviewers[5], by=planner
    )
    services.assignments_auto(review_round=review_round, by=planner)
    assert Assignment.objects.filter(round=review_round, idea=ideas[0]).count() == 3
    load = Counter(Assignment.objects.filter(round=review_round).values_list("reviewer", flat=True))
    assert max(load.values()) - min(load.values()) <= 1
    assert services.assignments_auto(review_round=review_round, by=planner) == []


def test_automatic_assignment_refuses_everything_when_an_idea_lacks_eligible_reviewers(
    planner, review_round, make_idea
):
    idea = make_idea()
    make_idea()
    reviewer_in(TeamFactory(division__bureau=idea.bureau))
    rf.reviewer()
    with pytest.raises(BusinessRuleError, match="모자라") as refused:
        services.assignments_auto(review_round=review_round, by=planner, per_idea=2)
    assert idea.reference_number in refused.value.message
    assert not Assignment.objects.exists()


def test_the_planned_pairs_are_what_automatic_assignment_writes_and_planning_writes_nothing(
    planner, crowded_round
):
    """The scaled demo writes ``assignments_planned``'s pairs in bulk: they must be the
    pairs ``assignments_auto`` makes, in its order."""
    review_round, _ideas, _reviewers = crowded_round
    planned = services.assignments_planned(review_round=review_round, by=planner)
    assert not Assignment.objects.exists()
    made = services.assignments_auto(review_round=review_round, by=planner)
    assert [(a.idea_id, a.reviewer_id) for a in made] == planned


def test_each_idea_takes_the_least_loaded_with_the_shuffle_breaking_ties(crowded_round):
    """The spread ranks by one integer key; it picks what sorting by (load, shuffle) picks."""
    _round, ideas, reviewers = crowded_round
    screen = ConflictScreen(reviewers)
    plans = [(0, idea, 3, screen.eligible(idea)) for idea in ideas * 4]
    load = Counter({r.pk: n for n, r in enumerate(reviewers)})  # uneven to start with
    expected, reference = [], Counter(load)
    for _slack, idea, need, eligible in plans:
        ranked = sorted(
            eligible,
            key=lambda r, i=idea.pk: (reference[r.pk], (r.pk * 7919 + i * 104729) % 10007),
        )
        for reviewer in ranked[:need]:
            reference[reviewer.pk] += 1
            expected.append((idea.pk, reviewer.pk))
    assert services._spread([(s, i, n, list(e)) for s, i, n, e in plans], load) == expected
    assert load == reference


def test_automatic_assignment_is_recorded_in_the_rounds_history(planner, crowded_round):
    review_round, _ideas, _reviewers = crowded_round
    services.assignments_auto(review_round=review_round, by=planner)
    entries = HistoryEntry.objects.for_object(review_round).filter(action="assigned")
    assert entries.count() == 63
    assert {e.data["method"] for e in entries} == {"automatic"}


def test_a_later_round_takes_the_ideas_sent_on_by_the_round_before(planner, review_round):
    from reviews.models import Decision

    ideas = [rf.submitted_idea(review_round.season) for _ in range(4)]
    for _ in range(3):
        rf.reviewer()
    for idea, outcome in zip(
        ideas, ["further_review", "further_review", "not_adopted", "further_review"], strict=True
    ):
        Decision.objects.create(
            round=review_round, idea=idea, outcome=outcome, reason="1차 결과", decided_by=planner
        )
    final = rf.ReviewRoundFactory(season=review_round.season, status=ReviewRound.Status.DRAFT)
    created = services.assignments_auto(review_round=final, by=planner, per_idea=1)
    assert {a.idea_id for a in created} == {ideas[0].pk, ideas[1].pk, ideas[3].pk}


# Over the API ----------------------------------------------------------------------------


def api_as(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_refuses_a_reviewer_from_the_ideas_own_bureau(planner, review_round, make_idea):
    idea = make_idea()
    colleague = reviewer_in(TeamFactory(division__bureau=idea.bureau))
    response = api_as(planner).post(
        reverse("assignment-list"),
        {"round": review_round.pk, "idea": idea.pk, "reviewer": colleague.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"reviewer": ["소속 실·국의 아이디어는 심사할 수 없습니다."]}
    assert not Assignment.objects.exists()


def test_the_api_refuses_automatic_assignment_that_would_need_a_conflict(
    planner, review_round, make_idea
):
    idea = make_idea()
    reviewer_in(TeamFactory(division__bureau=idea.bureau))  # the only reviewer: conflicted
    response = api_as(planner).post(
        reverse("assignment-auto"), {"round": review_round.pk, "per_idea": 1}, format="json"
    )
    assert response.status_code == 400
    assert idea.reference_number in response.json()["per_idea"][0]
    assert not Assignment.objects.exists()

    fair = rf.reviewer()
    response = api_as(planner).post(
        reverse("assignment-auto"), {"round": review_round.pk, "per_idea": 1}, format="json"
    )
    assert response.status_code == 201
    assert [row["reviewer"]["id"] for row in response.json()] == [fair.pk]


def test_the_assignments_page_of_a_closed_round_offers_no_forms(client, planner):
    review_round = rf.ReviewRoundFactory(status=ReviewRound.Status.CLOSED)
    rf.AssignmentFactory(round=review_round)
    client.force_login(planner)
    html = client.get(reverse("reviews:assignments", args=[review_round.pk])).content.decode()
    assert "마감된 심사입니다" in html
    assert 'name="action" value="manual"' not in html
    assert "배정 취소" not in html
