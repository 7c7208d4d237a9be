"""Award pages: the rounds and their winners, a round's nominations and screening, the
person's own points, the HR ledger export and the verified outcomes. Actions are
``core.actions.PageAction``s: scope, permission, form, one service, message, redirect."""

from __future__ import annotations

from types import SimpleNamespace

import rules
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import importer, permissions, selectors, services, workbooks
from awards.forms import (
    AnnounceForm,
    GradeForm,
    LinkVisitForm,
    NominationForm,
    NominationOutcomesForm,
    PastWinnersImportForm,
    VerifyForm,
    VisitRewardsForm,
)
from awards.models import AwardRound, Nomination, OutcomeMeasurement
from core.actions import PageAction, require
from departments.models import User
from ideas.attachments import ALLOWED, download_response
from visits.models import Visit, VisitProgramme


def round_list(request):
    manages = bool(
        permissions.manages_awards(request.user) or request.user.position == "bureau_director"
    )
    rounds = selectors.rounds_for(user=request.user, manages=manages)
    context = {
        "rounds": rounds,
        "manages": manages,
        "can_import": permissions.manages_awards(request.user),
    }
    return render(request, "awards/awardround_list.html", context)


def round_detail(request, pk: int):
    award_round = get_object_or_404(AwardRound, pk=pk)
    require(request, "awards.view_round", award_round)
    manages = permissions.manages_awards(request.user)
    open_for_screening = manages and award_round.status != AwardRound.Status.ANNOUNCED
    nominations = list(selectors.round_nominations(award_round))
    for n in nominations:
        n.may_back = rules.has_perm("awards.back_nomination", request.user, n)
    context = {
        "round": award_round,
        "nominations": nominations,
        "may_nominate": rules.has_perm("awards.nominate_in", request.user, award_round),
        "grade_form": GradeForm() if open_for_screening else None,
        "may_announce": rules.has_perm("awards.announce_round", request.user, award_round),
    }
    return render(request, "awards/awardround_detail.html", context)


class NominationCreate(PageAction):
    queryset = AwardRound.objects.all()
    visible = "awards.view_round"
    permission = "awards.nominate_in"
    form_class = NominationForm
    template_name = "awards/nomination_form.html"
    success_message = _("추천했습니다.")
    form_takes_user = True
    service = services.nomination_create
    object_argument = "award_round"
    success_url_of = "object"

    def get_initial(self):
        visit = self.request.GET.get("visit", "")
        if visit.isdigit():  # "추천하기" on a visit's page: the visit and its division
            found = Visit.objects.filter(pk=visit).values("pk", "division_id").first()
            if found:
                return {"visit": found["pk"], "division": found["division_id"]}
        return {}


