"""Blind to the proposer: in a season set so, while a review round is open, reviewers do
not see an idea's team, bureau or authors, on the pages or in the API; the planning office
and the idea's own team do, and the server still refuses conflicts of interest."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import BusinessRuleError
from core.services import history_record
from ideas import permissions
from insight import history
from reviews import services as review_services
from reviews.models import ReviewRound
from tests.departments import factories as f
from tests.reviews import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def blind_round(db):
    review_round = rf.ReviewRoundFactory()
    review_round.season.blind_to_proposer = True
    review_round.season.save()
    return review_round


@pytest.fixture
def proposed(blind_round):
    leader = f.team_leader(team=f.TeamFactory(name="비밀기획팀"), full_name="홍길동")
    return rf.submitted_idea(blind_round.season, leader=leader, title="가려진 제안")


@pytest.fixture
def a_reviewer(db):
    return rf.reviewer(full_name="심사하는사람")


def shows_proposer(html: str, idea) -> bool:
    return any(name in html for name in (idea.team_name, idea.bureau_name, "홍길동"))


def test_a_reviewer_reads_the_idea_without_its_team_bureau_or_authors(client, a_reviewer, proposed):
    client.force_login(a_reviewer)
    html = client.get(proposed.get_absolute_url()).content.decode()
    assert "가려진 제안" in html
    assert not shows_proposer(html, proposed)
    assert "제안한 팀과 작성자는 심사위원에게 보이지 않습니다" in html


def test_the_api_gives_a_reviewer_no_team_bureau_or_authors(client, a_reviewer, proposed):
    client.force_login(a_reviewer)
    detail = client.get(reverse("idea-detail", args=[proposed.pk])).json()
    assert detail["proposer_hidden"] is True
    assert (detail["team"], detail["team_name"], detail["bureau"], detail["bureau_name"]) == (
        None,
        "",
        None,
        "",
    )
    assert detail["created_by"] is None
    assert detail["submitted_by"] is None
    assert detail["co_authors"] == []
    rows = client.get(reverse("idea-list"), {"season": proposed.season_id}).json()["results"]
    row = next(r for r in rows if r["id"] == proposed.pk)
    assert row["team_name"] == ""
    assert row["proposer_hidden"] is True


def test_the_queue_and_the_evaluation_page_hide_the_proposer(
    client, a_reviewer, proposed, blind_round
):
    assignment = rf.AssignmentFactory(round=blind_round, idea=proposed, reviewer=a_reviewer)
    client.force_login(a_reviewer)
    queue = client.get(reverse("reviews:queue")).content.decode()
    assert "가려진 제안" in queue
    assert not shows_proposer(queue, proposed)
    assert "심사 중 비공개" in queue
    evaluate = client.get(reverse("reviews:evaluate", args=[assignment.pk])).content.decode()
    assert not shows_proposer(evaluate, proposed)


@pytest.mark.parametrize("who", ["planner", "team"])
def test_the_planning_office_and_the_team_see_the_proposer(client, planner, proposed, who):
    user = planner if who == "planner" else f.UserFactory(team=proposed.team)
    client.force_login(user)
    assert shows_proposer(client.get(proposed.get_absolute_url()).content.decode(), proposed)
    detail = client.get(reverse("idea-detail", args=[proposed.pk])).json()
    assert detail["team_name"] == proposed.team_name
    assert detail["proposer_hidden"] is False


def test_once_the_round_closes_the_reviewer_sees_the_proposer(
    client, a_reviewer, proposed, blind_round
):
    blind_round.status = ReviewRound.Status.CLOSED
    blind_round.save()
    client.force_login(a_reviewer)
    assert shows_proposer(client.get(proposed.get_absolute_url()).content.decode(), proposed)


def test_a_season_not_set_blind_shows_the_proposer(client, a_reviewer, proposed):
    season = proposed.season
    season.blind_to_proposer = False
    season.save()
    client.force_login(a_reviewer)
    assert shows_proposer(client.get(proposed.get_absolute_url()).content.decode(), proposed)


def test_the_server_still_refuses_a_reviewer_of_the_idea_s_bureau(planner, proposed, blind_round):
    insider = rf.reviewer(team=f.TeamFactory(division__bureau=proposed.bureau))
    with pytest.raises(BusinessRuleError):
        review_services.assignment_create(
            review_round=blind_round, idea=proposed, reviewer=insider, by=planner
        )


def test_the_planning_office_sets_it_on_the_season_form(client, planner, blind_round):
    client.force_login(planner)
    html = client.get(reverse("ideas:season_edit", args=[blind_round.season_id])).content
    assert "심사 중 제안 팀·작성자 가리기" in html.decode()


def test_hiding_the_proposer_costs_the_same_queries_for_any_number_of_rows(
    client, a_reviewer, blind_round
):
    client.force_login(a_reviewer)
    counts = []
    for add in (3, 17):  # 3 rows, then 20
        for _i in range(add):
            rf.AssignmentFactory(round=blind_round, reviewer=a_reviewer)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("reviews:queue")).content.decode()
        assert html.count("심사 중 비공개") == len(counts) * 17 + 3
        counts.append(len(queries))
    # The seasons with an open round are read once per request, not once per row.
    assert counts[0] == counts[1]


def test_the_library_lists_the_idea_without_its_team_for_a_reviewer(client, a_reviewer, proposed):
    client.force_login(a_reviewer)
    html = client.get(reverse("ideas:library"), {"season": proposed.season_id}).content.decode()
    # The row (the bureau filter lists every bureau, which says nothing about this idea).
    row = html[html.index("가려진 제안") : html.index("</tr>", html.index("가려진 제안"))]
    assert not shows_proposer(row, proposed)
    assert "심사 중 비공개" in row


# Beyond the idea's own pages: similar ideas, the history, the bureau filter and sort.


@pytest.fixture(params=["planner", "team"])
def insider(request, planner, proposed):
    """Those who always see the proposer: the planning office, the idea's own team."""
    return planner if request.param == "planner" else f.UserFactory(team=proposed.team)


