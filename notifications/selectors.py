"""Reads of the inbox, shared by the pages, the API and the header."""

from __future__ import annotations

from django.db.models import QuerySet

from departments.models import User
from notifications.models import Notification


def inbox(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    """What was sent to ``user``, newest first (one query per page, no joins)."""
    qs = Notification.objects.for_recipient(user)
    if unread_only:
        qs = qs.unread()
    return qs.order_by("-created_at", "-pk")


def unread_count(*, user: User) -> int:
    """One COUNT on the partial index notification_unread_idx."""
    return Notification.objects.for_recipient(user).unread().count()
