"""Who may do what with notifications: each person reads only their own inbox.

The outbox and the reminder records are the system's bookkeeping: system admins read them
in the admin (and may resend a failed e-mail there); nobody edits them by hand.
"""

from __future__ import annotations

import rules

from departments.permissions import is_system_admin


@rules.predicate
def can_read_notification(user, notification) -> bool:
    return bool(
        notification is not None and user.is_authenticated and notification.recipient_id == user.pk
    )


rules.add_perm("notifications.view_inbox", rules.is_authenticated)
rules.add_perm("notifications.read_notification", can_read_notification)

# Django admin: read-only bookkeeping for system admins.
rules.add_perm("notifications", is_system_admin)
for _model in ("notification", "reminderdispatch", "outbox"):
    rules.add_perm(f"notifications.view_{_model}", is_system_admin)

# The reminders' schedules (django-celery-beat's periodic tasks) are edited in the admin by
# system admins; the beat scheduler picks a change up within a few seconds.
rules.add_perm("django_celery_beat", is_system_admin)
for _model in (
    "periodictask",
    "crontabschedule",
    "intervalschedule",
    "clockedschedule",
    "solarschedule",
):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"django_celery_beat.{_action}_{_model}", is_system_admin)