# 1. Similar ideas ------------------------------------------------------------------------


def test_similar_ideas_do_not_name_the_team_to_a_reviewer(client, a_reviewer, proposed):
    client.force_login(a_reviewer)
    html = client.get(reverse("ideas:similar_ideas"), {"title": "가려진 제안"}).content.decode()
    assert proposed.reference_number in html
    assert not shows_proposer(html, proposed)
    assert "심사 중 비공개" in html
    [row] = [
        r
        for r in client.get(reverse("idea-similar"), {"title": "가려진 제안"}).json()
        if r["id"] == proposed.pk
    ]
    assert (row["team_name"], row["bureau_name"], row["proposer_hidden"]) == ("", "", True)


def test_similar_ideas_name_the_team_to_the_office_and_the_team(client, insider, proposed):
    client.force_login(insider)
    html = client.get(reverse("ideas:similar_ideas"), {"title": "가려진 제안"}).content.decode()
    assert proposed.team_name in html
    [row] = [
        r
        for r in client.get(reverse("idea-similar"), {"title": "가려진 제안"}).json()
        if r["id"] == proposed.pk
    ]
    assert (row["team_name"], row["proposer_hidden"]) == (proposed.team_name, False)


# 2. History ------------------------------------------------------------------------------


@pytest.fixture
def recorded(proposed):
    history_record(obj=proposed, action="submitted", by=proposed.created_by)
    return proposed


def test_the_history_does_not_name_the_authors_to_a_reviewer(client, a_reviewer, recorded):
    client.force_login(a_reviewer)
    steps = client.get("/api/v1/history/", {"kind": "idea", "id": recorded.pk}).json()
    assert [s["actor"] for s in steps] == ["심사 중 비공개"]
    page = client.get(reverse("insight:history", args=["idea", recorded.pk])).content.decode()
    assert "제출" in page
    assert "홍길동" not in page
    entries = client.get(reverse("idea-history", args=[recorded.pk])).json()
    assert [e["actor"] for e in entries] == [None]


def test_the_history_names_the_authors_to_the_office_and_the_team(client, insider, recorded):
    client.force_login(insider)
    steps = client.get("/api/v1/history/", {"kind": "idea", "id": recorded.pk}).json()
    assert [s["actor"] for s in steps] == ["홍길동"]
    assert "홍길동" in client.get(recorded.get_absolute_url()).content.decode()
    entries = client.get(reverse("idea-history", args=[recorded.pk])).json()
    assert entries[0]["actor"]["full_name"] == "홍길동"


def test_the_timeline_hides_actors_by_the_same_rule(a_reviewer, planner, recorded):
    assert history.actors_hidden(a_reviewer, recorded) == permissions.proposer_hidden(
        a_reviewer, recorded
    )
    assert [s.actor for s in history.timeline(recorded, planner)] == ["홍길동"]


# 3. The bureau filter and sort -----------------------------------------------------------


def test_a_reviewer_filtering_by_bureau_does_not_find_the_hidden_idea(client, a_reviewer, proposed):
    visible = rf.submitted_idea(
        rf.ReviewRoundFactory().season,  # not blind
        leader=f.team_leader(team=f.TeamFactory(division__bureau=proposed.bureau)),
    )
    client.force_login(a_reviewer)
    query = {"bureau": proposed.bureau_id}
    ids = [r["id"] for r in client.get(reverse("idea-list"), query).json()["results"]]
    assert ids == [visible.pk]
    html = client.get(reverse("ideas:library"), query).content.decode()
    assert "가려진 제안" not in html
    assert visible.title in html
    # Unfiltered, the idea is listed (without its team).
    assert proposed.pk in [r["id"] for r in client.get(reverse("idea-list")).json()["results"]]


