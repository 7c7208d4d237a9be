"""Review and selection: rounds with weighted criteria, assignments, blind evaluations,
decisions with their history, and the governor's directives (지시사항).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau, Division
from ideas.models import Idea, Season

# The default criteria of Korean public-sector suggestion review (제안 심사 기준).
DEFAULT_CRITERIA = [
    (_("창의성"), _("새롭고 독창적인 발상인가"), Decimal("25"), 10),
    (_("실현가능성"), _("예산·인력·법령 면에서 실행할 수 있는가"), Decimal("25"), 10),
    (_("효과성"), _("도민과 행정에 주는 효과가 큰가"), Decimal("25"), 10),
    (_("적용범위"), _("다른 부서·시군으로 넓혀 쓸 수 있는가"), Decimal("15"), 10),
    (_("계속성"), _("일회성이 아니라 계속 추진할 수 있는가"), Decimal("10"), 10),
]


class ReviewRound(models.Model):
    """A round of review in a season, e.g. 1차 서면 심사 then 최종 심사."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("준비")
        OPEN = "open", _("심사 중")
        CLOSED = "closed", _("마감")

    season = models.ForeignKey(
        Season, verbose_name=_("시즌"), on_delete=models.PROTECT, related_name="review_rounds"
    )
    name = models.CharField(_("심사 이름"), max_length=100)
    order = models.PositiveSmallIntegerField(_("차수"), default=1)
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reviewers_per_idea = models.PositiveSmallIntegerField(
        _("아이디어당 심사위원 수"), default=3, validators=[MinValueValidator(1)]
    )
    # A standard deviation of reviewers' totals (0–100 scale) above this flags disagreement.
    disagreement_threshold = models.DecimalField(
        _("의견 차이 기준(표준편차)"), max_digits=5, decimal_places=2, default=Decimal("15")
    )
    opened_at = models.DateTimeField(_("심사 시작"), null=True, blank=True)
    closed_at = models.DateTimeField(_("심사 마감"), null=True, blank=True)
    decisions_published_at = models.DateTimeField(_("결과 공개"), null=True, blank=True)
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("심사 차수")
        verbose_name_plural = _("심사 차수")
        ordering = ["season", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "order"], name="round_order_unique_in_season"
            ),
            models.CheckConstraint(
                condition=Q(disagreement_threshold__gte=0), name="round_threshold_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.season} · {self.name}"


class WeightedCriterion(models.Model):
    """A weighted criterion (심사 기준), the shape a review round's criteria and the award's
    screening criteria share; a concrete model adds its ``round`` and its constraints."""

    name = models.CharField(_("기준"), max_length=50)
    description = models.CharField(_("설명"), max_length=200, blank=True)
    weight = models.DecimalField(_("가중치"), max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("배점"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        abstract = True
        verbose_name = _("심사 기준")
        verbose_name_plural = _("심사 기준")
        ordering = ["round", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class CriterionScore(models.Model):
    """A score on one weighted criterion (0 … the criterion's max score); a concrete model
    adds what is scored and ``criterion``."""

    value = models.DecimalField(_("점수"), max_digits=5, decimal_places=2)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"  # type: ignore[attr-defined]

    @staticmethod
    def constraints_for(scored: str, *, once: str, not_negative: str) -> list:
        """One score per criterion of what is ``scored``, never negative (named by the
        concrete model: the names are the database's)."""
        return [
            models.UniqueConstraint(fields=[scored, "criterion"], name=once),
            models.CheckConstraint(condition=Q(value__gte=0), name=not_negative),
        ]


class Criterion(WeightedCriterion):
    """A weighted criterion of a round (심사 기준); frozen once scoring has started."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("심사 차수"), on_delete=models.CASCADE, related_name="criteria"
    )

    class Meta(WeightedCriterion.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["round", "name"], name="criterion_name_unique_in_round"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_positive"),
        ]


class Assignment(models.Model):
    """A reviewer assigned to an idea in a round (never from their own bureau or idea)."""

    class Method(models.TextChoices):
        MANUAL = "manual", _("직접 배정")
        AUTOMATIC = "automatic", _("자동 배정")

    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("심사 차수"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    idea = models.ForeignKey(
        Idea, verbose_name=_("아이디어"), on_delete=models.PROTECT, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("심사위원"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    method = models.CharField(_("배정 방식"), max_length=10, choices=Method.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("배정자"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("배정 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("심사 배정")
        verbose_name_plural = _("심사 배정")
        ordering = ["round", "idea", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "idea", "reviewer"], name="assignment_unique_per_round"
            ),
        ]
        indexes = [
            # A reviewer's queue: WHERE reviewer_id = ? AND round_id = ?
            models.Index(fields=["reviewer", "round"], name="assignment_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.idea}"


class Evaluation(models.Model):
    """One reviewer's scores for one idea in one round; a draft until submitted.

    ``total`` is the weighted score on a 0–100 scale, set when the evaluation is submitted:
    Σ(weight × score / max score) / Σ weight × 100.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        SUBMITTED = "submitted", _("제출")

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("배정"), on_delete=models.PROTECT, related_name="evaluation"
    )
    # Repeated from the assignment so the database can hold the one-per-reviewer rule and
    # the ranking can aggregate without joining through assignments.
    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("심사 차수"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    idea = models.ForeignKey(
        Idea, verbose_name=_("아이디어"), on_delete=models.PROTECT, related_name="evaluations"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("심사위원"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    comment = models.TextField(_("심사 의견"), blank=True)
    total = models.DecimalField(
        _("가중 합계(100점)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("제출 일시"), null=True, blank=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    class Meta:
        verbose_name = _("심사 평가")
        verbose_name_plural = _("심사 평가")
        ordering = ["round", "idea", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "idea", "reviewer"], name="evaluation_one_per_reviewer_idea_round"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(total__isnull=False, submitted_at__isnull=False),
                name="evaluation_submitted_has_total",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100),
                name="evaluation_total_within_0_100",
            ),
        ]
        indexes = [
            # The ranking: submitted evaluations of a round.
            models.Index(fields=["round", "status"], name="evaluation_round_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.idea}"


class Score(CriterionScore):
    """The score given on one criterion of an evaluation."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("평가"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("기준"), on_delete=models.PROTECT, related_name="scores"
    )

    class Meta:
        verbose_name = _("점수")
        verbose_name_plural = _("점수")
        constraints = CriterionScore.constraints_for(
            "evaluation", once="score_one_per_criterion", not_negative="score_not_negative"
        )


class RankingStamp(models.Model):
    """How fresh a round's stored ranking (its ``Standing`` rows) is.

    ``changes`` counts the changes to what the ranking reads (an evaluation submitted,
    an assignment added or removed, the disagreement threshold or the criteria changed),
    counted by ``reviews.standings.mark_changed`` from the services that make them;
    ``built_changes`` is the count the standings were last built at. Equal: the stored
    ranking is the round's ranking; otherwise it is rebuilt (``reviews.standings``). Its own row,
    not fields of the round: a round saved whole (``round_update``) would write back a
    count read before a concurrent change.
    """

    round = models.OneToOneField(
        ReviewRound,
        verbose_name=_("심사 차수"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="ranking_stamp",
    )
    changes = models.PositiveIntegerField(_("변경 횟수"), default=0)
    built_changes = models.PositiveIntegerField(_("순위 계산 시점"), null=True, blank=True)
    built_at = models.DateTimeField(_("순위 계산 일시"), null=True, blank=True)
    # When the first change after the last build was counted (None while fresh): a large
    # round is rebuilt by a worker, and its readers see the last build until then, but
    # not for long (reviews.standings.STALE_AT_MOST).
    stale_since = models.DateTimeField(_("변경 발생 일시"), null=True, blank=True)
    # Totals of the whole ranking as built, for its unfiltered pages.
    idea_count = models.PositiveIntegerField(_("아이디어 수"), default=0)
    disagreement_count = models.PositiveIntegerField(_("의견 차이 수"), default=0)
    missing_count = models.PositiveIntegerField(_("미제출 평가 수"), default=0)

    class Meta:
        verbose_name = _("순위 계산 상태")
        verbose_name_plural = _("순위 계산 상태")
        constraints = [
            models.CheckConstraint(
                condition=Q(built_changes__isnull=True) | Q(built_changes__lte=models.F("changes")),
                name="ranking_stamp_built_not_ahead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.built_changes}/{self.changes}"

    @property
    def is_fresh(self) -> bool:
        return self.built_changes == self.changes


class Standing(models.Model):
    """An idea's line in its round's ranking (순위) as last built from the evaluations
    (``reviews.standings``): the figures and both ranks, and its place in each order
    (rank, then reference number, then id; 1, 2, 3 … with no gaps), so that a page of the
    ranking is a range of places on an index. What a line shows of the idea (reference
    number, title, team and bureau names) is read from the idea with the page."""

    # One line per idea of the round and build (the key). Each build has a number of its
    # own (``RankingStamp.built_changes``), so that the keys it inserts never meet the
    # deleted lines of the builds before it in the unique indexes (until a vacuum each
    # would be visited: rebuilds slowed from 1.3 to 4.6 s in four runs at 200,000 ideas).
    # Rebuilt in bulk from the round's own assignments in one transaction, so no
    # foreign-key constraints in the database: their checks would take a key-share lock on
    # each of a round's 67,000 ideas (a write to every idea row) and doubled the rebuild; a
    # deleted round or idea takes its lines with it through Django's CASCADE.
    pk = models.CompositePrimaryKey("round", "build", "idea")
    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("심사 차수"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    build = models.PositiveIntegerField(_("순위 계산 시점"))
    idea = models.ForeignKey(
        Idea,
        verbose_name=_("아이디어"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    # The idea's season, bureau and path, which the ranking's filters ask: fixed once the
    # idea is submitted (only submitted ideas are assigned), copied at each build so that a
    # filtered page reads the standings alone.
    season = models.ForeignKey(
        Season,
        verbose_name=_("시즌"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("실·국"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    implementation_path = models.CharField(
        _("추진 방식"), max_length=10, choices=Idea.Path.choices, blank=True
    )
    mean_total = models.DecimalField(_("평균 점수"), max_digits=6, decimal_places=2, null=True)
    normalised = models.DecimalField(_("보정 점수"), max_digits=9, decimal_places=4, null=True)
    submitted_count = models.PositiveIntegerField(_("제출 평가 수"))
    missing_count = models.PositiveIntegerField(_("미제출 평가 수"))
    spread = models.DecimalField(_("표준편차"), max_digits=6, decimal_places=2, null=True)
    disagreement = models.BooleanField(_("의견 차이"))
    raw_rank = models.PositiveIntegerField(_("순위(평균 점수)"))
    normalised_rank = models.PositiveIntegerField(_("순위(보정 점수)"))
    raw_place = models.PositiveIntegerField(_("순서(평균 점수)"))
    normalised_place = models.PositiveIntegerField(_("순서(보정 점수)"))

    class Meta:
        verbose_name = _("심사 순위")
        verbose_name_plural = _("심사 순위")
        constraints = [
            # The pages of the ranking in each order: WHERE round_id = ? AND build = ? AND
            # raw_place BETWEEN ? AND ? (the unique indexes serve them).
            models.UniqueConstraint(
                fields=["round", "build", "raw_place"], name="standing_raw_place"
            ),
            models.UniqueConstraint(
                fields=["round", "build", "normalised_place"], name="standing_normalised_place"
            ),
            # Ties share a rank and take consecutive places from it.
            models.CheckConstraint(
                condition=Q(raw_rank__gte=1, raw_place__gte=models.F("raw_rank"))
                & Q(normalised_rank__gte=1, normalised_place__gte=models.F("normalised_rank")),
                name="standing_place_from_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.idea_id}: {self.raw_rank}"


class DecisionQuerySet(models.QuerySet):
    def current(self) -> DecisionQuerySet:
        """The decision in force for each idea (earlier versions are kept beside it)."""
        return self.filter(is_current=True)


class Decision(models.Model):
    """The outcome for an idea in a round. A change adds a new current version with a
    reason; earlier versions stay (``is_current`` False) so both remain visible."""

    class Outcome(models.TextChoices):
        ADOPT = "adopt", _("채택")
        ADOPT_WITH_CONDITIONS = "adopt_with_conditions", _("조건부 채택")
        FURTHER_REVIEW = "further_review", _("추가 심사")
        NOT_ADOPTED = "not_adopted", _("미채택")

    ADOPTED = (Outcome.ADOPT, Outcome.ADOPT_WITH_CONDITIONS)

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("심사 차수"), on_delete=models.PROTECT, related_name="decisions"
    )
    idea = models.ForeignKey(
        Idea, verbose_name=_("아이디어"), on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("결과"), max_length=25, choices=Outcome.choices)
    implementation_path = models.CharField(
        _("추진 방식"), max_length=10, choices=Idea.Path.choices, blank=True
    )
    conditions = models.TextField(_("채택 조건"), blank=True)
    reason = models.TextField(_("사유"))
    change_reason = models.TextField(_("변경 사유"), blank=True)
    is_current = models.BooleanField(_("현재 결정"), default=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("이전 결정"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("결정자"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("결정 일시"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("선정 결정")
        verbose_name_plural = _("선정 결정")
        ordering = ["round", "idea", "-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "idea"],
                condition=Q(is_current=True),
                name="decision_one_current_per_idea_round",
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["adopt", "adopt_with_conditions"])
                | ~Q(implementation_path=""),
                name="decision_adoption_has_path",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="adopt_with_conditions") | ~Q(conditions=""),
                name="decision_conditions_stated",
            ),
            models.CheckConstraint(
                condition=Q(previous__isnull=True) | ~Q(change_reason=""),
                name="decision_change_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idea} · {self.get_outcome_display()}"


class Directive(models.Model):
    """What the governor said about an idea (도지사 지시사항), to be carried into rollout."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("아이디어"), on_delete=models.PROTECT, related_name="directives"
    )
    text = models.TextField(_("지시 내용"))
    responsible_bureau = models.ForeignKey(
        Bureau, verbose_name=_("담당 실·국"), on_delete=models.PROTECT, related_name="directives"
    )
    responsible_division = models.ForeignKey(
        Division,
        verbose_name=_("담당 과"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directives",
    )
    due_date = models.DateField(_("처리 기한"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("기록자"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("기록 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("도지사 지시사항")
        verbose_name_plural = _("도지사 지시사항")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
