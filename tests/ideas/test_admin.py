"""The ideas admin: the planning office and system admins read everything, change seasons only."""

import pytest
from django.urls import reverse

from ideas.models import Season
from tests.ideas.factories import SeasonFactory
from tests.ideas.test_pages_oversight import ROLES, pending_exemption, submitted_idea
from tests.roles import MANAGERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(leader, team):
    season = SeasonFactory(code="S2")
    return (
        season,
        submitted_idea(season, leader, title="기업유치 관리시스템"),
        pending_exemption(season, team),
    )


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_and_system_admins_open_the_ideas_admin(
    client, roles, role, records
):
    season, idea, exemption = records
    client.force_login(staff(roles[role]))
    expected = 200 if role in MANAGERS else 403
    for url in [
        reverse("admin:ideas_season_changelist"),
        reverse("admin:ideas_idea_changelist"),
        reverse("admin:ideas_exemption_changelist"),
        reverse("admin:ideas_idea_change", args=[idea.pk]),
        reverse("admin:ideas_exemption_change", args=[exemption.pk]),
    ]:
        assert client.get(url).status_code == expected, url


def test_ideas_are_found_by_reference_number_and_filtered_by_season(client, planner, records):
    season, idea, _ = records
    client.force_login(staff(planner))
    changelist = reverse("admin:ideas_idea_changelist")
    response = client.get(changelist, {"q": "S2-0001"})
    assert list(response.context["cl"].result_list) == [idea]
    response = client.get(changelist, {"season__id__exact": season.pk, "status": "submitted"})
    assert list(response.context["cl"].result_list) == [idea]


def test_ideas_and_exemptions_are_read_only_in_the_admin(client, planner, records):
    _, idea, exemption = records
    client.force_login(staff(planner))
    assert client.get(reverse("admin:ideas_idea_add")).status_code == 403
    assert client.get(reverse("admin:ideas_idea_delete", args=[idea.pk])).status_code == 403
    response = client.post(
        reverse("admin:ideas_idea_change", args=[idea.pk]), {"title": "바꾼 제목"}
    )
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.title == "기업유치 관리시스템"
    assert client.get(reverse("admin:ideas_exemption_add")).status_code == 403


def test_a_season_is_corrected_in_the_admin_but_its_state_is_not(client, planner, records):
    season, *_ = records
    client.force_login(staff(planner))
    url = reverse("admin:ideas_season_change", args=[season.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields
    assert client.get(reverse("admin:ideas_season_add")).status_code == 403
    assert client.get(reverse("admin:ideas_season_delete", args=[season.pk])).status_code == 403
    assert season.status == Season.Status.OPEN
