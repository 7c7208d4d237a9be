"""Rollout (추진 관리): every adopted idea carried to done.

A plan (실시계획) opens when an adoption decision is published. It has a lead team and
co-owning units (a joint venture), one track per implementation path (immediate, budget,
ordinance — combinable), milestones, KPIs, and periodic progress reports that the bureau
director accepts or sends back. The planning office keeps the calendars the tracks are
checked against: budget rounds (지방자치법 제142조) and council sessions.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau, Team
from ideas.models import Idea, Season

# 지방자치법 제142조: the budget goes to the council 50 days before the fiscal year and
# the council decides it 15 days before.
MAIN_BUDGET_SUBMIT_DAYS = 50
MAIN_BUDGET_DECIDE_DAYS = 15
# 입법예고 lasts at least 20 days (행정절차법 제43조, 자치법규 입법예고).
PRE_ANNOUNCEMENT_MIN_DAYS = 20


class ReportCadence(models.TextChoices):
    QUARTERLY = "quarterly", _("분기별")
    HALF_YEARLY = "half_yearly", _("반기별")


class SeasonRolloutSetting(models.Model):
    """A season's rollout rules: when the plan is due and how often progress is reported."""

    season = models.OneToOneField(
        Season, verbose_name=_("시즌"), on_delete=models.CASCADE, related_name="rollout_setting"
    )
    plan_due_months = models.PositiveSmallIntegerField(_("실시계획 제출 기한(개월)"), default=1)
    report_cadence = models.CharField(
        _("추진 상황 보고 주기"),
        max_length=12,
        choices=ReportCadence.choices,
        default=ReportCadence.QUARTERLY,
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("보고 기한(기간 종료 후 일수)"), default=10
    )

    class Meta:
        verbose_name = _("시즌 추진 관리 설정")
        verbose_name_plural = _("시즌 추진 관리 설정")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan_due_months__gte=1, plan_due_months__lte=12),
                name="rollout_setting_due_months_1_12",
            ),
            models.CheckConstraint(
                condition=Q(report_due_days__lte=60), name="rollout_setting_report_days_le_60"
            ),
        ]

    def __str__(self) -> str:
        return str(self.season)


