"""Pages of the planning office and bureau directors, and the idea library.

Each view scopes its object, asks ``ideas.permissions`` (through ``has_perm``), validates
with a form, calls ``ideas.services`` and answers. A service's ``BusinessRuleError`` is
shown at the form's fields (or, for the buttons posted from other pages, as messages).
"""

from __future__ import annotations

from collections import Counter

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from core.errors import BusinessRuleError, PermissionRefused
from core.forms import apply_rule_error
from core.pagination import LargeListPaginator
from departments.models import Bureau
from ideas import selectors, services
from ideas.filters import IdeaFilter
from ideas.forms.oversight import (
    DuplicateLinkForm,
    ExemptionDecisionForm,
    SeasonForm,
    SeasonTransitionForm,
    SendBackForm,
    messages_of,
    style_filter_form,
)
from ideas.models import Exemption, Idea, QuotaStatus, Season

IDEAS_PER_PAGE = 25

S = Season.Status
# The button for each move the service allows (services.SEASON_TRANSITIONS); forward moves
# are the season's normal course, the others put a season back one step.
TRANSITIONS = {
    (S.DRAFT, S.OPEN): (pgettext_lazy("action", "접수 시작"), True),  # also a field label
    (S.OPEN, S.BRIEFING): (gettext_lazy("보고회 단계로"), True),
    (S.BRIEFING, S.REVIEW): (gettext_lazy("심사 단계로"), True),
    (S.REVIEW, S.CLOSED): (gettext_lazy("시즌 종료"), True),
    (S.OPEN, S.DRAFT): (gettext_lazy("준비로 되돌리기"), False),
    (S.BRIEFING, S.OPEN): (gettext_lazy("접수 중으로 되돌리기"), False),
    (S.REVIEW, S.BRIEFING): (gettext_lazy("보고회로 되돌리기"), False),
    (S.CLOSED, S.REVIEW): (gettext_lazy("심사로 되돌리기"), False),
}
# What a move means for the people using the season, shown on the confirmation page.
TRANSITION_EFFECTS = {
    S.DRAFT: gettext_lazy("시즌이 준비 상태가 되어 기획조정실만 볼 수 있고 제출을 받지 않습니다."),
    S.OPEN: gettext_lazy(
        "접수 기간 안에서는 팀이 아이디어를 작성·제출하고 제출 예외를 신청할 수 있습니다."
    ),
    S.BRIEFING: gettext_lazy(
        "새 제출은 받지 않습니다. 보완 요청된 아이디어는 다시 제출할 수 있고, 실·국장은 대표 과제와 제출 예외를 정할 수 있습니다."
    ),
    S.REVIEW: gettext_lazy("보고회가 끝나고 심사를 시작합니다. 팀은 더 이상 고칠 수 없습니다."),
    S.CLOSED: gettext_lazy("시즌을 마칩니다. 기획조정실의 보완 요청도 더는 할 수 없습니다."),
}
QUOTA_ORDER = [
    QuotaStatus.SUBMITTED,
    QuotaStatus.EXEMPT,
    QuotaStatus.PENDING_EXEMPTION,
    QuotaStatus.MISSING,
]


def season_actions(season: Season) -> list[dict]:
    allowed = services.SEASON_TRANSITIONS.get(season.status, set())
    actions = [
        {"to": to, "label": label, "forward": forward}
        for (start, to), (label, forward) in TRANSITIONS.items()
        if start == season.status and to in allowed
    ]
    return sorted(actions, key=lambda a: not a["forward"])


def _back(request, default: str) -> HttpResponseRedirect:
    """Back to ``next`` when it points into this site, else to ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


def _require(request, perm: str, obj=None) -> None:
    # rules.has_perm, not user.has_perm: the ModelBackend would first query the database
    # for the user's Django permissions, which never grant these.
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def _report(request, form) -> None:
    for message in messages_of(form):
        messages.error(request, message)


# The idea library -------------------------------------------------------------------


def library(request):
    """Every submitted idea of every season, for all staff; filters are the API's."""
    ideas = IdeaFilter(request.GET, queryset=selectors.library(user=request.user))
    style_filter_form(ideas.form)
    # The chosen order (newest first by default), then the id, so pages never overlap.
    qs = ideas.qs.order_by(*(ideas.qs.query.order_by or ["-submitted_at"]), "-pk")
    page = LargeListPaginator(qs, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": ideas.form,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
    }
    if request.htmx and request.htmx.target == "library-results":
        return render(request, "ideas/includes/oversight_library_results.html", context)
    return render(request, "ideas/library.html", context)


# Seasons ----------------------------------------------------------------------------


def season_list(request):
    seasons = list(selectors.seasons_for(request.user))
    for season in seasons:
        season.actions = season_actions(season)
    context = {"seasons": seasons, "manages": rules.has_perm("ideas.manage_season", request.user)}
    return render(request, "ideas/season_list.html", context)


