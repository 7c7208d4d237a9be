"""The rollout API, role by role, with the same rules as the pages; JSON errors; pinned
query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rollout import services
from rollout.models import ProgressReport, RolloutPlan
from tests.departments.factories import BureauFactory, TeamFactory, bureau_director, team_leader
from tests.roles import ROLES
from tests.rollout import factories as rof

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def people(roles):
    return {
        **roles,
        "other_director": bureau_director(BureauFactory()),
        "other_leader": team_leader(team=TeamFactory()),
    }


def test_anonymous_callers_get_a_json_401():
    response = api().get(reverse("rollout-plan-list"))
    assert response.status_code == 401
    assert "detail" in response.json()


def test_the_plan_list_is_each_callers_board(people, active_plan):
    other = rof.filed_plan()
    seen = {}
    for name, person in people.items():
        ids = {row["id"] for row in api(person).get(reverse("rollout-plan-list")).json()["results"]}
        seen[name] = (active_plan.pk in ids, other.pk in ids)
    assert seen == {
        "team_member": (True, False),
        "team_leader": (True, False),
        "division_head": (True, False),
        "bureau_director": (True, False),
        "reviewer": (True, True),
        "planning_office": (True, True),
        "system_admin": (True, True),
        "other_director": (False, False),
        "other_leader": (False, False),
    }


@pytest.mark.parametrize("role", [*ROLES, "other_director", "other_leader"])
def test_every_member_of_staff_reads_a_plan_but_only_its_team_and_planners_change_it(
    people, active_plan, role
):
    client = api(people[role])
    url = reverse("rollout-plan-detail", args=[active_plan.pk])
    got = client.get(url)
    assert got.status_code == 200
    assert got.json()["health"] in RolloutPlan.Health.values
    response = client.patch(
        url, {"version": got.json()["version"], "goal": "새 목표"}, format="json"
    )
    allowed = role in {"team_member", "team_leader", "planning_office", "system_admin"}
    assert response.status_code == (200 if allowed else 403), response.json()


@pytest.mark.parametrize("role", [*ROLES, "other_director", "other_leader"])
def test_only_the_plans_director_reviews_a_filed_report(people, active_plan, leader, role):
    report = active_plan.reports.first()
    services.report_save(report=report, by=leader, done_text="실적", progress_percent=30)
    services.report_file(report=report, by=leader)
    url = reverse("progress-report-review", args=[report.pk])
    response = api(people[role]).post(url, {"accept": True}, format="json")
    assert response.status_code == (200 if role == "bureau_director" else 403)
    assert isinstance(response.json(), dict)


def test_report_drafts_stay_with_the_owning_teams(people, active_plan):
    report = active_plan.reports.first()
    for name in ("planning_office", "reviewer", "bureau_director", "other_leader"):
        client = api(people[name])
        assert client.get(reverse("progress-report-detail", args=[report.pk])).status_code == 404
        listed = client.get(reverse("progress-report-list"), {"plan": active_plan.pk}).json()[
            "results"
        ]
        assert report.pk not in {r["id"] for r in listed}
    client = api(people["team_member"])
    assert client.get(reverse("progress-report-detail", args=[report.pk])).status_code == 200


def test_a_stale_version_answers_409_and_saves_nothing(leader, member, active_plan):
    report = active_plan.reports.first()
    stale = report.version
    api(member).patch(
        reverse("progress-report-detail", args=[report.pk]),
        {"version": stale, "done_text": "먼저"},
        format="json",
    )
    response = api(leader).patch(
        reverse("progress-report-detail", args=[report.pk]),
        {"version": stale, "done_text": "나중"},
        format="json",
    )
    assert response.status_code == 409
    assert "다른 사람이 먼저" in response.json()["detail"]
    report.refresh_from_db()
    assert report.done_text == "먼저"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"progress_percent": 101}, "progress_percent"),
        ({"progress_percent": -1}, "progress_percent"),
    ],
)
def test_out_of_range_input_gets_a_korean_message_at_the_field(leader, active_plan, body, field):
    report = active_plan.reports.first()
    response = api(leader).patch(
        reverse("progress-report-detail", args=[report.pk]),
        {"version": report.version, **body},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()


def test_the_team_files_the_plan_with_a_budget_track_and_a_kpi_through_the_api(
    leader, planner, plan
):
    client = api(leader)
    plan_url = reverse("rollout-plan-detail", args=[plan.pk])
    client.patch(
        plan_url,
        {
            "version": plan.version,
            "method": "시범 운영",
            "start_date": "2026-01-01",
            "target_date": "2026-12-31",
        },
        format="json",
    )
    supp = api(planner).post(
        reverse("budget-round-list"),
        {
            "fiscal_year": 2026,
            "kind": "supplementary",
            "number": 1,
            "submission_date": "2026-04-01",
            "decision_date": "2026-04-30",
        },
        format="json",
    )
    assert supp.status_code == 201, supp.json()
    assert (
        api(leader)
        .post(reverse("budget-round-list"), {"fiscal_year": 2027, "kind": "main"}, format="json")
        .status_code
        == 403
    )
    response = client.post(
        reverse("rollout-plan-budget", args=[plan.pk]),
        {"amount_requested": 30_000_000, "budget_round": supp.json()["id"]},
        format="json",
    )
    assert response.json()["budget"]["amount_requested"] == 30_000_000
    kpi = client.post(
        reverse("kpi-list"),
        {"plan": plan.pk, "name": "참여 인원", "unit": "명", "baseline": 0, "target": 100},
        format="json",
    )
    assert kpi.status_code == 201
    response = client.post(reverse("rollout-plan-file", args=[plan.pk]))
    assert response.json()["status"] == "active"


def test_the_plan_list_takes_a_constant_number_of_queries(planner, django_assert_max_num_queries):
    for _n in range(12):
        plan = rof.filed_plan()
        services.milestone_add(
            plan=plan, by=plan.idea.created_by, title="착수", due_on=dt.date(2026, 1, 5)
        )
    # user's groups, count, rows (with idea, units, tracks, health, last report)
    with django_assert_max_num_queries(4):
        response = api(planner).get(reverse("rollout-plan-list"))
    assert response.json()["count"] == 12


def test_the_calendars_are_read_by_all_staff(member, planner):
    services.budget_round_save(by=planner, fiscal_year=2027, kind="main")
    assert api(member).get(reverse("budget-round-list")).json()["count"] == 1
    assert api(member).get(reverse("council-session-list")).status_code == 200


def test_a_bad_plan_filter_is_a_json_400(planner):
    response = api(planner).get(reverse("milestone-list"), {"plan": "x"})
    assert response.status_code == 400
    assert "plan" in response.json()


def test_report_statuses_are_strings(active_plan, member):
    rows = (
        api(member).get(reverse("progress-report-list"), {"plan": active_plan.pk}).json()["results"]
    )
    assert {r["status"] for r in rows} == {ProgressReport.Status.DRAFT}
