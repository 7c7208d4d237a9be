from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

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


def adopted_idea(planner, *, published=True):
    season = SeasonFactory()
    idea = submitted_idea(season)
    Decision.objects.create(
        round=ReviewRoundFactory(
            season=season, decisions_published_at=timezone.now() if published else None
        ),
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
        reverse("roadmap:task_indicator", args=[task.pk]),
        {"year": 2021, "actual": "8"},
        follow=True,
    )
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
    with pytest.raises(BusinessRuleError, match="채택 결과가 공개된 아이디어만"):
        services.task_link_idea(task=task, idea=idea, by=planner)


def test_an_adoption_not_yet_published_cannot_be_linked_for_all_staff_to_read(planner):
    task = TaskFactory()
    idea = adopted_idea(planner, published=False)
    with pytest.raises(BusinessRuleError, match="채택 결과가 공개된 아이디어만"):
        services.task_link_idea(task=task, idea=idea, by=planner)
    assert not task.idea_links.exists()


def test_a_new_version_copies_the_previous_one_and_keeps_it(planner):
    task = with_values(TaskFactory(), (2019, 3, 3))
    TaskUnit.objects.create(task=task, division=DivisionFactory(), is_lead=True)
    TaskUnit.objects.create(task=task, division=DivisionFactory())
    idea = adopted_idea(planner)
    services.task_link_idea(task=task, idea=idea, by=planner)
    source = task.goal.version
    # The factory numbers versions 1.0, 2.0, … in the order a test worker makes them: the
    # copy takes the next number after its source's, whichever that is.
    number = f"{int(float(source.number)) + 1}.0"
    copy = services.version_copy(source=source, number=number, title="로드맵 새 판", by=planner)
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
    first = TaskFactory().goal
    version = first.version
    # Numbers after the first goal's: the factory's sequence gives it whatever number is
    # next in this process, so fixed numbers collided with it depending on test order.
    for goal_number in (first.number + 1, first.number + 2):
        goal = TaskFactory(goal__version=version, goal__number=goal_number).goal
        for _ in range(5):
            task = with_values(TaskFactory(goal=goal), (2019, 1, 1), (2020, 2, None))
            TaskUnit.objects.create(task=task, division=DivisionFactory(), is_lead=True)
    client.force_login(member)
    # session, user, groups (menu), version, goals, tasks, units, values, versions,
    # surveys, unread notifications badge … — never one per task.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("roadmap:version", args=[version.pk])).status_code == 200


def test_a_survey_is_answered_once_per_person(client, member, planner):
    version = TaskFactory().goal.version
    survey = services.survey_create(
        version=version,
        title="직원 설문",
        questions=[("공감하십니까?", "scale"), ("의견", "text")],
        by=planner,
    )
    q1, q2 = survey.questions.order_by("order")
    client.force_login(member)
    url = reverse("roadmap:survey", args=[survey.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {f"q{q1.pk}": "9", f"q{q2.pk}": "x"})
    assert bad.status_code == 400
    assert not survey.responses.exists()
    assert client.post(url, {f"q{q1.pk}": "4", f"q{q2.pk}": "좋아요"}).status_code == 302
    again = client.post(url, {f"q{q1.pk}": "5", f"q{q2.pk}": "또"})
    assert again.status_code == 400
    assert "이 설문에 이미 응답했습니다" in again.content.decode()
    assert survey.responses.count() == 1
    with pytest.raises(BusinessRuleError, match="한 번만"):
        services.survey_answer(survey=survey, answers={q1.pk: 3}, by=member)
    # results: task force only, with a chart, a table and Excel
    assert client.get(reverse("roadmap:survey_excel", args=[survey.pk])).status_code == 403
    client.force_login(planner)
    page = client.get(url).content.decode()
    assert 'id="survey-data"' in page
    assert "survey-chart" in page
    excel = client.get(reverse("roadmap:survey_excel", args=[survey.pk]))
    assert excel.status_code == 200
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_second_response_is_refused_by_the_database(member, planner):
    from django.db import IntegrityError, transaction

    from roadmap.models import SurveyResponse

    survey = services.survey_create(
        version=TaskFactory().goal.version, title="s", questions=[("q", "scale")], by=planner
    )
    SurveyResponse.objects.create(survey=survey, respondent=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, respondent=member)


def test_the_roadmap_workbook_has_the_tasks_and_indicators_and_no_formulas(client, member):
    from io import BytesIO

    from openpyxl import load_workbook

    task = with_values(TaskFactory(title="=HYPERLINK(1)"), (2019, 3, 2), (2020, 60, None))
    client.force_login(member)
    response = client.get(reverse("roadmap:version_excel", args=[task.goal.version_id]))
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["과제", "성과지표"]
    cells = [c.value for row in book["과제"].iter_rows() for c in row]
    assert "=HYPERLINK(1)" in cells
    assert all(c.data_type != "f" for row in book["과제"].iter_rows() for c in row)
    indicator_cells = [c.value for row in book["성과지표"].iter_rows() for c in row]
    assert "2019 목표" in indicator_cells
    assert 60 in indicator_cells
