"""A team's dashboard links up to its bureau's for whoever the rule lets see that one."""

import pytest
from django.urls import reverse

from tests.departments import factories as f

pytestmark = pytest.mark.django_db


def test_a_team_page_links_to_its_bureau_for_the_director_and_the_planning_office(client, world):
    url = reverse("insight:team", args=[world.t1.pk])
    up = reverse("insight:bureau", args=[world.a.pk])
    for person in (world.director_a, world.planner):
        client.force_login(person)
        assert up in client.get(url, {"season": world.season.pk}).content.decode()
    client.force_login(f.team_leader(team=world.t1))
    assert up not in client.get(url, {"season": world.season.pk}).content.decode()
