"""The board and the plan page, role by role; the page actions; pinned query counts."""

import pytest
from django.urls import reverse

from core.errors import BusinessRuleError
from rollout import services
from rollout.models import ProgressReport, RolloutPlan
from tests.departments.factories import (
    BureauFactory,
    TeamFactory,
    UserFactory,
    bureau_director,
    team_leader,
)
from tests.roles import ROLES
from tests.rollout import factories as rof

pytestmark = pytest.mark.django_db

# Who may open the plan's edit page: the lead team and the planning office (system admins).
EDITORS = {"team_member", "team_leader", "planning_office", "system_admin"}


@pytest.fixture
def outsiders(db):
    """Another bureau's director and the leader of a team that is not an owner."""
    return {
        "other_director": bureau_director(BureauFactory()),
        "other_leader": team_leader(team=TeamFactory()),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_member_of_staff_reads_the_plan_page(client, roles, active_plan, role):
    client.force_login(roles[role])
    response = client.get(reverse("rollout:plan_detail", args=[active_plan.pk]))
    assert response.status_code == 200
    assert active_plan.idea.title in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lead_team_and_the_planning_office_open_the_edit_page(
    client, roles, active_plan, role
):
    client.force_login(roles[role])
    response = client.get(reverse("rollout:plan_edit", args=[active_plan.pk]))
    assert response.status_code == (200 if role in EDITORS else 403)


def test_outsiders_cannot_edit_or_review(client, outsiders, active_plan, leader):
    report = active_plan.reports.first()
    services.report_save(report=report, by=leader, done_text="실적")
    services.report_file(report=report, by=leader)
    for person in outsiders.values():
        client.force_login(person)
        assert client.get(reverse("rollout:plan_edit", args=[active_plan.pk])).status_code == 403
        response = client.post(
            reverse("rollout:report_review", args=[report.pk]), {"decision": "accept"}
        )
        assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.FILED


def test_a_report_draft_stays_with_the_owning_teams(client, roles, outsiders, active_plan):
    report = active_plan.reports.first()
    url = reverse("rollout:report_edit", args=[report.pk])
    for name in ("planning_office", "bureau_director", "reviewer"):
        client.force_login(roles[name])
        assert client.get(url).status_code == 404
    client.force_login(outsiders["other_leader"])
    assert client.get(url).status_code == 404
    client.force_login(roles["team_member"])
    assert client.get(url).status_code == 200


def test_the_board_shows_each_role_the_plans_it_oversees(client, roles, outsiders, active_plan):
    other = rof.filed_plan()  # another bureau's plan
    seen = {}
    for name, person in {**roles, **outsiders}.items():
        client.force_login(person)
        response = client.get(reverse("rollout:board"))
        assert response.status_code == 200
        rows = {p.pk for p in response.context["page"].object_list}
        seen[name] = (active_plan.pk in rows, other.pk in rows)
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


def test_the_board_filters_by_status_and_counts_each(client, planner, active_plan):
    rof.published_adoption()  # a draft plan, on track until its due date
    client.force_login(planner)
    response = client.get(reverse("rollout:board"), {"health": "on_track"})
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert counts["on_track"] == 2
    assert len(response.context["page"].object_list) == 2
    response = client.get(reverse("rollout:board"), {"health": "late"})
    assert len(response.context["page"].object_list) == 0


def test_the_board_takes_a_constant_number_of_queries(
    client, planner, django_assert_max_num_queries
):
    for _n in range(12):
        plan = rof.filed_plan()
        services.milestone_add(
            plan=plan, by=plan.idea.created_by, title="착수", due_on=plan.start_date
        )
    client.force_login(planner)
    # session, user, groups (menu), unread badge, counts, page count, page rows, plus the
    # seasons and bureaus of the filter form's choices.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("rollout:board"))
    assert len(response.context["page"].object_list) == 12


def test_the_plan_page_takes_a_bounded_number_of_queries(
    client, planner, active_plan, leader, django_assert_max_num_queries
):
    for n in range(5):
        services.milestone_add(
            plan=active_plan, by=leader, title=f"일정{n}", due_on=active_plan.target_date
        )
        services.kpi_add(
            plan=active_plan, by=leader, name=f"지표{n}", unit="건", baseline=0, target=10
        )
    client.force_login(planner)
    with django_assert_max_num_queries(30):
        client.get(reverse("rollout:plan_detail", args=[active_plan.pk]))


def test_the_team_fills_in_and_files_the_plan_through_the_pages(client, leader, plan):
    client.force_login(leader)
    url = reverse("rollout:plan_edit", args=[plan.pk])
    data = {
        "version": plan.version,
        "path_budget": "on",
        "start_date": "2026-01-01",
        "target_date": "2025-12-31",
        "goal": "목표",
        "method": "방법",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "목표일은 시작일보다 빠를 수 없습니다." in response.content.decode()
    data["target_date"] = "2026-12-31"
    assert client.post(url, data).status_code == 302
    response = client.post(reverse("rollout:plan_file", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == RolloutPlan.Status.ACTIVE


def test_a_stale_edit_page_is_told_someone_else_saved_first(client, leader, member, plan):
    client.force_login(leader)
    url = reverse("rollout:plan_edit", args=[plan.pk])
    stale = plan.version
    services.plan_update(plan=plan, by=member, goal="팀원이 먼저")
    response = client.post(url, {"version": stale, "path_budget": "on", "goal": "팀장이 나중"})
    assert "다른 사람이 먼저 고쳤습니다" in response.content.decode()
    plan.refresh_from_db()
    assert plan.goal == "팀원이 먼저"


def test_the_idea_link_leads_to_its_plan(client, member, plan):
    client.force_login(member)
    response = client.get(reverse("rollout:idea_plan", args=[plan.idea_id]))
    assert response.url == plan.get_absolute_url()


def test_the_responsible_person_is_chosen_among_the_owning_units_staff(
    client, leader, member, plan
):
    co_team = TeamFactory()
    co_worker = UserFactory(team=co_team, full_name="협업팀 직원")
    outsider = UserFactory(team=TeamFactory(), full_name="남의팀 직원")
    services.co_owner_set(plan=plan, by=leader, team=co_team, share_percent=30)
    client.force_login(leader)
    url = reverse("rollout:plan_edit", args=[plan.pk])
    choices = set(client.get(url).context["form"].fields["responsible_person"].queryset)
    assert {leader, member, co_worker} <= choices
    assert outsider not in choices
    plan.refresh_from_db()
    data = {"version": plan.version, "path_budget": "on", "goal": "목표"}
    assert client.post(url, {**data, "responsible_person": co_worker.pk}).status_code == 302
    plan.refresh_from_db()
    assert plan.responsible_person == co_worker
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "협업팀 직원" in page
    response = client.post(
        url, {**data, "version": plan.version, "responsible_person": outsider.pk}
    )
    assert response.status_code == 200
    assert "responsible_person" in response.context["form"].errors
    assert 'id="id_responsible_person_error"' in response.content.decode()


def test_the_service_refuses_a_responsible_person_outside_the_owning_units(leader, plan):
    outsider = UserFactory(team=TeamFactory())
    with pytest.raises(BusinessRuleError) as refused:
        services.plan_update(plan=plan, by=leader, responsible_person=outsider)
    assert "주관 팀이나 협업 팀의 직원만" in str(refused.value.errors["responsible_person"])
    plan.refresh_from_db()
    assert plan.responsible_person != outsider
