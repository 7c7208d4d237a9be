"""The dashboard pages show each panel's numbers as a chart, a table and a summary, the API
gives the same numbers, and each dashboard keeps to a pinned number of queries."""

import json
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ideas.models import Idea
from tests.departments import factories as f
from tests.reviews.factories import submitted_idea

pytestmark = pytest.mark.django_db


def chart(response, name: str) -> dict:
    html = response.content.decode()
    found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_funnel_chart_and_table_show_the_same_counts(client, world):
    client.force_login(world.planner)
    response = client.get(reverse("insight:government"), {"season": world.season.pk})
    # Rollout adds 추진 중 and 완료 after 채택 (no plan is active or done here).
    assert chart(response, "funnel-chart")["data"]["datasets"][0]["data"] == [1, 2, 1, 1, 0, 0]
    html = response.content.decode()
    for stage, n in (("drafts", 1), ("submitted", 2), ("reviewed", 1), ("adopted", 1)):
        assert re.search(
            rf'data-stage="{stage}"><th scope="row">[^<]+</th><td class="num">{n}</td>', html
        )
    assert "작성 중 1건, 제출 2건, 그중 심사 완료 1건, 채택 1건." in html


def test_the_page_and_the_api_give_the_same_participation(client, world):
    client.force_login(world.director_a)
    response = client.get(reverse("insight:bureau", args=[world.a.pk]), {"season": world.season.pk})
    datasets = chart(response, "participation-chart")["data"]["datasets"]
    assert [d["data"] for d in datasets] == [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]]
    api = APIClient()
    api.force_authenticate(world.director_a)
    body = api.get(
        "/api/v1/insight/participation/", {"season": world.season.pk, "bureau": world.a.pk}
    ).json()
    assert [r["name"] for r in body["rows"]] == ["1팀", "2팀", "3팀"]
    assert body["totals"] == {
        "teams": 3,
        "submitted": 1,
        "exempt": 1,
        "pending": 1,
        "missing": 0,
        "ideas": 2,
        "representatives": 1,
    }


def test_a_director_sees_no_unpublished_adoption_nor_open_disagreements(world):
    api = APIClient()
    api.force_authenticate(world.director_a)
    query = {"season": world.season.pk, "bureau": world.a.pk}
    funnel = api.get("/api/v1/insight/funnel/", query).json()
    assert {s["key"]: s["count"] for s in funnel["stages"]}["adopted"] == 0
    [progress] = api.get("/api/v1/insight/review-progress/", query).json()
    assert progress["disagreements"] is None
    assert progress["evaluations_submitted"] == 2


def test_the_workbook_holds_the_panels(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(world.planner)
    response = client.get(
        reverse("insight:government"), {"season": world.season.pk, "format": "xlsx"}
    )
    book = load_workbook(BytesIO(response.content))
    # Rollout registers its panel (추진 현황) from its AppConfig.
    assert book.sheetnames == ["단계별 현황", "참여 현황", "심사 진행", "추진 현황"]
    rows = list(book["단계별 현황"].iter_rows(values_only=True))
    assert ("채택", 1) in rows


@pytest.fixture
def big_season(world):
    """Thirty more teams in three bureaus with ideas each: an N+1 would show."""
    for _b in range(3):
        division = f.DivisionFactory(bureau=f.BureauFactory())
        for _t in range(10):
            leader = f.team_leader(team=f.TeamFactory(division=division))
            submitted_idea(world.season, leader=leader)
            submitted_idea(world.season, leader=leader)
    return world


@pytest.mark.parametrize("scope", ["government", "bureau", "team"])
def test_each_dashboard_keeps_to_ten_queries_with_the_rollout_panel(
    client, big_season, django_assert_max_num_queries, scope
):
    world = big_season
    client.force_login(world.planner)
    url = {
        "government": reverse("insight:government"),
        "bureau": reverse("insight:bureau", args=[world.a.pk]),
        "team": reverse("insight:team", args=[world.t1.pk]),
    }[scope]
    assert Idea.objects.count() > 60
    # session, user, groups; the seasons (picker and scope); the team or bureau of the
    # scope (bureau and team pages) or the bureau picker (government); participation;
    # funnel; the open rounds with their counts and disagreements; rollout's 추진 현황
    # panel; the header's unread notifications — 10.
    with django_assert_max_num_queries(10):
        response = client.get(url, {"season": world.season.pk})
    assert response.status_code == 200
