"""Seasons (campaigns), the ideas teams submit to them, exemptions and attachments.

An idea keeps the names of its team, division and bureau as they were when it was made,
so a reorganisation (조직개편) that renames or closes a unit does not rewrite history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from departments.models import Bureau, Division, Team


class SeasonQuerySet(models.QuerySet):
    def accepting_submissions(self, at=None):
        at = at or timezone.now()
        return self.filter(
            status=Season.Status.OPEN, submission_opens_at__lte=at, submission_closes_at__gt=at
        )


class Season(models.Model):
    """A campaign (시즌) opened by the planning office, e.g. "도정혁신 벤치마킹 시즌2"."""

    class Kind(models.TextChoices):
        BENCHMARKING = "benchmarking", _("벤치마킹 아이디어")
        WORK_REDUCTION = "work_reduction", _("업무 혁신(일은 빼고 혁신은 곱빼기) 과제")

    class Status(models.TextChoices):
        DRAFT = "draft", _("준비")
        OPEN = "open", _("접수 중")
        # The context keeps these two apart from a briefing session and its end time
        # (briefings' catalogue), which are the same words in Korean.
        BRIEFING = "briefing", pgettext_lazy("season status", "보고회")
        REVIEW = "review", _("심사")
        CLOSED = "closed", pgettext_lazy("season status", "종료")

    name = models.CharField(_("시즌 이름"), max_length=100)
    code = models.CharField(
        _("접수번호 머리글"),
        max_length=10,
        unique=True,
        help_text=_("접수번호 앞에 붙습니다. 예: S2 → S2-0123"),
    )
    kind = models.CharField(_("구분"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    description = models.TextField(_("안내"), blank=True)
    submission_opens_at = models.DateTimeField(_("접수 시작"))
    submission_closes_at = models.DateTimeField(_("접수 마감"))
    min_ideas_per_team = models.PositiveSmallIntegerField(_("팀별 최소 제출 건수"), default=1)
    exemptions_allowed = models.BooleanField(_("제출 예외 허용"), default=False)
    representative_per_division = models.BooleanField(_("과별 대표 과제 1건만 보고"), default=False)
    # While a review round of the season is open, reviewers do not see which team, bureau
    # or people proposed an idea (ideas.permissions.proposer_hidden); the server still
    # checks conflicts of interest with them.
    blind_to_proposer = models.BooleanField(
        _("심사 중 제안 팀·작성자 가리기"),
        default=False,
        help_text=_(
            "심사 차수가 열려 있는 동안 심사위원에게 팀, 실·국, 작성자를 보여 주지 않습니다."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("등록자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    objects = SeasonQuerySet.as_manager()

    class Meta:
        verbose_name = _("시즌")
        verbose_name_plural = _("시즌")
        ordering = ["-submission_opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_closes_at__gt=models.F("submission_opens_at")),
                name="season_window_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_started(self) -> bool:
        """Past its preparation: the season is shown to staff."""
        return self.status != self.Status.DRAFT

    def is_accepting_submissions(self, at=None) -> bool:
        at = at or timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.submission_opens_at <= at < self.submission_closes_at
        )


class IdeaQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Idea.Status.SUBMITTED)

    def visible_in_library(self):
        """What every member of staff may read: all that has been submitted."""
        return self.filter(reference_number__isnull=False).exclude(status=Idea.Status.DRAFT)

    def readable_by(self, user):
        """What ``ideas.view_idea`` lets ``user`` read, as a query (pages, API and admin
        alike, superusers included): the library of submitted ideas plus the user's own
        team's drafts."""
        library = self.visible_in_library()
        team_id = getattr(user, "team_id", None)  # None also for the schema generator
        if not team_id:
            return library
        readable = library | self.of_team(team_id)
        # Whose drafts the OR lets in: a search reads the two sides apart, so that the
        # library's side is served by its ordering index (ideas.search).
        readable.query.drafts_of_team = team_id
        return readable

    def of_team(self, team):
        return self.filter(team=team)

    def of_bureau(self, bureau):
        return self.filter(bureau=bureau)


