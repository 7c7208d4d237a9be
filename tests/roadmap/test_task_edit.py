"""The task force edits a task on one page: its indicator, yearly targets, responsible
person, status, owning units (a joint venture with each unit's part) and yearly plans."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from roadmap import services
from roadmap.models import ActionPlan, IndicatorValue, RoadmapVersion, TaskUnit
from tests.departments.factories import DivisionFactory
from tests.roadmap.factories import TaskFactory, with_values
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def edit_data(task, responsible, lead, partner, **overrides) -> dict:
    data = {
        "title": "조인트벤처 협업 과제",
        "description": "두 부서가 함께 추진합니다.",
        "status": "in_progress",
        "responsible": str(responsible.pk),
        "indicator_name": "협업 과제 수",
        "indicator_unit": "건",
        "indicator_baseline": "3",
        "indicator_direction": "increase",
        **management("targets", 2),
        "targets-0-year": "2023",
        "targets-0-target": "10",
        "targets-1-year": "2024",
        "targets-1-target": "20",
        **management("units", 2),
        "units-0-division": str(lead.pk),
        "units-0-is_lead": "on",
        "units-0-part": "총괄·예산",
        "units-1-division": str(partner.pk),
        "units-1-part": "현장 운영",
        **management("plans", 1),
        "plans-0-year": "2023",
        "plans-0-content": "시범 과제 5건 선정",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_only_the_task_force_opens_and_saves_the_edit_page(client, roles, role, member):
    task = TaskFactory()
    lead, partner = DivisionFactory(), DivisionFactory()
    url = reverse("roadmap:task_edit", args=[task.pk])
    client.force_login(roles[role])
    shown = client.get(url)
    saved = client.post(url, edit_data(task, member, lead, partner))
    edit_link = reverse("roadmap:task_edit", args=[task.pk])
    on_task_page = edit_link in client.get(task.get_absolute_url()).content.decode()
    if role in MANAGERS:
        assert (shown.status_code, saved.status_code, on_task_page) == (200, 302, True)
        assert TaskUnit.objects.filter(task=task).count() == 2
    else:
        assert (shown.status_code, saved.status_code, on_task_page) == (403, 403, False)
        assert not TaskUnit.objects.filter(task=task).exists()


def test_the_task_force_saves_a_joint_venture_with_targets_and_plans(client, planner, member):
    task = TaskFactory()
    lead, partner = DivisionFactory(), DivisionFactory()
    client.force_login(planner)
    response = client.post(
        reverse("roadmap:task_edit", args=[task.pk]), edit_data(task, member, lead, partner)
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.status, task.responsible, task.indicator_unit) == (
        "조인트벤처 협업 과제",
        "in_progress",
        member,
        "건",
    )
    assert task.indicator_baseline == Decimal("3")
    units = list(task.units.values_list("division", "is_lead", "part"))
    assert units == [(lead.pk, True, "총괄·예산"), (partner.pk, False, "현장 운영")]
    targets = list(task.indicator_values.values_list("year", "target"))
    assert targets == [(2023, Decimal("10")), (2024, Decimal("20"))]
    assert list(task.plans.values_list("year", "content")) == [(2023, "시범 과제 5건 선정")]
    entry = HistoryEntry.objects.for_object(task).get(action="revised")
    assert entry.actor == planner
    assert entry.data["before"]["title"] == "원스톱 복지서비스"
    page = client.get(task.get_absolute_url()).content.decode()
    for shown in ("조인트벤처", "현장 운영", "시범 과제 5건 선정"):
        assert shown in page


def test_the_page_starts_from_what_the_task_has_and_a_row_can_be_removed(client, planner):
    task = with_values(TaskFactory(), (2022, 5, None), (2023, 8, None))
    division = DivisionFactory()
    TaskUnit.objects.create(task=task, division=division, is_lead=True, part="총괄")
    ActionPlan.objects.create(task=task, year=2022, content="첫해 계획")
    client.force_login(planner)
    form = client.get(reverse("roadmap:task_edit", args=[task.pk])).content.decode()
    assert 'value="2022"' in form
    assert "첫해 계획" in form
    data = {
        "title": task.title,
        "description": "",
        "status": "planned",
        "responsible": "",
        "indicator_name": task.indicator_name,
        "indicator_unit": "곳",
        "indicator_baseline": "0",
        "indicator_direction": "increase",
        **management("targets", 2, 2),
        "targets-0-year": "2022",
        "targets-0-target": "5",
        "targets-1-year": "2023",
        "targets-1-target": "8",
        "targets-1-DELETE": "on",
        **management("units", 1, 1),
        "units-0-division": str(division.pk),
        "units-0-is_lead": "on",
        "units-0-part": "총괄",
        **management("plans", 1, 1),
        "plans-0-year": "2022",
        "plans-0-content": "첫해 계획",
        "plans-0-DELETE": "on",
    }
    assert client.post(reverse("roadmap:task_edit", args=[task.pk]), data).status_code == 302
    assert list(task.indicator_values.values_list("year", flat=True)) == [2022]
    assert not task.plans.exists()
    entry = HistoryEntry.objects.for_object(task).get(action="revised")
    assert entry.data["before"]["yearly_targets"] == "2022: 5.00; 2023: 8.00"
    assert entry.data["after"]["yearly_targets"] == "2022: 5"


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"title": ""}, "id_title_error", "과제 이름을 적어 주세요."),
        ({"indicator_baseline": "많이"}, "id_indicator_baseline_error", "숫자로 넣어 주세요"),
        ({"targets-1-year": "1999"}, "id_targets-1-year_error", "2000년에서 2100년 사이"),
        ({"targets-1-year": "2023"}, "id_targets-1-year_error", "같은 연도가 두 번 있습니다."),
        ({"targets-0-target": "x"}, "id_targets-0-target_error", "목표값은 숫자로"),
        ({"plans-0-content": ""}, "id_plans-0-content_error", "실천계획을 적어 주세요."),
    ],
)
def test_bad_input_is_shown_in_korean_at_its_field_and_nothing_is_saved(
    client, planner, member, overrides, field_id, message
):
    task = TaskFactory()
    lead, partner = DivisionFactory(), DivisionFactory()
    client.force_login(planner)
    response = client.post(
        reverse("roadmap:task_edit", args=[task.pk]),
        edit_data(task, member, lead, partner, **overrides),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="{field_id}"' in page
    assert message in page
    task.refresh_from_db()
    assert task.title == "원스톱 복지서비스"
    assert not task.units.exists()
    assert not task.indicator_values.exists()


def test_a_joint_venture_names_one_lead_unit_and_each_units_part(client, planner, member):
    task = TaskFactory()
    lead, partner = DivisionFactory(), DivisionFactory()
    client.force_login(planner)
    response = client.post(
        reverse("roadmap:task_edit", args=[task.pk]),
        edit_data(task, member, lead, partner, **{"units-1-is_lead": "on", "units-1-part": ""}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "주관 부서를 하나만 고르세요." in page
    assert "조인트벤처에서는 부서마다 맡은 일을 적어 주세요." in page
    assert not task.units.exists()


def test_a_year_with_a_recorded_result_keeps_its_target(planner):
    task = with_values(TaskFactory(), (2022, 5, 4))
    with pytest.raises(BusinessRuleError, match="실적이 기록된 연도"):
        services.task_revise(task=task, by=planner, targets=[], units=[], plans=[])
    assert IndicatorValue.objects.filter(task=task, year=2022).exists()


def test_only_the_task_force_revises_and_a_past_version_stays_as_it_was(member, planner):
    task = TaskFactory()
    with pytest.raises(PermissionRefused):
        services.task_revise(task=task, by=member, targets=[], units=[], plans=[], title="x")
    version = task.goal.version
    version.status = RoadmapVersion.Status.ARCHIVED
    version.save()
    with pytest.raises(BusinessRuleError, match="지난 판"):
        services.task_revise(task=task, by=planner, targets=[], units=[], plans=[], title="x")


def test_the_edit_page_has_a_fixed_number_of_queries(
    client, planner, django_assert_max_num_queries
):
    task = with_values(TaskFactory(), *[(2020 + i, i, None) for i in range(6)])
    for i in range(5):
        TaskUnit.objects.create(task=task, division=DivisionFactory(), is_lead=i == 0, part="일")
        ActionPlan.objects.create(task=task, year=2020 + i, content="계획")
    client.force_login(planner)
    # 1 session, 2 user, 3 groups, 4 the task with goal and version, 5 targets, 6 units,
    # 7 plans, 8 the people for the responsible list, 9 the divisions (once for every
    # row), 10 the unread notices of the header.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("roadmap:task_edit", args=[task.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_the_api_replaces_units_targets_and_plans_with_the_pages_rules(roles, role):
    from rest_framework.test import APIClient

    api = APIClient()
    task = with_values(TaskFactory(), (2022, 5, None))
    lead, partner = DivisionFactory(), DivisionFactory()
    api.force_authenticate(roles[role])
    body = {
        "status": "in_progress",
        "units": [
            {"division": lead.pk, "is_lead": True, "part": "총괄"},
            {"division": partner.pk, "part": "현장"},
        ],
        "plans": [{"year": 2023, "content": "확대"}],
    }
    response = api.patch(f"/api/v1/roadmap-tasks/{task.pk}/", body, format="json")
    if role not in MANAGERS:
        assert response.status_code == 403
        assert not task.units.exists()
        return
    assert response.status_code == 200
    assert [u["part"] for u in response.json()["units"]] == ["총괄", "현장"]
    assert response.json()["plans"] == [{"year": 2023, "content": "확대"}]
    # targets not given: kept as they were
    assert list(task.indicator_values.values_list("year", flat=True)) == [2022]
    two_leads = api.patch(
        f"/api/v1/roadmap-tasks/{task.pk}/",
        {
            "units": [
                {"division": lead.pk, "is_lead": True},
                {"division": partner.pk, "is_lead": True},
            ]
        },
        format="json",
    )
    assert two_leads.status_code == 400
    assert "주관 부서를 하나만 고르세요." in two_leads.json()["units"]
    assert task.units.count() == 2
