"""A closed survey is still read, but no longer answered: the page asks the rule."""

import pytest
from django.urls import reverse

from roadmap import services
from roadmap.models import Survey
from tests.roadmap.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_closed_survey_is_read_but_not_answered(client, member, planner):
    survey = services.survey_create(
        version=TaskFactory().goal.version,
        title="직원 설문",
        questions=[("공감하십니까?", "scale")],
        by=planner,
    )
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    (question,) = survey.questions.all()
    url = reverse("roadmap:survey", args=[survey.pk])
    client.force_login(member)
    assert client.get(url).status_code == 200
    assert client.post(url, {f"q{question.pk}": "4"}).status_code == 403
    assert not survey.responses.exists()
