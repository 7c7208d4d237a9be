"""Every write of the notifications app: notices, reminders, reading them, sending e-mail.

Two ways in:

- ``notify`` / ``deliver``: an action's notice (an idea sent back, a decision published).
  Call it inside the action's transaction: the inbox rows and the e-mails to send (Outbox)
  are written with the action and exist only if it commits. The e-mails are handed to the
  broker after commit; when the broker is down the action still succeeds and
  ``drain_outbox`` (a periodic task) sends them once it is back.
- ``remind``: a reminder with an idempotency key (kind, object, recipient, due date). The
  keys are inserted with ON CONFLICT DO NOTHING under the ``reminder_dispatch_once``
  constraint and only the recipients whose key this call inserted are notified, in the
  same transaction, so a retried, duplicated or concurrent reminder never notifies twice.

An e-mail is sent by ``outbox_send`` under a row lock and marked sent in the same
transaction: two workers never send the same row, and a failed send is tried again with a
bounded exponential back-off, below the broker's visibility timeout.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from core.errors import ensure_allowed
from departments.models import User
from notifications import permissions
from notifications.models import Notification, Outbox, ReminderDispatch

logger = logging.getLogger(__name__)

# Sends of one e-mail: 1, 2, 4 … minutes apart, never more than 30 minutes (the broker
# redelivers an unacknowledged task after CELERY_BROKER_TRANSPORT_OPTIONS'
# visibility_timeout, one hour: a countdown beyond it would be delivered twice).
MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 30 * 60
ENQUEUE_BATCH = 100


def backoff_seconds(attempts: int) -> int:
    """How long to wait after the ``attempts``-th failed send."""
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


def absolute_url(path: str) -> str:
    """A link for an e-mail or a calendar: the site's address and the path."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Notice:
    """What one person is told: in the inbox and, when they have an address, by e-mail."""

    recipient_id: int
    kind: str
    title: str
    body: str = ""
    url: str = ""


def _email_payload(notification: Notification, email: str) -> dict:
    lines = [notification.body] if notification.body else []
    if notification.url:
        lines.append(_("바로 가기: %(url)s") % {"url": absolute_url(notification.url)})
    return {
        "to": [email],
        "subject": notification.title,
        "body": "\n\n".join(lines),
        "notification_id": notification.pk,
    }


_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Actions taken inside tell nobody: for writing history (load_demo's season of 2022,
    whose notices would have been read long ago), never for what happens now."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


_inbox_only: ContextVar[bool] = ContextVar("notifications_inbox_only", default=False)


def is_silenced() -> bool:
    """Whether notices now go nowhere (inside ``silenced()``): an event with many notices
    to build can skip reading what they would say."""
    return _silenced.get()


@contextmanager
def inbox_only() -> Iterator[None]:
    """Notices inside go to the inboxes and send no e-mail: load_demo's thousands of
    made-up actions, whose e-mails would only fill the console (or a real mailbox)."""
    token = _inbox_only.set(True)
    try:
        yield
    finally:
        _inbox_only.reset(token)


@transaction.atomic
def deliver(notices: Iterable[Notice], *, email: bool = True) -> list[Notification]:
    """Write the notices to the inboxes and queue their e-mails; sent after commit
    (``email`` False: the inbox only, for a notice to all staff).

    Inactive people are skipped. Call inside the transaction of the action that caused
    the notices: they appear, and their e-mails go, only if it commits. Inside
    ``silenced()`` nothing is written.
    """
    notices = list(notices)
    if not notices or _silenced.get():
        return []
    people = dict(
        User.objects.filter(pk__in={n.recipient_id for n in notices}, is_active=True).values_list(
            "pk", "email"
        )
    )
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=n.recipient_id,
            kind=n.kind,
            title=n.title[:200],
            body=n.body,
            url=n.url[:500],
        )
        for n in notices
        if n.recipient_id in people
    )
    with translation.override(settings.LANGUAGE_CODE):
        mails = Outbox.objects.bulk_create(
            Outbox(payload=_email_payload(n, people[n.recipient_id]))
            for n in notifications
            if email and people[n.recipient_id] and not _inbox_only.get()
        )
    if mails:
        enqueue_emails_after_commit([m.pk for m in mails])
    return notifications


