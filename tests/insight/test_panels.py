"""Each dashboard panel's numbers against the hand-counted season of conftest.py."""

import pytest
from django.utils import timezone

from insight import selectors
from insight.selectors import Scope
from reviews.models import ReviewRound

pytestmark = pytest.mark.django_db


def test_the_funnel_counts_drafts_submitted_reviewed_and_adopted(world):
    funnel = selectors.funnel(scope=Scope(world.season), published_only=False)
    assert (funnel.drafts, funnel.submitted, funnel.reviewed, funnel.adopted) == (1, 2, 1, 1)
    assert (funnel.returned, funnel.withdrawn) == (1, 0)


def test_the_funnel_counts_an_adoption_only_once_published_for_those_who_wait_for_it(world):
    assert selectors.funnel(scope=Scope(world.season), published_only=True).adopted == 0
    ReviewRound.objects.filter(pk=world.round.pk).update(decisions_published_at=timezone.now())
    assert selectors.funnel(scope=Scope(world.season), published_only=True).adopted == 1


def test_the_funnel_of_a_bureau_and_of_a_team_counts_only_their_ideas(world):
    b = selectors.funnel(scope=Scope(world.season, bureau=world.b), published_only=False)
    assert (b.drafts, b.submitted, b.reviewed, b.adopted, b.returned) == (0, 0, 0, 0, 1)
    t1 = selectors.funnel(
        scope=Scope(world.season, bureau=world.a, team=world.t1), published_only=False
    )
    assert (t1.drafts, t1.submitted, t1.adopted) == (1, 2, 1)


def test_participation_by_bureau_counts_teams_by_standing_ideas_and_representative_tasks(world):
    rows = {r.name: r for r in selectors.participation(scope=Scope(world.season))}
    a, b = rows["가국"], rows["나국"]
    assert (a.teams, a.submitted, a.exempt, a.pending, a.missing) == (3, 1, 1, 1, 0)
    assert (a.ideas, a.representatives) == (2, 1)
    assert (b.teams, b.submitted, b.exempt, b.pending, b.missing) == (1, 0, 0, 0, 1)
    assert b.ideas == 0


def test_participation_of_a_bureau_lists_its_teams_with_their_standing(world):
    rows = selectors.participation(scope=Scope(world.season, bureau=world.a))
    assert [(r.name, r.status, r.ideas, r.representatives) for r in rows] == [
        ("1팀", "submitted", 2, 1),
        ("2팀", "exempt", 0, 0),
        ("3팀", "pending_exemption", 0, 0),
    ]


def test_participation_agrees_with_the_bureau_overview_quota(world):
    from ideas.selectors import team_quota

    mine = {
        r.pk: r.status for r in selectors.participation(scope=Scope(world.season, bureau=world.a))
    }
    theirs = {t.pk: t.quota_status for t in team_quota(season=world.season, bureau=world.a)}
    assert mine == theirs


def test_review_progress_counts_evaluations_and_disagreements_of_open_rounds(world):
    [progress] = selectors.review_progress(scope=Scope(world.season), scores_visible=lambda r: True)
    assert (progress.ideas, progress.assigned, progress.submitted, progress.missing) == (2, 3, 2, 1)
    assert progress.disagreements == 1


def test_review_progress_hides_disagreements_from_those_who_may_not_see_scores(world):
    [progress] = selectors.review_progress(
        scope=Scope(world.season), scores_visible=lambda r: False
    )
    assert progress.disagreements is None


def test_review_progress_of_a_bureau_counts_only_its_ideas(world):
    [progress] = selectors.review_progress(
        scope=Scope(world.season, bureau=world.b), scores_visible=lambda r: True
    )
    assert (progress.ideas, progress.assigned, progress.submitted, progress.disagreements) == (
        0,
        0,
        0,
        0,
    )


def test_a_closed_round_leaves_the_review_panel(world):
    ReviewRound.objects.filter(pk=world.round.pk).update(status=ReviewRound.Status.CLOSED)
    assert selectors.review_progress(scope=Scope(world.season), scores_visible=lambda r: True) == []
