"""The governor's briefing book (보고회 자료) of a briefing session, as PDF and HWPX.

One book per session. A Celery task builds both files; ``progress`` (0–100) shows how far
it got. The book remembers the agenda it was built from (``agenda_signature``): when the
agenda changes (an idea added, moved or re-timed, the session moved) the files no longer
match, and the next request for the book builds it again (``insight.services``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from briefings.models import BriefingSession


class BriefingBook(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("대기 중")
        BUILDING = "building", _("만드는 중")
        READY = "ready", _("완성")
        FAILED = "failed", _("실패")

    session = models.OneToOneField(
        BriefingSession, verbose_name=_("보고회"), on_delete=models.CASCADE, related_name="book"
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("진행률(%)"), default=0)
    # Each request bumps it; a task carries the number it was started for, so a late or
    # repeated task for an older request changes nothing.
    generation = models.PositiveIntegerField(_("생성 차례"), default=0)
    agenda_signature = models.CharField(_("안건 서명"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="briefing-books/%Y/%m/", blank=True)
    hwpx = models.FileField(_("HWPX"), upload_to="briefing-books/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(_("쪽수"), null=True, blank=True)
    error = models.TextField(_("오류"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("요청자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("요청 일시"), null=True, blank=True)
    built_at = models.DateTimeField(_("완성 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("보고회 자료")
        verbose_name_plural = _("보고회 자료")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="briefing_book_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(pdf="") & ~Q(hwpx="")),
                name="briefing_book_ready_has_files",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_status_display()}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)
