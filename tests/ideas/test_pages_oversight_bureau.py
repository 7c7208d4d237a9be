"""The bureau page (quota badges, exemptions, representatives) and the season overview."""

import pytest
from django.urls import reverse

from ideas import services
from ideas.models import Exemption, Season
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory
from tests.ideas.test_pages_oversight import pending_exemption, submitted_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau_teams():
    """기업유치지원실 with one division of four teams: done, exempt, pending, missing."""
    bureau = f.BureauFactory(name="기업유치지원실")
    division = f.DivisionFactory(bureau=bureau, name="투자금융과")
    teams = [f.TeamFactory(division=division, name=f"{n}팀") for n in "가나다라"]
    return bureau, teams


@pytest.fixture
def quota_season(bureau_teams):
    bureau, (done, exempt, pending, missing) = bureau_teams
    season = SeasonFactory(min_ideas_per_team=1)
    submitted_idea(season, f.team_leader(team=done))
    services.exemption_decide(
        exemption=pending_exemption(season, exempt), by=f.bureau_director(bureau), approve=True
    )
    pending_exemption(season, pending)
    IdeaFactory(season=season, created_by=f.team_leader(team=missing))  # a draft only
    return season


def bureau_url(bureau, season):
    return reverse("ideas:bureau_overview", args=[bureau.pk]) + f"?season={season.pk}"


def test_each_team_gets_its_quota_badge_and_the_counts_add_up(client, bureau_teams, quota_season):
    bureau, _ = bureau_teams
    client.force_login(f.bureau_director(bureau))
    response = client.get(reverse("ideas:bureau_overview"), {"season": quota_season.pk})
    badges = {team.name: team.quota_status for team in response.context["teams"]}
    assert badges == {
        "가팀": "submitted",
        "나팀": "exempt",
        "다팀": "pending_exemption",
        "라팀": "missing",
    }
    assert dict(response.context["quota_counts"]) == {
        "submitted": 1,
        "exempt": 1,
        "pending_exemption": 1,
        "missing": 1,
    }
    html = response.content.decode()
    for label in ["제출 완료", "제출 예외", "예외 승인 대기", "미제출"]:
        assert label in html


def test_the_director_sees_pending_exemptions_with_approve_and_reject(
    client, bureau_teams, quota_season
):
    bureau, _ = bureau_teams
    client.force_login(f.bureau_director(bureau))
    response = client.get(bureau_url(bureau, quota_season))
    (exemption,) = response.context["exemptions"]
    assert exemption.team_name == "다팀"
    html = response.content.decode()
    assert reverse("ideas:exemption_decide", args=[exemption.pk]) in html
    assert 'value="reject"' in html


def test_the_planning_office_sees_exemptions_but_no_decide_buttons(
    client, planner, bureau_teams, quota_season
):
    bureau, _ = bureau_teams
    client.force_login(planner)
    html = client.get(bureau_url(bureau, quota_season)).content.decode()
    assert "다팀" in html
    assert "exemptions/" not in html
    assert "실·국장이 결정합니다." in html


def test_a_director_approves_an_exemption_and_goes_back_to_the_page(
    client, bureau_teams, quota_season
):
    bureau, teams = bureau_teams
    exemption = Exemption.objects.get(team=teams[2])
    client.force_login(f.bureau_director(bureau))
    back = bureau_url(bureau, quota_season)
    response = client.post(
        reverse("ideas:exemption_decide", args=[exemption.pk]),
        {"decision": "approve", "next": back},
    )
    assert response["Location"] == back
    exemption.refresh_from_db()
    assert exemption.status == Exemption.Status.APPROVED
    page = client.get(back)
    assert "다팀의 제출 예외를 승인했습니다." in page.content.decode()
    assert {t.name: t.quota_status for t in page.context["teams"]}["다팀"] == "exempt"


def test_rejecting_an_exemption_needs_a_reason(client, bureau_teams, quota_season):
    bureau, teams = bureau_teams
    exemption = Exemption.objects.get(team=teams[2])
    client.force_login(f.bureau_director(bureau))
    url = reverse("ideas:exemption_decide", args=[exemption.pk])
    response = client.post(url, {"decision": "reject", "note": "  "}, follow=True)
    assert "반려 사유를 입력하세요." in response.content.decode()
    exemption.refresh_from_db()
    assert exemption.status == Exemption.Status.PENDING
    client.post(url, {"decision": "reject", "note": "법정 사무가 아닙니다."})
    exemption.refresh_from_db()
    assert exemption.status == Exemption.Status.REJECTED
    assert exemption.decision_note == "법정 사무가 아닙니다."


def test_a_decision_without_approve_or_reject_changes_nothing(client, bureau_teams, quota_season):
    bureau, teams = bureau_teams
    exemption = Exemption.objects.get(team=teams[2])
    client.force_login(f.bureau_director(bureau))
    response = client.post(
        reverse("ideas:exemption_decide", args=[exemption.pk]), {"decision": ""}, follow=True
    )
    assert "승인 또는 반려를 고르세요." in response.content.decode()
    exemption.refresh_from_db()
    assert exemption.status == Exemption.Status.PENDING


BUTTON = '<button type="submit" class="krds-btn secondary small">대표 과제로 지정'


