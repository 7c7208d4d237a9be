"""The monthly best-department award (이달의 으뜸 도정상), its points ledger, and the
verified outcomes of work-reduction tasks that can back a nomination.

A round covers a period (a month, sometimes two) and is opened by the planning office;
bureaus nominate units (a division, or a bureau-level unit such as an agency), each unit
once per round; the planning office scores nominations on weighted criteria, assigns
grades and announces. The announcement writes the ledger: unit points to the unit and
personal points to every member of the unit on the award date (an org snapshot, so a
later transfer keeps the points with the person). Ledger entries are never edited: a
correction is a new entry that references the one it replaces.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau, Division
from ideas.models import Idea
from reviews.models import CriterionScore, WeightedCriterion

# The weights of the planning office's screening (as reviews' DEFAULT_CRITERIA, 100 in all).
DEFAULT_AWARD_CRITERIA = [
    (_("성과의 크기"), _("측정할 수 있는 성과(건수, 확보 예산, 일자리)가 큰가"), Decimal("40"), 10),
    (_("도정 기여도"), _("핵심 현안과 도의 위상에 기여했는가"), Decimal("30"), 10),
    (_("노력도"), _("어려운 여건에서 적극적으로 추진했는가"), Decimal("20"), 10),
    (_("파급 효과"), _("다른 부서·시군으로 넓힐 수 있는가"), Decimal("10"), 10),
]

# The grades of seed 002; the planning office may change or add grades.
DEFAULT_GRADES = [
    # name, rank, prize money (KRW), unit points, personal points
    (_("최우수"), 1, 1_000_000, Decimal("1.0"), Decimal("0.5")),
    (_("우수"), 2, 500_000, Decimal("0.5"), Decimal("0.3")),
    (_("공로상"), 3, 300_000, Decimal("0.3"), Decimal("0.1")),
]


class AwardGrade(models.Model):
    """A grade (최우수, 우수, 공로상 …) with what a win carries."""

    name = models.CharField(_("등급"), max_length=30, unique=True)
    rank = models.PositiveSmallIntegerField(_("순위"), help_text=_("1이 가장 높은 등급입니다."))
    prize_krw = models.PositiveBigIntegerField(_("격려금(원)"), default=0)
    unit_points = models.DecimalField(_("부서 가점"), max_digits=6, decimal_places=2)
    personal_points = models.DecimalField(_("개인 가점"), max_digits=6, decimal_places=2)
    is_active = models.BooleanField(_("사용"), default=True)

    class Meta:
        verbose_name = _("시상 등급")
        verbose_name_plural = _("시상 등급")
        ordering = ["rank", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_points__gte=0, personal_points__gte=0),
                name="award_grade_points_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AwardRoundQuerySet(models.QuerySet):
    def announced(self):
        return self.filter(status=AwardRound.Status.ANNOUNCED)


class AwardRound(models.Model):
    """One round of the award, e.g. "2021년 1~2월 이달의 으뜸 도정상"."""

    class Status(models.TextChoices):
        OPEN = "open", _("추천 접수 중")
        SCREENING = "screening", _("심사 중")
        ANNOUNCED = "announced", _("발표")

    title = models.CharField(_("회차 이름"), max_length=100)
    period_start = models.DateField(_("대상 기간 시작"))
    period_end = models.DateField(_("대상 기간 끝"))
    nomination_deadline = models.DateField(_("추천 마감일"))
    award_date = models.DateField(_("시상일"), null=True, blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default="open")
    announcement = models.TextField(_("발표문"), blank=True)
    announced_at = models.DateTimeField(_("발표 일시"), null=True, blank=True)
    imported = models.BooleanField(_("과거 수상 가져오기"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("등록자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)

    objects = AwardRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("으뜸 도정상 회차")
        verbose_name_plural = _("으뜸 도정상 회차")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="award_round_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="announced") | Q(award_date__isnull=False),
                name="award_round_announced_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:round_detail", args=[self.pk])


class AwardCriterion(WeightedCriterion):
    """A weighted screening criterion of a round (weights add up to 100)."""

    round = models.ForeignKey(
        AwardRound, verbose_name=_("회차"), on_delete=models.CASCADE, related_name="criteria"
    )
    max_score = models.PositiveSmallIntegerField(_("만점"), default=10)

    class Meta(WeightedCriterion.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="award_criterion_weight_pos"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="award_criterion_max_pos"),
        ]


class Nomination(models.Model):
    """A bureau's nomination of a unit in a round (once per unit and round).

    The unit is a division, or a bureau-level unit itself (an agency such as 인재개발원)
    when ``division`` is empty; its name is kept as it was.
    """

    round = models.ForeignKey(
        AwardRound, verbose_name=_("회차"), on_delete=models.PROTECT, related_name="nominations"
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("실·국"), on_delete=models.PROTECT, related_name="nominations"
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("과"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    unit_name = models.CharField(_("부서 이름(추천 당시)"), max_length=100)
    citation = models.TextField(_("공적 내용"))
    results = models.TextField(
        _("측정 가능한 성과"),
        blank=True,
        help_text=_("예: 규제 과제 482건 발굴, 72건 해결, 기업 35곳 방문"),
    )
    money_secured_krw = models.PositiveBigIntegerField(_("확보 재원(원)"), null=True, blank=True)
    evidence = models.FileField(_("증빙 자료"), upload_to="awards/%Y/%m/", blank=True)
    # The evidence is stored under a generated name; the name it was uploaded with is kept
    # for the download.
    evidence_name = models.CharField(_("증빙 자료 파일 이름"), max_length=255, blank=True)
    verified_hours = models.DecimalField(
        _("검증된 업무 절감 시간"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("검증된 업무 감축 성과로 추천을 뒷받침할 때"),
    )
    # The benchmarking visit whose outcome the nomination puts forward (seed 003: prize
    # money for departments with strong results), shown on both the visit and the round.
    visit = models.ForeignKey(
        "visits.Visit",
        verbose_name=_("벤치마킹 방문"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    # Verified work-reduction outcomes of the unit's tasks that back the nomination; the
    # nomination's verified hours are their verified hours added up.
    outcomes = models.ManyToManyField(
        "OutcomeMeasurement",
        verbose_name=_("근거가 된 검증 성과"),
        blank=True,
        related_name="nominations",
    )
    grade = models.ForeignKey(
        AwardGrade,
        verbose_name=_("등급"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    score = models.DecimalField(
        _("심사 점수(100점)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("추천자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("추천 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("추천")
        verbose_name_plural = _("추천")
        ordering = ["round", "grade__rank", "-score", "unit_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "division"],
                condition=Q(division__isnull=False),
                name="nomination_one_per_division_and_round",
            ),
            models.UniqueConstraint(
                fields=["round", "bureau"],
                condition=Q(division__isnull=True),
                name="nomination_one_per_bureau_unit_and_round",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="nomination_score_within_0_100",
            ),
            models.CheckConstraint(
                condition=Q(verified_hours__isnull=True) | Q(verified_hours__gte=0),
                name="nomination_verified_hours_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit_name}"

    @property
    def outcome_hours(self) -> Decimal | None:
        """The verified hours of the linked outcomes added up (None when none is linked);
        reads the prefetched ``outcomes`` when the selector prefetched them."""
        hours = [m.verified_hours or Decimal(0) for m in self.outcomes.all()]
        return sum(hours, Decimal(0)) if hours else None


class NominationScore(CriterionScore):
    """The planning office's score of a nomination on one of the round's criteria."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("추천"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        AwardCriterion, verbose_name=_("기준"), on_delete=models.PROTECT, related_name="scores"
    )

    class Meta:
        verbose_name = _("심사 점수")
        verbose_name_plural = _("심사 점수")
        constraints = CriterionScore.constraints_for(
            "nomination",
            once="nomination_score_one_per_criterion",
            not_negative="nomination_score_not_neg",
        )


