"""Benchmarking visits (seed 003): programmes, visit plans of groups of at most four,
their reports, and the ideas derived from them.

A group has at most four members: each member holds a place numbered 1 to 4, unique per
visit, so the database itself refuses a fifth.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau, Division, Team
from ideas.models import AttachedFile, Idea

MAX_GROUP_SIZE = 4


class VisitProgramme(models.Model):
    """A year's benchmarking programme, e.g. "2022 우수정책 벤치마킹" within August."""

    name = models.CharField(_("프로그램 이름"), max_length=100)
    year = models.PositiveSmallIntegerField(_("연도"))
    window_start = models.DateField(_("방문 기간 시작"))
    window_end = models.DateField(_("방문 기간 끝"))
    report_due_days = models.PositiveSmallIntegerField(_("보고서 제출 기한(일)"), default=14)
    points_per_adopted_idea = models.DecimalField(
        _("채택 아이디어당 부서 가점"), max_digits=6, decimal_places=2, default=0
    )
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("벤치마킹 프로그램")
        verbose_name_plural = _("벤치마킹 프로그램")
        ordering = ["-year", "-window_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="visit_programme_window_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(points_per_adopted_idea__gte=0),
                name="visit_programme_points_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VisitQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(programme__year=year)

    def reported(self):
        return self.filter(status=Visit.Status.REPORTED)


class Visit(models.Model):
    """A group's benchmarking visit: the plan, its approval, and the report after it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("승인 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")
        REPORTED = "reported", _("보고 완료")

    programme = models.ForeignKey(
        VisitProgramme,
        verbose_name=_("프로그램"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    team = models.ForeignKey(Team, verbose_name=_("팀"), on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(
        Division, verbose_name=_("과"), on_delete=models.PROTECT, related_name="+"
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("실·국"), on_delete=models.PROTECT, related_name="visits"
    )
    team_name = models.CharField(_("팀 이름(계획 당시)"), max_length=100)
    institution = models.CharField(_("방문 기관"), max_length=200)
    institution_kind = models.CharField(
        _("기관 유형"), max_length=20, choices=Idea.SourceType.choices
    )
    location = models.CharField(_("방문 지역"), max_length=200)
    policy_area = models.CharField(_("정책 분야"), max_length=100)
    purpose = models.TextField(_("방문 목적"))
    starts_on = models.DateField(_("출발일"))
    ends_on = models.DateField(_("복귀일"))
    budget_krw = models.PositiveBigIntegerField(_("여비(원)"), default=0)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default="planned")
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("계획자"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_at = models.DateTimeField(_("계획 일시"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("승인자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("승인 일시"), null=True, blank=True)
    decision_note = models.TextField(_("승인 의견"), blank=True)
    # The report (보고서), due within the programme's number of days after the visit.
    report_seen = models.TextField(_("본 것"), blank=True)
    report_fit = models.TextField(_("우리 현안에 맞는 점"), blank=True)
    report_proposals = models.TextField(_("제안"), blank=True)
    reported_at = models.DateTimeField(_("보고 일시"), null=True, blank=True)
    derived_ideas = models.ManyToManyField(
        Idea, verbose_name=_("파생 아이디어"), through="DerivedIdea", related_name="+"
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("벤치마킹 방문")
        verbose_name_plural = _("벤치마킹 방문")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="visit_returns_after_it_leaves",
            ),
            models.CheckConstraint(
                condition=~Q(status="reported") | Q(reported_at__isnull=False),
                name="visit_reported_has_date",
            ),
        ]
        indexes = [
            # The year-end report and the list: WHERE programme_id IN (…) ORDER BY starts_on.
            models.Index(fields=["programme", "starts_on"], name="visit_programme_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.starts_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("visits:visit_detail", args=[self.pk])

    @property
    def is_overseas(self) -> bool:
        return self.institution_kind == Idea.SourceType.OVERSEAS


class VisitMember(models.Model):
    """A member of a visit group, in place 1 … 4."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("방문"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("직원"),
        on_delete=models.PROTECT,
        related_name="visit_memberships",
    )
    place = models.PositiveSmallIntegerField(_("순번"))

    class Meta:
        verbose_name = _("방문 인원")
        verbose_name_plural = _("방문 인원")
        ordering = ["visit", "place"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "place"], name="visit_member_place_unique"),
            models.UniqueConstraint(fields=["visit", "person"], name="visit_member_once"),
            models.CheckConstraint(
                condition=Q(place__gte=1, place__lte=MAX_GROUP_SIZE),
                name="visit_group_of_at_most_four",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit} #{self.place}"


class DerivedIdea(models.Model):
    """An idea opened from a visit's report (each idea from at most one visit)."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("방문"), on_delete=models.PROTECT, related_name="derived_links"
    )
    idea = models.OneToOneField(
        Idea, verbose_name=_("아이디어"), on_delete=models.CASCADE, related_name="visit_link"
    )
    created_at = models.DateTimeField(_("연결 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("파생 아이디어")
        verbose_name_plural = _("파생 아이디어")
        ordering = ["visit", "created_at"]

    def __str__(self) -> str:
        return f"{self.visit} → {self.idea}"


class VisitAttachment(AttachedFile):
    """A file behind a visit: an attachment of the report or proof of the visit (tickets,
    photos, the host's materials), checked and stored like an idea's attachments."""

    class Kind(models.TextChoices):
        REPORT = "report", _("보고서 첨부")
        PROOF = "proof", _("방문 증빙")

    visit = models.ForeignKey(
        Visit, verbose_name=_("방문"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices, default="report")
    file = models.FileField(_("파일"), upload_to="visits/%Y/%m/")

    class Meta:
        verbose_name = _("방문 첨부 파일")
        verbose_name_plural = _("방문 첨부 파일")
        ordering = ["visit", "uploaded_at", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("visits:attachment_download", args=[self.pk])
