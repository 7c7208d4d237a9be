"""The planning office's calendar pages: budget rounds and council sessions listed for all
staff, added and changed by the planning office only, bad input told at the field."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import HistoryEntry
from rollout import services
from rollout.models import BudgetRound, CouncilSession
from tests.departments.factories import BureauFactory, bureau_director
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def main_2027(planner):
    return services.budget_round_save(by=planner, fiscal_year=2027, kind="main")


@pytest.fixture
def session(planner):
    return services.council_session_save(
        by=planner,
        number=421,
        kind="regular",
        starts_on=dt.date(2027, 6, 10),
        ends_on=dt.date(2027, 6, 25),
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_member_of_staff_reads_the_calendars_and_only_managers_see_the_buttons(
    client, roles, main_2027, session, role
):
    client.force_login(roles[role])
    response = client.get(reverse("rollout:calendars"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2027년 본예산" in page
    assert "제421회 정례회" in page
    edit_link = reverse("rollout:budget_round_edit", args=[main_2027.pk])
    assert (edit_link in page) == (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_opens_and_posts_the_calendar_forms(
    client, roles, main_2027, session, role
):
    client.force_login(roles[role])
    expected = 200 if role in MANAGERS else 403
    for url in (
        reverse("rollout:budget_round_add"),
        reverse("rollout:budget_round_edit", args=[main_2027.pk]),
        reverse("rollout:council_session_add"),
        reverse("rollout:council_session_edit", args=[session.pk]),
    ):
        assert client.get(url).status_code == expected, url
    response = client.post(
        reverse("rollout:council_session_add"),
        {
            "number": 422,
            "kind": "extraordinary",
            "starts_on": "2027-07-01",
            "ends_on": "2027-07-05",
        },
    )
    assert response.status_code == (302 if role in MANAGERS else 403)
    assert CouncilSession.objects.filter(number=422).exists() == (role in MANAGERS)


def test_another_bureaus_director_cannot_change_a_calendar(client, main_2027):
    client.force_login(bureau_director(BureauFactory()))
    response = client.post(
        reverse("rollout:budget_round_edit", args=[main_2027.pk]),
        {"fiscal_year": 2027, "kind": "main", "decision_date": "2026-12-20"},
    )
    assert response.status_code == 403


def test_the_planning_office_adds_a_supplementary_round_on_the_page(client, planner):
    client.force_login(planner)
    response = client.post(
        reverse("rollout:budget_round_add"),
        {
            "fiscal_year": 2027,
            "kind": "supplementary",
            "number": 1,
            "submission_date": "2027-04-20",
            "decision_date": "2027-05-10",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("rollout:calendars")
    assert "2027년 제1회 추경" in response.content.decode()
    budget_round = BudgetRound.objects.get()
    assert budget_round.available_on == dt.date(2027, 5, 11)
    assert HistoryEntry.objects.for_object(budget_round).filter(action="calendar_saved").exists()


def test_a_main_budget_left_without_dates_takes_the_statutory_ones(client, planner):
    client.force_login(planner)
    client.post(reverse("rollout:budget_round_add"), {"fiscal_year": 2028, "kind": "main"})
    budget_round = BudgetRound.objects.get()
    assert (budget_round.submission_date, budget_round.decision_date) == (
        dt.date(2027, 11, 12),
        dt.date(2027, 12, 17),
    )


def test_changing_a_session_moves_it_and_keeps_its_number(client, planner, session):
    client.force_login(planner)
    page = client.get(reverse("rollout:council_session_edit", args=[session.pk]))
    assert 'value="2027-06-10"' in page.content.decode()
    response = client.post(
        reverse("rollout:council_session_edit", args=[session.pk]),
        {"number": 421, "kind": "regular", "starts_on": "2027-09-01", "ends_on": "2027-09-15"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_on == dt.date(2027, 9, 1)
    assert session.submission_deadline == dt.date(2027, 8, 12)


@pytest.mark.parametrize(
    ("url_name", "data", "field", "message"),
    [
        (
            "rollout:budget_round_add",
            {
                "fiscal_year": 2027,
                "kind": "supplementary",
                "number": 1,
                "submission_date": "2027-05-10",
                "decision_date": "2027-04-20",
            },
            "decision_date",
            "의결일은 제출일보다 빠를 수 없습니다.",
        ),
        (
            "rollout:budget_round_add",
            {
                "fiscal_year": 2027,
                "kind": "supplementary",
                "submission_date": "2027-04-20",
                "decision_date": "2027-05-10",
            },
            "number",
            "추경 차수는 1 이상입니다.",
        ),
        (
            "rollout:budget_round_add",
            {"fiscal_year": 2027, "kind": "supplementary", "number": 1},
            "submission_date",
            "의회 제출일을 입력하세요.",
        ),
        (
            "rollout:budget_round_add",
            {"fiscal_year": 2027, "kind": "main", "decision_date": "2027-02-01"},
            "decision_date",
            "회계연도가 시작되기 전",
        ),
        (
            "rollout:budget_round_add",
            {
                "fiscal_year": 2027,
                "kind": "supplementary",
                "number": 1,
                "submission_date": "2028-01-05",
                "decision_date": "2028-01-20",
            },
            "decision_date",
            "그 회계연도(2027년) 안",
        ),
        (
            "rollout:budget_round_add",
            {"fiscal_year": 1999, "kind": "main"},
            "fiscal_year",
            "2000",
        ),
        (
            "rollout:council_session_add",
            {"number": 430, "kind": "regular", "starts_on": "2027-06-10", "ends_on": "2027-06-01"},
            "ends_on",
            "폐회일은 개회일보다 빠를 수 없습니다.",
        ),
        (
            "rollout:council_session_add",
            {
                "number": 430,
                "kind": "regular",
                "starts_on": "2027-06-10",
                "ends_on": "2027-06-20",
                "submission_deadline": "2027-06-15",
            },
            "submission_deadline",
            "안건 제출 마감일은 개회일 이전이어야 합니다.",
        ),
        (
            "rollout:council_session_add",
            {"number": 430, "kind": "regular", "starts_on": "", "ends_on": "2027-06-20"},
            "starts_on",
            "",
        ),
    ],
)
def test_bad_calendar_input_is_told_at_its_field(client, planner, url_name, data, field, message):
    client.force_login(planner)
    response = client.post(reverse(url_name), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in errors[field][0]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not BudgetRound.objects.exists()
    assert not CouncilSession.objects.exists()


def test_a_second_round_of_the_same_year_and_number_is_refused_at_the_field(
    client, planner, main_2027
):
    client.force_login(planner)
    response = client.post(
        reverse("rollout:budget_round_add"), {"fiscal_year": 2027, "kind": "main"}
    )
    assert "같은 예산 일정이 이미 있습니다." in response.context["form"].errors["fiscal_year"][0]
    assert BudgetRound.objects.count() == 1


def test_the_calendar_page_takes_a_constant_number_of_queries(
    client, planner, django_assert_max_num_queries
):
    for year in range(2027, 2037):
        services.budget_round_save(by=planner, fiscal_year=year, kind="main")
        services.council_session_save(
            by=planner,
            number=year,
            kind="regular",
            starts_on=dt.date(year, 6, 1),
            ends_on=dt.date(year, 6, 10),
        )
    client.force_login(planner)
    # session, user, groups (menu), unread badge, budget rounds, council sessions.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("rollout:calendars"))
    assert response.content.decode().count("본예산") >= 10


def test_the_planning_office_changes_a_calendar_row_through_the_api(
    planner, leader, main_2027, session
):
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    url = reverse("council-session-detail", args=[session.pk])
    body = {"number": 421, "kind": "regular", "starts_on": "2027-09-01", "ends_on": "2027-09-15"}
    assert api(leader).put(url, body, format="json").status_code == 403
    response = api(planner).put(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["submission_deadline"] == "2027-08-12"
    bad = api(planner).put(url, {**body, "starts_on": "0001-01-05"}, format="json")
    assert bad.status_code == 400
    assert "starts_on" in bad.json()
    url = reverse("budget-round-detail", args=[main_2027.pk])
    response = api(planner).put(
        url, {"fiscal_year": 2027, "kind": "main", "decision_date": "2027-03-01"}, format="json"
    )
    assert response.status_code == 400
    assert "회계연도가 시작되기 전" in response.json()["decision_date"][0]
