"""Roadmap pages: the version with its goals and tasks, a task with its indicator chart,
the task force's edits, performance reports and the staff survey."""

from __future__ import annotations

import copy

from django.apps import apps
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
    LinkPlanForm,
    PlanFormSetFactory,
    ReportForm,
    ReviewForm,
    SurveyAnswerForm,
    TargetFormSetFactory,
    TaskForm,
    UnitFormSetFactory,
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
    """Everybody's roadmap changes: the page asks first, naming the version it replaces."""

    template_name = "roadmap/version_put_in_force.html"
    success_message = _("이 판을 시행합니다.")
    service = services.version_put_in_force

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=self.object, in_force=selectors.version_in_force(), **kwargs
        )


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
        "manages": user.has_perm("roadmap.manage_roadmap"),
        # A past version's task is read, not changed.
        "editable": user.has_perm("roadmap.manage_roadmap") and not task.goal.version.is_archived,
        "can_report": user.has_perm("roadmap.report_task", task),
        "indicator_form": IndicatorForm(),
        "link_form": LinkIdeaForm(),
        "link_plan_form": LinkPlanForm(task=task),
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
    success_url_of = "object"


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


class _Unlink(_OnTask):
    """Undo a link of the task: the route names what is linked (``<linked>_pk``), and the
    service takes it by that name."""

    linked = ""
    linked_model = ""  # "app_label.Model" (rollout imports roadmap, so not the class)

    def service_arguments(self, form):
        model = apps.get_model(self.linked_model)
        return {self.linked: get_object_or_404(model, pk=self.kwargs[f"{self.linked}_pk"])}


class TaskUnlinkIdea(_Unlink):
    success_message = _("아이디어 연결을 풀었습니다.")
    service = services.task_unlink_idea
    linked, linked_model = "idea", "ideas.Idea"


class TaskLinkPlan(_OnTask):
    form_class = LinkPlanForm
    success_message = _("실시계획을 과제에 연결했습니다.")
    service = services.task_link_plan
    form_object_argument = "task"


class TaskUnlinkPlan(_Unlink):
    success_message = _("실시계획 연결을 풀었습니다.")
    service = services.task_unlink_plan
    linked, linked_model = "plan", "rollout.RolloutPlan"


class TaskEdit(_OnTask):
    """The task force's edit page: the task's fields, yearly targets, owning units (a joint
    venture with each unit's part) and yearly action plans, saved together by one service."""

    form_class = TaskForm
    template_name = "roadmap/task_form.html"
    success_message = _("과제를 고쳤습니다.")
    formset_fields = ("targets", "units", "plans")

    def get_form(self):
        post = self.request.POST if self.request.method == "POST" else None
        task = self.object
        self.formsets = {
            "targets": TargetFormSetFactory(
                post,
                prefix="targets",
                initial=[
                    {"year": v.year, "target": v.target}
                    for v in task.indicator_values.order_by("year")
                ],
            ),
            "units": UnitFormSetFactory(
                post,
                prefix="units",
                initial=[
                    {"division": u.division_id, "is_lead": u.is_lead, "part": u.part}
                    for u in task.units.all()
                ],
            ),
            "plans": PlanFormSetFactory(
                post,
                prefix="plans",
                initial=[{"year": p.year, "content": p.content} for p in task.plans.all()],
            ),
        }
        # A copy: validating a ModelForm writes into its instance, and the service must
        # see the task as it was to record what changed.
        return TaskForm(post, instance=copy.copy(task))

    def is_valid(self, form):
        valid = [form.is_valid()] + [f.is_valid() for f in self.formsets.values()]
        return all(valid)

    def perform(self, form):
        return services.task_revise(
            task=self.object,
            by=self.request.user,
            targets=self.formsets["targets"].rows(),
            units=self.formsets["units"].rows(),
            plans=self.formsets["plans"].rows(),
            **form.changes(),
        )

    def refused(self, form, exc):
        """Messages about a list go above that list; the rest to the task's fields."""
        for field, messages in exc.errors.items():
            for message in messages:
                if field in self.formsets:
                    formset = self.formsets[field]
                    formset.rule_errors = [*getattr(formset, "rule_errors", []), message]
                else:
                    form.add_error(field if field in form.fields else None, message)
        return self.failed(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(task=self.object, **self.formsets, **kwargs)

    def render(self, form, status=200):
        posted = form.is_bound and (
            form.errors
            or any(f.errors or getattr(f, "rule_errors", None) for f in self.formsets.values())
        )
        return super().render(form, status=400 if posted else status)


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
    success_url_of = "object.task"


@require_GET
def report_list(request):
    """The performance reports waiting for the task force's review, oldest first."""
    _require(request, "roadmap.review_report")
    return render(request, "roadmap/report_list.html", {"reports": selectors.reports_to_review()})


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

    form_object_argument = "survey"
    success_url_of = "object"

    def perform(self, form):
        return services.survey_answer(
            survey=self.object, answers=form.answers(), by=self.request.user
        )

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