class BudgetRound(models.Model):
    """A budget the council passes: the main budget of a fiscal year or a supplementary one."""

    class Kind(models.TextChoices):
        MAIN = "main", _("본예산")
        SUPPLEMENTARY = "supplementary", _("추가경정예산")

    fiscal_year = models.PositiveSmallIntegerField(_("회계연도"))
    kind = models.CharField(_("구분"), max_length=15, choices=Kind.choices)
    # 0 for the main budget, n for the n-th supplementary budget.
    number = models.PositiveSmallIntegerField(_("차수"), default=0)
    submission_date = models.DateField(_("의회 제출일"))
    decision_date = models.DateField(_("의결일"))
    # The first day the money can be spent (set by the service from kind and dates), so the
    # board can compare it with a plan's target date in the database.
    available_on = models.DateField(_("집행 가능일"), editable=False)

    class Meta:
        verbose_name = _("예산 편성 일정")
        verbose_name_plural = _("예산 편성 일정")
        ordering = ["decision_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "kind", "number"], name="budget_round_unique"
            ),
            models.CheckConstraint(
                condition=Q(decision_date__gte=models.F("submission_date")),
                name="budget_round_decided_after_submission",
            ),
            models.CheckConstraint(
                condition=(Q(kind="main") & Q(number=0))
                | (Q(kind="supplementary") & Q(number__gte=1)),
                name="budget_round_number_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.MAIN:
            return _("%(year)d년 본예산") % {"year": self.fiscal_year}
        return _("%(year)d년 제%(n)d회 추경") % {"year": self.fiscal_year, "n": self.number}

    @classmethod
    def main_dates(cls, fiscal_year: int) -> tuple[dt.date, dt.date]:
        """The statutory submission and decision dates of a main budget."""
        start = dt.date(fiscal_year, 1, 1)
        return (
            start - dt.timedelta(days=MAIN_BUDGET_SUBMIT_DAYS),
            start - dt.timedelta(days=MAIN_BUDGET_DECIDE_DAYS),
        )

    def compute_available_on(self) -> dt.date:
        """The first day the money can be spent: 1 January of the fiscal year for a main
        budget, the day after the council decides for a supplementary one."""
        if self.kind == self.Kind.MAIN:
            return dt.date(self.fiscal_year, 1, 1)
        return self.decision_date + dt.timedelta(days=1)


class CouncilSession(models.Model):
    """A sitting of the provincial council (정례회 / 임시회) as it publishes them."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("정례회")
        EXTRAORDINARY = "extraordinary", _("임시회")

    number = models.PositiveSmallIntegerField(_("회기"))
    kind = models.CharField(_("구분"), max_length=15, choices=Kind.choices)
    starts_on = models.DateField(_("개회일"))
    ends_on = models.DateField(_("폐회일"))
    # Bills must reach the council this many days before the session opens.
    submission_deadline = models.DateField(_("안건 제출 마감일"))

    class Meta:
        verbose_name = _("도의회 회기")
        verbose_name_plural = _("도의회 회기")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="council_session_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="council_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(submission_deadline__lte=models.F("starts_on")),
                name="council_session_deadline_before_start",
            ),
        ]

    def __str__(self) -> str:
        return _("제%(n)d회 %(kind)s") % {"n": self.number, "kind": self.get_kind_display()}


class RolloutPlanQuerySet(models.QuerySet):
    def of_bureau(self, bureau):
        return self.filter(bureau=bureau)

    def open(self):
        return self.exclude(status__in=[RolloutPlan.Status.DROPPED, RolloutPlan.Status.CLOSED])


class RolloutPlan(models.Model):
    """The implementation plan (실시계획) of one adopted idea."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("계획 작성 중")
        ACTIVE = "active", _("추진 중")
        CANNOT_FILED = "cannot_filed", _("실시불가 검토 중")
        DONE = "done", _("완료")
        DROPPED = "dropped", _("실시불가 확정")
        CLOSED = "closed", _("결정 변경으로 종료")

    class Health(models.TextChoices):
        """The board's derived status (selectors.with_health)."""

        ON_TRACK = "on_track", _("정상 추진")
        AT_RISK = "at_risk", _("주의")
        LATE = "late", _("지연")
        DONE = "done", _("완료")
        DROPPED = "dropped", _("중단")

    idea = models.OneToOneField(
        Idea, verbose_name=_("아이디어"), on_delete=models.PROTECT, related_name="rollout_plan"
    )
    decision = models.ForeignKey(
        "reviews.Decision",
        verbose_name=_("채택 결정"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Repeated from the idea so the board filters without joins; a reorganised unit keeps
    # its plans (PROTECT: units are deactivated, never deleted).
    season = models.ForeignKey(
        Season, verbose_name=_("시즌"), on_delete=models.PROTECT, related_name="rollout_plans"
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("주관 실·국"), on_delete=models.PROTECT, related_name="rollout_plans"
    )
    lead_team = models.ForeignKey(
        Team, verbose_name=_("주관 팀"), on_delete=models.PROTECT, related_name="rollout_plans"
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("담당자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    path_immediate = models.BooleanField(_("즉시 시행"), default=False)
    path_budget = models.BooleanField(_("예산 반영"), default=False)
    path_ordinance = models.BooleanField(_("조례·법령 개정"), default=False)
    status = models.CharField(
        _("상태"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    start_date = models.DateField(_("시작일"), null=True, blank=True)
    target_date = models.DateField(_("목표일"), null=True, blank=True)
    goal = models.TextField(_("추진 목표"), blank=True)
    method = models.TextField(_("추진 방법"), blank=True)
    schedule = models.TextField(_("추진 일정"), blank=True)
    budget_text = models.TextField(_("소요 예산"), blank=True)
    expected_effect = models.TextField(_("기대 효과"), blank=True)
    adopted_on = models.DateField(_("채택일"))
    due_date = models.DateField(_("실시계획 제출 기한"))
    filed_at = models.DateTimeField(_("실시계획 제출 일시"), null=True, blank=True)
    cannot_reason = models.TextField(_("실시불가 사유"), blank=True)
    cannot_filed_at = models.DateTimeField(_("실시불가 사유서 제출 일시"), null=True, blank=True)
    cannot_note = models.TextField(_("실시불가 검토 의견"), blank=True)
    completed_on = models.DateField(_("완료일"), null=True, blank=True)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(_("버전"), default=1)
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    objects = RolloutPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("실시계획")
        verbose_name_plural = _("실시계획")
        ordering = ["season", "bureau__display_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(path_immediate=True) | Q(path_budget=True) | Q(path_ordinance=True),
                name="plan_has_a_path",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(target_date__isnull=True)
                | Q(target_date__gte=models.F("start_date")),
                name="plan_target_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["cannot_filed", "dropped"]) | ~Q(cannot_reason=""),
                name="plan_cannot_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="plan_done_has_date",
            ),
        ]
        indexes = [
            # The board: WHERE season_id = ? AND bureau_id = ? (ordered by bureau).
            models.Index(fields=["season", "bureau"], name="plan_board_idx"),
        ]

    def __str__(self) -> str:
        return self.idea.title

    def get_absolute_url(self) -> str:
        return reverse("rollout:plan_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def paths(self) -> list[str]:
        return [
            str(label)
            for on, label in (
                (self.path_immediate, Idea.Path.IMMEDIATE.label),
                (self.path_budget, Idea.Path.BUDGET.label),
                (self.path_ordinance, Idea.Path.ORDINANCE.label),
            )
            if on
        ]


class CoOwner(models.Model):
    """A unit that runs the plan together with the lead team (공동 추진), with its share."""

    plan = models.ForeignKey(
        RolloutPlan, verbose_name=_("실시계획"), on_delete=models.CASCADE, related_name="co_owners"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("협업 팀"), on_delete=models.PROTECT, related_name="co_owned_plans"
    )
    share_percent = models.PositiveSmallIntegerField(_("분담 비율(%)"))
    role = models.CharField(_("맡은 일"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("협업 부서")
        verbose_name_plural = _("협업 부서")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "team"], name="co_owner_once_per_plan"),
            models.CheckConstraint(
                condition=Q(share_percent__gte=1, share_percent__lte=99),
                name="co_owner_share_1_99",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.share_percent}%"


class ImmediateTrack(models.Model):
    plan = models.OneToOneField(
        RolloutPlan, verbose_name=_("실시계획"), on_delete=models.CASCADE, related_name="immediate"
    )
    done_by = models.DateField(_("완료 예정일"), null=True, blank=True)
    done_on = models.DateField(_("완료일"), null=True, blank=True)
    evidence = models.TextField(_("완료 증빙"), blank=True)

    class Meta:
        verbose_name = _("즉시 시행 과정")
        verbose_name_plural = _("즉시 시행 과정")
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(evidence=""),
                name="immediate_done_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return str(_("즉시 시행"))


class BudgetTrack(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("예산 요구")
        IN_DRAFT = "in_draft", _("예산안 반영")
        PASSED = "passed", _("의회 의결")
        CUT = "cut", _("삭감·일부 반영")

    plan = models.OneToOneField(
        RolloutPlan, verbose_name=_("실시계획"), on_delete=models.CASCADE, related_name="budget"
    )
    amount_requested = models.PositiveBigIntegerField(_("요구액(원)"))
    budget_round = models.ForeignKey(
        BudgetRound,
        verbose_name=_("반영 목표 예산"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tracks",
    )
    status = models.CharField(
        _("예산 상태"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    amount_secured = models.PositiveBigIntegerField(_("확보액(원)"), null=True, blank=True)
    # Set by the services from the budget calendar (empty: no problem found).
    warning = models.CharField(_("경고"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("예산 반영 과정")
        verbose_name_plural = _("예산 반영 과정")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0), name="budget_requested_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_secured__isnull=True)
                | Q(amount_secured__lte=models.F("amount_requested")),
                name="budget_secured_le_requested",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["passed", "cut"]) | Q(amount_secured__isnull=False),
                name="budget_decided_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return str(_("예산 반영"))


class OrdinanceTrack(models.Model):
    plan = models.OneToOneField(
        RolloutPlan, verbose_name=_("실시계획"), on_delete=models.CASCADE, related_name="ordinance"
    )
    ordinance_name = models.CharField(_("조례·규칙 이름"), max_length=200)
    target_session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("목표 회기"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tracks",
    )
    # Set by the services from the council calendar (empty: no problem found).
    warning = models.CharField(_("경고"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("조례·법령 개정 과정")
        verbose_name_plural = _("조례·법령 개정 과정")

    def __str__(self) -> str:
        return self.ordinance_name


class OrdinanceStep(models.Model):
    """One step of local law-making, planned and done."""

    class Kind(models.TextChoices):
        DRAFTING = "drafting", _("입안")
        CONSULTATION = "consultation", _("관계 부서 협의")
        PRE_ANNOUNCEMENT = "pre_announcement", _("입법예고")
        LEGAL_REVIEW = "legal_review", _("법제 심사·조례규칙심의회")
        SUBMISSION = "submission", _("도의회 제출")
        COMMITTEE = "committee", _("상임위원회 심사")
        PLENARY = "plenary", _("본회의 의결")
        PROMULGATION = "promulgation", _("공포")
        IN_FORCE = "in_force", _("시행")

    track = models.ForeignKey(
        OrdinanceTrack, verbose_name=_("조례 개정"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("단계"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("순서"))
    planned_on = models.DateField(_("예정일"), null=True, blank=True)
    # For the pre-announcement: the last day of the announcement period.
    planned_until = models.DateField(_("예정 종료일"), null=True, blank=True)
    actual_on = models.DateField(_("실제일"), null=True, blank=True)

    class Meta:
        verbose_name = _("조례 개정 단계")
        verbose_name_plural = _("조례 개정 단계")
        ordering = ["track", "order"]
        constraints = [
            models.UniqueConstraint(fields=["track", "kind"], name="ordinance_step_once"),
            models.CheckConstraint(
                condition=Q(planned_until__isnull=True)
                | Q(planned_on__isnull=False, planned_until__gte=models.F("planned_on")),
                name="ordinance_step_until_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Milestone(models.Model):
    plan = models.ForeignKey(
        RolloutPlan, verbose_name=_("실시계획"), on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    title = models.CharField(_("내용"), max_length=200)
    due_on = models.DateField(_("기한"))
    done_on = models.DateField(_("완료일"), null=True, blank=True)
    note = models.TextField(_("완료 메모"), blank=True)
    evidence = models.CharField(_("증빙"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("주요 일정")
        verbose_name_plural = _("주요 일정")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="milestone_order_unique"),
        ]
        indexes = [
            # The board's "late milestone" test: WHERE plan_id = ? AND done_on IS NULL AND due_on < ?
            models.Index(
                fields=["plan", "due_on"],
                condition=Q(done_on__isnull=True),
                name="milestone_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("높을수록 좋음")
        LOWER = "lower", _("낮을수록 좋음")

    plan = models.ForeignKey(
        RolloutPlan, verbose_name=_("실시계획"), on_delete=models.CASCADE, related_name="kpis"
    )
    name = models.CharField(_("지표 이름"), max_length=100)
    unit = models.CharField(_("단위"), max_length=20)
    baseline = models.DecimalField(_("기준값"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("목표값"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("방향"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )

    class Meta:
        verbose_name = _("성과 지표")
        verbose_name_plural = _("성과 지표")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="kpi_name_unique_in_plan"),
            models.CheckConstraint(
                condition=(Q(direction="higher") & Q(target__gt=models.F("baseline")))
                | (Q(direction="lower") & Q(target__lt=models.F("baseline"))),
                name="kpi_target_beyond_baseline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class ProgressReport(models.Model):
    """A periodic progress report (추진 상황 보고) of the lead team for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        FILED = "filed", _("제출")
        ACCEPTED = "accepted", _("승인")
        SENT_BACK = "sent_back", _("보완 요청")

    plan = models.ForeignKey(
        RolloutPlan, verbose_name=_("실시계획"), on_delete=models.CASCADE, related_name="reports"
    )
    period_end = models.DateField(_("보고 기간 종료일"))
    due_on = models.DateField(_("제출 기한"))
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    progress_percent = models.PositiveSmallIntegerField(_("진척률(%)"), default=0)
    done_text = models.TextField(_("추진 실적"), blank=True)
    problems = models.TextField(_("문제점"), blank=True)
    next_steps = models.TextField(_("향후 계획"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("제출자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("제출 일시"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("검토자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("검토 일시"), null=True, blank=True)
    send_back_reason = models.TextField(_("보완 요청 사유"), blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    class Meta:
        verbose_name = _("추진 상황 보고")
        verbose_name_plural = _("추진 상황 보고")
        ordering = ["plan", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period_end"], name="report_once_per_period"),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="report_progress_le_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent_back") | ~Q(send_back_reason=""),
                name="report_sent_back_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(filed_at__isnull=False),
                name="report_filed_has_time",
            ),
        ]
        indexes = [
            # The board's "late report" test and the reminders: WHERE status IN (…) AND due_on < ?
            models.Index(fields=["status", "due_on"], name="report_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.period_end:%Y-%m}"

    @property
    def period_label(self) -> str:
        return f"{self.period_end:%Y}. {self.period_end.month}"


class KpiActual(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("보고"), on_delete=models.CASCADE, related_name="actuals"
    )
    kpi = models.ForeignKey(
        Kpi, verbose_name=_("지표"), on_delete=models.CASCADE, related_name="actuals"
    )
    value = models.DecimalField(_("실적값"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("지표 실적")
        verbose_name_plural = _("지표 실적")
        constraints = [
            models.UniqueConstraint(fields=["report", "kpi"], name="kpi_actual_once_per_report"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value}"


class ReportAttachment(models.Model):
    """A file attached to a progress report (photos, minutes, a signed document).

    Checked by the ideas' upload checks (ideas.attachments), stored under a generated
    name, downloaded only through a permission-checked view under ``original_name``.
    """

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("보고"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("파일"), upload_to="rollout/%Y/%m/")
    original_name = models.CharField(_("원래 파일 이름"), max_length=255)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    content_type = models.CharField(_("형식"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("올린 사람"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("올린 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("보고 첨부파일")
        verbose_name_plural = _("보고 첨부파일")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DirectiveFollowUp(models.Model):
    """How a governor's directive (reviews.Directive) is followed to the end."""

    class Status(models.TextChoices):
        OPEN = "open", _("미착수")
        IN_PROGRESS = "in_progress", _("추진 중")
        DONE = "done", _("완료")
        DROPPED = "dropped", _("중단")

    directive = models.OneToOneField(
        "reviews.Directive",
        verbose_name=_("지시사항"),
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    plan = models.ForeignKey(
        RolloutPlan,
        verbose_name=_("실시계획"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directives",
    )
    status = models.CharField(
        _("이행 상태"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    due_on = models.DateField(_("이행 기한"))
    notes = models.TextField(_("이행 메모"), blank=True)
    drop_reason = models.TextField(_("중단 사유"), blank=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    class Meta:
        verbose_name = _("지시사항 이행")
        verbose_name_plural = _("지시사항 이행")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""),
                name="directive_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive} · {self.get_status_display()}"