def season_create(request):
    _require(request, "ideas.manage_season")
    form = SeasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            season = services.season_create(by=request.user, **form.cleaned_data)
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            messages.success(request, _("%(name)s 시즌을 만들었습니다.") % {"name": season.name})
            return redirect("ideas:season_list")
    return render(request, "ideas/season_form.html", {"form": form, "season": None})


def season_edit(request, pk: int):
    season = get_object_or_404(Season, pk=pk)
    _require(request, "ideas.manage_season")
    form = SeasonForm(request.POST or None, initial=SeasonForm.initial_for(season))
    if request.method == "POST" and form.is_valid():
        try:
            services.season_update(season=season, by=request.user, **form.cleaned_data)
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            messages.success(request, _("%(name)s 시즌을 고쳤습니다.") % {"name": season.name})
            return redirect("ideas:season_list")
    return render(request, "ideas/season_form.html", {"form": form, "season": season})


def season_transition(request, pk: int):
    """GET asks for confirmation of ``?to=``; POST makes the move."""
    season = get_object_or_404(Season, pk=pk)
    _require(request, "ideas.manage_season")
    form = SeasonTransitionForm(request.POST if request.method == "POST" else request.GET)
    action = None
    if form.is_valid():
        action = next(
            (a for a in season_actions(season) if a["to"] == form.cleaned_data["to"]), None
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.season_transition(season=season, to=form.cleaned_data["to"], by=request.user)
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(name)s 시즌이 '%(status)s' 상태가 되었습니다.")
                % {"name": season.name, "status": season.get_status_display()},
            )
        return _back(request, reverse("ideas:season_list"))
    if action is None:
        messages.error(
            request,
            _("%(status)s 상태의 시즌에는 할 수 없는 변경입니다.")
            % {"status": season.get_status_display()},
        )
        return redirect("ideas:season_list")
    context = {
        "season": season,
        "action": action,
        "target": Season.Status(action["to"]),
        "effect": TRANSITION_EFFECTS[action["to"]],
        "next": request.GET.get("next", ""),
    }
    return render(request, "ideas/season_transition.html", context)


def season_overview(request, pk: int):
    """Counts by bureau and state, quota status by bureau, and who is still missing."""
    season = get_object_or_404(Season, pk=pk)
    _require(request, "ideas.view_season_overview")
    bureaus = list(selectors.season_overview_by_bureau(season=season))
    quota = selectors.quota_counts_by_bureau(season=season)
    states = ["draft_count", "submitted_count", "returned_count", "withdrawn_count"]
    # The totals add up the rows already on the page (one per bureau), so no extra query.
    totals = dict.fromkeys(states, 0) | dict.fromkeys(QUOTA_ORDER, 0)
    for bureau in bureaus:
        counts = quota.get(bureau.pk, {})
        bureau.quota = [counts.get(status, 0) for status in QUOTA_ORDER]
        for state in states:
            totals[state] += getattr(bureau, state)
        for status in QUOTA_ORDER:
            totals[status] += counts.get(status, 0)
    missing = selectors.team_quota(season=season).filter(
        quota_status__in=[QuotaStatus.MISSING, QuotaStatus.PENDING_EXEMPTION]
    )
    context = {
        "season": season,
        "bureaus": bureaus,
        "totals": totals,
        "total_quota": [totals[status] for status in QUOTA_ORDER],
        "quota_labels": [status.label for status in QUOTA_ORDER],
        "missing_teams": missing,
        "actions": season_actions(season),
    }
    return render(request, "ideas/season_overview.html", context)


# A bureau, for its director ----------------------------------------------------------


def bureau_overview(request, bureau_pk: int | None = None):
    """A bureau's teams and quota status, pending exemptions and representative tasks."""
    if bureau_pk is None:
        if request.user.bureau_id is None:
            if rules.has_perm("ideas.manage_season", request.user):
                return redirect("ideas:season_list")
            raise PermissionDenied
        bureau_pk = request.user.bureau_id
    bureau = get_object_or_404(Bureau, pk=bureau_pk)
    _require(request, "ideas.view_bureau_overview", bureau)
    manages = rules.has_perm("ideas.manage_season", request.user)
    if manages and request.GET.get("bureau", "").isdigit():
        # The bureau picker of the planning office (a GET form, so it works without JS).
        target = reverse("ideas:bureau_overview", args=[request.GET["bureau"]])
        return redirect(f"{target}?{urlencode({'season': request.GET.get('season', '')})}")

    seasons = list(selectors.seasons_for(request.user))
    season = _chosen_season(request, seasons)
    context = {"bureau": bureau, "seasons": seasons, "season": season}
    if manages:
        context["bureau_choices"] = Bureau.objects.filter(is_active=True).order_by(
            "display_order", "name"
        )
    if season is not None:
        teams = list(selectors.team_quota(season=season, bureau=bureau))
        # Counted over the bureau's rows already fetched (a few dozen teams at most).
        counts = Counter(team.quota_status for team in teams)
        context |= {
            "teams": teams,
            "quota_counts": [(status, counts.get(status, 0)) for status in QUOTA_ORDER],
            # The bureau too: the decide button asks the rule, which reads exemption.bureau.
            "exemptions": selectors.pending_exemptions(bureau=bureau, season=season).select_related(
                "bureau"
            ),
            "representatives": _representative_candidates(season, bureau),
            "here": request.get_full_path(),
        }
    return render(request, "ideas/bureau_overview.html", context)