def test_the_office_and_the_team_filter_by_bureau_as_before(client, insider, proposed):
    client.force_login(insider)
    rows = client.get(reverse("idea-list"), {"bureau": proposed.bureau_id}).json()["results"]
    assert [r["id"] for r in rows] == [proposed.pk]


def test_sorting_by_bureau_gives_a_reviewer_no_hint(client, a_reviewer, proposed):
    season = proposed.season
    first = rf.submitted_idea(
        season, leader=f.team_leader(team=f.TeamFactory(division__bureau__name="가가가국"))
    )
    last = rf.submitted_idea(
        season, leader=f.team_leader(team=f.TeamFactory(division__bureau__name="힣힣힣국"))
    )
    visible = rf.submitted_idea(
        rf.ReviewRoundFactory().season,  # not blind
        leader=f.team_leader(team=f.TeamFactory(division__bureau__name="나나나국")),
    )
    query = {"ordering": "bureau_name"}
    client.force_login(a_reviewer)
    ids = [r["id"] for r in client.get(reverse("idea-list"), query).json()["results"]]
    # The hidden ideas sort as if without a bureau: before every named one, together.
    assert set(ids[:3]) == {proposed.pk, first.pk, last.pk}
    assert ids[3] == visible.pk
    client.force_login(f.UserFactory(team=proposed.team))
    ids = [r["id"] for r in client.get(reverse("idea-list"), query).json()["results"]]
    assert (ids[0], ids[-1]) == (first.pk, last.pk)
    assert ids.index(visible.pk) < ids.index(last.pk)


# 4. The briefing sessions a reviewer reads (agenda, directive form, calendars, book) ------


@pytest.fixture
def briefed(blind_round, proposed):
    """A published briefing session of the blind season, the hidden idea on its agenda."""
    from briefings.models import AgendaItem
    from tests.briefings.factories import BriefingSessionFactory

    session = BriefingSessionFactory(season=blind_round.season, bureaus=[proposed.bureau])
    item = AgendaItem.objects.create(
        session=session,
        idea=proposed,
        order=1,
        start_time=session.start_time,
        end_time=session.end_time,
    )
    return item


def briefing_screens(client, item) -> dict[str, str]:
    session = item.session
    return {
        "agenda": client.get(reverse("briefings:session_detail", args=[session.pk])),
        "directive": client.get(reverse("briefings:directive_create", args=[session.pk, item.pk])),
        "calendar": client.get(reverse("briefings:session_ics", args=[session.pk])),
        "season calendar": client.get(reverse("briefings:season_ics", args=[session.season_id])),
    }


def test_the_briefing_screens_do_not_name_the_team_to_a_reviewer(client, a_reviewer, briefed):
    client.force_login(a_reviewer)
    for name, response in briefing_screens(client, briefed).items():
        assert response.status_code == 200, name
        text = response.content.decode()
        assert briefed.idea.reference_number in text, name
        assert briefed.idea.team_name not in text, name
        if name != "directive":  # whose select lists every division (which says nothing)
            assert briefed.idea.division_name not in text, name
    directive = client.get(
        reverse("briefings:directive_create", args=[briefed.session_id, briefed.pk])
    )
    # The responsible bureau is not filled in with the idea's own.
    assert directive.context["form"].initial.get("responsible_bureau") is None
    # The book names every team: not for the reviewer while the round is open.
    assert client.get(reverse("insight:book", args=[briefed.session_id])).status_code == 403


def test_the_briefing_screens_name_the_team_to_the_office(client, planner, briefed):
    client.force_login(planner)
    for name, response in briefing_screens(client, briefed).items():
        assert briefed.idea.team_name in response.content.decode(), name
    assert client.get(reverse("insight:book", args=[briefed.session_id])).status_code == 200


def test_the_agenda_names_the_team_to_the_team(client, briefed):
    client.force_login(f.UserFactory(team=briefed.idea.team))
    page = client.get(reverse("briefings:session_detail", args=[briefed.session_id]))
    assert briefed.idea.team_name in page.content.decode()


def test_once_the_round_closes_the_reviewer_gets_the_book(client, a_reviewer, briefed, blind_round):
    blind_round.status = ReviewRound.Status.CLOSED
    blind_round.save()
    client.force_login(a_reviewer)
    assert client.get(reverse("insight:book", args=[briefed.session_id])).status_code == 200
