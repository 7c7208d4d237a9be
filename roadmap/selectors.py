"""Reads of the roadmap shared by pages, API and the Excel export."""

from __future__ import annotations

from typing import cast

from django.db.models import Count, Prefetch, Q, QuerySet

from core.models import HistoryEntry
from ideas.models import Idea
from roadmap.models import (
    Answer,
    Goal,
    IndicatorValue,
    PerformanceReport,
    Question,
    RoadmapVersion,
    Survey,
    Task,
    TaskUnit,
)


def versions() -> QuerySet[RoadmapVersion]:
    return RoadmapVersion.objects.annotate(
        goal_count=Count("goals", distinct=True), task_count=Count("goals__tasks", distinct=True)
    ).order_by("-created_at", "-pk")


def version_in_force() -> RoadmapVersion | None:
    return RoadmapVersion.objects.filter(status=RoadmapVersion.Status.CURRENT).first()


def current_version() -> RoadmapVersion | None:
    return (
        RoadmapVersion.objects.filter(status=RoadmapVersion.Status.CURRENT).first()
        or RoadmapVersion.objects.order_by("-created_at", "-pk").first()
    )


def tasks(*, version: RoadmapVersion | None = None) -> QuerySet[Task]:
    """Tasks with their goal, responsible person, units and yearly values: four queries."""
    qs = Task.objects.all() if version is None else Task.objects.filter(goal__version=version)
    return (
        qs.select_related("goal__version", "responsible")
        .prefetch_related(
            Prefetch("units", queryset=TaskUnit.objects.select_related("division")),
            Prefetch("indicator_values", queryset=IndicatorValue.objects.order_by("year")),
        )
        .annotate(idea_count=Count("idea_links", distinct=True))
        .order_by("goal__version", "goal__number", "number")
    )


def goals_with_tasks(*, version: RoadmapVersion) -> list[Goal]:
    goals = list(version.goals.order_by("number"))
    by_goal: dict[int, list[Task]] = {g.pk: [] for g in goals}
    for task in tasks(version=version):
        by_goal[task.goal_id].append(task)
    for goal in goals:
        goal.task_list = by_goal[goal.pk]
    return goals


def task_detail(*, pk: int) -> Task:
    return (
        tasks()
        .prefetch_related(
            "plans",
            Prefetch(
                "reports",
                queryset=PerformanceReport.objects.select_related("submitted_by", "reviewed_by"),
            ),
        )
        .get(pk=pk)
    )


def task_ideas(*, task: Task) -> QuerySet[Idea]:
    """The adopted ideas that feed the task."""
    return (
        Idea.objects.filter(roadmap_links__task=task)
        .select_related("season", "team")
        .order_by("season__submission_opens_at", "reference_number")
    )


def task_plans(*, task: Task):
    """The rollout plans linked to the task, with their idea and lead team."""
    from rollout.models import RolloutPlan

    return (
        RolloutPlan.objects.filter(roadmap_links__task=task)
        .select_related("idea", "lead_team")
        .order_by("adopted_on", "pk")
    )


def task_history(task: Task) -> QuerySet[HistoryEntry]:
    return HistoryEntry.objects.for_object(task).select_related("actor")


def indicator_chart_data(task: Task) -> dict:
    """What the task page's chart draws (and its table repeats)."""
    values = list(task.indicator_values.all())
    return {
        "label": task.indicator_name,
        "unit": task.indicator_unit,
        "years": [v.year for v in values],
        "targets": [float(v.target) for v in values],
        "actuals": [float(v.actual) if v.actual is not None else None for v in values],
    }


def reports_waiting() -> QuerySet[PerformanceReport]:
    return PerformanceReport.objects.filter(status=PerformanceReport.Status.SUBMITTED)


def reports_to_review() -> QuerySet[PerformanceReport]:
    """The reports waiting for review with their task and author, oldest first: one query."""
    return (
        reports_waiting()
        .select_related("task__goal__version", "submitted_by")
        .order_by("submitted_at", "pk")
    )


# Surveys ------------------------------------------------------------------------------


def surveys(*, version: RoadmapVersion) -> QuerySet[Survey]:
    return version.surveys.annotate(response_count=Count("responses")).order_by("-created_at")


def survey_results(*, survey: Survey) -> list[dict]:
    """Per question: the count of each score 1–5 and the average (scale), or the texts."""
    questions = list(survey.questions.order_by("order"))
    counts: dict[int, dict[int, int]] = {}
    for row in (
        Answer.objects.filter(question__survey=survey, scale__isnull=False)
        .values("question", "scale")
        .annotate(n=Count("pk"))
    ):
        # scale__isnull=False: never None, which the values() row's type cannot know
        counts.setdefault(row["question"], {})[cast(int, row["scale"])] = row["n"]
    texts: dict[int, list[str]] = {}
    for question_id, text in (
        Answer.objects.filter(question__survey=survey, question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .order_by("pk")
        .values_list("question", "text")
    ):
        texts.setdefault(question_id, []).append(text)
    results = []
    for q in questions:
        scale_counts = [counts.get(q.pk, {}).get(s, 0) for s in range(1, 6)]
        total = sum(scale_counts)
        average = (
            round(sum(s * n for s, n in zip(range(1, 6), scale_counts, strict=True)) / total, 2)
            if total
            else None
        )
        results.append(
            {
                "id": q.pk,
                "order": q.order,
                "text": q.text,
                "kind": q.kind,
                "counts": scale_counts,
                "total": total,
                "average": average,
                "texts": texts.get(q.pk, []),
            }
        )
    return results


def has_answered(*, survey: Survey, user) -> bool:
    return survey.responses.filter(respondent=user).exists()


def open_surveys_for(user) -> QuerySet[Survey]:
    return Survey.objects.filter(status=Survey.Status.OPEN).exclude(Q(responses__respondent=user))
