from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from reviews.models import Decision
from roadmap import services
from roadmap.models import RoadmapVersion, Task, TaskUnit
from tests.departments.factories import DivisionFactory
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import ReviewRoundFactory, submitted_idea
from tests.roadmap.factories import TaskFactory, with_values
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


def adopted_idea(planner):
    season = SeasonFactory()
    idea = submitted_idea(season)
    Decision.objects.create(
        round=ReviewRoundFactory(season=season),
        idea=idea,
        outcome=Decision.Outcome.ADOPT,
        implementation_path="direct",
        reason="좋음",
        decided_by=planner,
    )
    return idea


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_roadmap_and_a_task_page(client, roles, role):
    task = with_values(TaskFactory(), (2019, 3, 3), (2020, 60, 45))
    client.force_login(roles[role])
    assert client.get(reverse("roadmap:home")).status_code == 200
    page = client.get(reverse("roadmap:task", args=[task.pk]))
    assert page.status_code == 200
    assert "indicator-chart" in page.content.decode()
    assert 'id="indicator-data"' in page.content.decode()
    # the chart's numbers are also in a table
    assert "<td>60.00</td>" in page.content.decode()
    assert (
        client.get(reverse("roadmap:version_excel", args=[task.goal.version_id])).status_code == 200
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_task_force_records_an_indicator(client, roles, role):
    task = TaskFactory()
    client.force_login(roles[role])
    response = client.post(
        reverse("roadmap:task_indicator", args=[task.pk]),
        {"year": 2021, "target": "10", "actual": "8"},
    )
    if role in MANAGERS:
        assert response.status_code == 302
        value = task.indicator_values.get()
        assert (value.target, value.actual) == (Decimal("10"), Decimal("8"))
        assert HistoryEntry.objects.for_object(task).filter(action="indicator_recorded").exists()
    else:
        assert response.status_code == 403
        assert not task.indicator_values.exists()


def test_a_first_year_needs_a_target_and_nothing_is_saved_without_it(client, planner):
    task = TaskFactory()
    client.force_login(planner)
    response = client.post(
        reverse("roadmap:task_indicator", args=[task.pk]), {"year": 2021, "actual": "8"}
    )
    assert response.status_code == 400
    assert "목표값이 필요합니다" in response.content.decode()
    assert not task.indicator_values.exists()


def test_a_task_shows_the_adopted_ideas_linked_to_it(client, planner, member):
    task = TaskFactory()
    idea = adopted_idea(planner)
    client.force_login(planner)
    response = client.post(
        reverse("roadmap:task_link_idea", args=[task.pk]),
        {"reference_number": idea.reference_number},
    )
    assert response.status_code == 302
    client.force_login(member)
    assert idea.title in client.get(reverse("roadmap:task", args=[task.pk])).content.decode()


def test_an_idea_not_adopted_cannot_be_linked(planner):
    task = TaskFactory()
    idea = submitted_idea(SeasonFactory())
    with pytest.raises(BusinessRuleError, match="채택된 아이디어만"):
        services.task_link_idea(task=task, idea=idea, by=planner)


def test_a_new_version_copies_the_previous_one_and_keeps_it(planner):
    task = with_values(TaskFactory(), (2019, 3, 3))
    TaskUnit.objects.create(task=task, division=DivisionFactory(), is_lead=True)
    TaskUnit.objects.create(task=task, division=DivisionFactory())
    idea = adopted_idea(planner)
    services.task_link_idea(task=task, idea=idea, by=planner)
    source = task.goal.version
    copy = services.version_copy(source=source, number="2.0", title="로드맵 2.0", by=planner)
    new_task = Task.objects.get(goal__version=copy)
    assert new_task.copied_from == task
    assert new_task.units.count() == 2
    assert list(new_task.ideas.all()) == [idea]
    assert new_task.indicator_values.get().target == 3
    services.version_put_in_force(version=copy, by=planner)
    source.refresh_from_db()
    assert source.status == RoadmapVersion.Status.ARCHIVED
    assert HistoryEntry.objects.for_object(copy).filter(action="copied").exists()


def test_staff_cannot_copy_a_version(member):
    task = TaskFactory()
    with pytest.raises(PermissionRefused):
        services.version_copy(source=task.goal.version, number="2.0", title="x", by=member)


def test_the_responsible_person_reports_and_the_task_force_reviews(client, member, planner):
    task = TaskFactory(responsible=member)
    client.force_login(member)
    response = client.post(
        reverse("roadmap:task_report", args=[task.pk]),
        {"year": 2021, "period": "h1", "summary": "3곳 구축"},
    )
    assert response.status_code == 302
    report = task.reports.get()
    assert (
        client.post(reverse("roadmap:report_review", args=[report.pk]), {"accept": "1"}).status_code
        == 403
    )
    client.force_login(planner)
    response = client.post(
        reverse("roadmap:report_review", args=[report.pk]), {"accept": "0", "note": "수치 보완"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned"


def test_someone_else_cannot_report_on_a_task(client, member, leader):
    task = TaskFactory(responsible=leader)
    client.force_login(member)
    response = client.post(
        reverse("roadmap:task_report", args=[task.pk]),
        {"year": 2021, "period": "h1", "summary": "x"},
    )
    assert response.status_code == 403


def test_the_roadmap_page_has_a_fixed_number_of_queries(
    client, member, django_assert_max_num_queries
):
    version = TaskFactory().goal.version
    for goal_number in range(2, 4):
        goal = TaskFactory(goal__version=version, goal__number=goal_number).goal
        for _ in range(5):
            task = with_values(TaskFactory(goal=goal), (2019, 1, 1), (2020, 2, None))
            TaskUnit.objects.create(task=task, division=DivisionFactory(), is_lead=True)
    client.force_login(member)
    # session, user, groups (menu), version, goals, tasks, units, values, versions,
    # surveys, unread notifications badge … — never one per task.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("roadmap:version", args=[version.pk])).status_code == 200
