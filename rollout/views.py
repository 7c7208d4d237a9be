"""The rollout pages: the status board, a plan's page, and the actions on it (through the
page-action seam in core.actions: scope → permission → form → one service)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import rules
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.actions import PageAction, require
from ideas.attachments import download_response
from reviews.models import Directive
from rollout import forms, permissions, selectors, services
from rollout.filters import PlanFilter
from rollout.models import (
    BudgetRound,
    CouncilSession,
    DirectiveFollowUp,
    Milestone,
    OrdinanceStep,
    ProgressReport,
    ReportAttachment,
    RolloutPlan,
)

PAGE_SIZE = 50


def board(request):
    """Every plan the person oversees, with its derived status and why; counts per status."""
    require(request, "rollout.view_board")
    scoped = permissions.board_scope(request.user, selectors.with_health(RolloutPlan.objects.all()))
    params = request.GET.copy()
    health = params.pop("health", [""])[-1]
    filterset = PlanFilter(params, queryset=scoped)
    rows = filterset.qs if filterset.is_valid() else scoped.none()
    counts = selectors.health_counts(rows)
    if health in RolloutPlan.Health.values:
        rows = rows.filter(health=health)
    # The page is cut from the plans' ids; the full rows are read for that page only.
    page = Paginator(
        rows.order_by(*selectors.BOARD_ORDER).values_list("pk", flat=True), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    page.object_list = selectors.board_rows(list(page.object_list))
    for plan in page.object_list:
        plan.reason = selectors.health_reason(plan)
        plan.health_label = RolloutPlan.Health(plan.health).label
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rollout/board.html",
        {
            "filter": filterset,
            "page": page,
            "counts": [
                (value, label, counts[value]) for value, label in RolloutPlan.Health.choices
            ],
            "health": health,
            "query": query.urlencode(),
            "total": sum(counts.values()),
        },
    )


def _kpi_chart(series: list[dict]) -> dict:
    """The KPI chart's data: one line a KPI over the reported periods, with its target."""
    return {
        "labels": [p["period"] for p in series[0]["points"]] if series else [],
        "datasets": [
            {
                "label": f"{s['kpi'].name} ({s['kpi'].unit})",
                "data": [
                    float(p["value"]) if p["value"] is not None else None for p in s["points"]
                ],
                "target": float(s["kpi"].target),
            }
            for s in series
        ],
    }


def _kpi_rows(series: list[dict]) -> list[dict]:
    """The same values as a table: one row a period, one column a KPI."""
    periods = [p["period"] for p in series[0]["points"]] if series else []
    return [
        {"period": period, "values": [s["points"][i]["value"] for s in series]}
        for i, period in enumerate(periods)
    ]


def _plan_actions(user, plan: RolloutPlan) -> dict[str, bool]:
    """Which of the plan's buttons the person sees."""
    return {
        "can_edit": permissions.can_edit_plan(user, plan),
        "can_file": permissions.can_file_plan(user, plan),
        "can_cannot": permissions.can_file_cannot(user, plan),
        "can_decide_cannot": permissions.can_decide_cannot(user)
        and plan.status == RolloutPlan.Status.CANNOT_FILED,
        "can_complete": permissions.can_complete_plan(user, plan)
        and plan.status == RolloutPlan.Status.ACTIVE,
    }


def plan_detail(request, pk: int):
    """A plan's summary, tracks, milestones, reports, KPI chart and history: every member
    of staff reads it; report drafts only the owning teams."""
    require(request, "rollout.view_plan")
    try:
        plan = selectors.plan_detail(pk)
    except RolloutPlan.DoesNotExist:
        raise Http404 from None
    user = request.user
    reports = [r for r in plan.reports.all() if rules.has_perm("rollout.view_report", user, r)]
    series = selectors.kpi_series(plan, reports)
    plan.health_label = RolloutPlan.Health(plan.health).label
    for follow_up in plan.directives.all():
        follow_up.may_change = permissions.can_follow_up_directive(user, follow_up.directive)
    return render(
        request,
        "rollout/plan_detail.html",
        {
            "plan": plan,
            "reason": selectors.health_reason(plan),
            "reports": reports,
            "series": series,
            "kpi_rows": _kpi_rows(series),
            "chart": _kpi_chart(series),
            "history": selectors.described(selectors.plan_history(plan)[:100]),
            **_plan_actions(user, plan),
            "kpi_form": forms.KpiForm(),
            "milestone_form": forms.MilestoneForm(),
            "co_owner_form": forms.CoOwnerForm(),
            "steps": list(plan.ordinance.steps.all()) if selectors._has(plan, "ordinance") else [],
        },
    )


