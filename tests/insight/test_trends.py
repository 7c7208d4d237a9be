"""Season over season: adoption rate and implementation paths, by season and bureau."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ideas.models import Idea, Season
from insight import selectors
from reviews.models import Decision, ReviewRound
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import ReviewRoundFactory, submitted_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_seasons(world):
    """Season 1 (world.season): 2 submitted, 1 adopted (paths both immediate).
    An earlier season 0: 4 submitted in bureau B (paths immediate, budget, ordinance,
    ordinance), 2 adopted, then one of those changed to not adopted in a later round."""
    earlier = SeasonFactory(
        status=Season.Status.CLOSED,
        submission_opens_at=world.season.submission_opens_at - timezone.timedelta(days=365),
        submission_closes_at=world.season.submission_closes_at - timezone.timedelta(days=365),
    )
    leader = f.team_leader(team=world.t4)
    ideas = [
        submitted_idea(earlier, leader=leader, implementation_path=path)
        for path in ("immediate", "budget", "ordinance", "ordinance")
    ]
    first = ReviewRoundFactory(
        season=earlier,
        order=1,
        status=ReviewRound.Status.CLOSED,
        decisions_published_at=timezone.now(),
    )
    final = ReviewRoundFactory(
        season=earlier,
        order=2,
        status=ReviewRound.Status.CLOSED,
        decisions_published_at=timezone.now(),
    )
    for idea in ideas[:3]:
        Decision.objects.create(
            round=first,
            idea=idea,
            outcome=Decision.Outcome.ADOPT,
            implementation_path=Idea.Path.IMMEDIATE,
            reason="좋음",
            decided_by=world.planner,
        )
    # The final round's decision is the one that counts: idea 3 not adopted in the end.
    Decision.objects.create(
        round=final,
        idea=ideas[2],
        outcome=Decision.Outcome.NOT_ADOPTED,
        reason="재검토",
        decided_by=world.planner,
    )
    return earlier


def test_each_season_reads_its_adoption_rate_and_path_shares(two_seasons, world):
    rows = selectors.season_trends(published_only=False)
    assert [r.name for r in rows] == [two_seasons.name, world.season.name]
    earlier, current = rows
    assert (earlier.submitted, earlier.adopted, earlier.adoption_rate) == (4, 2, Decimal("50.0"))
    assert (earlier.immediate, earlier.budget, earlier.ordinance) == (1, 1, 2)
    assert earlier.path_share("ordinance") == Decimal("50.0")
    assert (current.submitted, current.adopted, current.adoption_rate) == (2, 1, Decimal("50.0"))


def test_unpublished_adoptions_count_only_for_the_planning_office(two_seasons, world):
    current = selectors.season_trends(published_only=True)[-1]
    assert current.adopted == 0


def test_a_bureau_reads_its_own_seasons_only(two_seasons, world):
    rows = selectors.season_trends(bureau=world.a, published_only=False)
    assert [(r.name, r.submitted) for r in rows] == [(world.season.name, 2)]


def test_bureaus_by_season(two_seasons, world):
    rows = {b.name: b for b in selectors.bureau_trends(published_only=False)}
    assert rows["나국"].by_season[two_seasons.pk] == (4, 2)
    assert rows["가국"].rate_in(world.season.pk) == Decimal("50.0")
    assert rows["가국"].rate_in(two_seasons.pk) is None


def test_the_completion_figures_wait_for_rollout(two_seasons, world):
    for row in selectors.season_trends(published_only=False):
        assert row.median_days_to_done is None
        assert row.done_within_12_months is None


def test_a_provider_fills_completion_figures_once_rollout_exists(two_seasons, world, monkeypatch):
    def provider(trends, bureau):
        for t in trends:
            t.median_days_to_done = 90.0

    monkeypatch.setattr(selectors, "COMPLETION_PROVIDERS", [provider])
    assert {r.median_days_to_done for r in selectors.season_trends()} == {90.0}


def test_the_trends_page_and_api_agree(client, two_seasons, world, django_assert_max_num_queries):
    client.force_login(world.planner)
    # session, user, groups, seasons, bureaus-by-season, notifications, bureau picker
    with django_assert_max_num_queries(8):
        response = client.get(reverse("insight:trends"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'data-row="{two_seasons.pk}"><th scope="row">{two_seasons.name}</th><td class="num">4</td><td class="num">2</td><td class="num">50.0</td>'
        in html
    )
    api = APIClient()
    api.force_authenticate(world.planner)
    body = api.get("/api/v1/insight/trends/").json()
    assert body["seasons"][0]["adoption_rate"] == 50.0
    assert body["seasons"][0]["paths"]["ordinance"] == {"ideas": 2, "share": 50.0}


def test_a_director_sees_the_trends_of_their_bureau_only(client, two_seasons, world):
    client.force_login(world.director_a)
    assert client.get(reverse("insight:trends")).status_code == 200
    assert client.get(reverse("insight:trends"), {"bureau": world.b.pk}).status_code == 403
    api = APIClient()
    api.force_authenticate(world.director_a)
    assert api.get("/api/v1/insight/trends/", {"bureau": world.b.pk}).status_code == 403
    body = api.get("/api/v1/insight/trends/").json()
    assert [s["submitted"] for s in body["seasons"]] == [2]
    leader = f.team_leader(team=world.t1)
    client.force_login(leader)
    assert client.get(reverse("insight:trends")).status_code == 403


def test_a_long_season_name_is_drawn_on_several_short_lines_under_the_trend_charts():
    from insight.dashboards import wrapped

    assert wrapped("일은 빼고(-) 혁신은 곱빼기(×) 업무혁신 프로젝트") == [
        "일은 빼고(-)",
        "혁신은 곱빼기(×)",
        "업무혁신 프로젝트",
    ]
    assert wrapped("시즌2") == ["시즌2"]
