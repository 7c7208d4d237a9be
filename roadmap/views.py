"""Roadmap pages: the version with its goals and tasks, a task with its indicator chart,
the task force's edits, performance reports and the staff survey."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.actions import PageAction, require
from core.errors import BusinessRuleError
from ideas.models import Idea
from roadmap import exports, selectors, services
from roadmap.forms import (
    IndicatorForm,
    LinkIdeaForm,
    ReportForm,
    ReviewForm,
    SurveyAnswerForm,
    VersionCopyForm,
)
from roadmap.models import PerformanceReport, RoadmapVersion, Survey, Task


def _require(request, perm: str, obj=None) -> None:
    require(request, perm, obj)


@require_GET
def home(request):
    version = selectors.current_version()
    if version is None:
        return render(request, "roadmap/version_detail.html", {"version": None})
    return version_detail(request, version.pk)


@require_GET
def version_detail(request, pk: int):
    _require(request, "roadmap.view_roadmap")
    version = get_object_or_404(RoadmapVersion, pk=pk)
    context = {
        "version": version,
        "goals": selectors.goals_with_tasks(version=version),
        "versions": selectors.versions(),
        "surveys": selectors.surveys(version=version),
        "manages": request.user.has_perm("roadmap.manage_roadmap"),
        "copy_form": VersionCopyForm(),
    }
    return render(request, "roadmap/version_detail.html", context)


class _OnVersion(PageAction):
    queryset = RoadmapVersion.objects.all()
    permission = "roadmap.manage_roadmap"
    object_argument = "version"


class VersionCopy(_OnVersion):
    form_class = VersionCopyForm
    success_message = _("새 판을 만들었습니다. 고친 뒤 시행하세요.")
    service = services.version_copy
    object_argument = "source"


class VersionPutInForce(_OnVersion):
    success_message = _("이 판을 시행합니다.")
    service = services.version_put_in_force


@require_GET
def version_excel(request, pk: int):
    _require(request, "roadmap.view_roadmap")
    return exports.roadmap_response(get_object_or_404(RoadmapVersion, pk=pk))


def _task_context(request, task, **forms):
    user = request.user
    context = {
        "task": task,
        "ideas": selectors.task_ideas(task=task),
        "plans": selectors.task_plans(task=task),
        "chart": selectors.indicator_chart_data(task),
        "history": selectors.task_history(task),
        "manages": user.has_perm("roadmap.manage_roadmap"),
        "can_report": user.has_perm("roadmap.report_task", task),
        "indicator_form": IndicatorForm(),
        "link_form": LinkIdeaForm(),
        "report_form": ReportForm(),
        "review_form": ReviewForm(),
    }
    context.update(forms)
    return context


def _task(pk: int):
    try:
        return selectors.task_detail(pk=pk)
    except Exception:  # noqa: BLE001  (DoesNotExist of the annotated queryset)
        raise Http404 from None


@require_GET
def task_detail(request, pk: int):
    _require(request, "roadmap.view_roadmap")
    task = _task(pk)
    return render(request, "roadmap/task_detail.html", _task_context(request, task))


class _OnTask(PageAction):
    queryset = Task.objects.select_related("goal__version")
    permission = "roadmap.manage_roadmap"
    object_argument = "task"

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()


class TaskIndicator(_OnTask):
    form_class = IndicatorForm
    success_message = _("성과지표를 기록했습니다.")
    service = services.indicator_record


class TaskLinkIdea(_OnTask):
    form_class = LinkIdeaForm
    success_message = _("아이디어를 과제에 연결했습니다.")

    def perform(self, form):
        idea = Idea.objects.filter(
            reference_number=form.cleaned_data["reference_number"].strip()
        ).first()
        if idea is None:
            raise BusinessRuleError(
                _("그런 접수번호의 아이디어가 없습니다."), field="reference_number"
            )
        return services.task_link_idea(task=self.object, idea=idea, by=self.request.user)


class TaskReport(_OnTask):
    permission = "roadmap.report_task"
    form_class = ReportForm
    success_message = _("성과를 보고했습니다.")
    service = services.report_submit


class ReportReview(PageAction):
    queryset = PerformanceReport.objects.select_related("task")
    permission = "roadmap.review_report"
    form_class = ReviewForm
    success_message = _("성과 보고를 검토했습니다.")
    service = services.report_review
    object_argument = "report"

    def get_success_url(self, result=None):
        return self.object.task.get_absolute_url()


class SurveyDetail(PageAction):
    """GET: the questions (or, once answered, a thank-you) and, for the task force, the
    results; POST: answer, once."""

    queryset = Survey.objects.select_related("version")
    visible = "roadmap.view_roadmap"
    form_class = SurveyAnswerForm
    template_name = "roadmap/survey_detail.html"
    success_message = _("응답해 주셔서 고맙습니다.")
    permission = "roadmap.answer_survey"

    def has_permission(self):
        # Whoever sees the survey reads it (and its results, if theirs); answering is the rule's.
        return self.request.method != "POST" or super().has_permission()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "survey": self.object}

    def perform(self, form):
        return services.survey_answer(
            survey=self.object, answers=form.answers(), by=self.request.user
        )

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        user, survey = self.request.user, self.object
        answered = selectors.has_answered(survey=survey, user=user)
        sees_results = user.has_perm("roadmap.view_survey_results")
        return super().get_context_data(
            survey=survey,
            answered=answered,
            can_answer=user.has_perm("roadmap.answer_survey", survey) and not answered,
            sees_results=sees_results,
            results=selectors.survey_results(survey=survey) if sees_results else None,
            **kwargs,
        )

    def render(self, form, status=200):
        return super().render(form, status=400 if form.errors else status)


@require_GET
def survey_excel(request, pk: int):
    _require(request, "roadmap.view_survey_results")
    return exports.survey_response(get_object_or_404(Survey, pk=pk))