def notify(
    *,
    recipients: Iterable[User | int],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """The same notice to several people (each once, in the order given)."""
    ids = list(dict.fromkeys(r if isinstance(r, int) else r.pk for r in recipients))
    return deliver((Notice(pk, kind, title, body, url) for pk in ids), email=email)


@transaction.atomic
def remind(
    *,
    kind: str,
    subject: Model,
    due_date: dt.date,
    recipients: Iterable[User | int],
    title: str,
    body: str = "",
    url: str = "",
) -> list[Notification]:
    """Send a reminder about ``subject`` due on ``due_date`` to those not yet reminded.

    The key (kind, subject, recipient, due date) is inserted with ON CONFLICT DO NOTHING;
    ``claim`` marks the rows this call inserted, and only their recipients are notified.
    A concurrent call with the same keys waits on PostgreSQL for this transaction and then
    inserts nothing; a repeated call finds the keys and inserts nothing.
    """
    ids = list(dict.fromkeys(r if isinstance(r, int) else r.pk for r in recipients))
    if not ids:
        return []
    claim = uuid.uuid4()
    content_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    ReminderDispatch.objects.bulk_create(
        [
            ReminderDispatch(
                kind=kind,
                content_type=content_type,
                object_id=subject.pk,
                recipient_id=pk,
                due_date=due_date,
                claim=claim,
            )
            for pk in ids
        ],
        ignore_conflicts=True,
    )
    won = set(ReminderDispatch.objects.filter(claim=claim).values_list("recipient_id", flat=True))
    return deliver(Notice(pk, kind, title, body, url) for pk in ids if pk in won)


# Reading ------------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    ensure_allowed(
        permissions.can_read_notification(by, notification),
        _("본인에게 온 알림만 읽음으로 표시할 수 있습니다."),
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, by: User) -> int:
    """Every unread notice of ``by`` is read now; returns how many there were."""
    return Notification.objects.for_recipient(by).unread().update(read_at=timezone.now())


# E-mail -------------------------------------------------------------------------------


def enqueue_emails_after_commit(outbox_ids: Sequence[int]) -> None:
    """Hand the e-mails to the broker once the transaction has committed.

    A broker that cannot be reached must not fail the action that already committed: the
    rows stay in the outbox and ``drain_outbox`` sends them when the broker is back.
    """

    def enqueue() -> None:
        from notifications.tasks import send_emails

        for start in range(0, len(outbox_ids), ENQUEUE_BATCH):
            batch = list(outbox_ids[start : start + ENQUEUE_BATCH])
            try:
                send_emails.delay(batch)
            except (OperationalError, OSError):  # the broker cannot be reached
                logger.warning(
                    "The broker did not take %d e-mail(s); drain_outbox will send them.",
                    len(outbox_ids) - start,
                    exc_info=True,
                )
                return

    transaction.on_commit(enqueue)


def outbox_send(*, outbox_id: int) -> bool | None:
    """Send one queued e-mail unless it has gone or another worker holds it.

    True: sent now. None: nothing to do (sent already, being sent, given up). False: the
    send failed; the row records the error and when to try again.
    """
    with transaction.atomic():
        row = (
            Outbox.objects.select_for_update(skip_locked=True)
            .filter(pk=outbox_id, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .first()
        )
        if row is None:
            return None
        payload = row.payload
        row.attempts += 1
        try:
            EmailMessage(
                subject=payload["subject"],
                body=payload["body"],
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=payload["to"],
            ).send()
        except Exception as exc:  # SMTP, DNS, TLS: whatever the mail server answers
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            row.next_attempt_at = timezone.now() + dt.timedelta(
                seconds=backoff_seconds(row.attempts)
            )
            row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning("E-mail #%s failed (attempt %s): %s", row.pk, row.attempts, exc)
            return False
        now = timezone.now()
        row.sent_at = now
        row.last_error = ""
        row.save(update_fields=["attempts", "sent_at", "last_error"])
        if payload.get("notification_id"):
            Notification.objects.filter(pk=payload["notification_id"]).update(emailed_at=now)
        return True


def outbox_due(*, limit: int = 500) -> list[int]:
    """The unsent e-mails whose time has come (never received by the broker, or failed)."""
    return list(
        Outbox.objects.unsent()
        .filter(attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
