"""What the organisation API returns: fields, filters, ordering, pagination, query counts."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core.api import Pagination
from departments import services
from departments.models import Bureau, Position
from tests.departments import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, member):
    """A client calling with ``member``'s token; ``api(url, **params)`` returns the JSON."""
    headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=member).key}"}

    def get(url, expect=200, **params):
        response = client.get(url, params, **headers)
        assert response.status_code == expect, response.content
        return response.json()

    return get


def names(body) -> list[str]:
    return [row.get("name") or row.get("full_name") for row in body["results"]]


def test_a_person_shows_directory_fields_and_nothing_about_log_in_or_roles(api, member):
    reviewer = f.with_role("reviewer", team=member.team)
    body = api(reverse("person-detail", args=[reviewer.pk]))
    assert set(body) == {
        "id",
        "employee_number",
        "full_name",
        "email",
        "position",
        "position_label",
        "team",
        "team_name",
        "division",
        "division_name",
        "bureau",
        "bureau_name",
        "is_active",
    }
    assert body["position"] == "team_member"
    assert body["position_label"] == "팀원"
    assert body["team_name"] == member.team.name
    assert body["bureau_name"] == member.team.division.bureau.name


def test_a_division_head_has_no_team_in_the_api(api, head):
    body = api(reverse("person-detail", args=[head.pk]))
    assert body["team"] is None
    assert body["team_name"] is None
    assert body["division"] == head.division_id


def test_a_team_shows_its_leader_and_counts_only_active_members(api, member, leader):
    f.UserFactory(team=member.team, is_active=False)
    body = api(reverse("team-detail", args=[member.team_id]))
    assert body["leader"] == {"id": leader.pk, "full_name": leader.full_name}
    assert body["member_count"] == 2
    assert body["bureau"] == member.team.division.bureau_id


def test_a_team_without_a_leader_has_a_null_leader(api):
    team = f.TeamFactory()
    body = api(reverse("team-detail", args=[team.pk]))
    assert body["leader"] is None
    assert body["member_count"] == 0


def test_bureaus_and_divisions_count_only_their_active_children(api, team):
    closed = f.TeamFactory(division=team.division)
    services.unit_deactivate(unit=closed)
    assert api(reverse("division-detail", args=[team.division_id]))["team_count"] == 1
    assert api(reverse("bureau-detail", args=[team.division.bureau_id]))["division_count"] == 1


def test_bureaus_come_in_briefing_order_and_filter_by_kind(api, team):
    Bureau.objects.update(display_order=10)
    agency = f.BureauFactory(name="인재개발원", kind=Bureau.Kind.AGENCY, display_order=99)
    first = f.BureauFactory(name="기업유치지원실", kind=Bureau.Kind.OFFICE, display_order=0)
    assert api(reverse("bureau-list"))["results"][0]["name"] == first.name
    assert names(api(reverse("bureau-list"), kind="agency")) == [agency.name]
    assert api(reverse("bureau-list"), kind="nonsense", expect=400)


def test_teams_filter_by_bureau_division_activity_and_name(api, team):
    other = f.TeamFactory(name="투자유치팀")
    closed = f.TeamFactory(division=team.division, name="폐지된팀")
    services.unit_deactivate(unit=closed)
    bureau = team.division.bureau

    assert names(api(reverse("team-list"), bureau=bureau.pk)) == [team.name, closed.name]
    assert names(api(reverse("team-list"), division=other.division_id)) == [other.name]
    assert names(api(reverse("team-list"), bureau=bureau.pk, is_active="false")) == [closed.name]
    assert names(api(reverse("team-list"), q="유치")) == [other.name]
    assert "bureau" in api(reverse("team-list"), bureau=999999, expect=400)


