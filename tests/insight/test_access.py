"""Who sees which dashboard, on the pages, the Excel download and the API: every role."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.departments import factories as f
from tests.roles import ROLES

pytestmark = pytest.mark.django_db

WHOLE = {"reviewer", "planning_office", "system_admin"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def places(roles):
    """The role fixtures' own bureau and team, and another bureau with a team."""
    team = roles["team_leader"].team
    other = f.TeamFactory()
    return {
        "government": {},
        "own bureau": {"bureau": team.division.bureau.pk},
        "other bureau": {"bureau": other.division.bureau.pk},
        "own team": {"team": team.pk},
        "other team": {"team": other.pk},
    }


def allowed(role: str, place: str) -> bool:
    if role in WHOLE:
        return True
    if place == "own bureau":
        return role == "bureau_director"
    if place == "own team":
        return role in {"bureau_director", "team_leader", "team_member", "division_head"}
    return False


def url_of(place: dict) -> str:
    if "team" in place:
        return reverse("insight:team", args=[place["team"]])
    if "bureau" in place:
        return reverse("insight:bureau", args=[place["bureau"]])
    return reverse("insight:government")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "place", ["government", "own bureau", "other bureau", "own team", "other team"]
)
def test_each_role_sees_only_the_dashboards_of_its_scope(
    client, roles, places, season, role, place
):
    client.force_login(roles[role])
    response = client.get(url_of(places[place]))
    assert response.status_code == (200 if allowed(role, place) else 403)
    download = client.get(url_of(places[place]), {"format": "xlsx"})
    assert download.status_code == (200 if allowed(role, place) else 403)
    if allowed(role, place):
        assert download["Content-Type"] == XLSX


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "place", ["government", "own bureau", "other bureau", "own team", "other team"]
)
@pytest.mark.parametrize("panel", ["funnel", "participation", "review-progress"])
def test_the_api_answers_each_panel_for_the_same_scopes(roles, places, season, role, place, panel):
    api = APIClient()
    api.force_authenticate(roles[role])
    response = api.get(f"/api/v1/insight/{panel}/", places[place])
    assert response.status_code == (200 if allowed(role, place) else 403)


def test_anonymous_callers_get_nothing(client, season):
    assert client.get(reverse("insight:government")).status_code == 302
    assert APIClient().get("/api/v1/insight/funnel/").status_code in (401, 403)


def test_the_dashboard_home_sends_each_person_to_their_widest_scope(client, roles, season):
    team = roles["team_leader"].team
    expected = {
        "planning_office": reverse("insight:government"),
        "bureau_director": reverse("insight:bureau", args=[team.division.bureau.pk]),
        "team_leader": reverse("insight:team", args=[team.pk]),
    }
    for role, target in expected.items():
        client.force_login(roles[role])
        response = client.get(reverse("insight:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(target)


def test_an_unknown_season_is_a_404_on_the_page_and_the_api(client, roles, season):
    client.force_login(roles["planning_office"])
    assert client.get(reverse("insight:government"), {"season": 99999}).status_code == 404
    api = APIClient()
    api.force_authenticate(roles["planning_office"])
    assert api.get("/api/v1/insight/funnel/", {"season": 99999}).status_code == 404
    assert api.get("/api/v1/insight/funnel/", {"season": "x"}).status_code == 400


def test_an_id_too_large_for_the_database_is_refused_not_a_server_error(roles, season):
    api = APIClient()
    api.force_authenticate(roles["planning_office"])
    huge = str(2**64)
    assert api.get("/api/v1/insight/funnel/", {"bureau": huge}).status_code == 400
    assert api.get(f"/api/v1/briefing-books/{huge}/").status_code == 404
    assert api.get("/api/v1/history/", {"kind": "idea", "id": huge}).status_code == 400


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "place", ["government", "own bureau", "other bureau", "own team", "other team"]
)
def test_the_api_answers_rollouts_panel_for_the_same_scopes(roles, places, season, role, place):
    api = APIClient()
    api.force_authenticate(roles[role])
    response = api.get("/api/v1/insight/panels/rollout_status/", places[place])
    assert response.status_code == (200 if allowed(role, place) else 403)


def trends_allowed(role: str, place: str) -> bool:
    """Season over season: the whole government for those who see it, their own bureau
    for a bureau director; nobody reads a team's."""
    return role in WHOLE or (role == "bureau_director" and place in {"own bureau", "default"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", ["default", "own bureau", "other bureau"])
def test_each_role_reads_the_trends_of_its_scope_on_the_page_and_the_api(
    client, roles, places, season, role, place
):
    query = {} if place == "default" else places[place]
    client.force_login(roles[role])
    page = client.get(reverse("insight:trends"), query)
    assert page.status_code == (200 if trends_allowed(role, place) else 403)
    api = APIClient()
    api.force_authenticate(roles[role])
    response = api.get("/api/v1/insight/trends/", query)
    assert response.status_code == (200 if trends_allowed(role, place) else 403)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_the_briefing_books_of_its_bureaus_through_the_api(
    roles, role, django_capture_on_commit_callbacks
):
    from tests.briefings.factories import BriefingSessionFactory, with_agenda

    session = BriefingSessionFactory(bureaus=[roles["bureau_director"].bureau])
    with_agenda(session, ideas=1)
    may = role in WHOLE or role == "bureau_director"
    api = APIClient()
    api.force_authenticate(roles[role])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/briefing-books/{session.pk}/build/")
    # A session the caller may not even see is a 404; one they see but may not build, a 403.
    assert response.status_code in ({202} if may else {403, 404})
    listed = api.get("/api/v1/briefing-books/").json()
    assert [b["session"] for b in listed] == ([session.pk] if may else [])
