"""The innovation roadmap (도정 혁신 로드맵): versions > goals > tasks, each task with a
performance indicator (yearly targets and results), owning units (a joint venture when
two or more), yearly action plans, performance reports, the adopted ideas that feed it,
and staff surveys on a version.

A new version copies the previous one (``previous``/``copied_from``), so both stay readable.
Rollout plans (issue 11) link to a task the way ideas do: a ``rollout_plans`` many-to-many
added to ``Task`` by that app's merge (see ``TaskIdea``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.models import Division
from ideas.models import Idea


class RoadmapVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        CURRENT = "current", _("시행 중")
        ARCHIVED = "archived", _("지난 판")

    number = models.CharField(_("판"), max_length=10, unique=True, help_text=_("예: 1.0, 2.0"))
    title = models.CharField(_("이름"), max_length=200)
    vision = models.CharField(_("비전"), max_length=300, blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("이전 판"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("만든 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("로드맵 판")
        verbose_name_plural = _("로드맵 판")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The roadmap staff read is the one in force.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="current"), name="roadmap_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:version", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.CURRENT

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED


class Goal(models.Model):
    version = models.ForeignKey(
        RoadmapVersion, verbose_name=_("로드맵 판"), on_delete=models.CASCADE, related_name="goals"
    )
    number = models.PositiveSmallIntegerField(_("번호"))
    title = models.CharField(_("목표"), max_length=200)

    task_list: list[Task]  # the goal's tasks, set by selectors.goals_with_tasks

    class Meta:
        verbose_name = _("목표")
        verbose_name_plural = _("목표")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="goal_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Task(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("계획")
        IN_PROGRESS = "in_progress", _("추진 중")
        DONE = "done", _("완료")
        SUSPENDED = "suspended", _("보류")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("높을수록 좋음")
        DECREASE = "decrease", _("낮을수록 좋음")

    goal = models.ForeignKey(
        Goal, verbose_name=_("목표"), on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField(_("번호"))
    title = models.CharField(_("과제"), max_length=200)
    description = models.TextField(_("내용"), blank=True, max_length=4000)
    status = models.CharField(
        _("상태"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("책임자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmap_tasks",
    )
    indicator_name = models.CharField(_("성과지표"), max_length=200, blank=True)
    indicator_unit = models.CharField(_("단위"), max_length=20, blank=True)
    indicator_baseline = models.DecimalField(
        _("기준값"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_direction = models.CharField(
        _("방향"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("이전 판의 과제"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    ideas = models.ManyToManyField(
        Idea,
        verbose_name=_("연계 아이디어"),
        through="TaskIdea",
        related_name="roadmap_tasks",
        blank=True,
    )
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    class Meta:
        verbose_name = _("혁신 과제")
        verbose_name_plural = _("혁신 과제")
        ordering = ["goal__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "number"], name="task_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.goal.number}-{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:task", args=[self.pk])


class TaskUnit(models.Model):
    """A unit that runs the task; two or more make it a joint venture (조인트벤처)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    division = models.ForeignKey(
        Division, verbose_name=_("부서"), on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(_("주관"), default=False)
    part = models.CharField(_("맡은 일"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("추진 부서")
        verbose_name_plural = _("추진 부서")
        ordering = ["-is_lead", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "division"], name="task_unit_unique"),
            models.UniqueConstraint(
                fields=["task"], condition=Q(is_lead=True), name="task_one_lead_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.division_id}"


class TaskIdea(models.Model):
    """An adopted idea that feeds a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="idea_links")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="roadmap_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "idea"], name="task_idea_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} ← {self.idea_id}"


class TaskRolloutPlan(models.Model):
    """A rollout plan (issue 11) that carries a task forward."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="plan_links")
    plan = models.ForeignKey(
        "rollout.RolloutPlan", on_delete=models.CASCADE, related_name="roadmap_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "plan"], name="task_rollout_plan_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} ← plan {self.plan_id}"


class ActionPlan(models.Model):
    """연도별 실천계획."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("연도"))
    content = models.TextField(_("실천계획"), max_length=4000)

    class Meta:
        verbose_name = _("연도별 실천계획")
        verbose_name_plural = _("연도별 실천계획")
        ordering = ["task", "year"]
        constraints = [
            models.UniqueConstraint(fields=["task", "year"], name="plan_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="plan_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.year}"


class IndicatorValue(models.Model):
    """A task's indicator in one year: the target and, once known, the result."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicator_values")
    year = models.PositiveSmallIntegerField(_("연도"))
    target = models.DecimalField(_("목표값"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(
        _("실적값"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("성과지표 값")
        verbose_name_plural = _("성과지표 값")
        ordering = ["task", "year"]
        constraints = [
            models.UniqueConstraint(fields=["task", "year"], name="indicator_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="indicator_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.year}"


class PerformanceReport(models.Model):
    """A yearly or half-yearly performance report, reviewed by the task force."""

    class Period(models.TextChoices):
        FIRST_HALF = "h1", _("상반기")
        SECOND_HALF = "h2", _("하반기")
        YEAR = "year", _("연간")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("검토 대기")
        ACCEPTED = "accepted", _("검토 완료")
        RETURNED = "returned", _("보완 요청")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("연도"))
    period = models.CharField(_("기간"), max_length=4, choices=Period.choices)
    summary = models.TextField(_("추진 실적"), max_length=4000)
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("검토 의견"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("성과 보고")
        verbose_name_plural = _("성과 보고")
        ordering = ["task", "-year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "year", "period"], name="report_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(reviewed_at__isnull=False),
                name="report_reviewed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.year} {self.period}"

    @property
    def awaits_review(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Survey(models.Model):
    """A staff survey on a roadmap version (상향식 의견 수렴)."""

    class Status(models.TextChoices):
        OPEN = "open", _("응답 중")
        CLOSED = "closed", _("마감")

    version = models.ForeignKey(
        RoadmapVersion,
        verbose_name=_("로드맵 판"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    title = models.CharField(_("제목"), max_length=200)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("직원 설문")
        verbose_name_plural = _("직원 설문")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:survey", args=[self.pk])


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("5점 척도")
        TEXT = "text", _("서술")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("순서"))
    text = models.CharField(_("질문"), max_length=300)
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices, default=Kind.SCALE)

    class Meta:
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="question_order_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Answered once per person.
            models.UniqueConstraint(
                fields=["survey", "respondent"], name="survey_one_response_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.respondent_id}"


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="answer_scale_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} {self.question_id}"
