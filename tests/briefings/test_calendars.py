"""iCalendar files: they parse, carry Seoul times, and a moved session keeps its UID."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from briefings import services
from briefings.calendars import session_uid
from tests.briefings.factories import BriefingSessionFactory, with_agenda

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def session(season):
    session = BriefingSessionFactory(season=season, title="기업유치지원실 보고회")
    with_agenda(session, ideas=2)
    return session


def test_a_sessions_calendar_parses_with_its_time_in_seoul_and_its_agenda(client, member, session):
    client.force_login(member)
    response = client.get(reverse("briefings:session_ics", args=[session.pk]))

    (event,) = events(response)
    assert (
        str(event["uid"]) == session_uid(session) == f"{session.uid}@briefings.dojeong-innovation"
    )
    assert str(event["summary"]) == "기업유치지원실 보고회"
    assert str(event["location"]) == "도청 종합상황실"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2025, 9, 22, 10, tzinfo=SEOUL)
    assert end == dt.datetime(2025, 9, 22, 12, tzinfo=SEOUL)
    assert start.tzinfo.key == "Asia/Seoul"
    assert event["dtstart"].params["TZID"] == "Asia/Seoul"
    assert int(event["sequence"]) == 0
    first_idea = session.items.order_by("order").first().idea
    assert f"10:00 {first_idea.reference_number}" in str(event["description"])
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]


def test_a_moved_session_keeps_its_uid_and_raises_its_sequence(client, member, planner, session):
    client.force_login(member)
    url = reverse("briefings:session_ics", args=[session.pk])
    (before,) = events(client.get(url))

    services.session_move(
        session=session, by=planner, date=dt.date(2025, 9, 24), start_time=dt.time(14)
    )

    (after,) = events(client.get(url))
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after.decoded("dtstart") == dt.datetime(2025, 9, 24, 14, tzinfo=SEOUL)
    season_events = events(client.get(reverse("briefings:season_ics", args=[session.season_id])))
    assert [str(e["uid"]) for e in season_events] == [str(before["uid"])]


def test_the_season_calendar_holds_every_published_session_and_no_draft(
    client, member, season, session
):
    later = BriefingSessionFactory(season=season, date=dt.date(2025, 9, 23))
    draft = BriefingSessionFactory(season=season, date=dt.date(2025, 9, 24), published_at=None)
    BriefingSessionFactory(date=dt.date(2025, 9, 25))  # another season's
    client.force_login(member)

    found = events(client.get(reverse("briefings:season_ics", args=[season.pk])))

    assert [str(e["uid"]) for e in found] == [session_uid(session), session_uid(later)]
    assert client.get(reverse("briefings:session_ics", args=[draft.pk])).status_code == 404


def test_the_api_serves_the_same_calendars(client, member, session):
    client.force_login(member)
    (event,) = events(client.get(f"/api/v1/briefing-sessions/{session.pk}/calendar/"))
    assert str(event["uid"]) == session_uid(session)