class Idea(models.Model):
    """An idea (benchmarking) or a task (work reduction) of one team in one season."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        SUBMITTED = "submitted", _("제출")
        RETURNED = "returned", _("보완 요청")
        WITHDRAWN = "withdrawn", _("철회")

    class SourceType(models.TextChoices):
        LOCAL_GOVERNMENT = "local_government", _("지방자치단체")
        CENTRAL_MINISTRY = "central_ministry", _("중앙부처")
        PUBLIC_AGENCY = "public_agency", _("공공기관")
        PRIVATE_COMPANY = "private_company", _("민간기업")
        OVERSEAS = "overseas", _("해외")

    class Path(models.TextChoices):
        IMMEDIATE = "immediate", _("즉시 시행")
        BUDGET = "budget", _("예산 반영 필요")
        ORDINANCE = "ordinance", _("조례·법령 개정 필요")

    class Action(models.TextChoices):
        # "폐지" is also a closed unit of the org chart; here it is the verb "abolish".
        ABOLISH = "abolish", pgettext_lazy("work action", "폐지")
        REDUCE = "reduce", _("축소")
        IMPROVE = "improve", _("개선")

    season = models.ForeignKey(
        Season, verbose_name=_("시즌"), on_delete=models.PROTECT, related_name="ideas"
    )
    # The submitting unit, and its names frozen when the idea was made (조직개편-proof).
    team = models.ForeignKey(
        Team, verbose_name=_("팀"), on_delete=models.PROTECT, related_name="ideas"
    )
    division = models.ForeignKey(
        Division, verbose_name=_("과"), on_delete=models.PROTECT, related_name="ideas"
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("실·국"), on_delete=models.PROTECT, related_name="ideas"
    )
    team_name = models.CharField(_("팀 이름(제출 당시)"), max_length=100)
    division_name = models.CharField(_("과 이름(제출 당시)"), max_length=100)
    bureau_name = models.CharField(_("실·국 이름(제출 당시)"), max_length=100)

    sequence = models.PositiveIntegerField(_("접수 순번"), null=True, blank=True, editable=False)
    # NULL (not "") until submitted, so the per-season unique constraint ignores drafts.
    reference_number = models.CharField(  # noqa: DJ001
        _("접수번호"), max_length=20, null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    title = models.CharField(_("제목"), max_length=200, blank=True)
    summary = models.TextField(_("요약"), blank=True)
    problem = models.TextField(_("현황 및 문제점"), blank=True)
    proposal = models.TextField(_("개선 방안"), blank=True)
    expected_effect = models.TextField(_("기대 효과"), blank=True)

    # Benchmarking ideas: where the team learned it.
    source_type = models.CharField(
        _("벤치마킹 기관 유형"), max_length=20, choices=SourceType.choices, blank=True
    )
    source_institution = models.CharField(_("벤치마킹 기관"), max_length=200, blank=True)
    source_location = models.CharField(_("방문 지역"), max_length=200, blank=True)
    visited_on = models.DateField(_("방문일"), null=True, blank=True)
    lessons_learned = models.TextField(_("배운 점"), blank=True)

    # How the team expects it to be implemented (the governor's rule).
    implementation_path = models.CharField(
        _("추진 방식"), max_length=10, choices=Path.choices, blank=True
    )
    budget_estimate_krw = models.PositiveBigIntegerField(_("소요 예산(원)"), null=True, blank=True)

    # Work-reduction tasks: what to do with the work and the hours it frees.
    action = models.CharField(_("개선 유형"), max_length=10, choices=Action.choices, blank=True)
    hours_saved_per_year = models.PositiveIntegerField(_("연간 절감 시간"), null=True, blank=True)

    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("공동 작성자"),
        blank=True,
        related_name="co_authored_ideas",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        on_delete=models.PROTECT,
        related_name="created_ideas",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("제출자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("제출 일시"), null=True, blank=True)
    is_representative = models.BooleanField(_("과 대표 과제"), default=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("중복 원본"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(_("버전"), default=1)
    created_at = models.DateTimeField(_("작성 일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("아이디어")
        verbose_name_plural = _("아이디어")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "sequence"], name="idea_sequence_unique_in_season"
            ),
            models.UniqueConstraint(
                fields=["season", "reference_number"], name="idea_reference_unique_in_season"
            ),
            # One representative task per division and season (work-reduction briefings).
            models.UniqueConstraint(
                fields=["season", "division"],
                condition=Q(is_representative=True),
                name="idea_one_representative_per_division",
            ),
            models.CheckConstraint(
                condition=Q(is_representative=False) | Q(status="submitted"),
                name="idea_representative_is_submitted",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(reference_number__isnull=False),
                name="idea_numbered_once_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("pk")),
                name="idea_not_duplicate_of_itself",
            ),
        ]
        indexes = [
            # "My team's ideas" and quota status: WHERE season_id = ? AND team_id = ?
            models.Index(fields=["season", "team", "status"], name="idea_season_team_idx"),
            # Season overview counts by bureau and state.
            models.Index(fields=["season", "bureau", "status"], name="idea_season_bureau_idx"),
            # The library and the idea API, newest first: ORDER BY submitted_at DESC, id DESC
            # LIMIT … over what the library shows (IdeaQuerySet.visible_in_library), so a
            # page reads its rows from the index instead of sorting the whole library.
            models.Index(
                fields=["-submitted_at", "-id"],
                condition=Q(reference_number__isnull=False) & ~Q(status="draft"),
                name="idea_library_order_idx",
            ),
            # A season's ideas newest first whatever their state: the idea API's season list,
            # whose readable set (the library OR the caller's team) no partial index matches;
            # PostgreSQL walks this one in order and stops at the page (60 → 5 ms at 200k).
            models.Index(fields=["season", "-submitted_at"], name="idea_season_submitted_idx"),
            # The same within a season (the season filter of the library and the API).
            models.Index(
                fields=["season", "-submitted_at", "-id"],
                condition=Q(reference_number__isnull=False) & ~Q(status="draft"),
                name="idea_library_season_order_idx",
            ),
        ]

    def __str__(self) -> str:
        label = self.title or _("(제목 없음)")
        return f"{self.reference_number} {label}" if self.reference_number else str(label)

    def get_absolute_url(self) -> str:
        return reverse("ideas:idea_detail", args=[self.pk])


class AttachedFile(models.Model):
    """A checked upload (``ideas.attachments.store_upload``): stored under a generated name
    outside the web root, downloaded only through a permission-checked view, under
    ``original_name``. Concrete models add what the file belongs to and where it goes."""

    file = models.FileField(_("파일"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("원래 파일 이름"), max_length=255)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    content_type = models.CharField(_("형식"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("올린 사람"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("올린 일시"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class IdeaAttachment(AttachedFile):
    """A file attached to an idea (benchmarking report etc.)."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("아이디어"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = _("첨부 파일")
        verbose_name_plural = _("첨부 파일")
        ordering = ["uploaded_at", "pk"]


