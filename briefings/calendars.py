"""Published sessions as iCalendar (.ics): one session, or a whole season.

Each event's UID is the session's own ``uid`` (kept when it moves) and its SEQUENCE the
number of times it moved, so a calendar that imported it updates the event instead of
adding a second one. Times are in Asia/Seoul with the VTIMEZONE written out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from briefings.models import BriefingSession
from core.text import one_line
from ideas.models import Season
from ideas.permissions import proposer_hidden
from notifications.services import absolute_url

SEOUL = ZoneInfo("Asia/Seoul")
UID_DOMAIN = "briefings.dojeong-innovation"
PRODID = "-//도정혁신 아이디어//보고회 일정//KO"


def session_uid(session: BriefingSession) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def _event(session: BriefingSession, viewer=None) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at.astimezone(dt.UTC))
    event.add("last-modified", session.updated_at.astimezone(dt.UTC))
    event.add("dtstart", dt.datetime.combine(session.date, session.start_time, tzinfo=SEOUL))
    event.add("dtend", dt.datetime.combine(session.date, session.end_time, tzinfo=SEOUL))
    # Every value one line: a line break typed into a name must not start a new property.
    event.add("summary", one_line(session.title))
    event.add("location", one_line(session.place))
    url = absolute_url(session.get_absolute_url())
    lines = [one_line(f"{session.season.name} · 주재: {session.chair}"), ""]
    lines += [
        one_line(
            f"{item.start_time:%H:%M} {item.idea.reference_number} "
            f"{_team(item.idea, viewer)} — {item.idea.title}"
        )
        for item in session.items.all()
    ]
    lines += ["", url]
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _team(idea, viewer) -> str:
    """The idea's team, unless hidden from the viewer (blind to the proposer)."""
    if viewer is not None and proposer_hidden(viewer, idea):
        return str(_("심사 중 비공개"))
    return idea.team_name


def to_ical(sessions: Iterable[BriefingSession], *, name: str, viewer=None) -> bytes:
    """A VCALENDAR of ``sessions`` as ``viewer`` may read it (prefetch their items with the
    ideas and their seasons)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        calendar.add_component(_event(session, viewer))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_filename(session: BriefingSession) -> str:
    return f"briefing-{session.date:%Y%m%d}-{session.pk}.ics"


def season_filename(season: Season) -> str:
    return f"briefings-{season.code}.ics"


def season_calendar_path(season: Season) -> str:
    return reverse("briefings:season_ics", args=[season.pk])
