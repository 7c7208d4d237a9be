"""Every role through the visits' pages and API."""

import datetime as dt

import pytest

from ideas.models import Idea
from tests.departments import factories as f
from tests.roles import ROLES
from tests.visits.factories import plan, programme
from visits import services
from visits.models import Visit

pytestmark = pytest.mark.django_db

# Everybody whose account sits in a team (the role fixtures give reviewers and the planning
# office a team too); division heads and bureau directors sit above teams.
IN_A_TEAM = set(ROLES) - {"division_head", "bureau_director"}


@pytest.fixture
def visits(leader, head):
    approved = plan(leader)
    services.visit_decide(visit=approved, by=head, approve=True)
    overseas = plan(leader, kind=Idea.SourceType.OVERSEAS, institution="싱가포르 주택개발청")
    return {"approved": approved, "overseas": overseas}


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(role, roles, visits, client):
    client.force_login(roles[role])
    approved = visits["approved"]
    expect = {
        "/visits/": 200,
        "/visits/new/": 200 if role in IN_A_TEAM else 403,
        f"/visits/{approved.pk}/": 200,
        f"/visits/{approved.pk}/report/": 200 if role == "team_leader" else 403,
        "/visits/report/?year=2022": 200,
        "/visits/report.xlsx?year=2022": 200,
    }
    got = {url: client.get(url).status_code for url in expect}
    assert got == expect


@pytest.mark.parametrize("role", ROLES)
def test_deciding_by_role(role, roles, visits, client):
    client.force_login(roles[role])
    response = client.post(f"/visits/{visits['overseas'].pk}/decide/", {"approve": "1"})
    assert response.status_code == (302 if role == "bureau_director" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_api_by_role(role, roles, visits, client):
    user = roles[role]
    client.force_login(user)
    assert client.get("/api/v1/visits/").json()["count"] == 2
    prog = visits["approved"].programme
    response = client.post(
        "/api/v1/visits/",
        {
            "programme": prog.pk,
            "members": [user.pk],
            "institution": "행정안전부",
            "institution_kind": "central_ministry",
            "location": "세종",
            "policy_area": "정부혁신",
            "purpose": "x",
            "starts_on": "2022-08-16",
            "ends_on": "2022-08-17",
        },
        content_type="application/json",
    )
    assert response.status_code == (201 if role in IN_A_TEAM else 403)
    response = client.post(
        f"/api/v1/visits/{visits['overseas'].pk}/decide/",
        {"approve": True},
        content_type="application/json",
    )
    assert response.status_code == (200 if role == "bureau_director" else 403)


def test_a_fifth_member_through_the_api_is_a_400_at_the_field(leader, client):
    prog = programme()
    members = [leader] + [f.UserFactory(team=leader.team) for _ in range(4)]
    client.force_login(leader)
    response = client.post(
        "/api/v1/visits/",
        {
            "programme": prog.pk,
            "members": [m.pk for m in members],
            "institution": "x",
            "institution_kind": "overseas",
            "location": "싱가포르",
            "policy_area": "x",
            "purpose": "x",
            "starts_on": "2022-08-16",
            "ends_on": "2022-08-18",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "최대 4명" in response.json()["members"][0]
    assert not Visit.objects.exists()


def test_a_fifth_member_on_the_page_is_refused_at_the_field(leader, client):
    prog = programme(dt.date.today().year)  # noqa: DTZ011
    members = [leader] + [f.UserFactory(team=leader.team) for _ in range(4)]
    client.force_login(leader)
    response = client.post(
        "/visits/new/",
        {
            "programme": prog.pk,
            "members": [m.pk for m in members],
            "institution": "x",
            "institution_kind": "overseas",
            "location": "싱가포르",
            "policy_area": "x",
            "purpose": "x",
            "starts_on": f"{prog.year}-08-16",
            "ends_on": f"{prog.year}-08-18",
        },
    )
    assert "최대 4명" in str(response.context["form"].errors["members"])
    assert not Visit.objects.exists()
