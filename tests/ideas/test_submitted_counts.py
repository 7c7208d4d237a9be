"""One count of submitted ideas on every screen: the season list, the planning office's
home page and the season overview agree (a returned or withdrawn idea is not submitted)."""

import re

import pytest
from django.urls import reverse

from ideas import services
from tests.departments import factories as f
from tests.ideas.factories import complete_content

pytestmark = pytest.mark.django_db


def ideas_in_every_state(season, planner):
    """3 submitted, 1 returned, 1 withdrawn and 1 draft."""
    ideas = []
    for _n in range(6):
        leader = f.team_leader(team=f.TeamFactory())
        idea = services.idea_create_draft(season=season, by=leader, **complete_content())
        ideas.append((idea, leader))
    submitted = [services.idea_submit(idea=idea, by=leader) for idea, leader in ideas[:5]]
    services.idea_send_back(idea=submitted[3], by=planner, reason="보완하세요.")
    services.idea_withdraw(idea=submitted[4], by=ideas[4][1], reason="중복")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_season_list_the_home_page_and_the_overview_count_the_same(client, season, planner):
    ideas_in_every_state(season, planner)
    client.force_login(planner)

    season_list = text_of(client.get(reverse("ideas:season_list")).content.decode())
    home = client.get(reverse("core:home")).content.decode()
    overview = client.get(reverse("ideas:season_overview", args=[season.pk]))

    assert re.search(rf"{re.escape(season.name)}.*? 3건 ", season_list)
    assert not re.search(rf"{re.escape(season.name)}.*? [56]건 ", season_list)
    waiting = re.search(r"제출 현황 보기</span>\s*<span[^>]*>(\d+)</span>", home)
    assert waiting
    assert waiting.group(1) == "3"
    assert overview.context["totals"]["submitted_count"] == 3


def test_the_season_api_counts_the_same(client, season, planner):
    ideas_in_every_state(season, planner)
    client.force_login(planner)

    listed = client.get(reverse("season-list")).json()["results"]
    one = client.get(reverse("season-detail", args=[season.pk])).json()

    assert [s["idea_count"] for s in listed if s["id"] == season.pk] == [3]
    assert one["idea_count"] == 3
