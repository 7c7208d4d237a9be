import pytest
from rest_framework.test import APIClient

from roadmap import services
from tests.roadmap.factories import TaskFactory, with_values
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_roadmap_and_only_the_task_force_changes_it(api, roles, role):
    task = with_values(TaskFactory(), (2019, 3, 3))
    api.force_authenticate(roles[role])
    assert api.get("/api/v1/roadmap-versions/").status_code == 200
    listed = api.get("/api/v1/roadmap-tasks/", {"version": task.goal.version_id})
    assert listed.json()["results"][0]["indicator_values"][0]["year"] == 2019
    detail = api.get(f"/api/v1/roadmap-tasks/{task.pk}/")
    assert detail.status_code == 200
    recorded = api.post(
        f"/api/v1/roadmap-tasks/{task.pk}/indicator/", {"year": 2020, "target": "5"}, format="json"
    )
    patched = api.patch(f"/api/v1/roadmap-tasks/{task.pk}/", {"status": "done"}, format="json")
    copied = api.post(
        f"/api/v1/roadmap-versions/{task.goal.version_id}/copy/",
        {"number": "9.5", "title": "x"},  # not N.0, which VersionFactory makes
        format="json",
    )
    expected = (200, 200, 201) if role in MANAGERS else (403, 403, 403)
    assert (recorded.status_code, patched.status_code, copied.status_code) == expected


def test_reports_go_through_the_same_rules(api, member, leader, planner):
    task = TaskFactory(responsible=member)
    api.force_authenticate(leader)
    body = {"task": task.pk, "year": 2021, "period": "year", "summary": "실적"}
    assert api.post("/api/v1/roadmap-reports/", body, format="json").status_code == 403
    api.force_authenticate(member)
    created = api.post("/api/v1/roadmap-reports/", body, format="json")
    assert created.status_code == 201
    report_id = created.json()["id"]
    assert (
        api.post(f"/api/v1/roadmap-reports/{report_id}/review/", {"accept": True}).status_code
        == 403
    )
    api.force_authenticate(planner)
    reviewed = api.post(f"/api/v1/roadmap-reports/{report_id}/review/", {"accept": False})
    assert reviewed.status_code == 400
    assert "의견" in reviewed.json()["note"][0]


def test_a_survey_is_answered_once_through_the_api(api, member, planner):
    survey = services.survey_create(
        version=TaskFactory().goal.version, title="s", questions=[("q", "scale")], by=planner
    )
    question = survey.questions.get()
    api.force_authenticate(member)
    url = f"/api/v1/surveys/{survey.pk}/answer/"
    assert api.post(url, {"answers": {str(question.pk): "4"}}, format="json").status_code == 201
    again = api.post(url, {"answers": {str(question.pk): "5"}}, format="json")
    assert again.status_code == 400
    assert "한 번만" in again.json()["detail"]
    assert api.get(f"/api/v1/surveys/{survey.pk}/results/").status_code == 403
    api.force_authenticate(planner)
    results = api.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    assert results[0]["counts"] == [0, 0, 0, 1, 0]


def test_the_task_list_has_a_fixed_number_of_queries(api, member, django_assert_max_num_queries):
    version = TaskFactory().goal.version
    for _ in range(15):
        with_values(TaskFactory(goal__version=version), (2019, 1, 1), (2020, 2, None))
    api.force_authenticate(member)
    # count, tasks with goal and responsible, units, indicator values
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/roadmap-tasks/").status_code == 200
