"""Excel exports (엑셀 내보내기): one record per workbook asked for, who asked, its scope
(a season, or one bureau of it), how far it got, and its private file until it expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau
from ideas.models import Season


class ExportJobQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ExportJob.ACTIVE)

    def of(self, user):
        return self.filter(requested_by=user)

    def expired(self, at=None):
        return self.filter(status=ExportJob.Status.DONE, expires_at__lte=at or timezone.now())


class ExportJob(models.Model):
    """A season (or bureau) workbook asked for by one person.

    Small workbooks are built in the request that asks for them; large ones by a Celery
    task that reports its progress here. The file lives under MEDIA_ROOT (never served by
    the web server), under a generated name, and is handed out only to ``requested_by``
    until ``expires_at``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("대기 중")
        RUNNING = "running", _("만드는 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")
        EXPIRED = "expired", _("기한 지남")  # the file is deleted; the record stays

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("요청자"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    season = models.ForeignKey(
        Season, verbose_name=_("시즌"), on_delete=models.PROTECT, related_name="export_jobs"
    )
    # Empty for the whole season; a bureau for its director's workbook.
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("실·국"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="export_jobs",
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("전체 행 수(예상)"), default=0)
    rows_written = models.PositiveIntegerField(_("쓴 행 수"), default=0)
    file = models.FileField(_("파일"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("내려받을 파일 이름"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("크기(바이트)"), null=True, blank=True)
    error = models.CharField(_("오류"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("요청 일시"), auto_now_add=True)
    started_at = models.DateTimeField(_("시작 일시"), null=True, blank=True)
    finished_at = models.DateTimeField(_("완료 일시"), null=True, blank=True)
    expires_at = models.DateTimeField(_("내려받기 기한"), null=True, blank=True)
    # Touched with every progress report: a running job that stops reporting is stale.
    updated_at = models.DateTimeField(_("마지막 진행 보고"), auto_now=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("엑셀 내보내기")
        verbose_name_plural = _("엑셀 내보내기")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A re-click while a workbook is being made must not start a second one: one
            # queued or running job per person and scope (season, or season and bureau).
            models.UniqueConstraint(
                fields=["requested_by", "season"],
                condition=Q(status__in=["queued", "running"], bureau__isnull=True),
                name="export_one_running_per_person_season",
            ),
            models.UniqueConstraint(
                fields=["requested_by", "season", "bureau"],
                condition=Q(status__in=["queued", "running"], bureau__isnull=False),
                name="export_one_running_per_person_bureau",
            ),
            models.CheckConstraint(
                condition=Q(rows_written__lte=models.F("rows_total")) | Q(rows_total=0),
                name="export_progress_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & Q(expires_at__isnull=False)),
                name="export_done_has_file_and_expiry",
            ),
        ]
        indexes = [
            # "My exports" on the export page and in the API: WHERE requested_by_id = ?
            # ORDER BY created_at DESC.
            models.Index(fields=["requested_by", "-created_at"], name="export_requester_idx"),
            # The hourly clean-up: WHERE status = 'done' AND expires_at <= now().
            models.Index(fields=["status", "expires_at"], name="export_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scope_label} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("exports:job_detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("exports:download", args=[self.pk])

    @property
    def scope(self):
        from exports.permissions import ExportScope

        return ExportScope(season=self.season, bureau=self.bureau)

    @property
    def scope_label(self) -> str:
        bureau = self.bureau.name if self.bureau_id else _("전체 실·국")
        return f"{self.season.name} · {bureau}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def progress(self) -> int:
        """Per cent done, from the rows written; 100 once the file is there."""
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_written * 100 // self.rows_total)

    def is_expired(self, at=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    def is_downloadable(self, at=None) -> bool:
        return self.status == self.Status.DONE and bool(self.file) and not self.is_expired(at)
