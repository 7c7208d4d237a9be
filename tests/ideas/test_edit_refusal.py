"""Opening the editor of an idea that cannot be edited says why: a submitted idea was
submitted (when), not "no permission"; on the pages, the autosave and the API alike."""

import pytest
from django.urls import reverse

from ideas import services
from tests.departments import factories as f
from tests.ideas.factories import complete_content

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def submitted(season, leader):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    return services.idea_submit(idea=idea, by=leader)


@pytest.mark.parametrize("who", ["leader", "member"])
def test_the_team_opening_the_editor_of_a_submitted_idea_is_told_it_was_submitted(
    client, submitted, request, who
):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("ideas:idea_edit", args=[submitted.pk]), follow=True)

    assert response.redirect_chain[-1][0] == submitted.get_absolute_url()
    html = response.content.decode()
    assert "제출한 아이디어입니다. 제출한 아이디어는 고칠 수 없습니다." in html
    assert "권한이 없습니다" not in html


def test_the_autosave_of_a_submitted_idea_says_it_was_submitted(client, submitted, leader):
    client.force_login(leader)
    response = client.post(
        reverse("ideas:idea_autosave", args=[submitted.pk]),
        {"title": "고친 제목", "version": submitted.version},
        **HTMX,
    )
    html = response.content.decode()
    assert "제출한 아이디어" in html
    assert "권한이 없습니다" not in html


def test_the_api_refuses_saving_a_submitted_idea_saying_it_was_submitted(client, submitted, leader):
    client.force_login(leader)
    response = client.patch(
        reverse("idea-detail", args=[submitted.pk]),
        {"title": "고친 제목", "version": submitted.version},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "제출한 아이디어" in response.content.decode()


def test_another_team_is_told_it_is_another_team_s_idea(client, submitted):
    client.force_login(f.UserFactory())
    response = client.get(reverse("ideas:idea_edit", args=[submitted.pk]))
    assert response.status_code == 403
    assert "다른 팀의 아이디어는 고칠 수 없습니다." in response.content.decode()


def test_a_withdrawn_idea_says_it_was_withdrawn(client, submitted, leader):
    services.idea_withdraw(idea=submitted, by=leader, reason="중복")
    client.force_login(leader)
    response = client.get(reverse("ideas:idea_edit", args=[submitted.pk]), follow=True)
    assert "철회한 아이디어는 고칠 수 없습니다." in response.content.decode()
