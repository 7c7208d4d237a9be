"""Seasons, exemptions and each team's quota status through the API: who sees what, the
planning office's and directors' decisions, and pinned query counts."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ideas import services
from ideas.models import Exemption, Idea, Season
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory

pytestmark = pytest.mark.django_db


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Seasons ---------------------------------------------------------------------------


def test_seasons_in_preparation_are_listed_only_for_the_planning_office(member, planner):
    open_season = SeasonFactory()
    draft = SeasonFactory(status=Season.Status.DRAFT)
    staff_sees = {s["id"] for s in results(as_user(member).get(reverse("season-list")))}
    planner_sees = {s["id"] for s in results(as_user(planner).get(reverse("season-list")))}
    assert staff_sees == {open_season.pk}
    assert planner_sees == {open_season.pk, draft.pk}


def test_the_planning_office_creates_opens_and_edits_a_season(planner):
    client = as_user(planner)
    created = client.post(
        reverse("season-list"),
        {
            "name": "업무혁신 시즌1",
            "code": "W1",
            "kind": "work_reduction",
            "submission_opens_at": "2030-03-01T09:00:00+09:00",
            "submission_closes_at": "2030-03-31T18:00:00+09:00",
            "representative_per_division": True,
            "status": "closed",  # ignored: states change through transition only
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    season = created.json()
    assert season["status"] == "draft"
    assert season["kind_label"] == "업무 혁신(일은 빼고 혁신은 곱빼기) 과제"
    assert season["idea_count"] == 0

    opened = client.post(
        reverse("season-transition", args=[season["id"]]), {"to": "open"}, format="json"
    )
    assert opened.status_code == 200
    assert opened.json()["status"] == "open"
    edited = client.patch(
        reverse("season-detail", args=[season["id"]]), {"description": "안내문"}, format="json"
    )
    assert edited.json()["description"] == "안내문"


def test_season_rules_come_back_at_their_fields(planner):
    SeasonFactory(code="S2")
    response = as_user(planner).post(
        reverse("season-list"),
        {
            "name": "시즌",
            "code": "S2",
            "kind": "benchmarking",
            "submission_opens_at": "2030-03-31T09:00:00+09:00",
            "submission_closes_at": "2030-03-01T18:00:00+09:00",
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == ["이미 다른 시즌이 쓰는 접수번호 머리글입니다."]
    assert body["submission_closes_at"] == ["접수 마감은 접수 시작보다 뒤여야 합니다."]


def test_a_season_cannot_skip_a_state(planner):
    season = SeasonFactory(status=Season.Status.DRAFT)
    response = as_user(planner).post(
        reverse("season-transition", args=[season.pk]), {"to": "closed"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "준비 상태에서 종료 상태로 바꿀 수 없습니다."


# Exemptions ------------------------------------------------------------------------


def test_a_leader_files_and_the_director_approves_an_exemption(season, leader, director):
    filed = as_user(leader).post(
        reverse("exemption-list"),
        {"season": season.pk, "reason": "statutory_duties", "reason_text": "법정 사무"},
        format="json",
    )
    assert filed.status_code == 201, filed.content
    assert filed.json()["status"] == "pending"
    assert filed.json()["team"] == leader.team_id

    decided = as_user(director).post(
        reverse("exemption-decide", args=[filed.json()["id"]]),
        {"approve": True, "note": "인정"},
        format="json",
    )
    assert decided.status_code == 200
    body = decided.json()
    assert body["status"] == "approved"
    assert body["status_label"] == "승인"
    assert body["decided_by"]["id"] == director.pk
    assert body["decision_note"] == "인정"


def test_rejecting_needs_a_note_given_at_the_note_field(season, leader, director):
    exemption = services.exemption_file(season=season, by=leader, reason="new_unit")
    response = as_user(director).post(
        reverse("exemption-decide", args=[exemption.pk]), {"approve": False}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"note": ["반려 사유를 입력하세요."]}


def test_an_other_reason_needs_its_text_and_a_second_request_is_refused(season, leader):
    client = as_user(leader)
    missing = client.post(
        reverse("exemption-list"), {"season": season.pk, "reason": "other"}, format="json"
    )
    assert missing.status_code == 400
    assert missing.json() == {"reason_text": ["기타 사유를 고른 경우 설명을 입력하세요."]}
    data = {"season": season.pk, "reason": "new_unit"}
    assert client.post(reverse("exemption-list"), data, format="json").status_code == 201
    again = client.post(reverse("exemption-list"), data, format="json")
    assert again.status_code == 400
    assert "이미 신청한 제출 예외가 있습니다" in again.json()["detail"]


def test_each_role_sees_its_own_share_of_the_exemptions(season, roles):
    team = roles["team_leader"].team
    sibling = f.TeamFactory(division=team.division)
    elsewhere = f.TeamFactory()
    ids = {}
    for name, leader in [
        ("own", roles["team_leader"]),
        ("sibling", f.team_leader(team=sibling)),
        ("elsewhere", f.team_leader(team=elsewhere)),
    ]:
        ids[name] = services.exemption_file(season=season, by=leader, reason="new_unit").pk
    expected = {
        "team_member": {"own"},
        "team_leader": {"own"},
        "division_head": set(),
        "bureau_director": {"own", "sibling"},
        "reviewer": set(),
        "planning_office": {"own", "sibling", "elsewhere"},
        "system_admin": {"own", "sibling", "elsewhere"},
    }
    for role, names in expected.items():
        seen = {row["id"] for row in results(as_user(roles[role]).get(reverse("exemption-list")))}
        assert seen == {ids[n] for n in names}, role


@pytest.mark.parametrize("n", [3, 30])
def test_the_exemption_list_query_count_does_not_grow_with_rows(
    planner, director, django_assert_max_num_queries, n
):
    bureau = director.bureau
    for i in range(n):
        season = SeasonFactory()
        leader = f.team_leader(team=f.TeamFactory(division=f.DivisionFactory(bureau=bureau)))
        exemption = services.exemption_file(season=season, by=leader, reason="new_unit")
        if i % 2:
            services.exemption_decide(exemption=exemption, by=director, approve=True)
    for user in (planner, director):
        client = as_user(user)
        # 1. the token and its user; 2. the caller's groups (is it the planning office?);
        # 3. a director's bureau (for the rule "director of this bureau"); 4. COUNT(*) for
        # the paginator; 5. the page, with season, bureau, filer and decider joined.
        with django_assert_max_num_queries(5 if user == director else 4):
            body = client.get(reverse("exemption-list"), {"page_size": 200}).json()
        assert body["count"] == n


# Quota status ----------------------------------------------------------------------


@pytest.fixture
def quota_world(season, roles):
    """The role holders' team submitted; a sibling team filed an exemption; a team of
    another bureau did nothing."""
    leader = roles["team_leader"]
    sibling = f.TeamFactory(division=leader.team.division)
    elsewhere = f.TeamFactory()
    IdeaFactory(
        season=season,
        created_by=leader,
        status=Idea.Status.SUBMITTED,
        reference_number=f"{season.code}-0001",
    )
    services.exemption_file(season=season, by=f.team_leader(team=sibling), reason="new_unit")
    return {"own": leader.team, "sibling": sibling, "elsewhere": elsewhere}


def test_each_role_sees_the_quota_of_the_teams_it_oversees(season, roles, quota_world):
    status = {"own": "submitted", "sibling": "pending_exemption", "elsewhere": "missing"}
    expected = {
        "team_member": {"own"},
        "team_leader": {"own"},
        "division_head": set(),
        "bureau_director": {"own", "sibling"},
        "reviewer": {None},  # the reviewer's own team (made by the factory)
        "planning_office": {"own", "sibling", "elsewhere", None},
        "system_admin": {"own", "sibling", "elsewhere", None},
    }
    names = {team.pk: name for name, team in quota_world.items()}
    for role, wanted in expected.items():
        rows = results(as_user(roles[role]).get(reverse("season-quota", args=[season.pk])))
        seen = {names.get(row["team"]) for row in rows}
        if role in ("planning_office", "system_admin"):
            # Their own teams and the reviewer's are in the list too: every active team.
            assert {"own", "sibling", "elsewhere"} <= seen, role
            continue
        assert seen == wanted, role
        for row in rows:
            if row["team"] in names:
                assert row["quota_status"] == status[names[row["team"]]]


def test_the_quota_row_says_why(season, planner, quota_world):
    rows = results(as_user(planner).get(reverse("season-quota", args=[season.pk])))
    sibling = next(r for r in rows if r["team"] == quota_world["sibling"].pk)
    assert sibling["quota_status"] == "pending_exemption"
    assert sibling["quota_status_label"] == "예외 승인 대기"
    assert sibling["exemption_status"] == "pending"
    assert sibling["submitted_count"] == 0
    assert sibling["bureau_name"] == quota_world["sibling"].division.bureau.name


@pytest.mark.parametrize("n", [3, 30])
def test_the_quota_query_count_does_not_grow_with_teams(
    season, planner, django_assert_max_num_queries, n
):
    for i in range(n):
        leader = f.team_leader()
        if i % 3 == 0:
            IdeaFactory(
                season=season,
                created_by=leader,
                status=Idea.Status.SUBMITTED,
                reference_number=f"{season.code}-{i:04d}",
            )
        elif i % 3 == 1:
            services.exemption_file(season=season, by=leader, reason=Exemption.Reason.NEW_UNIT)
    client = as_user(planner)
    # 1. the token and its user; 2. the caller's groups (does it manage seasons? asked
    # when scoping the seasons and again by the rule, cached on the user); 3. the season
    # with its idea count; 4. COUNT(*) for the paginator; 5. the page: teams with division
    # and bureau joined, submitted counts and exemption state as subqueries.
    with django_assert_max_num_queries(5):
        body = client.get(reverse("season-quota", args=[season.pk]), {"page_size": 200}).json()
    assert body["count"] >= n


def test_a_season_date_outside_this_century_is_refused_as_a_typo(planner):
    season = SeasonFactory()
    response = as_user(planner).patch(
        reverse("season-detail", args=[season.pk]),
        {"submission_opens_at": "0820-10-08T11:30:09Z"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "submission_opens_at": ["2000년부터 2099년 사이의 일시를 입력하세요."]
    }
