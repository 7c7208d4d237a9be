"""Who may do what with briefing schedules and sessions, in which season state.

The planning office (and system admins) schedule, move and publish; every member of staff
reads a published schedule, its agendas and calendars (no silos); a draft (unpublished)
session is the planning office's alone. Reviewers and the planning office record the
governor's directives from a session's agenda (the review app's rule).
"""

from __future__ import annotations

import rules

from ideas.models import Season
from ideas.permissions import manages_seasons
from reviews.permissions import can_record_directive

# Briefings happen once submissions close and before the review starts; the schedule is
# made (and may be published ahead) while the season is still open.
SCHEDULING_STATES = {Season.Status.OPEN, Season.Status.BRIEFING}

manages_schedules = manages_seasons


@rules.predicate
def can_schedule(user, season: Season | None) -> bool:
    return bool(
        season is not None and manages_schedules(user) and season.status in SCHEDULING_STATES
    )


@rules.predicate
def can_view_session(user, session) -> bool:
    if session is None or not user.is_authenticated:
        return False
    return bool(session.published_at is not None or manages_schedules(user))


@rules.predicate
def can_change_session(user, session) -> bool:
    return bool(session is not None and can_schedule(user, session.season))


@rules.predicate
def can_record_directive_at(user, session) -> bool:
    return bool(can_view_session(user, session) and can_record_directive(user))


rules.add_perm("briefings.view_schedule", rules.is_authenticated)
rules.add_perm("briefings.manage_schedules", manages_schedules)
rules.add_perm("briefings.schedule_season", can_schedule)
rules.add_perm("briefings.view_session", can_view_session)
rules.add_perm("briefings.change_session", can_change_session)
rules.add_perm("briefings.record_directive", can_record_directive_at)

# Django admin: read only for the planning office (every change has a service that checks
# overlaps and keeps the calendar's UID and sequence).
rules.add_perm("briefings", manages_schedules)
for _model in ("briefingschedule", "briefingsession", "agendaitem"):
    rules.add_perm(f"briefings.view_{_model}", manages_schedules)
