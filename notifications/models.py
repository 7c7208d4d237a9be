"""The in-app inbox (Notification), the record that a reminder went out (ReminderDispatch)
and the e-mails still to send (Outbox).

A reminder and its notification are written in one transaction, and the database refuses
a second ReminderDispatch with the same key: a retried, duplicated or concurrent reminder
task therefore never notifies anybody twice. An e-mail is written to the Outbox in the
transaction of the action that caused it and sent after commit by a task; what the broker
never received is sent by ``drain_outbox`` (notifications.tasks).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message in a person's inbox (알림함), also e-mailed when they have an address."""

    class Kind(models.TextChoices):
        IDEA_SENT_BACK = "idea_sent_back", _("보완 요청")
        EXEMPTION_DECIDED = "exemption_decided", _("제출 예외 결정")
        REVIEW_ASSIGNED = "review_assigned", _("심사 배정")
        DECISIONS_PUBLISHED = "decisions_published", _("심사 결과 공개")
        SUBMISSION_DEADLINE = "submission_deadline", _("제출 마감 알림")
        REVIEWS_PENDING = "reviews_pending", _("심사 독려")
        BRIEFING_UPCOMING = "briefing_upcoming", _("보고회 알림")
        PROGRESS_REPORT_DUE = "progress_report_due", _("추진 상황 보고 알림")
        BRIEFING_CHANGED = "briefing_changed", _("보고회 일정 변경")
        SCHEDULE_READY = "schedule_ready", _("보고회 일정안 완성")
        EXPORT_READY = "export_ready", _("내려받기 준비 완료")
        PARTICIPATION = "participation", _("의견·공감")
        AWARD_ANNOUNCED = "award_announced", _("으뜸 도정상 발표")
        VISIT_REPORT_DUE = "visit_report_due", _("벤치마킹 보고서 제출 알림")
        DIRECTIVE_DUE = "directive_due", _("지시사항 이행 알림")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("받는 사람"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("종류"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"), blank=True)
    url = models.CharField(_("바로 가기"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("보낸 일시"), auto_now_add=True)
    read_at = models.DateTimeField(_("읽은 일시"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("이메일 발송 일시"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("알림")
        verbose_name_plural = _("알림")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The inbox: WHERE recipient_id = ? ORDER BY created_at DESC.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The header's badge on every page: COUNT(*) WHERE recipient_id = ? AND read_at IS NULL.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderDispatch(models.Model):
    """That a reminder of ``kind`` about an object was sent to a person for a due date.

    The unique constraint is the idempotency key: ``notifications.services.notify`` inserts
    with ON CONFLICT DO NOTHING and notifies only those whose row it really inserted.
    ``claim`` names the call that inserted the row, so the call can find its own rows.
    """

    kind = models.CharField(_("종류"), max_length=30, choices=Notification.Kind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("대상 종류"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("대상 번호"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("받는 사람"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_date = models.DateField(_("알림 날짜"))
    claim = models.UUIDField(_("발송 작업"), editable=False)
    created_at = models.DateTimeField(_("기록 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("알림 발송 기록")
        verbose_name_plural = _("알림 발송 기록")
        ordering = ["-due_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient", "due_date"],
                name="reminder_dispatch_once",
            ),
        ]
        indexes = [
            # notify() reads back the rows its own insert made: WHERE claim = ?
            models.Index(fields=["claim"], name="reminder_dispatch_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.recipient_id} ({self.due_date})"


class OutboxQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class Outbox(models.Model):
    """A message to send outside the database (an e-mail), written in the transaction of
    the action that caused it; ``sent_at`` is set once it has gone."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("이메일")

    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices, default=Kind.EMAIL)
    # E-mail: {"to": [...], "subject": ..., "body": ..., "notification_id": ...}
    payload = models.JSONField(_("내용"))
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)
    sent_at = models.DateTimeField(_("발송 일시"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("시도 횟수"), default=0)
    # After a failed send: not before this (bounded exponential back-off, see services).
    next_attempt_at = models.DateTimeField(_("다음 시도"), default=timezone.now)
    last_error = models.TextField(_("마지막 오류"), blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("발송 대기열")
        verbose_name_plural = _("발송 대기열")
        ordering = ["created_at", "pk"]
        indexes = [
            # drain_outbox every minute: WHERE sent_at IS NULL AND next_attempt_at <= now.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="outbox_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
