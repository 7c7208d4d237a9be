"""The briefing API: every role on sessions and schedules, the season calendar, pinned
query counts; the same services and rules as the pages."""

import datetime as dt

import icalendar
import pytest

from briefings.models import BriefingSchedule, BriefingSession
from tests.briefings.factories import BriefingSessionFactory, schedule_for, with_agenda
from tests.departments.factories import BureauFactory
from tests.ideas.factories import SeasonFactory
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v1/briefing-sessions/"
SCHEDULES = "/api/v1/briefing-schedules/"


@pytest.fixture
def published(season):
    session = BriefingSessionFactory(season=season)
    with_agenda(session, ideas=2)
    return session


@pytest.fixture
def draft(season):
    return BriefingSessionFactory(season=season, date=dt.date(2025, 9, 23), published_at=None)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_published_sessions_with_their_agendas(
    client, roles, role, published, draft
):
    client.force_login(roles[role])
    body = client.get(SESSIONS, {"season": published.season_id}).json()

    expected = {published.pk, draft.pk} if role in MANAGERS else {published.pk}
    assert {row["id"] for row in body["results"]} == expected
    row = next(r for r in body["results"] if r["id"] == published.pk)
    assert [item["order"] for item in row["agenda"]] == [1, 2]
    assert row["agenda"][0]["idea"]["reference_number"]
    assert row["agenda"][0]["start_time"] == "10:00"
    assert row["calendar_uid"] == f"{published.uid}@briefings.dojeong-innovation"
    assert client.get(f"{SESSIONS}{draft.pk}/").status_code == (200 if role in MANAGERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_creates_moves_and_swaps(client, roles, role, published, season):
    client.force_login(roles[role])
    manager = role in MANAGERS

    created = client.post(
        SESSIONS,
        {
            "season": season.pk,
            "bureaus": [BureauFactory().pk],
            "date": "2025-09-24",
            "start_time": "10:00",
            "end_time": "11:00",
        },
        content_type="application/json",
    )
    assert created.status_code == (201 if manager else 403)

    moved = client.post(
        f"{SESSIONS}{published.pk}/move/",
        {"date": "2025-09-25", "start_time": "14:00"},
        content_type="application/json",
    )
    assert moved.status_code == (200 if manager else 403)
    if manager:
        assert (moved.json()["date"], moved.json()["start_time"]) == ("2025-09-25", "14:00")
        assert moved.json()["sequence"] == 1
        other = BriefingSession.objects.exclude(pk=published.pk).get()
        swapped = client.post(
            f"{SESSIONS}{published.pk}/swap/", {"other": other.pk}, content_type="application/json"
        )
        assert swapped.status_code == 200
        assert swapped.json()["date"] == "2025-09-24"


def test_a_refused_move_answers_400_with_the_message_at_its_field(client, planner, published):
    client.force_login(planner)
    response = client.post(
        f"{SESSIONS}{published.pk}/move/",
        {"date": "2025-10-09", "start_time": "10:00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["date"] == ["2025-10-09 (목요일)은 한글날이라 보고회를 열 수 없습니다."]


def test_the_planning_office_asks_for_a_schedule_and_reads_how_it_went(
    client, planner, season, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    bureaus_with_ideas([7, 7, 7])
    client.force_login(planner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SCHEDULES,
            {
                "season": season.pk,
                "starts_on": future_monday.isoformat(),
                "ends_on": (future_monday + dt.timedelta(days=20)).isoformat(),
                "sessions_per_day": 1,
                "time_slots": [["10:00", "12:00"]],
            },
            content_type="application/json",
        )
    assert response.status_code == 202
    assert response.json()["status"] == "generating"

    schedule = client.get(f"{SCHEDULES}{season.pk}/").json()
    assert schedule["status"] == "proposed"
    assert len(schedule["sessions"]) == 3
    published = client.post(f"{SCHEDULES}{season.pk}/publish/").json()
    assert published["status"] == "published"
    assert all(s["published_at"] for s in published["sessions"])

    calendar = client.get(f"{SCHEDULES}{season.pk}/calendar/")
    assert calendar["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
    assert len(events) == 3


def test_a_range_too_short_comes_back_as_a_refused_schedule(
    client, planner, season, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    bureaus_with_ideas([7, 7, 7])
    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            SCHEDULES,
            {
                "season": season.pk,
                "starts_on": future_monday.isoformat(),
                "ends_on": future_monday.isoformat(),
                "sessions_per_day": 1,
                "time_slots": [["10:00", "12:00"]],
            },
            content_type="application/json",
        )
    schedule = client.get(f"{SCHEDULES}{season.pk}/").json()
    assert schedule["status"] == "refused"
    assert "기간이 짧아 2개 실·국(14건)의 보고회를 넣지 못했습니다" in schedule["refusal"]


def test_bad_parameters_answer_400_at_their_field(client, planner, season, future_monday):
    client.force_login(planner)
    response = client.post(
        SCHEDULES,
        {
            "season": season.pk,
            "starts_on": future_monday.isoformat(),
            "ends_on": future_monday.isoformat(),
            "sessions_per_day": 3,
            "time_slots": [["10:00", "12:00"]],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "sessions_per_day" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_schedules_in_preparation_are_the_planning_offices(client, roles, role, season, planner):
    schedule_for(season, planner, status=BriefingSchedule.Status.PROPOSED)
    client.force_login(roles[role])
    manager = role in MANAGERS

    assert client.get(SCHEDULES).json()["count"] == (1 if manager else 0)
    assert client.get(f"{SCHEDULES}{season.pk}/").status_code == (200 if manager else 404)
    asked = client.post(SCHEDULES, {"season": season.pk}, content_type="application/json")
    assert asked.status_code == (400 if manager else 403)  # 400: the dates are missing


def test_the_session_list_query_count_does_not_grow(
    client, member, season, django_assert_max_num_queries
):
    for n in range(30):
        session = BriefingSessionFactory(
            season=season, date=dt.date(2025, 9, 1) + dt.timedelta(days=n)
        )
        with_agenda(session, ideas=2)
    client.force_login(member)
    # 1 session, 2 the user, 3 groups, 4 the count, 5 the sessions with season and agenda
    # counts, 6 their bureaus, 7 their agenda items with the ideas.
    with django_assert_max_num_queries(7):
        body = client.get(SESSIONS).json()
    assert body["count"] == 30
    assert sum(len(row["agenda"]) for row in body["results"]) == 60


def test_the_schedule_list_query_count_does_not_grow(
    client, planner, django_assert_max_num_queries
):
    for n in range(12):
        season = SeasonFactory(status="briefing")
        schedule_for(season, planner, status=BriefingSchedule.Status.PUBLISHED)
        BriefingSessionFactory(season=season, date=dt.date(2025, 9, 1) + dt.timedelta(days=n))
    client.force_login(planner)
    # 1 session, 2 the user, 3 groups, 4 the count, 5 the schedules with seasons,
    # 6 their sessions.
    with django_assert_max_num_queries(6):
        body = client.get(SCHEDULES).json()
    assert body["count"] == 12
    assert all(len(row["sessions"]) == 1 for row in body["results"])


def test_the_schedule_list_ignores_a_search_it_does_not_offer(client, planner, season):
    # Found by schemathesis: DRF's SearchFilter checked a ``search`` with a NUL in it and
    # answered a bare JSON list, on a list that searches nothing.
    schedule_for(season, planner, status=BriefingSchedule.Status.PUBLISHED)
    client.force_login(planner)
    response = client.get(SCHEDULES, {"search": "보고\x00회", "ordering": "\x7f"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
