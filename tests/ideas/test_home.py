import pytest
from django.urls import reverse

from ideas import services
from ideas.models import Exemption, Idea
from tests.ideas.factories import IdeaFactory, complete_content

pytestmark = pytest.mark.django_db


def waiting_texts(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_team_leader_is_told_the_team_has_not_submitted_yet(client, leader, season):
    html = waiting_texts(client, leader)
    assert f"{season.name}: 우리 팀은 아직 1건을 제출하지 않았습니다" in html
    assert f"{reverse('ideas:idea_create')}?season={season.pk}" in html


def test_drafts_and_sent_back_ideas_are_waiting_for_the_team(
    client, leader, member, planner, season
):
    IdeaFactory(season=season, created_by=member)
    sent = services.idea_submit(
        idea=services.idea_create_draft(season=season, by=leader, **complete_content()),
        by=leader,
    )
    services.idea_send_back(idea=sent, by=planner, reason="효과를 수치로")
    html = waiting_texts(client, member)
    assert "작성 중인 아이디어" in html
    assert "보완 요청을 받은 아이디어가 있습니다" in html
    assert f"status={Idea.Status.RETURNED}" in html


def test_a_team_that_submitted_or_is_exempt_is_not_nagged(client, leader, director, season):
    exemption = services.exemption_file(season=season, by=leader, reason=Exemption.Reason.NEW_UNIT)
    assert "아직 1건을 제출하지 않았습니다" not in waiting_texts(client, leader)
    services.exemption_decide(exemption=exemption, by=director, approve=False, note="해당 없음")
    assert "아직 1건을 제출하지 않았습니다" in waiting_texts(client, leader)


def test_the_bureau_director_sees_exemptions_to_decide(client, leader, director, season):
    assert "승인을 기다리는 제출 예외 신청" not in waiting_texts(client, director)
    services.exemption_file(season=season, by=leader, reason=Exemption.Reason.NEW_UNIT)
    assert "승인을 기다리는 제출 예외 신청" in waiting_texts(client, director)


def test_the_planning_office_sees_the_open_seasons(client, planner, season):
    html = waiting_texts(client, planner)
    assert f"{season.name}: 접수 중" in html
    assert reverse("ideas:season_overview", args=[season.pk]) in html


def test_the_home_page_costs_the_same_with_many_seasons_and_ideas(
    client, leader, season, django_assert_max_num_queries
):
    for _ in range(5):
        IdeaFactory(season=season, created_by=leader)
    client.force_login(leader)
    # session, user (with units), groups, import check, the team's seasons, plus the
    # leader's permission look-ups; no query per season or idea.
    with django_assert_max_num_queries(8):
        client.get(reverse("core:home"))


def test_other_teams_ideas_neither_wait_for_my_team_nor_meet_its_quota(client, leader, season):
    other = IdeaFactory(season=season)  # another team's draft
    assert other.team_id != leader.team_id
    IdeaFactory(
        season=season,
        team=other.team,
        status=Idea.Status.SUBMITTED,
        reference_number=f"{season.code}-0900",
        sequence=900,
    )
    html = waiting_texts(client, leader)
    assert "작성 중인 아이디어" not in html
    assert f"{season.name}: 우리 팀은 아직 1건을 제출하지 않았습니다" in html
