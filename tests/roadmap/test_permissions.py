"""Every role through every roadmap page and API action: staff read everything and answer
surveys; a task's responsible person reports on it; the task force changes the rest."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from roadmap import services
from roadmap.models import RoadmapVersion
from tests.roadmap.factories import TaskFactory
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(planner, member):
    task = TaskFactory(responsible=member)
    draft = RoadmapVersion.objects.create(number="9.5", title="초안")  # not N.0 (factories)
    survey = services.survey_create(
        version=task.goal.version, title="설문", questions=[("공감?", "scale")], by=planner
    )
    report = services.report_submit(task=task, year=2024, period="h1", summary="실적", by=member)
    return {"task": task, "draft": draft, "survey": survey, "report": report}


def reads(world):
    task, survey = world["task"], world["survey"]
    return {
        "roadmap": reverse("roadmap:home"),
        "version": reverse("roadmap:version", args=[task.goal.version_id]),
        "excel": reverse("roadmap:version_excel", args=[task.goal.version_id]),
        "task": reverse("roadmap:task", args=[task.pk]),
        "survey": reverse("roadmap:survey", args=[survey.pk]),
    }


def task_force_pages(world):
    task, survey = world["task"], world["survey"]
    return {
        "edit": reverse("roadmap:task_edit", args=[task.pk]),
        "reports": reverse("roadmap:reports"),
        "survey excel": reverse("roadmap:survey_excel", args=[survey.pk]),
        "put in force": reverse("roadmap:version_put_in_force", args=[world["draft"].pk]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_roadmap_page(client, roles, role, world):
    client.force_login(roles[role])
    for name, url in reads(world).items():
        assert client.get(url).status_code == 200, name
    for name, url in task_force_pages(world).items():
        expected = 200 if role in MANAGERS else 403
        assert client.get(url).status_code == expected, name
    task, report = world["task"], world["report"]
    posts = {
        "copy": (
            reverse("roadmap:version_copy", args=[task.goal.version_id]),
            {"number": "2.0", "title": "2.0"},
        ),
        "indicator": (
            reverse("roadmap:task_indicator", args=[task.pk]),
            {"year": 2024, "target": "3"},
        ),
        "link idea": (
            reverse("roadmap:task_link_idea", args=[task.pk]),
            {"reference_number": "없음"},
        ),
        "review": (reverse("roadmap:report_review", args=[report.pk]), {"accept": "1"}),
        "put in force": (reverse("roadmap:version_put_in_force", args=[world["draft"].pk]), {}),
        "report": (
            reverse("roadmap:task_report", args=[task.pk]),
            {"year": 2024, "period": "h2", "summary": "하반기 실적"},
        ),
        "answer": (
            reverse("roadmap:survey", args=[world["survey"].pk]),
            {f"q{world['survey'].questions.get().pk}": "4"},
        ),
    }
    for name, (url, data) in posts.items():
        status = client.post(url, data).status_code
        if name == "answer":
            assert status == 302, name  # every member of staff, once
        elif name == "report" and role == "team_member":
            assert status == 302, name  # the responsible person (the member fixture)
        elif role in MANAGERS:
            assert status == 302, name
        else:
            assert status == 403, name


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_roadmap_api_action(roles, role, world):
    api = APIClient()
    api.force_authenticate(roles[role])
    task, report, survey = world["task"], world["report"], world["survey"]
    for url in (
        "/api/v1/roadmap-versions/",
        f"/api/v1/roadmap-tasks/{task.pk}/",
        "/api/v1/roadmap-reports/",
        f"/api/v1/surveys/{survey.pk}/",
    ):
        assert api.get(url).status_code == 200, url
    manager_only = {
        "results": api.get(f"/api/v1/surveys/{survey.pk}/results/"),
        "review": api.post(
            f"/api/v1/roadmap-reports/{report.pk}/review/", {"accept": True}, format="json"
        ),
        "put in force": api.post(f"/api/v1/roadmap-versions/{world['draft'].pk}/put-in-force/"),
    }
    for name, response in manager_only.items():
        assert response.status_code == (200 if role in MANAGERS else 403), name
    reported = api.post(
        "/api/v1/roadmap-reports/",
        {"task": task.pk, "year": 2024, "period": "h2", "summary": "하반기"},
        format="json",
    )
    may_report = role in MANAGERS or role == "team_member"
    assert reported.status_code == (201 if may_report else 403)
    answered = api.post(
        f"/api/v1/surveys/{survey.pk}/answer/",
        {"answers": {str(survey.questions.get().pk): "5"}},
        format="json",
    )
    assert answered.status_code == 201


def test_putting_a_version_in_force_asks_first_and_names_the_one_it_replaces(
    client, planner, world
):
    in_force = world["task"].goal.version
    url = reverse("roadmap:version_put_in_force", args=[world["draft"].pk])
    client.force_login(planner)
    page = client.get(url).content.decode()
    assert "시행할까요?" in page
    assert f"지금 시행 중인 {in_force}" in page
    # The particles follow the version's name (issue 12 item 14), never "을(를)".
    assert "을(를)" not in page
    assert "은(는)" not in page
    world["draft"].refresh_from_db()
    assert world["draft"].status == RoadmapVersion.Status.DRAFT
    assert client.post(url).status_code == 302
    in_force.refresh_from_db()
    assert in_force.status == RoadmapVersion.Status.ARCHIVED
    again = client.post(url)
    assert "작성 중인 판만 시행할 수 있습니다." in again.content.decode()
