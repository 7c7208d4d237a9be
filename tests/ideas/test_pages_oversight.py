"""Who may open the oversight pages and press their buttons: every role, every season state.

Helpers for the other oversight page tests live here too (``submitted_idea``).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Exemption, Idea, Season
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


def submitted_idea(season, author, **fields) -> Idea:
    """A submitted idea of the author's team, numbered as the service would number it."""
    number = Idea.objects.filter(season=season).count() + 1
    defaults = {
        "status": Idea.Status.SUBMITTED,
        "sequence": number,
        "reference_number": f"{season.code}-{number:04d}",
        "submitted_at": timezone.now(),
        "submitted_by": author,
        "summary": "요약",
    }
    return IdeaFactory(season=season, created_by=author, **(defaults | fields))


def pending_exemption(season, team) -> Exemption:
    return Exemption.objects.create(
        season=season,
        team=team,
        team_name=team.name,
        bureau=team.division.bureau,
        reason=Exemption.Reason.NEW_UNIT,
        filed_by=f.team_leader(team=team),
    )


# Pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_member_of_staff_reads_the_library_and_the_season_list(client, roles, role):
    client.force_login(roles[role])
    assert client.get(reverse("ideas:library")).status_code == 200
    assert client.get(reverse("ideas:season_list")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", Season.Status.values)
def test_only_the_planning_office_opens_the_season_pages(client, roles, role, status):
    season = SeasonFactory(status=status)
    client.force_login(roles[role])
    expected = 200 if role in MANAGERS else 403
    for url in [
        reverse("ideas:season_create"),
        reverse("ideas:season_edit", args=[season.pk]),
        reverse("ideas:season_overview", args=[season.pk]),
    ]:
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_may_confirm_or_make_a_season_transition(client, roles, role):
    season = SeasonFactory(status=Season.Status.OPEN)
    url = reverse("ideas:season_transition", args=[season.pk])
    client.force_login(roles[role])
    confirm = client.get(url, {"to": Season.Status.BRIEFING})
    response = client.post(url, {"to": Season.Status.BRIEFING})
    season.refresh_from_db()
    if role in MANAGERS:
        assert confirm.status_code == 200
        assert response.status_code == 302
        assert season.status == Season.Status.BRIEFING
    else:
        assert (confirm.status_code, response.status_code) == (403, 403)
        assert season.status == Season.Status.OPEN


@pytest.mark.parametrize("role", ROLES)
def test_the_bureau_page_is_for_its_director_and_the_planning_office(client, roles, role, team):
    season = SeasonFactory()
    bureau = team.division.bureau
    client.force_login(roles[role])
    response = client.get(reverse("ideas:bureau_overview", args=[bureau.pk]), {"season": season.pk})
    allowed = role in MANAGERS or role == "bureau_director"
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", ["team_member", "team_leader", "division_head", "reviewer"])
def test_people_who_direct_no_bureau_cannot_open_their_own_bureau_page(client, roles, role):
    SeasonFactory()
    client.force_login(roles[role])
    assert client.get(reverse("ideas:bureau_overview")).status_code == 403


def test_a_bureau_director_opens_their_own_bureau_without_naming_it(client, director):
    SeasonFactory()
    client.force_login(director)
    response = client.get(reverse("ideas:bureau_overview"))
    assert response.status_code == 200
    assert response.context["bureau"] == director.bureau


def test_a_bureau_director_may_not_open_another_bureau(client, director):
    season = SeasonFactory()
    other = f.BureauFactory()
    client.force_login(director)
    response = client.get(reverse("ideas:bureau_overview", args=[other.pk]), {"season": season.pk})
    assert response.status_code == 403


def test_a_draft_season_is_not_found_on_the_bureau_page_of_a_director(client, director):
    draft = SeasonFactory(status=Season.Status.DRAFT)
    client.force_login(director)
    response = client.get(reverse("ideas:bureau_overview"), {"season": draft.pk})
    assert response.status_code == 404


# Actions ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", [s for s in Season.Status.values if s != Season.Status.DRAFT])
def test_only_the_planning_office_sends_back_and_only_until_review_ends(
    client, roles, role, status, leader
):
    idea = submitted_idea(SeasonFactory(status=status), leader)
    client.force_login(roles[role])
    response = client.post(
        reverse("ideas:idea_send_back", args=[idea.pk]), {"reason": "근거 자료 보완"}
    )
    idea.refresh_from_db()
    allowed = role in MANAGERS and status != Season.Status.CLOSED
    assert response.status_code == (302 if allowed else 403)
    assert idea.status == (Idea.Status.RETURNED if allowed else Idea.Status.SUBMITTED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", [s for s in Season.Status.values if s != Season.Status.DRAFT])
def test_only_the_bureau_director_picks_a_representative_while_open_or_briefing(
    client, roles, role, status, leader
):
    season = SeasonFactory(status=status, representative_per_division=True)
    idea = submitted_idea(season, leader)
    client.force_login(roles[role])
    response = client.post(reverse("ideas:idea_mark_representative", args=[idea.pk]))
    idea.refresh_from_db()
    allowed = role == "bureau_director" and status in (
        Season.Status.OPEN,
        Season.Status.BRIEFING,
    )
    assert response.status_code == (302 if allowed else 403)
    assert idea.is_representative is allowed


def test_no_representative_is_picked_in_a_season_that_does_not_ask_for_one(
    client, director, leader
):
    idea = submitted_idea(SeasonFactory(representative_per_division=False), leader)
    client.force_login(director)
    response = client.post(reverse("ideas:idea_mark_representative", args=[idea.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", [s for s in Season.Status.values if s != Season.Status.DRAFT])
def test_only_the_bureau_director_decides_an_exemption_while_open_or_briefing(
    client, roles, role, status, team
):
    exemption = pending_exemption(SeasonFactory(status=status), team)
    client.force_login(roles[role])
    response = client.post(
        reverse("ideas:exemption_decide", args=[exemption.pk]), {"decision": "approve"}
    )
    exemption.refresh_from_db()
    allowed = role == "bureau_director" and status in (
        Season.Status.OPEN,
        Season.Status.BRIEFING,
    )
    assert response.status_code == (302 if allowed else 403)
    expected = Exemption.Status.APPROVED if allowed else Exemption.Status.PENDING
    assert exemption.status == expected


def test_the_director_of_another_bureau_cannot_decide_an_exemption(client, team):
    exemption = pending_exemption(SeasonFactory(), team)
    client.force_login(f.bureau_director(f.BureauFactory()))
    response = client.post(
        reverse("ideas:exemption_decide", args=[exemption.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_links_duplicates(client, roles, role, leader):
    season = SeasonFactory()
    original = submitted_idea(season, leader)
    idea = submitted_idea(season, leader)
    client.force_login(roles[role])
    response = client.post(
        reverse("ideas:idea_link_duplicate", args=[idea.pk]),
        {"original": original.reference_number},
    )
    idea.refresh_from_db()
    allowed = role in MANAGERS
    assert response.status_code == (302 if allowed else 403)
    assert idea.duplicate_of == (original if allowed else None)


@pytest.mark.parametrize(
    "name", ["idea_send_back", "idea_mark_representative", "idea_link_duplicate"]
)
def test_the_idea_buttons_answer_only_posts(client, planner, leader, name):
    idea = submitted_idea(SeasonFactory(), leader)
    client.force_login(planner)
    assert client.get(reverse(f"ideas:{name}", args=[idea.pk])).status_code == 405
