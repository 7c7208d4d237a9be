"""Award pages: the rounds and their winners, a round's nominations and screening, the
person's own points, the HR ledger export and the verified outcomes."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from awards import exports, permissions, selectors, services
from awards.forms import AnnounceForm, GradeForm, NominationForm, VerifyForm
from awards.models import AwardRound, Nomination, OutcomeMeasurement
from core.errors import BusinessRuleError
from core.forms import apply_rule_error


def _require(request, perm: str, obj=None) -> None:
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def round_list(request):
    manages = bool(
        permissions.manages_awards(request.user) or request.user.position == "bureau_director"
    )
    rounds = selectors.rounds_for(user=request.user, manages=manages)
    return render(request, "awards/awardround_list.html", {"rounds": rounds, "manages": manages})


def round_detail(request, pk: int):
    award_round = get_object_or_404(AwardRound, pk=pk)
    _require(request, "awards.view_round", award_round)
    user = request.user
    nominate_form = announce_form = None
    if rules.has_perm("awards.nominate_in", user, award_round):
        nominate_form = NominationForm(
            request.POST if request.POST.get("action") == "nominate" else None, user=user
        )
    manages = permissions.manages_awards(user)
    if manages and award_round.status != AwardRound.Status.ANNOUNCED:
        announce_form = AnnounceForm(
            request.POST if request.POST.get("action") == "announce" else None,
            initial={"award_date": timezone.localdate()},
        )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "nominate" and nominate_form is not None:
                if nominate_form.is_valid():
                    services.nomination_create(
                        award_round=award_round, by=user, **nominate_form.cleaned_data
                    )
                    return redirect(award_round)
            elif action == "grade" and manages:
                nomination = get_object_or_404(
                    Nomination, pk=request.POST.get("nomination"), round=award_round
                )
                form = GradeForm(request.POST)
                if form.is_valid():
                    services.nomination_score(
                        nomination=nomination, by=user, scores={}, grade=form.cleaned_data["grade"]
                    )
                    return redirect(award_round)
            elif action == "announce" and announce_form is not None:
                if announce_form.is_valid():
                    services.round_announce(
                        award_round=award_round, by=user, **announce_form.cleaned_data
                    )
                    return redirect(award_round)
            else:
                raise PermissionDenied
        except BusinessRuleError as exc:
            target = nominate_form if action == "nominate" else announce_form
            if target is None:
                raise PermissionDenied from exc
            apply_rule_error(target, exc)
        status = 400
    nominations = list(selectors.round_nominations(award_round))
    context = {
        "round": award_round,
        "nominations": nominations,
        "nominate_form": nominate_form,
        "announce_form": announce_form,
        "grade_form": GradeForm() if manages and award_round.status != "announced" else None,
        "manages": manages,
    }
    return render(request, "awards/awardround_detail.html", context, status=status)


def my_points(request):
    _require(request, "awards.view_own_points")
    context = {
        "totals": list(selectors.yearly_totals_of(person_id=request.user.pk)),
        "entries": list(selectors.entries_of(person_id=request.user.pk)),
    }
    return render(request, "awards/my_points.html", context)


def ledger_export(request):
    _require(request, "awards.manage_awards")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return exports.ledger_response(year=year)


def outcomes(request):
    _require(request, "awards.view_outcomes")
    user = request.user
    forms = {}
    status = 200
    if request.method == "POST":
        measurement = get_object_or_404(
            OutcomeMeasurement.objects.select_related("idea"), pk=request.POST.get("measurement")
        )
        _require(request, "awards.verify_outcome", measurement)
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                services.outcome_verify(measurement=measurement, by=user, **form.cleaned_data)
                return redirect("awards:outcomes")
            except BusinessRuleError as exc:
                apply_rule_error(form, exc)
        forms[measurement.pk] = form
        status = 400
    measurements = list(selectors.measurements_for(user=user))
    for m in measurements:
        m.can_verify = permissions.can_verify_outcome(user, m)
        if m.can_verify:
            m.form = forms.get(m.pk) or VerifyForm(initial={"accept": "1"})
    context = {
        "measurements": measurements,
        "by_bureau": selectors.outcome_totals(group_by="bureau"),
        "by_team": selectors.outcome_totals(group_by="team"),
        "government": selectors.outcome_totals(group_by="")[0],
    }
    return render(request, "awards/outcomes.html", context, status=status)


def outcomes_export(request):
    _require(request, "awards.view_outcomes")
    return exports.outcomes_response()
