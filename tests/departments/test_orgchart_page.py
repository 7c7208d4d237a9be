"""The org chart page: every member of staff browses units and searches people."""

import pytest
from django.urls import reverse

from departments import services
from departments.models import User
from tests.departments import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("departments:org_chart")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "role",
    [
        "team_member",
        "team_leader",
        "division_head",
        "bureau_director",
        "reviewer",
        "planning_office",
        "system_admin",
    ],
)
def test_every_member_of_staff_sees_the_org_chart(client, roles, role):
    client.force_login(roles[role])
    assert client.get(URL).status_code == 200


def test_a_team_member_sees_bureaus_divisions_and_teams_with_leader_and_member_count(
    client, member, leader
):
    f.UserFactory(team=member.team, is_active=False)
    client.force_login(member)
    response = client.get(URL)
    html = response.content.decode()
    team = member.team
    assert team.division.bureau.name in html
    assert team.division.name in html
    assert team.name in html
    assert leader.full_name in html
    (row,) = [t for t in response.context["teams"] if t.pk == team.pk]
    assert row.member_count == 2
    assert row.leader_name == leader.full_name
    assert "2명" in html


def test_bureaus_come_in_display_order(client, member):
    later = f.TeamFactory(division__bureau__display_order=1000, division__bureau__name="나중국")
    earlier = f.TeamFactory(division__bureau__display_order=0, division__bureau__name="먼저국")
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert html.index(earlier.division.bureau.name) < html.index(later.division.bureau.name)


def test_closed_teams_are_hidden_unless_asked_for_and_then_marked(client, member):
    closed = f.TeamFactory(division=member.team.division, name="없어진팀")
    services.unit_deactivate(unit=closed)
    client.force_login(member)

    assert closed.name not in client.get(URL).content.decode()

    response = client.get(URL, {"include_inactive": "1"})
    html = response.content.decode()
    assert closed.name in html
    assert "폐지</span>" in html[html.index(closed.name) :]


def test_filtering_by_bureau_shows_only_that_bureau(client, member):
    other = f.TeamFactory(name="다른국의팀")
    client.force_login(member)
    response = client.get(URL, {"bureau": member.bureau_id})
    html = response.content.decode()
    assert member.team.name in html
    assert other.name not in html
    assert response.context["form"]["bureau"].value() == str(member.bureau_id)


def test_an_unknown_bureau_shows_the_whole_chart_rather_than_failing(client, member):
    client.force_login(member)
    response = client.get(URL, {"bureau": "not-a-number"})
    assert response.status_code == 200
    assert member.team.name in response.content.decode()


def test_people_are_found_by_name_or_employee_number(client, member):
    wanted = f.UserFactory(full_name="홍길동", employee_number="7654321")
    client.force_login(member)

    by_name = client.get(URL, {"q": "길동"})
    assert list(by_name.context["people_page"]) == [wanted]
    assert wanted.email in by_name.content.decode()

    # Employee numbers are log-in names: only the organisation's keepers see and search them.
    by_number = client.get(URL, {"q": "76543"})
    assert list(by_number.context["people_page"]) == []
    assert "7654321" not in by_name.content.decode()


def test_the_planning_office_finds_people_by_employee_number(client, planner):
    wanted = f.UserFactory(full_name="홍길동", employee_number="7654321")
    client.force_login(planner)
    by_number = client.get(URL, {"q": "76543"})
    assert list(by_number.context["people_page"]) == [wanted]
    assert "7654321" in by_number.content.decode()


def test_former_staff_are_not_found(client, member):
    f.UserFactory(full_name="홍퇴직", is_active=False)
    client.force_login(member)
    assert list(client.get(URL, {"q": "홍퇴직"}).context["people_page"]) == []


def test_without_a_search_no_people_are_listed(client, member):
    client.force_login(member)
    assert client.get(URL).context["people_page"] is None


def test_search_results_are_paginated_and_keep_the_query(client, member):
    f.UserFactory.create_batch(25, full_name="이페이지")
    client.force_login(member)
    first = client.get(URL, {"q": "이페이지"})
    assert len(first.context["people_page"]) == 20
    assert first.context["people_page"].paginator.count == 25
    assert "?q=%EC%9D%B4%ED%8E%98%EC%9D%B4%EC%A7%80&amp;page=2" in first.content.decode()
    second = client.get(URL, {"q": "이페이지", "page": 2})
    assert len(second.context["people_page"]) == 5


def build_org(n: int) -> None:
    divisions = [f.DivisionFactory() for _ in range(max(1, n // 5))]
    for i in range(n):
        team = f.TeamFactory(division=divisions[i % len(divisions)])
        f.team_leader(team=team, full_name=f"검색대상{i}")
        f.UserFactory(team=team)


@pytest.mark.parametrize("n", [5, 50])
def test_query_count_does_not_grow_with_rows(client, member, django_assert_max_num_queries, n):
    build_org(n)
    bureau = User.objects.get(full_name="검색대상0").bureau_id
    client.force_login(member)
    # 1. the session, 2. the user
    # 3-4. the bureau in ?bureau=, validated by the search's and the chart's FilterSets
    # 5. COUNT(*) of the people found, 6. the page of people with their units joined
    # 7. the bureaus for the select
    # 8. the teams with division and bureau joined, member count and leader as subqueries
    # 9-10. base.html's header: the user's groups (roles) and units
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"bureau": bureau, "q": "검색대상"})
    assert len(response.context["people_page"]) >= 1
    assert len(response.context["teams"]) >= 1
    with django_assert_max_num_queries(8):  # no bureau to validate
        response = client.get(URL, {"q": "검색대상", "include_inactive": "1"})
    assert len(response.context["people_page"]) == min(n, 20)
