"""The governor's directives followed to the end: the follow-up page and API for every role,
the due-date rule, the reminders before the due date and when overdue (each sent once)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.models import Notification
from notifications.tasks import send_reminders
from reviews.models import Directive
from rollout.models import DirectiveFollowUp
from tests.roles import ROLES

pytestmark = pytest.mark.django_db

MAY_FOLLOW_UP = {"bureau_director", "reviewer", "planning_office", "system_admin"}


@pytest.fixture
def directive(plan, planner):
    return Directive.objects.create(
        idea=plan.idea,
        text="현장 제안은 30일 안에 답하세요.",
        responsible_bureau=plan.bureau,
        due_date=timezone.localdate() + dt.timedelta(days=20),
        recorded_by=planner,
    )


def later(days=30):
    return timezone.localdate() + dt.timedelta(days=days)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# The page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_follow_up_page_is_for_the_director_and_the_offices_only(
    client, roles, directive, role
):
    client.force_login(roles[role])
    url = reverse("rollout:directive_follow_up", args=[directive.pk])
    response = client.get(url)
    assert response.status_code == (200 if role in MAY_FOLLOW_UP else 403)
    response = client.post(url, {"status": "in_progress", "due_on": later().isoformat()})
    if role in MAY_FOLLOW_UP:
        assert response.status_code == 302
        assert DirectiveFollowUp.objects.get(directive=directive).status == "in_progress"
    else:
        assert response.status_code == 403
        assert not DirectiveFollowUp.objects.exists()


def test_a_due_date_in_the_past_is_refused_at_its_field_and_nothing_is_saved(
    client, director, directive
):
    client.force_login(director)
    response = client.post(
        reverse("rollout:directive_follow_up", args=[directive.pk]),
        {"status": "in_progress", "due_on": (timezone.localdate() - dt.timedelta(days=1))},
    )
    assert response.status_code == 200
    assert "이행 기한은 오늘 이후여야 합니다." in response.context["form"].errors["due_on"]
    assert not DirectiveFollowUp.objects.exists()


def test_dropping_a_directive_needs_a_reason(client, director, directive):
    client.force_login(director)
    url = reverse("rollout:directive_follow_up", args=[directive.pk])
    response = client.post(url, {"status": "dropped", "due_on": later().isoformat()})
    assert "drop_reason" in response.context["form"].errors
    response = client.post(
        url, {"status": "dropped", "due_on": later().isoformat(), "drop_reason": "예산 미확보"}
    )
    assert response.status_code == 302
    assert DirectiveFollowUp.objects.get(directive=directive).drop_reason == "예산 미확보"


def test_the_follow_up_links_the_plan_and_shows_on_the_idea_and_plan_pages(
    client, director, member, plan, directive
):
    client.force_login(director)
    response = client.post(
        reverse("rollout:directive_follow_up", args=[directive.pk]),
        {
            "status": "in_progress",
            "due_on": later().isoformat(),
            "notes": "1차 답변",
            "plan": plan.pk,
        },
    )
    assert response["Location"] == plan.get_absolute_url()
    link = reverse("rollout:directive_follow_up", args=[directive.pk])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "1차 답변" in page
    assert link in page
    panel = client.get(reverse("reviews:idea_panel", args=[plan.idea_id])).content.decode()
    assert "추진 중" in panel
    assert link in panel
    client.force_login(member)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "1차 답변" in page
    assert link not in page
    panel = client.get(reverse("reviews:idea_panel", args=[plan.idea_id])).content.decode()
    assert "추진 중" in panel
    assert link not in panel


# The API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_api_records_a_follow_up_for_the_same_roles_as_the_page(roles, directive, role):
    client = api(roles[role])
    body = {"directive": directive.pk, "status": "open", "due_on": later().isoformat()}
    response = client.post(reverse("directive-follow-up-list"), body, format="json")
    assert response.status_code == (201 if role in MAY_FOLLOW_UP else 403), response.content
    assert "detail" in response.json() or "id" in response.json()
    listed = client.get(reverse("directive-follow-up-list"))
    assert listed.status_code == 200
    assert len(listed.json()["results"]) == (1 if role in MAY_FOLLOW_UP else 0)


def test_the_api_answers_bad_input_in_json_never_a_500(planner, directive, plan):
    client = api(planner)
    url = reverse("directive-follow-up-list")
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    for body in (
        {"directive": directive.pk, "status": "open", "due_on": past},
        {"directive": directive.pk, "status": "nonsense", "due_on": later().isoformat()},
        {"directive": 10**20, "status": "open", "due_on": later().isoformat()},
        {"directive": directive.pk, "status": "dropped", "due_on": later().isoformat()},
        {"directive": directive.pk, "status": "open", "due_on": "tomorrow"},
    ):
        response = client.post(url, body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert response.json()
    assert not DirectiveFollowUp.objects.exists()
    for query in ("?plan=x", f"?plan={10**20}", "?status=nonsense"):
        assert client.get(url + query).status_code == 400
    assert client.get(reverse("directive-follow-up-detail", args=[10**17])).status_code == 404
    response = client.post(
        url,
        {"directive": directive.pk, "status": "done", "due_on": past, "plan": plan.pk},
        format="json",
    )
    assert response.status_code == 201  # a done directive may record when it was due
    assert client.get(url + f"?plan={plan.pk}&status=done").json()["results"][0]["plan"] == plan.pk


def test_the_follow_up_endpoint_is_in_the_schema():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "post" in paths["/api/v1/directive-follow-ups/"]
    assert "/api/v1/directive-follow-ups/{id}/" in paths


# Reminders ---------------------------------------------------------------------------------


def run(day):
    return send_reminders.delay(Notification.Kind.DIRECTIVE_DUE, day.isoformat()).get()


def test_directive_reminders_go_before_and_after_the_due_date_each_once(
    directive, director, leader, plan
):
    # Wednesday 2027-03-17: D-7 Wednesday the 10th, D-1 Tuesday the 16th, overdue Thursday the 18th.
    DirectiveFollowUp.objects.create(
        directive=directive, status="in_progress", due_on=dt.date(2027, 3, 17), plan=plan
    )
    assert run(dt.date(2027, 3, 9)) == 0
    assert run(dt.date(2027, 3, 10)) == 2  # the director and the plan's team leader
    assert run(dt.date(2027, 3, 10)) == 0
    assert run(dt.date(2027, 3, 16)) == 2
    assert run(dt.date(2027, 3, 17)) == 0
    assert run(dt.date(2027, 3, 18)) == 2
    assert run(dt.date(2027, 3, 19)) == 0
    notices = Notification.objects.filter(recipient=director, kind="directive_due")
    assert notices.count() == 3
    assert notices.first().title.startswith("[지시사항 이행 기한 지남]")
    assert notices.first().url == plan.get_absolute_url()
    assert Notification.objects.filter(recipient=leader, kind="directive_due").count() == 3


def test_a_done_or_dropped_directive_is_not_reminded(directive, director):
    follow_up = DirectiveFollowUp.objects.create(
        directive=directive, status="done", due_on=dt.date(2027, 3, 17)
    )
    assert run(dt.date(2027, 3, 18)) == 0
    follow_up.status = "dropped"
    follow_up.drop_reason = "중복"
    follow_up.save()
    assert run(dt.date(2027, 3, 18)) == 0
