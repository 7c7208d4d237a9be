"""Who the home page says a person is: a team leader's role is submitting their team's
ideas, never "역할 없음"; the groups' roles follow."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def roles_on_home(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("core:home")).content.decode()
    start = html.index("<dt>역할</dt>")
    return html[start : html.index("</dd>", start)]


def test_a_team_leader_is_shown_as_the_one_who_submits(client, leader):
    shown = roles_on_home(client, leader)
    assert "아이디어 제출(팀장)" in shown
    assert "없음" not in shown


def test_a_team_member_is_shown_as_writing_ideas(client, member):
    assert "아이디어 작성(팀원)" in roles_on_home(client, member)


def test_a_bureau_director_is_shown_with_the_bureau_s_overview(client, director):
    assert "실·국 현황 보기(실·국장)" in roles_on_home(client, director)


def test_a_reviewer_keeps_the_group_role(client, reviewer):
    assert "심사위원(도지사실)" in roles_on_home(client, reviewer)