class Exemption(models.Model):
    """A team's request not to submit in a season (제출 예외), decided by its bureau director."""

    class Reason(models.TextChoices):
        STATUTORY_DUTIES = "statutory_duties", _("법정 사무 추진")
        NEW_UNIT = "new_unit", _("부서 신설")
        OTHER = "other", _("기타")

    class Status(models.TextChoices):
        PENDING = "pending", _("승인 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")

    season = models.ForeignKey(
        Season, verbose_name=_("시즌"), on_delete=models.PROTECT, related_name="exemptions"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("팀"), on_delete=models.PROTECT, related_name="exemptions"
    )
    team_name = models.CharField(_("팀 이름(신청 당시)"), max_length=100)
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("실·국"), on_delete=models.PROTECT, related_name="exemptions"
    )
    reason = models.CharField(_("사유"), max_length=20, choices=Reason.choices)
    reason_text = models.TextField(_("사유 설명"), blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("신청자"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("신청 일시"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("결정자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("결정 일시"), null=True, blank=True)
    decision_note = models.TextField(_("결정 의견"), blank=True)

    class Meta:
        verbose_name = _("제출 예외")
        verbose_name_plural = _("제출 예외")
        ordering = ["-filed_at"]
        constraints = [
            # A rejected request may be filed again; otherwise one per team and season.
            models.UniqueConstraint(
                fields=["season", "team"],
                condition=~Q(status="rejected"),
                name="exemption_one_open_per_team_and_season",
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(reason_text=""),
                name="exemption_other_reason_has_text",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="exemption_decided_at_iff_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_name} — {self.get_reason_display()}"


class QuotaStatus(models.TextChoices):
    """A team's standing in a season (팀별 제출 현황), computed by ideas.selectors."""

    # A team's state reads "Exempt" in English; "제출 예외" alone is the exemption itself.
    SUBMITTED = "submitted", pgettext_lazy("quota status", "제출 완료")
    EXEMPT = "exempt", pgettext_lazy("quota status", "제출 예외")
    PENDING_EXEMPTION = "pending_exemption", pgettext_lazy("quota status", "예외 승인 대기")
    MISSING = "missing", pgettext_lazy("quota status", "미제출")
