"""What the roadmap asks of the task force, for the home page (core.home): one query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import WaitingItem
from roadmap import selectors
from roadmap.permissions import is_task_force


def reports_to_review(user) -> list[WaitingItem]:
    """검토할 성과 보고 N건: the yearly and half-yearly reports the task force has yet to review."""
    if not is_task_force(user):
        return []
    count = selectors.reports_waiting().count()
    if not count:
        return []
    return [
        WaitingItem(
            _("로드맵 과제의 성과 보고 %(count)s건이 검토를 기다립니다.") % {"count": count},
            reverse("roadmap:reports"),
            count,
        )
    ]
