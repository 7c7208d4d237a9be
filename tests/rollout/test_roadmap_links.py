"""A rollout plan linked to the roadmap task it carries forward; the task page lists it."""

import pytest
from django.urls import reverse

from core.errors import BusinessRuleError, PermissionRefused
from roadmap import services
from roadmap.models import TaskRolloutPlan
from tests.roadmap.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_the_task_force_links_a_plan_once_and_the_task_page_lists_it(client, plan, planner, member):
    task = TaskFactory()
    services.task_link_plan(task=task, plan=plan, by=planner)
    with pytest.raises(BusinessRuleError, match="이미 연결한 실시계획"):
        services.task_link_plan(task=task, plan=plan, by=planner)
    assert TaskRolloutPlan.objects.filter(task=task, plan=plan).count() == 1
    client.force_login(member)
    page = client.get(task.get_absolute_url()).content.decode()
    assert reverse("rollout:plan_detail", args=[plan.pk]) in page
    services.task_unlink_plan(task=task, plan=plan, by=planner)
    page = client.get(task.get_absolute_url()).content.decode()
    assert reverse("rollout:plan_detail", args=[plan.pk]) not in page


def test_only_the_task_force_links_plans(plan, member):
    with pytest.raises(PermissionRefused):
        services.task_link_plan(task=TaskFactory(), plan=plan, by=member)
    assert not TaskRolloutPlan.objects.exists()