def test_representatives_are_offered_by_division_and_a_new_pick_replaces_the_old(
    client, bureau_teams
):
    bureau, teams = bureau_teams
    season = SeasonFactory(representative_per_division=True)
    first = submitted_idea(season, f.team_leader(team=teams[0]), title="전시실 운영 개선")
    second = submitted_idea(season, f.team_leader(team=teams[1]), title="기술심의 대상 축소")
    director = f.bureau_director(bureau)
    client.force_login(director)
    page = bureau_url(bureau, season)
    html = client.get(page).content.decode()
    assert "투자금융과" in html
    assert html.count(BUTTON) == 2

    client.post(reverse("ideas:idea_mark_representative", args=[first.pk]), {"next": page})
    client.post(reverse("ideas:idea_mark_representative", args=[second.pk]), {"next": page})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_representative, second.is_representative) == (False, True)
    response = client.get(page)
    html = response.content.decode()
    assert html.count(BUTTON) == 1  # the button of the one that is not
    assert "기술심의 대상 축소" in html


def test_without_representatives_the_section_is_not_shown(client, bureau_teams, quota_season):
    bureau, _ = bureau_teams
    client.force_login(f.bureau_director(bureau))
    response = client.get(bureau_url(bureau, quota_season))
    assert response.context["representatives"] is None
    assert "과별 대표 과제" not in response.content.decode()


def test_the_bureau_page_defaults_to_the_latest_season_that_is_not_a_draft(client, director):
    older = SeasonFactory(name="지난 시즌", status=Season.Status.CLOSED)
    SeasonFactory(
        name="준비 중",
        status=Season.Status.DRAFT,
        submission_opens_at=older.submission_opens_at.replace(year=2100),
        submission_closes_at=older.submission_closes_at.replace(year=2100),
    )
    client.force_login(director)
    response = client.get(reverse("ideas:bureau_overview"))
    assert response.context["season"] == older


def test_the_planning_office_picks_a_bureau_with_a_plain_form(client, planner, bureau_teams):
    bureau, _ = bureau_teams
    season = SeasonFactory()
    client.force_login(planner)
    response = client.get(
        reverse("ideas:bureau_overview", args=[planner.bureau_id]),
        {"season": season.pk, "bureau": bureau.pk},
    )
    assert response["Location"] == bureau_url(bureau, season)


def test_the_season_overview_counts_by_bureau_and_names_the_missing_teams(
    client, planner, bureau_teams, quota_season
):
    bureau, _ = bureau_teams
    client.force_login(planner)
    response = client.get(reverse("ideas:season_overview", args=[quota_season.pk]))
    row = next(b for b in response.context["bureaus"] if b.pk == bureau.pk)
    assert (row.draft_count, row.submitted_count) == (1, 1)
    assert row.quota == [1, 1, 1, 1]
    totals = response.context["totals"]
    assert totals["submitted_count"] == 1
    assert totals["missing"] >= 1
    missing = {t.name: t.quota_status for t in response.context["missing_teams"]}
    assert missing["다팀"] == "pending_exemption"
    assert missing["라팀"] == "missing"
    assert "가팀" not in missing
    html = response.content.decode()
    assert f'href="{reverse("ideas:bureau_overview", args=[bureau.pk])}?season=' in html
    assert "합계" in html


def make_bureau_with_ideas(season, teams: int, ideas_per_team: int):
    """Two teams per division: one with ideas, one waiting for an exemption."""
    bureau = f.BureauFactory()
    for _ in range(teams // 2):
        division = f.DivisionFactory(bureau=bureau)
        for _ in range(2):
            leader = f.team_leader(team=f.TeamFactory(division=division))
            for _ in range(ideas_per_team):
                submitted_idea(season, leader)
        pending_exemption(season, f.TeamFactory(division=division))
    return bureau


@pytest.mark.parametrize("teams", [4, 8])
def test_the_bureau_page_query_count_does_not_grow_with_teams_and_ideas(
    client, django_assert_max_num_queries, teams
):
    season = SeasonFactory(representative_per_division=True)
    bureau = make_bureau_with_ideas(season, teams=teams, ideas_per_team=5)
    client.force_login(f.bureau_director(bureau))
    # 1 session, 2 user, 3 the bureau, 4 the user's groups and 5 the person in the header,
    # 6 seasons, 7 teams with quota status, 8 pending exemptions (season, team, filer and
    # bureau joined), 9 submitted tasks (season, bureau, division joined). The same for
    # 4 teams and 20 ideas as for 8 teams and 40 ideas (and 2 or 4 exemptions).
    with django_assert_max_num_queries(9):
        response = client.get(bureau_url(bureau, season))
    assert len(response.context["teams"]) == teams + teams // 2


@pytest.mark.parametrize("bureaus", [2, 4])
def test_the_season_overview_query_count_does_not_grow_with_bureaus(
    client, planner, django_assert_max_num_queries, bureaus
):
    season = SeasonFactory()
    for _ in range(bureaus):
        make_bureau_with_ideas(season, teams=4, ideas_per_team=5)
    client.force_login(planner)
    # 1 session, 2 user, 3 the season, 4 the user's groups and 5 the person in the header,
    # 6 bureaus with idea counts by state, 7 quota counts by bureau, 8 the teams still
    # missing (division and bureau joined).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("ideas:season_overview", args=[season.pk]))
    assert response.context["totals"]["submitted_count"] == bureaus * 20
