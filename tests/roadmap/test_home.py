"""The task force's home page says when performance reports wait for its review, and the
list of them leads to each task."""

import pytest
from django.urls import reverse

from roadmap import selectors, services
from tests.roadmap.factories import TaskFactory
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


def submitted_reports(by, n=2):
    goal = TaskFactory().goal
    for i in range(n):
        services.report_submit(
            task=TaskFactory(goal=goal), year=2024, period="h1", summary=f"추진 실적 {i}", by=by
        )


@pytest.mark.parametrize("role", ROLES)
def test_the_task_force_is_told_of_reports_waiting_for_review(client, roles, role, planner):
    submitted_reports(planner)
    client.force_login(roles[role])
    home = client.get(reverse("core:home")).content.decode()
    listed = client.get(reverse("roadmap:reports"))
    if role in MANAGERS:
        assert "로드맵 과제의 성과 보고 2건이 검토를 기다립니다." in home
        assert reverse("roadmap:reports") in home
        assert listed.status_code == 200
        assert "추진 실적" not in listed.content.decode()  # the list names tasks, not texts
        assert listed.content.decode().count("원스톱 복지서비스") == 2
    else:
        assert "성과 보고" not in home
        assert listed.status_code == 403


def test_a_reviewed_report_no_longer_waits(client, planner):
    submitted_reports(planner, n=1)
    report = selectors.reports_waiting().get()
    services.report_review(report=report, accept=True, note="", by=planner)
    client.force_login(planner)
    assert "검토를 기다립니다" not in client.get(reverse("core:home")).content.decode()
    assert (
        "검토를 기다리는 성과 보고가 없습니다."
        in client.get(reverse("roadmap:reports")).content.decode()
    )


def test_the_list_of_reports_has_a_fixed_number_of_queries(
    client, planner, django_assert_max_num_queries
):
    submitted_reports(planner, n=8)
    client.force_login(planner)
    # 1 session, 2 user, 3 groups, 4 the reports with task, goal, version and author,
    # 5 the unread notices of the header.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("roadmap:reports")).status_code == 200
