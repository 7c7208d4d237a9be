"""Every role, another bureau's director and a team that is not an owner, walked through
the actions on a plan, on the pages and through the API (one permissions module decides
both): who may, who is refused (403), and to whom a draft does not exist (404)."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rollout import services
from rollout.models import BudgetRound, Milestone, ProgressReport, RolloutPlan
from tests.departments.factories import BureauFactory, TeamFactory, bureau_director, team_leader
from tests.roles import ROLES

pytestmark = pytest.mark.django_db

PEOPLE = [*ROLES, "other_director", "other_leader"]
EDITORS = {"team_member", "team_leader", "planning_office", "system_admin"}
MANAGERS = {"planning_office", "system_admin"}
COMPLETERS = {"team_leader", "bureau_director", "planning_office", "system_admin"}
OWNERS = {"team_member", "team_leader"}


@pytest.fixture
def people(roles):
    return {
        **roles,
        "other_director": bureau_director(BureauFactory()),
        "other_leader": team_leader(team=TeamFactory()),
    }


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def filled_draft(plan, leader) -> RolloutPlan:
    today = dt.date.today()  # noqa: DTZ011 (a date far enough from any edge)
    return services.plan_update(
        plan=plan,
        by=leader,
        method="시범 운영",
        start_date=today,
        target_date=today + dt.timedelta(days=300),
    )


def cannot_filed(plan, leader) -> RolloutPlan:
    return services.plan_cannot_file(plan=plan, by=leader, reason="국가 사무입니다.")


def filed_report(plan, leader) -> ProgressReport:
    report = plan.reports.order_by("period_end").first()
    services.report_save(report=report, by=leader, done_text="실적", progress_percent=20)
    return services.report_file(report=report, by=leader)


@pytest.mark.parametrize("role", PEOPLE)
def test_the_plan_actions_on_the_pages(client, people, leader, plan, active_plan, role):
    client.force_login(people[role])

    def post(name, obj, data=None):
        return client.post(reverse(f"rollout:{name}", args=[obj.pk]), data or {}).status_code

    code = post("budget_edit", active_plan, {"amount_requested": 1000, "status": "requested"})
    assert code == (302 if role in EDITORS else 403)
    assert hasattr(RolloutPlan.objects.get(pk=active_plan.pk), "budget") == (role in EDITORS)

    code = post("milestone_add", active_plan, {"title": "착수 보고", "due_on": "2030-01-01"})
    assert code == (302 if role in EDITORS else 403)
    assert Milestone.objects.filter(plan=active_plan).exists() == (role in EDITORS)

    code = post("co_owner_add", active_plan, {"team": TeamFactory().pk, "share_percent": 20})
    assert code == (302 if role in EDITORS else 403)
    assert active_plan.co_owners.exists() == (role in EDITORS)

    draft = filled_draft(plan, leader)
    assert post("plan_file", draft) == (302 if role == "team_leader" else 403)
    draft.refresh_from_db()
    assert (draft.status == RolloutPlan.Status.ACTIVE) == (role == "team_leader")

    report = filed_report(active_plan, leader)
    assert post("report_review", report, {"decision": "accept"}) == (
        302 if role == "bureau_director" else 403
    )
    report.refresh_from_db()
    assert (report.status == ProgressReport.Status.ACCEPTED) == (role == "bureau_director")

    assert post("plan_complete", active_plan) == (302 if role in COMPLETERS else 403)
    active_plan.refresh_from_db()
    assert (active_plan.status == RolloutPlan.Status.DONE) == (role in COMPLETERS)


@pytest.mark.parametrize("role", PEOPLE)
def test_report_drafts_and_statements_on_the_pages(client, people, leader, plan, active_plan, role):
    client.force_login(people[role])
    draft = active_plan.reports.order_by("period_end").first()
    services.report_save(report=draft, by=leader, done_text="1분기 실적")
    code = client.post(
        reverse("rollout:report_file", args=[draft.pk])
    ).status_code  # a draft exists for the owning team only; its leader files it
    assert code == {"team_leader": 302, "team_member": 403}.get(role, 404)
    draft.refresh_from_db()
    assert (draft.status == ProgressReport.Status.FILED) == (role == "team_leader")

    statement = cannot_filed(plan, leader)
    code = client.post(
        reverse("rollout:plan_cannot_decide", args=[statement.pk]), {"decision": "accept"}
    ).status_code
    assert code == (302 if role in MANAGERS else 403)
    statement.refresh_from_db()
    assert (statement.status == RolloutPlan.Status.DROPPED) == (role in MANAGERS)


@pytest.mark.parametrize("role", PEOPLE)
def test_the_plan_actions_through_the_api(people, leader, plan, active_plan, role):
    client = api(people[role])

    response = client.post(
        reverse("rollout-plan-budget", args=[active_plan.pk]),
        {"amount_requested": 1000},
        format="json",
    )
    assert response.status_code == (200 if role in EDITORS else 403)

    response = client.post(
        reverse("milestone-list"),
        {"plan": active_plan.pk, "title": "착수 보고", "due_on": "2030-01-01"},
        format="json",
    )
    assert response.status_code == (201 if role in EDITORS else 403)

    response = client.post(
        reverse("co-owner-list"),
        {"plan": active_plan.pk, "team": TeamFactory().pk, "share_percent": 20},
        format="json",
    )
    assert response.status_code == (201 if role in EDITORS else 403)

    draft = filled_draft(plan, leader)
    response = client.post(reverse("rollout-plan-file", args=[draft.pk]))
    assert response.status_code == (200 if role == "team_leader" else 403)

    response = client.post(
        reverse("budget-round-list"), {"fiscal_year": 2031, "kind": "main"}, format="json"
    )
    assert response.status_code == (201 if role in MANAGERS else 403)
    assert BudgetRound.objects.filter(fiscal_year=2031).exists() == (role in MANAGERS)

    response = client.post(reverse("rollout-plan-complete", args=[active_plan.pk]))
    assert response.status_code == (200 if role in COMPLETERS else 403)


@pytest.mark.parametrize("role", PEOPLE)
def test_report_drafts_and_statements_through_the_api(people, leader, plan, active_plan, role):
    client = api(people[role])
    draft = active_plan.reports.order_by("period_end").first()
    services.report_save(report=draft, by=leader, done_text="1분기 실적")
    response = client.post(reverse("progress-report-file", args=[draft.pk]))
    assert response.status_code == {"team_leader": 200, "team_member": 403}.get(role, 404)

    statement = cannot_filed(plan, leader)
    response = client.post(
        reverse("rollout-plan-cannot-decision", args=[statement.pk]),
        {"accept": False, "note": "조례 개정으로 가능합니다."},
        format="json",
    )
    assert response.status_code == (200 if role in MANAGERS else 403)
    statement.refresh_from_db()
    assert (statement.status == RolloutPlan.Status.DRAFT) == (role in MANAGERS)
