"""The inbox link in the header of every page, with the number of unread notices.

The count is one query, made only when a template shows it (the header does, on every
page of a signed-in person; the 500 page renders without context processors).
"""

from __future__ import annotations

from django.utils.functional import cached_property

from notifications import selectors


class InboxSummary:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return selectors.unread_count(user=self.user)


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox": InboxSummary(user)}
