"""What briefings ask of each person, for the home page (core.home): one query at most."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from briefings import selectors
from core.home import WaitingItem
from reviews.permissions import can_record_directive


def sessions_today(user) -> list[WaitingItem]:
    """Reviewers (and the planning office) open today's agendas to record directives."""
    if not can_record_directive(user):
        return []
    return [
        WaitingItem(
            _("오늘 %(start)s %(title)s: 안건을 열어 지시사항을 기록하세요")
            % {"start": f"{s.start_time:%H:%M}", "title": s.title},
            s.get_absolute_url(),
        )
        for s in selectors.sessions_on(day=timezone.localdate())
    ]
