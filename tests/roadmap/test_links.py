"""What feeds a task: the task force links and unlinks adopted ideas and rollout plans on
the task page and through the API; everybody reads them on the task page."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import HistoryEntry
from roadmap import services
from roadmap.models import TaskIdea, TaskRolloutPlan
from rollout.models import RolloutPlan
from tests.roadmap.factories import TaskFactory
from tests.roles import MANAGERS, ROLES
from tests.rollout.factories import published_adoption

pytestmark = pytest.mark.django_db


@pytest.fixture
def rollout_plan(planner):
    return RolloutPlan.objects.get(idea=published_adoption(by=planner).idea)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_task_force_links_and_unlinks_a_plan_on_the_task_page(
    client, roles, role, rollout_plan, planner
):
    task = TaskFactory()
    client.force_login(roles[role])
    page = client.get(task.get_absolute_url()).content.decode()
    assert ("실시계획 연결" in page) == (role in MANAGERS)
    linked = client.post(
        reverse("roadmap:task_link_plan", args=[task.pk]), {"plan": rollout_plan.pk}
    )
    if role not in MANAGERS:
        assert linked.status_code == 403
        assert not TaskRolloutPlan.objects.exists()
        services.task_link_plan(task=task, plan=rollout_plan, by=planner)
    else:
        assert linked.status_code == 302
    page = client.get(task.get_absolute_url()).content.decode()
    assert reverse("rollout:plan_detail", args=[rollout_plan.pk]) in page
    unlink = reverse("roadmap:task_unlink_plan", args=[task.pk, rollout_plan.pk])
    assert (unlink in page) == (role in MANAGERS)
    unlinked = client.post(unlink)
    assert unlinked.status_code == (302 if role in MANAGERS else 403)
    assert TaskRolloutPlan.objects.exists() == (role not in MANAGERS)


def test_a_linked_plan_is_not_offered_again_and_history_keeps_both_steps(
    client, planner, rollout_plan
):
    task = TaskFactory()
    client.force_login(planner)
    client.post(reverse("roadmap:task_link_plan", args=[task.pk]), {"plan": rollout_plan.pk})
    again = client.post(
        reverse("roadmap:task_link_plan", args=[task.pk]), {"plan": rollout_plan.pk}, follow=True
    )
    assert "고를 수 있는 실시계획이 아닙니다." in again.content.decode()
    assert TaskRolloutPlan.objects.count() == 1
    client.post(reverse("roadmap:task_unlink_plan", args=[task.pk, rollout_plan.pk]))
    actions = set(HistoryEntry.objects.for_object(task).values_list("action", flat=True))
    assert {"plan_linked", "plan_unlinked"} <= actions


def test_the_task_force_unlinks_an_idea_on_the_task_page(client, planner, member, rollout_plan):
    task = TaskFactory()
    idea = rollout_plan.idea
    services.task_link_idea(task=task, idea=idea, by=planner)
    unlink = reverse("roadmap:task_unlink_idea", args=[task.pk, idea.pk])
    client.force_login(member)
    assert unlink not in client.get(task.get_absolute_url()).content.decode()
    assert client.post(unlink).status_code == 403
    client.force_login(planner)
    assert unlink in client.get(task.get_absolute_url()).content.decode()
    response = client.post(unlink, follow=True)
    assert "아이디어 연결을 풀었습니다." in response.content.decode()
    assert not TaskIdea.objects.exists()
    again = client.post(unlink, follow=True)
    assert "이 과제에 연결된 아이디어가 아닙니다." in again.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_api_links_and_unlinks_with_the_same_rules(roles, role, rollout_plan, planner):
    api = APIClient()
    task = TaskFactory()
    idea = rollout_plan.idea
    api.force_authenticate(roles[role])
    base = f"/api/v1/roadmap-tasks/{task.pk}"
    linked_plan = api.post(f"{base}/rollout-plans/", {"plan": rollout_plan.pk}, format="json")
    linked_idea = api.post(f"{base}/ideas/", {"idea": idea.pk}, format="json")
    if role in MANAGERS:
        assert (linked_plan.status_code, linked_idea.status_code) == (200, 200)
        assert linked_idea.json()["rollout_plans"] == [rollout_plan.pk]
        assert linked_idea.json()["ideas"] == [idea.pk]
    else:
        assert (linked_plan.status_code, linked_idea.status_code) == (403, 403)
        services.task_link_plan(task=task, plan=rollout_plan, by=planner)
        services.task_link_idea(task=task, idea=idea, by=planner)
    assert api.get(f"{base}/").json()["rollout_plans"] == [rollout_plan.pk]
    unlinked_plan = api.delete(f"{base}/rollout-plans/{rollout_plan.pk}/")
    unlinked_idea = api.delete(f"{base}/ideas/{idea.pk}/")
    expected = (204, 204) if role in MANAGERS else (403, 403)
    assert (unlinked_plan.status_code, unlinked_idea.status_code) == expected


def test_the_api_answers_bad_links_with_json_400_and_404(planner, rollout_plan):
    api = APIClient()
    api.force_authenticate(planner)
    task = TaskFactory()
    base = f"/api/v1/roadmap-tasks/{task.pk}"
    assert api.post(f"{base}/rollout-plans/", {"plan": "x"}, format="json").status_code == 400
    missing = api.post(f"{base}/rollout-plans/", {"plan": 2**62}, format="json")
    assert missing.status_code == 400
    assert "실시계획" in missing.json()["plan"][0]
    not_linked = api.delete(f"{base}/rollout-plans/{rollout_plan.pk}/")
    assert not_linked.status_code == 400
    assert "연결된 실시계획이 아닙니다" in not_linked.json()["plan"][0]
    assert api.delete(f"{base}/rollout-plans/{10**30}/").status_code == 404
    assert api.delete(f"{base}/ideas/{10**30}/").status_code == 404
    assert api.delete(f"/api/v1/roadmap-tasks/{10**30}/ideas/1/").status_code == 404


def test_the_schema_documents_every_answer_of_the_link_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for path, method, ok in [
        ("/api/v1/roadmap-tasks/{id}/rollout-plans/", "post", "200"),
        ("/api/v1/roadmap-tasks/{id}/rollout-plans/{plan_id}/", "delete", "204"),
        ("/api/v1/roadmap-tasks/{id}/ideas/{idea_id}/", "delete", "204"),
    ]:
        codes = set(paths[path][method]["responses"])
        assert codes == {ok, "400", "401", "403", "404"}, path


def test_the_task_page_has_a_fixed_number_of_queries_however_much_feeds_it(
    client, planner, django_assert_max_num_queries
):
    task = TaskFactory()
    for _ in range(4):
        plan = RolloutPlan.objects.get(idea=published_adoption(by=planner).idea)
        services.task_link_idea(task=task, idea=plan.idea, by=planner)
        services.task_link_plan(task=task, plan=plan, by=planner)
    client.force_login(planner)
    client.get(task.get_absolute_url())  # content types and the like, cached after once
    # 1 session, 2 user, 3 the task with goal, version, responsible and idea count, 4 units,
    # 5 indicator values, 6 action plans, 7 reports, 8 groups (menu and rules), 9 unread
    # notices, 10 linked ideas, 11 linked rollout plans, 12 plans offered to link,
    # 13 comments, 14 endorsement count, 15 whether the person endorsed, 16 the history.
    with django_assert_max_num_queries(16):
        assert client.get(task.get_absolute_url()).status_code == 200
    first = 16
    for _ in range(4):
        plan = RolloutPlan.objects.get(idea=published_adoption(by=planner).idea)
        services.task_link_idea(task=task, idea=plan.idea, by=planner)
        services.task_link_plan(task=task, plan=plan, by=planner)
    # Twice as much linked: the same queries (never one per idea, plan or history entry).
    with django_assert_max_num_queries(first):
        assert client.get(task.get_absolute_url()).status_code == 200


def test_a_past_versions_task_takes_no_new_links_and_its_page_offers_none(
    client, planner, rollout_plan
):
    from core.errors import BusinessRuleError
    from roadmap.models import RoadmapVersion

    task = TaskFactory()
    RoadmapVersion.objects.filter(pk=task.goal.version_id).update(
        status=RoadmapVersion.Status.ARCHIVED
    )
    task.refresh_from_db()
    with pytest.raises(BusinessRuleError, match="지난 판"):
        services.task_link_plan(task=task, plan=rollout_plan, by=planner)
    client.force_login(planner)
    page = client.get(task.get_absolute_url()).content.decode()
    assert reverse("roadmap:task_link_plan", args=[task.pk]) not in page
    assert reverse("roadmap:task_edit", args=[task.pk]) not in page


@pytest.mark.parametrize(
    ("path", "field", "english"),
    [
        ("ideas", "idea", "There is no such idea."),
        ("rollout-plans", "plan", "There is no such implementation plan."),
    ],
)
def test_a_link_to_nothing_is_refused_in_the_callers_language(planner, path, field, english):
    api = APIClient()
    api.force_authenticate(planner)
    url = f"/api/v1/roadmap-tasks/{TaskFactory().pk}/{path}/"
    korean = api.post(url, {field: 2**62}, format="json")
    assert korean.status_code == 400
    assert korean.json()[field] == [
        {"idea": "그런 아이디어가 없습니다.", "plan": "그런 실시계획이 없습니다."}[field]
    ]
    answer = api.post(url, {field: 2**62}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400
    assert answer.json()[field] == [english]
