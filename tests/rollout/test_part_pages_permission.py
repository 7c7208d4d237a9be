"""The pages of a plan's parts (an ordinance step, a milestone) ask the plan's rule: only
whoever may change the plan opens or posts them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea
from rollout import services
from rollout.models import OrdinanceStep
from tests.departments.factories import TeamFactory, team_leader
from tests.rollout import factories as rof

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordinance_plan(leader):
    plan = rof.filed_plan(leader=leader, path=Idea.Path.ORDINANCE)
    services.ordinance_track_save(plan=plan, by=leader, ordinance_name="조례")
    return plan


def test_only_who_may_change_the_plan_opens_an_ordinance_step(client, leader, ordinance_plan):
    step = ordinance_plan.ordinance.steps.get(kind=OrdinanceStep.Kind.PRE_ANNOUNCEMENT)
    url = reverse("rollout:step_edit", args=[step.pk])
    client.force_login(team_leader(team=TeamFactory()))
    assert client.get(url).status_code == 403
    client.force_login(leader)
    assert client.get(url).status_code == 200


def test_only_who_may_change_the_plan_marks_a_milestone_done(client, leader, active_plan):
    milestone = services.milestone_add(
        plan=active_plan, by=leader, title="조례안 입안", due_on=timezone.localdate()
    )
    url = reverse("rollout:milestone_done", args=[milestone.pk])
    client.force_login(team_leader(team=TeamFactory()))
    assert client.post(url, {"note": "입안 완료"}).status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None
    client.force_login(leader)
    assert client.post(url, {"note": "입안 완료"}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