def test_people_filter_by_unit_position_activity_and_name_or_employee_number(
    api, member, leader, head
):
    gone = f.UserFactory(team=member.team, full_name="퇴직자", is_active=False)
    elsewhere = f.UserFactory(full_name="박다른", employee_number="1999001")

    in_team = names(api(reverse("person-list"), team=member.team_id))
    assert sorted(in_team) == sorted([member.full_name, leader.full_name, gone.full_name])
    assert names(api(reverse("person-list"), position=Position.TEAM_LEADER)) == [leader.full_name]
    assert names(api(reverse("person-list"), division=head.division_id, position="division_head"))
    assert gone.full_name not in names(api(reverse("person-list"), is_active="true"))
    assert names(api(reverse("person-list"), q="다른")) == [elsewhere.full_name]
    # Employee numbers are log-in names: a member of staff neither sees nor searches them.
    assert names(api(reverse("person-list"), q="1999")) == []
    assert {p["employee_number"] for p in api(reverse("person-list"))["results"]} == {None}
    bureau_people = names(api(reverse("person-list"), bureau=member.bureau_id))
    assert elsewhere.full_name not in bureau_people
    assert head.full_name in bureau_people


def test_lists_order_by_the_allowed_fields_only(api, team):
    big = f.TeamFactory(division=team.division, name="가팀")
    f.UserFactory.create_batch(3, team=big)
    f.UserFactory(team=team)

    assert names(api(reverse("team-list"), ordering="-member_count")) == [big.name, team.name]
    assert names(api(reverse("team-list"), ordering="name")) == sorted([big.name, team.name])
    # An unknown or unlisted field is ignored, not an error: the default order stays.
    default = names(api(reverse("team-list")))
    assert names(api(reverse("team-list"), ordering="leader_name")) == default
    assert names(api(reverse("team-list"), ordering="division__bureau__name")) == default


def test_lists_are_paginated(api, team):
    f.TeamFactory.create_batch(4, division=team.division)
    body = api(reverse("team-list"), page_size=2)
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")
    assert body["previous"] is None
    assert len(api(reverse("team-list"), page_size=2, page=3)["results"]) == 1
    api(reverse("team-list"), page=99, expect=404)


def test_page_size_is_capped(api, monkeypatch):
    monkeypatch.setattr(Pagination, "max_page_size", 2)
    f.TeamFactory.create_batch(3)
    body = api(reverse("team-list"), page_size=100000)
    assert body["count"] == 4
    assert len(body["results"]) == 2


def build_org(n: int) -> None:
    """n teams across a few bureaus and divisions, each with a leader and a member."""
    divisions = [f.DivisionFactory() for _ in range(max(1, n // 5))]
    for i in range(n):
        team = f.TeamFactory(division=divisions[i % len(divisions)])
        f.team_leader(team=team)
        f.UserFactory(team=team)


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("name", ["bureau-list", "division-list", "team-list", "person-list"])
def test_list_query_count_does_not_grow_with_rows(api, django_assert_max_num_queries, name, n):
    build_org(n)
    # 1. the token and its user (one join)
    # 2. COUNT(*) for the paginator
    # 3. the page, with related units joined and counts/leader as subqueries
    # 4. person-list only: the caller's roles (may they see employee numbers?)
    with django_assert_max_num_queries(4 if name == "person-list" else 3):
        body = api(reverse(name), page_size=200)
    assert body["results"]


def test_a_blank_e_mail_is_null_not_an_empty_string(api):
    person = f.UserFactory(email="")
    assert api(reverse("person-detail", args=[person.pk]))["email"] is None


def test_the_planning_office_sees_and_searches_employee_numbers(client, planner):
    elsewhere = f.UserFactory(full_name="박다른", employee_number="1999001")
    headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=planner).key}"}

    def found(q):
        body = client.get(reverse("person-list"), {"q": q}, **headers).json()
        return [(p["full_name"], p["employee_number"]) for p in body["results"]]

    assert found("1999") == [(elsewhere.full_name, "1999001")]
    # An employee number matches from its start only: 사번 are not searched by their middle.
    assert found("9990") == []