class AcceptOrNot:
    """A review's answer, a button on the reviewed thing's page: the form's ``decision``
    ("accept" or not) as the service's ``accept``, with its other fields (a note, a
    reason) as they are."""

    template_name = None

    def service_arguments(self, form):
        data = dict(form.cleaned_data)
        return {"accept": data.pop("decision") == "accept", **data}


class PlanAction(PageAction):
    """An action on one plan, seen by every member of staff."""

    queryset = RolloutPlan.objects.select_related("idea", "season", "lead_team")
    visible = "rollout.view_plan"
    permission = "rollout.change_plan"
    template_name = "rollout/plan_form.html"
    heading = ""
    object_argument = "plan"

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.object, heading=self.heading, **kwargs)


class PlanEdit(PlanAction):
    form_class = forms.PlanForm
    heading = _("실시계획 작성")
    success_message = _("실시계획을 저장했습니다.")
    service = services.plan_update
    form_object_argument = "instance"


class PlanFile(PlanAction):
    permission = "rollout.file_plan"
    template_name = None
    success_message = _("실시계획을 제출했습니다. 추진 상황 보고 일정이 만들어졌습니다.")
    service = services.plan_file


class PlanCannot(PlanAction):
    permission = "rollout.file_cannot"
    form_class = forms.CannotForm
    heading = _("실시불가 사유서 제출")
    success_message = _("실시불가 사유서를 제출했습니다. 기획조정실이 검토합니다.")
    service = services.plan_cannot_file


class PlanCannotDecide(AcceptOrNot, PlanAction):
    permission = "rollout.decide_cannot"
    form_class = forms.CannotDecideForm
    success_message = _("실시불가 사유서 검토 결과를 기록했습니다.")
    service = services.plan_cannot_decide


class PlanComplete(PlanAction):
    permission = "rollout.complete_plan"
    template_name = None
    success_message = _("완료로 처리했습니다.")
    service = services.plan_complete


class BudgetTrackEdit(PlanAction):
    form_class = forms.BudgetTrackForm
    heading = _("예산 반영 과정")
    success_message = _("예산 반영 과정을 저장했습니다.")
    service = services.budget_track_save

    def get_initial(self):
        track = (
            getattr(self.object, "budget", None) if selectors._has(self.object, "budget") else None
        )
        if track is None:
            return {}
        return model_to_dict(
            track, ["amount_requested", "budget_round", "status", "amount_secured"]
        )


@dataclass(frozen=True)
class PlanPart:
    """A part of a plan filled by one form and saved by one service."""

    form_class: type
    heading: Any
    success_message: Any
    service: Callable[..., Any]