class PointEntryQuerySet(models.QuerySet):
    def current(self):
        """Entries no later entry corrects (what the totals count): NOT EXISTS, which
        PostgreSQL plans as an anti-join on the unique index of ``corrects``."""
        corrections = PointEntry.objects.filter(corrects=models.OuterRef("pk"))
        return self.filter(~models.Exists(corrections))

    def personal(self):
        return self.filter(kind=PointEntry.Kind.PERSONAL)

    def unit(self):
        return self.filter(kind=PointEntry.Kind.UNIT)


class PointEntry(models.Model):
    """One line of the points ledger (가점 대장), never edited.

    Unit entries name the unit (division, or bureau-level unit); personal entries name a
    person and keep the unit they belonged to on the award date.
    """

    class Kind(models.TextChoices):
        UNIT = "unit", _("부서 가점")
        PERSONAL = "personal", _("개인 가점")

    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("직원"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="point_entries",
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("실·국"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("과"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit_name = models.CharField(_("부서 이름(시상 당시)"), max_length=100)
    person_name = models.CharField(_("성명(시상 당시)"), max_length=50, blank=True)
    employee_number = models.CharField(_("사번(시상 당시)"), max_length=20, blank=True)
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("추천"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="point_entries",
    )
    # A reward for an idea derived from a benchmarking visit and adopted (visits' rule).
    derived_idea = models.ForeignKey(
        "visits.DerivedIdea",
        verbose_name=_("벤치마킹 파생 아이디어"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="point_entries",
    )
    awarded_on = models.DateField(_("부여일"))
    year = models.PositiveSmallIntegerField(_("연도"))
    points = models.DecimalField(_("가점"), max_digits=6, decimal_places=2)
    prize_krw = models.PositiveBigIntegerField(_("격려금(원)"), default=0)
    reason = models.CharField(_("사유"), max_length=200)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("정정 대상"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("기록자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("기록 일시"), auto_now_add=True)

    objects = PointEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("가점 대장")
        verbose_name_plural = _("가점 대장")
        ordering = ["-awarded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=0, prize_krw__gte=0), name="point_entry_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind="unit", person__isnull=True)
                | Q(kind="personal", person__isnull=False),
                name="point_entry_person_iff_personal",
            ),
            models.CheckConstraint(
                condition=~Q(corrects=models.F("pk")), name="point_entry_not_correcting_itself"
            ),
            # A derived idea's reward is granted once (a correction may follow it).
            models.UniqueConstraint(
                fields=["derived_idea"],
                condition=Q(derived_idea__isnull=False, corrects__isnull=True),
                name="point_entry_one_reward_per_derived_idea",
            ),
        ]
        indexes = [
            # A person's yearly totals: WHERE person_id = ? GROUP BY year.
            models.Index(fields=["person", "year"], name="point_entry_person_year_idx"),
            # The HR export of a year: WHERE year = ? AND kind = ?.
            models.Index(fields=["year", "kind"], name="point_entry_year_kind_idx"),
        ]

    def __str__(self) -> str:
        who = self.person_name or self.unit_name
        return f"{self.awarded_on} {who} {self.points}"


class OutcomeMeasurement(models.Model):
    """A half-year follow-up of an adopted work-reduction task: the hours the team
    re-measured, then the bureau director's verification (accept, or adjust with a reason).
    """

    class Half(models.IntegerChoices):
        FIRST = 1, _("상반기")
        SECOND = 2, _("하반기")

    class Status(models.TextChoices):
        MEASURED = "measured", _("검증 대기")
        ACCEPTED = "accepted", _("검증(인정)")
        ADJUSTED = "adjusted", _("검증(조정)")

    idea = models.ForeignKey(
        Idea, verbose_name=_("과제"), on_delete=models.PROTECT, related_name="outcome_measurements"
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    half = models.PositiveSmallIntegerField(_("반기"), choices=Half.choices)
    declared_hours = models.DecimalField(
        _("제출 시 연간 절감 시간"), max_digits=9, decimal_places=1
    )
    measured_hours = models.DecimalField(_("재측정 연간 절감 시간"), max_digits=9, decimal_places=1)
    note = models.TextField(_("측정 근거"), blank=True)
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("측정자"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    measured_at = models.DateTimeField(_("측정 일시"), auto_now_add=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default="measured")
    verified_hours = models.DecimalField(
        _("검증된 연간 절감 시간"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    verification_reason = models.TextField(_("조정 사유"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("검증자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("검증 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("업무 감축 성과 측정")
        verbose_name_plural = _("업무 감축 성과 측정")
        ordering = ["-year", "-half", "idea"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "year", "half"], name="outcome_one_per_idea_and_half"
            ),
            models.CheckConstraint(
                condition=Q(declared_hours__gte=0, measured_hours__gte=0)
                & (Q(verified_hours__isnull=True) | Q(verified_hours__gte=0)),
                name="outcome_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="measured", verified_hours__isnull=True)
                | (~Q(status="measured") & Q(verified_hours__isnull=False)),
                name="outcome_verified_has_hours",
            ),
            models.CheckConstraint(
                condition=~Q(status="adjusted") | ~Q(verification_reason=""),
                name="outcome_adjusted_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idea} {self.year}-{self.half}"
