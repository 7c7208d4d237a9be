"""Roadmap pages: the version with its goals and tasks, a task with its indicator chart,
the task force's edits, performance reports and the staff survey."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import BusinessRuleError, PermissionRefused
from core.forms import apply_rule_error
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
from roadmap.models import PerformanceReport, RoadmapVersion, Survey


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _run(request, form, action) -> bool:
    """Call the service; its refusal lands on the form (a permission refusal is a 403)."""
    try:
        action()
    except PermissionRefused:
        raise PermissionDenied from None
    except BusinessRuleError as exc:
        apply_rule_error(form, exc)
        return False
    return True


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


@require_POST
def version_copy(request, pk: int):
    _require(request, "roadmap.manage_roadmap")
    source = get_object_or_404(RoadmapVersion, pk=pk)
    form = VersionCopyForm(request.POST)
    result = {}
    if form.is_valid() and _run(
        request,
        form,
        lambda: result.setdefault(
            "v", services.version_copy(source=source, by=request.user, **form.cleaned_data)
        ),
    ):
        messages.success(request, _("새 판을 만들었습니다. 고친 뒤 시행하세요."))
        return redirect(result["v"])
    for error in [*form.non_field_errors(), *[e for f in form.errors.values() for e in f]]:
        messages.error(request, error)
    return redirect(source)


@require_POST
def version_put_in_force(request, pk: int):
    _require(request, "roadmap.manage_roadmap")
    version = get_object_or_404(RoadmapVersion, pk=pk)
    try:
        services.version_put_in_force(version=version, by=request.user)
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("이 판을 시행합니다."))
    return redirect(version)


@require_GET
def version_excel(request, pk: int):
    _require(request, "roadmap.view_roadmap")
    return exports.roadmap_response(get_object_or_404(RoadmapVersion, pk=pk))


def _task_context(request, task, **forms):
    user = request.user
    context = {
        "task": task,
        "ideas": selectors.task_ideas(task=task),
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


@require_POST
def task_indicator(request, pk: int):
    _require(request, "roadmap.manage_roadmap")
    task = _task(pk)
    form = IndicatorForm(request.POST)
    if form.is_valid() and _run(
        request,
        form,
        lambda: services.indicator_record(task=task, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("성과지표를 기록했습니다."))
        return redirect(task)
    task = _task(pk)
    return render(
        request,
        "roadmap/task_detail.html",
        _task_context(request, task, indicator_form=form),
        status=400,
    )


@require_POST
def task_link_idea(request, pk: int):
    _require(request, "roadmap.manage_roadmap")
    task = _task(pk)
    form = LinkIdeaForm(request.POST)
    if form.is_valid():
        idea = Idea.objects.filter(
            reference_number=form.cleaned_data["reference_number"].strip()
        ).first()
        if idea is None:
            form.add_error("reference_number", _("그런 접수번호의 아이디어가 없습니다."))
        elif _run(
            request, form, lambda: services.task_link_idea(task=task, idea=idea, by=request.user)
        ):
            messages.success(request, _("아이디어를 과제에 연결했습니다."))
            return redirect(task)
    return render(
        request,
        "roadmap/task_detail.html",
        _task_context(request, task, link_form=form),
        status=400,
    )


@require_POST
def task_report(request, pk: int):
    task = _task(pk)
    _require(request, "roadmap.report_task", task)
    form = ReportForm(request.POST)
    if form.is_valid() and _run(
        request,
        form,
        lambda: services.report_submit(task=task, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("성과를 보고했습니다."))
        return redirect(task)
    return render(
        request,
        "roadmap/task_detail.html",
        _task_context(request, task, report_form=form),
        status=400,
    )


@require_POST
def report_review(request, pk: int):
    _require(request, "roadmap.review_report")
    report = get_object_or_404(PerformanceReport, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid() and _run(
        request,
        form,
        lambda: services.report_review(
            report=report,
            by=request.user,
            accept=form.cleaned_data["accept"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, _("성과 보고를 검토했습니다."))
        return redirect(report.task)
    task = _task(report.task_id)
    return render(
        request,
        "roadmap/task_detail.html",
        _task_context(request, task, review_form=form),
        status=400,
    )


def survey_detail(request, pk: int):
    """GET: the questions (or, once answered, a thank-you); POST: answer once."""
    _require(request, "roadmap.view_roadmap")
    survey = get_object_or_404(Survey.objects.select_related("version"), pk=pk)
    answered = selectors.has_answered(survey=survey, user=request.user)
    form = SurveyAnswerForm(request.POST or None, survey=survey)
    if request.method == "POST":
        _require(request, "roadmap.answer_survey", survey)
        if form.is_valid() and _run(
            request,
            form,
            lambda: services.survey_answer(survey=survey, answers=form.answers(), by=request.user),
        ):
            messages.success(request, _("응답해 주셔서 고맙습니다."))
            return redirect(survey)
    context = {
        "survey": survey,
        "form": form,
        "answered": answered,
        "can_answer": request.user.has_perm("roadmap.answer_survey", survey) and not answered,
        "sees_results": request.user.has_perm("roadmap.view_survey_results"),
    }
    if context["sees_results"]:
        context["results"] = selectors.survey_results(survey=survey)
    return render(
        request, "roadmap/survey_detail.html", context, status=400 if form.errors else 200
    )


@require_GET
def survey_excel(request, pk: int):
    _require(request, "roadmap.view_survey_results")
    return exports.survey_response(get_object_or_404(Survey, pk=pk))


app_name = "roadmap"
urlpatterns = [
    path("", home, name="home"),
    path("versions/<int:pk>/", version_detail, name="version"),
    path("versions/<int:pk>/copy/", version_copy, name="version_copy"),
    path("versions/<int:pk>/put-in-force/", version_put_in_force, name="version_put_in_force"),
    path("versions/<int:pk>/excel/", version_excel, name="version_excel"),
    path("tasks/<int:pk>/", task_detail, name="task"),
    path("tasks/<int:pk>/indicator/", task_indicator, name="task_indicator"),
    path("tasks/<int:pk>/ideas/", task_link_idea, name="task_link_idea"),
    path("tasks/<int:pk>/reports/", task_report, name="task_report"),
    path("reports/<int:pk>/review/", report_review, name="report_review"),
    path("surveys/<int:pk>/", survey_detail, name="survey"),
    path("surveys/<int:pk>/excel/", survey_excel, name="survey_excel"),
]
