"""Visit pages: the list and plan form, one visit (approve, report, derive an idea), and
the year-end report as a page, a PDF and a workbook."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.errors import BusinessRuleError
from core.forms import apply_rule_error
from visits import reports, selectors, services
from visits.forms import DecideForm, VisitPlanForm, VisitReportForm


def _require(request, perm: str, obj=None) -> None:
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def visit_list(request):
    _require(request, "visits.view_visits")
    form = None
    status = 200
    if rules.has_perm("visits.plan_visit", request.user):
        form = VisitPlanForm(request.POST or None, user=request.user)
        if request.method == "POST":
            if form.is_valid():
                try:
                    visit = services.visit_plan(by=request.user, **form.cleaned_data)
                    return redirect(visit)
                except BusinessRuleError as exc:
                    apply_rule_error(form, exc)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    visits = selectors.visits_list().order_by("-starts_on", "-pk")[:200]
    return render(
        request, "visits/visit_list.html", {"visits": visits, "form": form}, status=status
    )


def visit_detail(request, pk: int):
    visit = get_object_or_404(selectors.visits_list(), pk=pk)
    _require(request, "visits.view_visits")
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    decide_form = report_form = None
    if rules.has_perm("visits.decide_visit", user, visit):
        decide_form = DecideForm(request.POST if action == "decide" else None)
    if rules.has_perm("visits.report_visit", user, visit):
        report_form = VisitReportForm(request.POST if action == "report" else None)
    may_derive = rules.has_perm("visits.derive_idea", user, visit)
    status = 200
    if action:
        form = {"decide": decide_form, "report": report_form}.get(action)
        if action == "derive":
            if not may_derive:
                raise PermissionDenied
            try:
                idea = services.visit_derive_idea(visit=visit, by=user)
                return redirect("ideas:idea_edit", idea.pk)
            except BusinessRuleError as exc:
                return render(
                    request,
                    "visits/visit_detail.html",
                    _context(visit, decide_form, report_form, may_derive, exc.message),
                    status=400,
                )
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                if action == "decide":
                    services.visit_decide(visit=visit, by=user, **form.cleaned_data)
                else:
                    services.visit_report(visit=visit, by=user, **form.cleaned_data)
                return redirect(visit)
            except BusinessRuleError as exc:
                apply_rule_error(form, exc)
        status = 400
    context = _context(visit, decide_form, report_form, may_derive)
    return render(request, "visits/visit_detail.html", context, status=status)


def _context(visit, decide_form, report_form, may_derive, error=None):
    links = list(selectors.derived_with_outcomes([visit.pk]))
    for link in links:
        link.idea.outcome_label = selectors.idea_outcome(link.idea)
    return {
        "visit": visit,
        "decide_form": decide_form,
        "report_form": report_form,
        "may_derive": may_derive,
        "derived": links,
        "derive_error": error,
    }


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def year_report(request):
    _require(request, "visits.view_visits")
    report = selectors.year_report(year=_year(request))
    for visit in report["visits"]:
        for idea in visit.ideas:
            idea.outcome_label = selectors.idea_outcome(idea)
    return render(request, "visits/year_report.html", report)


def year_report_pdf(request):
    _require(request, "visits.view_visits")
    return reports.year_report_pdf_response(year=_year(request))


def year_report_xlsx(request):
    _require(request, "visits.view_visits")
    return reports.year_report_xlsx_response(year=_year(request))
