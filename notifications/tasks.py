"""Celery tasks of the notifications app: reminders, e-mail, the outbox drain.

Every task takes ids or plain values (JSON), calls the services and is safe to run twice:
the reminders' idempotency key and the outbox's row lock make a repeat harmless, so the
tasks are ``acks_late`` (a worker lost mid-task means the task runs again, not never).
The periodic ones are entries of django-celery-beat (migration 0002), editable in the admin.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from notifications import reminders, services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def send_reminders(kind: str, day: str | None = None) -> int:
    """Send the reminders of ``kind`` due by ``day`` (ISO date; default today in Seoul).

    Returns how many people were notified now (0 when everything due was sent before).
    """
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    sent = 0
    for reminder in reminders.due_reminders(kind, today):
        sent += len(
            services.remind(
                kind=reminder.kind,
                subject=reminder.subject,
                due_date=reminder.due_date,
                recipients=reminder.recipients,
                title=reminder.title,
                body=reminder.body,
                url=reminder.url,
            )
        )
    logger.info("Reminders %s for %s: %d sent", kind, today, sent)
    return sent


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=services.MAX_ATTEMPTS - 1,
)
def send_emails(self, outbox_ids: list[int]) -> int:
    """Send queued e-mails; the failed ones are retried after a bounded back-off."""
    failed = [pk for pk in outbox_ids if services.outbox_send(outbox_id=pk) is False]
    if failed and not self.request.is_eager:  # inline (no broker): drain_outbox retries
        # Celery counts the retries; the rows count the attempts (and drain_outbox takes
        # over once the retries are spent or the broker lost the task).
        raise self.retry(
            args=[failed], countdown=services.backoff_seconds(self.request.retries + 1)
        )
    return len(outbox_ids) - len(failed)


@shared_task(acks_late=True, ignore_result=True)
def drain_outbox() -> int:
    """Send what the broker never received and what failed before, once its time has come."""
    sent = 0
    for pk in services.outbox_due():
        sent += services.outbox_send(outbox_id=pk) is True
    if sent:
        logger.info("drain_outbox sent %d e-mail(s)", sent)
    return sent