class PlanPartEdit(PlanAction):
    """A track, a milestone or a KPI of a plan: the route names the part (``part``)."""

    part = ""
    PARTS: ClassVar[dict[str, PlanPart]] = {
        "ordinance": PlanPart(
            forms.OrdinanceTrackForm,
            _("조례·법령 개정 과정"),
            _("조례·법령 개정 과정을 저장했습니다."),
            services.ordinance_track_save,
        ),
        "immediate": PlanPart(
            forms.ImmediateTrackForm,
            _("즉시 시행 과정"),
            _("즉시 시행 과정을 저장했습니다."),
            services.immediate_track_save,
        ),
        "milestone": PlanPart(
            forms.MilestoneForm,
            _("주요 일정 추가"),
            _("주요 일정을 추가했습니다."),
            services.milestone_add,
        ),
        "kpi": PlanPart(
            forms.KpiForm,
            _("성과 지표 추가"),
            _("성과 지표를 추가했습니다."),
            services.kpi_add,
        ),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        part = self.PARTS[self.part]
        self.form_class = part.form_class
        self.heading = part.heading
        self.success_message = part.success_message

    def perform(self, form):
        service = self.PARTS[self.part].service
        return service(plan=self.object, by=self.request.user, **form.cleaned_data)


class CoOwnerAdd(PlanAction):
    form_class = forms.CoOwnerForm
    heading = _("협업 부서 지정")
    success_message = _("협업 부서를 저장했습니다.")

    def perform(self, form):
        services.co_owner_set(plan=self.object, by=self.request.user, **form.cleaned_data)
        return self.object


class MilestoneDone(PageAction):
    queryset = Milestone.objects.select_related("plan")
    permission = "rollout.change_plan"
    form_class = forms.MilestoneDoneForm
    success_message = _("주요 일정을 완료로 표시했습니다.")

    def permission_object(self):
        return self.object.plan

    def perform(self, form):
        services.milestone_done(milestone=self.object, by=self.request.user, **form.cleaned_data)
        return self.object.plan


class StepEdit(PageAction):
    queryset = OrdinanceStep.objects.select_related("track__plan")
    template_name = "rollout/plan_form.html"
    success_message = _("단계 일정을 저장했습니다.")

    class Form(forms.forms.Form):
        planned_on = forms.forms.DateField(
            label=_("예정일"), required=False, widget=forms.forms.DateInput(attrs=forms.DATE)
        )
        planned_until = forms.forms.DateField(
            label=_("예정 종료일(입법예고)"),
            required=False,
            widget=forms.forms.DateInput(attrs=forms.DATE),
        )
        actual_on = forms.forms.DateField(
            label=_("실제일"), required=False, widget=forms.forms.DateInput(attrs=forms.DATE)
        )

    form_class = Form
    permission = "rollout.change_plan"

    def permission_object(self):
        return self.object.track.plan

    def get_initial(self):
        return model_to_dict(self.object, ["planned_on", "planned_until", "actual_on"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.object.track.plan, heading=self.object.get_kind_display(), **kwargs
        )

    def perform(self, form):
        services.ordinance_step_save(step=self.object, by=self.request.user, **form.cleaned_data)
        return self.object.track.plan


class ReportAction(PageAction):
    queryset = ProgressReport.objects.select_related("plan__idea")
    visible = "rollout.view_report"
    object_argument = "report"
    success_url_of = "object.plan"


def _report_form_kwargs(report: ProgressReport) -> dict:
    fields = ["version", "progress_percent", "done_text", "problems", "next_steps"]
    return {"report": report, "initial": model_to_dict(report, fields)}


class ReportPage(ReportAction):
    """The report's page: its form and its attachments (each form posts to its own action)."""

    template_name = "rollout/report_form.html"

    def get_context_data(self, **kwargs):
        report = self.object
        kwargs.setdefault("form", forms.ReportForm(**_report_form_kwargs(report)))
        kwargs.setdefault("attachment_form", forms.ReportAttachmentForm())
        return super().get_context_data(
            plan=report.plan, report=report, attachments=report.attachments.all(), **kwargs
        )


class ReportEdit(ReportPage):
    permission = "rollout.change_report"
    form_class = forms.ReportForm
    success_message = _("보고를 저장했습니다.")
    service = services.report_save

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **_report_form_kwargs(self.object)}

    def service_arguments(self, form):
        return form.service_fields()


class ReportAttachmentUpload(ReportPage):
    """A file added to the report; a refused file is shown at the upload field."""

    permission = "rollout.attach_report"
    form_class = forms.ReportAttachmentForm
    success_message = _("%(name)s 파일을 올렸습니다.")
    service = services.report_attachment_add

    def service_arguments(self, form):
        return {"uploaded": form.cleaned_data["file"]}

    def message_values(self, form, result):
        return {"name": result.original_name}

    def get_success_url(self, result=None):
        return reverse("rollout:report_edit", args=[self.object.pk]) + "#attachments"

    def render(self, form, status=200):
        context = self.get_context_data(attachment_form=form)
        return render(self.request, "rollout/report_form.html", context, status=status)


class ReportAttachmentDelete(PageAction):
    queryset = ReportAttachment.objects.select_related("report__plan")
    permission = None
    success_message = _("%(name)s 파일을 지웠습니다.")
    service = services.report_attachment_remove
    object_argument = "attachment"

    def has_permission(self):
        report = self.object.report
        if not rules.has_perm("rollout.view_report", self.request.user, report):
            raise Http404
        require(self.request, "rollout.attach_report", report)
        return True

    def message_values(self, form, result):
        return {"name": self.object.original_name}

    def get_success_url(self, result=None):
        return reverse("rollout:report_edit", args=[self.object.report_id]) + "#attachments"


@require_GET
def report_attachment_download(request, pk: int):
    """The file under its original name, to whoever may read the report (never /media/);
    a draft's files only to the owning teams."""
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report__plan"), pk=pk)
    if not rules.has_perm("rollout.view_report", request.user, attachment.report):
        raise Http404
    return download_response(attachment)


class ReportFile(ReportAction):
    permission = "rollout.file_report"
    template_name = None
    success_message = _("보고를 제출했습니다. 실·국장이 검토합니다.")
    service = services.report_file


class ReportReview(AcceptOrNot, ReportAction):
    permission = "rollout.review_report"
    form_class = forms.ReviewForm
    success_message = _("보고 검토 결과를 기록했습니다.")
    service = services.report_review


def idea_plan(request, idea_pk: int):
    """The idea page's link: the idea's plan, if it has one."""
    from django.shortcuts import redirect

    plan = get_object_or_404(RolloutPlan, idea_id=idea_pk)
    return redirect(plan)


def board_workbook(request):
    """The board's plans (same scope and filters) as a rollout workbook, streamed from a
    temporary file as the exports app hands out its workbooks."""
    import tempfile

    from django.http import FileResponse

    from rollout.exports import build_rollout_workbook, rollout_filename

    require(request, "rollout.view_board")
    scoped = permissions.board_scope(request.user, RolloutPlan.objects.all())
    params = request.GET.copy()
    health = params.pop("health", [""])[-1]
    filterset = PlanFilter(params, queryset=selectors.with_health(scoped))
    plans = filterset.qs if filterset.is_valid() else scoped.none()
    if health in RolloutPlan.Health.values:
        plans = plans.filter(health=health)
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    build_rollout_workbook(plans=RolloutPlan.objects.filter(pk__in=plans.values("pk")), out=out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=rollout_filename(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Directives ------------------------------------------------------------------------------


class DirectiveFollowUpEdit(PageAction):
    """Record or update how a governor's directive is followed (status, due date, notes,
    the plan it belongs to): the responsible bureau's director, the governor's office and
    the planning office."""

    queryset = Directive.objects.select_related("idea", "responsible_bureau")
    visible = "rollout.view_plan"  # every member of staff reads directives (no silos)
    permission = "rollout.follow_up_directive"
    form_class = forms.DirectiveFollowUpForm
    template_name = "rollout/directive_form.html"
    success_message = _("지시사항 이행 상황을 기록했습니다.")
    service = services.directive_follow_up
    object_argument = form_object_argument = "directive"

    def get_initial(self):
        current = DirectiveFollowUp.objects.filter(directive=self.object).first()
        if current is not None:
            return model_to_dict(current, ["status", "due_on", "notes", "drop_reason", "plan"])
        plan = RolloutPlan.objects.filter(idea_id=self.object.idea_id).first()
        return {"due_on": self.object.due_date, "plan": plan.pk if plan else None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(directive=self.object, **kwargs)

    def get_success_url(self, result=None):
        plan = getattr(result, "plan", None)
        return plan.get_absolute_url() if plan else self.object.idea.get_absolute_url()


# Calendars (planning office) -------------------------------------------------------------


def calendars(request):
    """The budget rounds and council sessions the tracks are checked against: every member
    of staff reads them (teams pick a round or a session), the planning office keeps them."""
    require(request, "rollout.view_board")
    return render(
        request,
        "rollout/calendars.html",
        {
            "rounds": BudgetRound.objects.order_by("-fiscal_year", "decision_date", "pk"),
            "sessions": CouncilSession.objects.order_by("-starts_on"),
            "may_manage": rules.has_perm("rollout.manage_calendars", request.user),
        },
    )


@dataclass(frozen=True)
class Calendar:
    """A calendar the planning office keeps: the form of a row (which names its model),
    the service that adds or changes one, the page's heading for each, and the message."""

    form_class: type[forms.CalendarForm]
    service: Callable[..., Any]
    headings: tuple[Any, Any]  # adding, changing
    success_message: Any


class CalendarEdit(PageAction):
    """Add a row to a calendar, or change one (the route with ``pk``). The route names the
    calendar (``calendar``) by the keyword its service takes the row by."""

    permission = "rollout.manage_calendars"
    template_name = "rollout/calendar_form.html"
    success_url = "rollout:calendars"
    calendar = ""
    CALENDARS: ClassVar[dict[str, Calendar]] = {
        "budget_round": Calendar(
            forms.BudgetRoundForm,
            services.budget_round_save,
            (_("예산 편성 일정 추가"), _("예산 편성 일정 고치기")),
            _("예산 편성 일정을 저장했습니다."),
        ),
        "session": Calendar(
            forms.CouncilSessionForm,
            services.council_session_save,
            (_("도의회 회기 추가"), _("도의회 회기 고치기")),
            _("도의회 회기를 저장했습니다."),
        ),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.form_class = self.CALENDARS[self.calendar].form_class
        self.success_message = self.CALENDARS[self.calendar].success_message

    def get_queryset(self):
        return self.form_class.model.objects.all() if "pk" in self.kwargs else None

    def get_initial(self):
        return self.form_class.initial_of(self.object) if self.object is not None else {}

    def get_context_data(self, **kwargs):
        heading = self.CALENDARS[self.calendar].headings[self.object is not None]
        return super().get_context_data(heading=heading, **kwargs)

    def perform(self, form):
        row = {self.calendar: self.object} if self.object is not None else {}
        service = self.CALENDARS[self.calendar].service
        return service(**row, by=self.request.user, **form.cleaned_data)
