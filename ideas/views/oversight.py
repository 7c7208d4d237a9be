"""Pages of the planning office and bureau directors, and the idea library.

Each view scopes its object, asks ``ideas.permissions`` (through ``has_perm``), validates
with a form, calls ``ideas.services`` and answers. A service's ``BusinessRuleError`` is
shown at the form's fields (or, for the buttons posted from other pages, as messages).
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.actions import PageAction, back, picked, require
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
    style_filter_form,
)
from ideas.models import Exemption, Idea, QuotaStatus, Season
from participation.selectors import with_engagement

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


# The idea library -------------------------------------------------------------------


def library(request):
    """Every submitted idea of every season, for all staff; filters are the API's."""
    ideas = IdeaFilter(request.GET, queryset=selectors.library(user=request.user), request=request)
    style_filter_form(ideas.form)
    qs = selectors.in_library_order(ideas.qs)
    # 공감 and comment counts, for the page's rows only (participation): the paginator
    # cuts the page's ids first, then reads those rows with their counts.
    page = LargeListPaginator(with_engagement(qs), IDEAS_PER_PAGE).get_page(request.GET.get("page"))
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
    seasons = list(selectors.seasons_with_idea_counts(request.user))
    for season in seasons:
        season.actions = season_actions(season)
    context = {"seasons": seasons, "manages": rules.has_perm("ideas.manage_season", request.user)}
    return render(request, "ideas/season_list.html", context)


class SeasonCreate(PageAction):
    permission = "ideas.manage_season"
    form_class = SeasonForm
    template_name = "ideas/season_form.html"
    success_message = gettext_lazy("%(name)s 시즌을 만들었습니다.")
    success_url = "ideas:season_list"
    service = services.season_create

    def get_context_data(self, **kwargs):
        return super().get_context_data(season=self.object, **kwargs)

    def message_values(self, form, result):
        return {"name": result.name}


class SeasonEdit(SeasonCreate):
    queryset = Season.objects.all()
    success_message = gettext_lazy("%(name)s 시즌을 고쳤습니다.")
    service = services.season_update
    object_argument = "season"

    def get_initial(self):
        return SeasonForm.initial_for(self.object)


class SeasonTransition(PageAction):
    """GET asks for confirmation of ``?to=``; POST makes the move."""

    queryset = Season.objects.all()
    permission = "ideas.manage_season"
    form_class = SeasonTransitionForm
    template_name = "ideas/season_transition.html"

    def get_form_kwargs(self):
        request = self.request
        return {"data": request.POST if request.method == "POST" else request.GET}

    def render(self, form, status=200):
        season = self.object
        action = form.is_valid() and next(
            (a for a in season_actions(season) if a["to"] == form.cleaned_data["to"]), None
        )
        if not action:
            messages.error(
                self.request,
                _("%(status)s 상태의 시즌에는 할 수 없는 변경입니다.")
                % {"status": season.get_status_display()},
            )
            return redirect("ideas:season_list")
        context = {
            "season": season,
            "action": action,
            "target": Season.Status(action["to"]),
            "effect": TRANSITION_EFFECTS[action["to"]],
            "next": self.request.GET.get("next", ""),
        }
        return render(self.request, self.template_name, context)

    def perform(self, form):
        return services.season_transition(
            season=self.object, to=form.cleaned_data["to"], by=self.request.user
        )

    def get_success_message(self, form, result):
        return _("%(name)s 시즌이 '%(status)s' 상태가 되었습니다.") % {
            "name": result.name,
            "status": result.get_status_display(),
        }

    def redirect(self, result):
        return back(self.request, reverse("ideas:season_list"))

    def refused(self, form, exc):
        messages.error(self.request, exc.message)
        return self.redirect(None)


def season_overview(request, pk: int):
    """Counts by bureau and state, quota status by bureau, and who is still missing."""
    season = get_object_or_404(Season, pk=pk)
    require(request, "ideas.view_season_overview")
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
    require(request, "ideas.view_bureau_overview", bureau)
    manages = rules.has_perm("ideas.manage_season", request.user)
    if manages and request.GET.get("bureau", "").isdigit():
        # The bureau picker of the planning office (a GET form, so it works without JS).
        target = reverse("ideas:bureau_overview", args=[request.GET["bureau"]])
        return redirect(f"{target}?{urlencode({'season': request.GET.get('season', '')})}")

    seasons = list(selectors.seasons_for(request.user))
    season = picked(request, seasons, Season.is_started, missing=_("시즌을 찾을 수 없습니다."))
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


def _representative_candidates(season: Season, bureau: Bureau):
    if not season.representative_per_division:
        return None
    return (
        Idea.objects.submitted()
        .filter(season=season, bureau=bureau)
        .select_related("season", "bureau", "division")
        .order_by("division__display_order", "division__name", "reference_number")
    )


class ExemptionDecide(PageAction):
    queryset = Exemption.objects.select_related("season", "bureau")
    permission = "ideas.decide_exemption"
    form_class = ExemptionDecisionForm
    aliases: ClassVar[dict[str, str]] = {"decision_note": "note"}
    service = services.exemption_decide
    object_argument = "exemption"

    def service_arguments(self, form):
        data = form.cleaned_data
        return {"approve": data["decision"] == "approve", "note": data["note"]}

    def get_success_message(self, form, result):
        message = (
            _("%(team)s의 제출 예외를 승인했습니다.")
            if form.cleaned_data["decision"] == "approve"
            else _("%(team)s의 제출 예외를 반려했습니다.")
        )
        return message % {"team": self.object.team_name}

    def get_success_url(self, result=None):
        exemption = self.object
        default = reverse("ideas:bureau_overview", args=[exemption.bureau_id])
        return f"{default}?season={exemption.season_id}"


# Buttons of the idea detail page ----------------------------------------------------


class IdeaButton(PageAction):
    queryset = Idea.objects.select_related("season", "bureau")
    object_argument = "idea"


class IdeaSendBack(IdeaButton):
    permission = "ideas.send_back_idea"
    form_class = SendBackForm
    success_message = gettext_lazy("%(number)s을(를) 팀에 보완 요청했습니다.")
    service = services.idea_send_back

    def message_values(self, form, result):
        return {"number": self.object.reference_number}


class IdeaMarkRepresentative(IdeaButton):
    permission = "ideas.mark_representative"
    success_message = gettext_lazy("%(title)s을(를) %(division)s의 대표 과제로 지정했습니다.")
    service = services.idea_mark_representative

    def message_values(self, form, result):
        return {"title": self.object.title, "division": self.object.division_name}


class IdeaLinkDuplicate(IdeaButton):
    permission = "ideas.link_duplicate"
    form_class = DuplicateLinkForm
    aliases: ClassVar[dict[str, str]] = {"duplicate_of": "original"}
    service = services.idea_link_duplicate
    success_url_of = "object"

    def get_success_message(self, form, result):
        original = form.cleaned_data["original"]
        if original is None:
            return _("중복 연결을 해제했습니다.")
        return _("%(number)s의 중복으로 연결했습니다.") % {"number": original.reference_number}
