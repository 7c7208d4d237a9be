"""Briefing reminders: D-7 and D-1 before a published session, to the presenting teams
(their leaders, the ideas' authors and co-authors) and the bureau directors.

Registered with ``notifications.reminders`` for ``Notification.Kind.BRIEFING_UPCOMING``;
the reminder's key names the session and the due date, so a session moved after its D-7
reminder gets reminders for its new date, and no session is ever reminded twice a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from briefings.models import AgendaItem, BriefingSession
from core.workdays import WorkCalendar
from departments.models import Position, User
from notifications.events import idea_people
from notifications.models import Notification
from notifications.reminders import Reminder, latest_due, local_date_label, register

# A D-7 reminder moved back over a long holiday (추석) still falls within this.
LOOK_AHEAD = dt.timedelta(days=21)


def session_people(sessions: Iterable[BriefingSession]) -> dict[int, list[int]]:
    """Who hears about each session: presenters and the directors of its bureaus
    (four queries for any number of sessions)."""
    sessions = list(sessions)
    items = list(
        AgendaItem.objects.filter(session__in=sessions)
        .select_related("idea")
        .only("session_id", "idea__team_id", "idea__created_by_id", "idea__id")
    )
    people = idea_people({item.idea_id: item.idea for item in items}.values())
    bureaus = BriefingSession.bureaus.through.objects.filter(
        briefingsession__in=sessions
    ).values_list("briefingsession_id", "bureau_id")
    bureaus_of: dict[int, set[int]] = {}
    for session_id, bureau_id in bureaus:
        bureaus_of.setdefault(session_id, set()).add(bureau_id)
    directors: dict[int, list[int]] = {}
    for bureau_id, pk in User.objects.filter(
        position=Position.BUREAU_DIRECTOR,
        is_active=True,
        bureau_id__in={b for ids in bureaus_of.values() for b in ids},
    ).values_list("bureau_id", "pk"):
        directors.setdefault(bureau_id, []).append(pk)
    result: dict[int, list[int]] = {s.pk: [] for s in sessions}
    for item in items:
        result[item.session_id] += people.get(item.idea_id, [])
    for session_id, ids in bureaus_of.items():
        for bureau_id in sorted(ids):
            result[session_id] += directors.get(bureau_id, [])
    return {pk: list(dict.fromkeys(ids)) for pk, ids in result.items()}


def briefing_upcoming(today: dt.date) -> Iterable[Reminder]:
    sessions = list(
        BriefingSession.objects.published()
        .filter(date__gt=today, date__lte=today + LOOK_AHEAD)
        .select_related("season")
        .in_order()
    )
    if not sessions:
        return
    calendar = WorkCalendar(today - LOOK_AHEAD, today + LOOK_AHEAD)
    due = {
        s.pk: latest_due(
            today, [s.date - dt.timedelta(days=7), s.date - dt.timedelta(days=1)], calendar
        )
        for s in sessions
    }
    sessions = [s for s in sessions if due[s.pk] is not None]
    people = session_people(sessions)
    for session in sessions:
        days_left = (session.date - today).days
        yield Reminder(
            kind=Notification.Kind.BRIEFING_UPCOMING,
            subject=session,
            due_date=due[session.pk],
            recipients=people[session.pk],
            title=_("[보고회 D-%(days)d] %(title)s") % {"days": days_left, "title": session.title},
            body=_(
                "%(day)s %(start)s–%(end)s, %(place)s에서 %(chair)s 주재로 보고회가 열립니다. "
                "보고 순서와 시간은 안건에서 확인하고, 캘린더(.ics)로 받아 두세요."
            )
            % {
                "day": local_date_label(session.date),
                "start": f"{session.start_time:%H:%M}",
                "end": f"{session.end_time:%H:%M}",
                "place": session.place,
                "chair": session.chair,
            },
            url=session.get_absolute_url(),
        )


register(Notification.Kind.BRIEFING_UPCOMING, briefing_upcoming)
