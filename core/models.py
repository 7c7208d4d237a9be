"""Cross-app records: the history of state changes (who did what, when, and why)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )


class HistoryEntry(models.Model):
    """One state change of a record (submitted, sent back, decided, …), never edited.

    Apps name their own actions (``ideas.models.IdeaAction``); ``reason`` holds the text
    a person gave (a send-back reason, a decision change), ``data`` any before/after values.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("변경 내용"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)
    reason = models.TextField(_("사유"), blank=True)
    data = models.JSONField(_("세부 내용"), default=dict, blank=True)

    objects = HistoryEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("처리 이력")
        verbose_name_plural = _("처리 이력")
        ordering = ["at", "pk"]
        indexes = [
            # The history panel of one record: WHERE content_type = ? AND object_id = ?
            models.Index(fields=["content_type", "object_id"], name="history_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} @ {self.at:%Y-%m-%d %H:%M}"


class CalendarDay(models.Model):
    """A day the planning office adds to or removes from the public-holiday calendar
    (an ad-hoc holiday, the governor's travel, or a holiday that is worked after all)."""

    date = models.DateField(_("날짜"), unique=True)
    is_holiday = models.BooleanField(
        _("쉬는 날"), default=True, help_text=_("끄면 공휴일이어도 일하는 날로 봅니다.")
    )
    reason = models.CharField(_("사유"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("등록자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("일정 예외일")
        verbose_name_plural = _("일정 예외일")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"
