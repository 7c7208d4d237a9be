"""Award pages: the rounds and their winners, a round's nominations and screening, the
person's own points, the HR ledger export and the verified outcomes. Actions are
``core.actions.PageAction``s: scope, permission, form, one service, message, redirect."""

from __future__ import annotations

import rules
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import importer, permissions, selectors, services, workbooks
from awards.forms import (
    AnnounceForm,
    GradeForm,
    NominationForm,
    PastWinnersImportForm,
    VerifyForm,
)
from awards.models import AwardRound, Nomination, OutcomeMeasurement
from core.actions import PageAction, require


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
    context = {
        "round": award_round,
        "nominations": list(selectors.round_nominations(award_round)),
        "may_nominate": rules.has_perm("awards.nominate_in", request.user, award_round),
        "grade_form": GradeForm() if open_for_screening else None,
        "announce_form": AnnounceForm(initial={"award_date": timezone.localdate()})
        if open_for_screening
        else None,
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

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()


class NominationGrade(PageAction):
    """The planning office's grade of one nomination (a button on the round page)."""

    queryset = Nomination.objects.select_related("round")
    permission = "awards.manage_awards"
    form_class = GradeForm
    success_message = _("등급을 정했습니다.")
    service = services.nomination_score
    object_argument = "nomination"

    def service_arguments(self, form):
        return {"scores": {}, "grade": form.cleaned_data["grade"]}

    def get_success_url(self, result=None):
        return self.object.round.get_absolute_url()


class RoundAnnounce(PageAction):
    queryset = AwardRound.objects.all()
    permission = "awards.manage_awards"
    form_class = AnnounceForm
    success_message = _("발표했습니다. 전 직원에게 알렸습니다.")
    service = services.round_announce
    object_argument = "award_round"


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

    def get_form_kwargs(self):
        return {"initial": {"accept": "1"}, **super().get_form_kwargs()}

    def perform(self, form):
        return services.outcome_verify(
            measurement=self.object, by=self.request.user, **form.cleaned_data
        )


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
