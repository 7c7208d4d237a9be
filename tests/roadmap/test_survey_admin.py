"""The task force writes a staff survey with its questions in the admin (issue 16 item 3)."""

import pytest
from django.urls import reverse

from roadmap.models import Survey
from tests.roadmap.test_permissions import world  # noqa: F401  (the roadmap of the tests)

pytestmark = pytest.mark.django_db


def test_the_task_force_writes_a_survey_with_its_questions_in_the_admin(client, planner, world):  # noqa: F811
    planner.is_staff = True  # the planning office signs in to the admin (as in the demo)
    planner.save(update_fields=["is_staff"])
    client.force_login(planner)
    add = reverse("admin:roadmap_survey_add")
    assert client.get(add).status_code == 200
    data = {
        "version": world["task"].goal.version.pk,
        "title": "로드맵 2.0 직원 의견",
        "status": "open",
        "questions-TOTAL_FORMS": "3",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-order": "1",
        "questions-0-text": "협업 과제가 도움이 됩니까?",
        "questions-0-kind": "scale",
        "questions-1-order": "2",
        "questions-1-text": "더 바라는 점을 적어 주세요.",
        "questions-1-kind": "text",
        "questions-2-kind": "scale",  # an empty row as the browser posts it (the default)
    }
    response = client.post(add, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    )
    survey = Survey.objects.get(title="로드맵 2.0 직원 의견")
    assert [q.text for q in survey.questions.order_by("order")] == [
        "협업 과제가 도움이 됩니까?",
        "더 바라는 점을 적어 주세요.",
    ]
    # Staff answer it on its own page.
    assert client.get(survey.get_absolute_url()).status_code == 200