def _chosen_season(request, seasons: list[Season]) -> Season | None:
    wanted = request.GET.get("season")
    if wanted:
        chosen = next((s for s in seasons if str(s.pk) == wanted), None)
        if chosen is None:
            raise Http404(_("시즌을 찾을 수 없습니다."))
        return chosen
    # The latest season that is not a draft, else the latest at all.
    return next((s for s in seasons if s.status != Season.Status.DRAFT), None) or (
        seasons[0] if seasons else None
    )


def _representative_candidates(season: Season, bureau: Bureau):
    if not season.representative_per_division:
        return None
    return (
        Idea.objects.submitted()
        .filter(season=season, bureau=bureau)
        .select_related("season", "bureau", "division")
        .order_by("division__display_order", "division__name", "reference_number")
    )


@require_POST
def exemption_decide(request, pk: int):
    exemption = get_object_or_404(Exemption.objects.select_related("season", "bureau"), pk=pk)
    _require(request, "ideas.decide_exemption", exemption)
    form = ExemptionDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.exemption_decide(
                exemption=exemption,
                by=request.user,
                approve=approve,
                note=form.cleaned_data["note"],
            )
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(form, exc, aliases={"decision_note": "note"})
        else:
            message = (
                _("%(team)s의 제출 예외를 승인했습니다.")
                if approve
                else _("%(team)s의 제출 예외를 반려했습니다.")
            )
            messages.success(request, message % {"team": exemption.team_name})
    _report(request, form)
    default = reverse("ideas:bureau_overview", args=[exemption.bureau_id])
    return _back(request, f"{default}?season={exemption.season_id}")


# Buttons of the idea detail page ----------------------------------------------------


def _idea(pk: int) -> Idea:
    return get_object_or_404(Idea.objects.select_related("season", "bureau"), pk=pk)


@require_POST
def idea_send_back(request, pk: int):
    idea = _idea(pk)
    _require(request, "ideas.send_back_idea", idea)
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            services.idea_send_back(idea=idea, by=request.user, reason=form.cleaned_data["reason"])
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            messages.success(
                request,
                _("%(number)s을(를) 팀에 보완 요청했습니다.") % {"number": idea.reference_number},
            )
    _report(request, form)
    return _back(request, idea.get_absolute_url())


@require_POST
def idea_mark_representative(request, pk: int):
    idea = _idea(pk)
    _require(request, "ideas.mark_representative", idea)
    try:
        services.idea_mark_representative(idea=idea, by=request.user)
    except PermissionRefused:
        raise PermissionDenied from None
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(title)s을(를) %(division)s의 대표 과제로 지정했습니다.")
            % {"title": idea.title, "division": idea.division_name},
        )
    return _back(request, idea.get_absolute_url())


@require_POST
def idea_link_duplicate(request, pk: int):
    idea = _idea(pk)
    _require(request, "ideas.link_duplicate", idea)
    form = DuplicateLinkForm(request.POST)
    if form.is_valid():
        original = form.cleaned_data["original"]
        try:
            services.idea_link_duplicate(
                idea=idea, original=original, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(form, exc, aliases={"duplicate_of": "original"})
        else:
            if original is None:
                messages.success(request, _("중복 연결을 해제했습니다."))
            else:
                messages.success(
                    request,
                    _("%(number)s의 중복으로 연결했습니다.")
                    % {"number": original.reference_number},
                )
    _report(request, form)
    return _back(request, idea.get_absolute_url())


urlpatterns = [
    path("", library, name="library"),
    path("seasons/", season_list, name="season_list"),
    path("seasons/new/", season_create, name="season_create"),
    path("seasons/<int:pk>/", season_overview, name="season_overview"),
    path("seasons/<int:pk>/edit/", season_edit, name="season_edit"),
    path("seasons/<int:pk>/transition/", season_transition, name="season_transition"),
    path("bureau/", bureau_overview, name="bureau_overview"),
    path("bureau/<int:bureau_pk>/", bureau_overview, name="bureau_overview"),
    path("exemptions/<int:pk>/decide/", exemption_decide, name="exemption_decide"),
    path("<int:pk>/send-back/", idea_send_back, name="idea_send_back"),
    path("<int:pk>/representative/", idea_mark_representative, name="idea_mark_representative"),
    path("<int:pk>/duplicate/", idea_link_duplicate, name="idea_link_duplicate"),
]
