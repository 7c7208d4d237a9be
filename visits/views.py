"""Visit pages: the list, the plan form, one visit (approve, report, derive an idea), and
the year-end report as a page, a PDF and a workbook. Actions are ``PageAction``s."""

from __future__ import annotations

import datetime as dt

import rules
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import selectors as award_selectors
from awards.forms import LinkVisitForm
from core.actions import PageAction, require
from ideas.attachments import download_response
from visits import reports, selectors, services
from visits.forms import AddMemberForm, DecideForm, VisitPlanForm, VisitReportForm
from visits.models import MAX_GROUP_SIZE, Visit, VisitAttachment


def visit_list(request):
    require(request, "visits.view_visits")
    visits = selectors.visits_list().order_by("-starts_on", "-pk")[:200]
    context = {
        "visits": visits,
        "may_plan": rules.has_perm("visits.plan_visit", request.user),
        "may_reward": rules.has_perm("awards.grant_visit_rewards", request.user),
    }
    return render(request, "visits/visit_list.html", context)


def visit_detail(request, pk: int):
    visits = selectors.visits_list().select_related("bureau").prefetch_related("attachments")
    visit = get_object_or_404(visits, pk=pk)
    require(request, "visits.view_visits")
    links = list(selectors.derived_with_outcomes([visit.pk]))
    for link in links:
        link.idea.outcome_label = selectors.idea_outcome(link.idea)
    user = request.user
    may_put_forward = rules.has_perm("awards.put_forward_visit", user, visit)
    context = {
        "visit": visit,
        "attachments": visit.attachments.all(),
        # What became of the visit in the award, and what its director may do with it.
        "nominations": award_selectors.nominations_backed_by(visit=visit, user=user),
        "may_add_member": rules.has_perm("visits.add_member", user, visit),
        "may_put_forward": may_put_forward,
        "open_rounds": award_selectors.rounds_taking_nominations_from(user=user)
        if may_put_forward
        else [],
        "link_form": LinkVisitForm(visit=visit) if may_put_forward else None,
        "derived": links,
        "decide_form": DecideForm() if rules.has_perm("visits.decide_visit", user, visit) else None,
        "may_report": rules.has_perm("visits.report_visit", user, visit),
        "may_derive": rules.has_perm("visits.derive_idea", user, visit),
        "report_due": visit.ends_on + dt.timedelta(days=visit.programme.report_due_days),
    }
    return render(request, "visits/visit_detail.html", context)


class VisitPlan(PageAction):
    permission = "visits.plan_visit"
    form_class = VisitPlanForm
    template_name = "visits/visit_form.html"
    success_message = _("방문 계획을 올렸습니다. 승인을 기다립니다.")
    form_takes_user = True
    service = services.visit_plan


class VisitAction(PageAction):
    """An action on one visit: its service takes it as ``visit``."""

    queryset = Visit.objects.select_related("programme")
    object_argument = "visit"


class VisitAddMember(VisitAction):
    """The organiser or the visit's team adds a person, within the group of four."""

    permission = "visits.add_member"
    form_class = AddMemberForm
    template_name = "visits/visit_member_form.html"
    success_message = _("%(person)s 님을 방문 인원에 더했습니다.")
    service = services.visit_add_member
    aliases = {"members": "person"}
    form_object_argument = "visit"
    success_url_of = "object"

    def message_values(self, form, result):
        return {"person": result.person.full_name}

    def get_context_data(self, **kwargs):
        members = self.object.members.select_related("person")
        return super().get_context_data(members=members, max_size=MAX_GROUP_SIZE, **kwargs)


def attachment_download(request, pk: int):
    """A visit's file under the name it was uploaded with; all staff read visits."""
    require(request, "visits.view_visits")
    return download_response(get_object_or_404(VisitAttachment, pk=pk))


class VisitDecide(VisitAction):
    permission = "visits.decide_visit"
    form_class = DecideForm
    success_message = _("결정했습니다.")
    service = services.visit_decide


class VisitReport(VisitAction):
    permission = "visits.report_visit"
    form_class = VisitReportForm
    template_name = "visits/visit_report_form.html"
    success_message = _("보고서를 제출했습니다.")
    service = services.visit_report


class VisitDeriveIdea(VisitAction):
    """One button: a benchmarking idea draft in the open season, the source filled in."""

    permission = "visits.derive_idea"
    success_message = _("방문 내용을 채운 아이디어 초안을 만들었습니다. 이어서 작성하세요.")
    service = services.visit_derive_idea

    def get_success_url(self, result=None):
        if result is not None:
            return reverse("ideas:idea_edit", args=[result.pk])
        return self.object.get_absolute_url()


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def year_report(request):
    require(request, "visits.view_visits")
    report = selectors.year_report(year=_year(request))
    for visit in report["visits"]:
        for idea in visit.ideas:
            idea.outcome_label = selectors.idea_outcome(idea)
    return render(request, "visits/year_report.html", report)


def year_report_pdf(request):
    require(request, "visits.view_visits")
    return reports.year_report_pdf_response(year=_year(request))


def year_report_xlsx(request):
    require(request, "visits.view_visits")
    return reports.year_report_xlsx_response(year=_year(request))