def evidence_download(request, pk: int):
    """A nomination's evidence under the name it was uploaded with, for whoever may read
    the nomination (404 when it has none)."""
    nomination = get_object_or_404(Nomination.objects.select_related("round"), pk=pk)
    require(request, "awards.read_nomination", nomination)
    if not nomination.evidence:
        raise Http404(_("증빙 자료가 없습니다."))
    extension = nomination.evidence.name.rsplit(".", 1)[-1].lower()
    kind = ALLOWED.get(extension)
    record = SimpleNamespace(
        file=nomination.evidence,
        original_name=nomination.evidence_name or nomination.evidence.name.rsplit("/", 1)[-1],
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    return download_response(record)


class NominationAction(PageAction):
    """An action on one nomination, from its round's page and back to it."""

    queryset = Nomination.objects.select_related("round")
    object_argument = "nomination"
    success_url_of = "object.round"


class NominationOutcomes(NominationAction):
    """Change the verified work-reduction outcomes behind a nomination (a link on the
    round page, while the round takes nominations)."""

    queryset = Nomination.objects.select_related("round", "bureau", "division")
    permission = "awards.back_nomination"
    form_class = NominationOutcomesForm
    template_name = "awards/nomination_outcomes.html"
    success_message = _("추천을 뒷받침하는 검증 성과를 바꿨습니다.")
    service = services.nomination_set_outcomes
    form_object_argument = "nomination"


class NominationLinkVisit(PageAction):
    """A button on a reported visit's page: put the visit behind an open nomination."""

    queryset = Visit.objects.select_related("bureau")
    permission = "awards.put_forward_visit"
    form_class = LinkVisitForm
    success_message = _("방문을 %(unit)s 추천에 연결했습니다.")
    service = services.nomination_link_visit
    object_argument = form_object_argument = "visit"
    success_url_of = "object"

    def message_values(self, form, result):
        return {"unit": result.unit_name}


class VisitRewards(PageAction):
    """The planning office rewards the units whose visits led to adopted ideas, after
    seeing who gets what (the programme's points per adopted idea)."""

    queryset = VisitProgramme.objects.all()
    permission = "awards.grant_visit_rewards"
    form_class = VisitRewardsForm
    template_name = "awards/visit_rewards.html"
    service = services.visit_rewards_grant
    object_argument = "programme"

    def get_initial(self):
        return {
            "awarded_on": timezone.localdate(),
            "points_per_adopted_idea": self.object.points_per_adopted_idea,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programmes=VisitProgramme.objects.order_by("-year", "-window_start"),
            pending=list(selectors.visit_rewards_pending(programme=self.object)),
            granted=list(selectors.visit_rewards_granted(programme=self.object)),
            **kwargs,
        )

    def get_success_message(self, form, result):
        if not result:
            return str(_("새로 보상할 채택 아이디어가 없습니다."))
        return str(
            _("채택 아이디어 %(count)d건에 부서 가점을 부여했습니다.") % {"count": len(result)}
        )

    def get_success_url(self, result=None):
        return reverse("awards:visit_rewards", args=[self.object.pk])


def visit_rewards_latest(request):
    """The rewards page of the newest programme (the menu's way in)."""
    require(request, "awards.grant_visit_rewards")
    programme = VisitProgramme.objects.order_by("-year", "-window_start").first()
    if programme is None:
        raise Http404(_("벤치마킹 프로그램이 없습니다."))
    return redirect("awards:visit_rewards", pk=programme.pk)


class NominationGrade(NominationAction):
    """The planning office's grade of one nomination (a button on the round page)."""

    permission = "awards.manage_awards"
    form_class = GradeForm
    success_message = _("등급을 정했습니다.")
    service = services.nomination_score

    def service_arguments(self, form):
        return {"scores": {}, "grade": form.cleaned_data["grade"]}


class RoundAnnounce(PageAction):
    """The announcement tells every member of staff and writes the ledger, so the page
    first shows what will be announced and to how many people."""

    queryset = AwardRound.objects.all()
    permission = "awards.announce_round"
    form_class = AnnounceForm
    template_name = "awards/round_announce.html"
    success_message = _("발표했습니다. 전 직원에게 알렸습니다.")
    service = services.round_announce
    object_argument = "award_round"

    def get_initial(self):
        return {"award_date": timezone.localdate()}

    def get_context_data(self, **kwargs):
        nominations = list(selectors.round_nominations(self.object))
        return super().get_context_data(
            winners=[n for n in nominations if n.grade_id],
            ungraded=sum(1 for n in nominations if not n.grade_id),
            staff=User.objects.filter(is_active=True).count(),
            **kwargs,
        )


def my_points(request):
    require(request, "awards.view_own_points")
    context = {
        "totals": list(selectors.yearly_totals_of(person_id=request.user.pk)),
        "entries": list(selectors.entries_of(person_id=request.user.pk)),
    }
    return render(request, "awards/my_points.html", context)


def ledger_export(request):
    require(request, "awards.manage_awards")
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
    return workbooks.ledger_response(year=year)


def outcomes(request):
    require(request, "awards.view_outcomes")
    measurements = list(selectors.measurements_for(user=request.user))
    for m in measurements:
        m.can_verify = permissions.can_verify_outcome(request.user, m)
        m.backed_nominations = [
            n
            for n in m.nominations.all()
            if rules.has_perm("awards.view_round", request.user, n.round)
        ]
    context = {
        "measurements": measurements,
        "by_bureau": selectors.outcome_totals(group_by="bureau"),
        "government": selectors.outcome_totals(group_by="")[0],
    }
    return render(request, "awards/outcomes.html", context)


class OutcomeVerify(PageAction):
    queryset = OutcomeMeasurement.objects.select_related("idea")
    permission = "awards.verify_outcome"
    form_class = VerifyForm
    template_name = "awards/outcome_verify.html"
    success_message = _("검증했습니다.")
    success_url = "awards:outcomes"
    initial = {"accept": "1"}
    service = services.outcome_verify
    object_argument = "measurement"


def outcomes_export(request):
    require(request, "awards.view_outcomes")
    return workbooks.outcomes_response()


class PastWinnersImport(PageAction):
    """Upload the past winners' sheet; every bad row is listed and nothing is saved."""

    permission = "awards.manage_awards"
    form_class = PastWinnersImportForm
    template_name = "awards/past_winners_import.html"
    invalid_status = 400
    success_message = _("과거 수상 %(rounds)d회차, %(winners)d개 부서를 가져왔습니다.")
    success_url = "awards:round_list"

    def perform(self, form):
        return importer.import_past_winners(file=form.cleaned_data["file"], by=self.request.user)

    def succeeded(self, form, result):
        if result.ok:
            return super().succeeded(form, result)
        return self.render(form, status=400, result=result)

    def get_success_message(self, form, result):
        return self.success_message % {"rounds": result.rounds, "winners": result.winners}

    def render(self, form, status=200, result=None):
        context = {
            "form": form,
            "result": result,
            "columns": [importer.COLUMN_LABELS[c] for c in importer.COLUMNS],
        }
        return render(self.request, self.template_name, context, status=status)
