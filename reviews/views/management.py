"""Pages of the planning office: rounds and criteria, assignments, the ranking, decisions.

Each view scopes its object, asks ``reviews.permissions`` (through ``rules``), validates
with a form, calls ``reviews.services`` and answers. A service's ``BusinessRuleError``
is shown at the form's fields, or as a message for the buttons posted from a list.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core.errors import BusinessRuleError, PermissionRefused
from ideas import selectors as idea_selectors
from ideas.models import Idea, Season
from reviews import selectors, services
from reviews.forms import (
    AssignmentForm,
    AutoAssignForm,
    CriterionForm,
    CriterionFormSet,
    DecisionForm,
    RankingFilterForm,
    RoundForm,
    SelectTopForm,
    apply_rule_error,
)
from reviews.models import DEFAULT_CRITERIA, Assignment, Decision, ReviewRound
from reviews.views.common import back, can, require

ASSIGNMENTS_PER_PAGE = 50
RANKING_PER_PAGE = 50
# The ranking page holds the filter form and the top-N form, both with an "order" field:
# a prefix keeps their ids (and so their labels) apart.
TOP_PREFIX = "top"


def _round(pk: int) -> ReviewRound:
    return get_object_or_404(ReviewRound.objects.select_related("season"), pk=pk)


def _refuse(exc: BusinessRuleError) -> None:
    if isinstance(exc, PermissionRefused):
        raise PermissionDenied from None


# Rounds ------------------------------------------------------------------------------


def round_list(request):
    """The review rounds of a season (``?season=``; the latest running season by default)."""
    require(request, "reviews.manage_reviews")
    seasons = list(idea_selectors.seasons_for(request.user))
    season = _chosen_season(request, seasons)
    rounds = []
    if season is not None:
        rounds = list(selectors.rounds_of_season(season=season).select_related("season"))
    return render(
        request,
        "reviews/round_list.html",
        {"seasons": seasons, "season": season, "rounds": rounds},
    )


def _chosen_season(request, seasons: list[Season]) -> Season | None:
    wanted = request.GET.get("season", "")
    if wanted:
        chosen = next((s for s in seasons if str(s.pk) == wanted), None)
        if chosen is None:
            raise Http404(_("시즌을 찾을 수 없습니다."))
        return chosen
    return next((s for s in seasons if s.status != Season.Status.DRAFT), None) or (
        seasons[0] if seasons else None
    )


def _round_list_url(review_round_or_season) -> str:
    season_id = getattr(review_round_or_season, "season_id", review_round_or_season.pk)
    return f"{reverse('reviews:round_list')}?season={season_id}"


def _default_criteria() -> list[dict]:
    return [
        {"name": str(name), "description": str(text), "weight": weight, "max_score": top}
        for name, text, weight, top in DEFAULT_CRITERIA
    ]


def round_create(request, season_pk: int):
    season = get_object_or_404(Season, pk=season_pk)
    require(request, "reviews.manage_reviews")
    post = request.POST if request.method == "POST" else None
    next_order = (
        max((r.order for r in ReviewRound.objects.filter(season=season).only("order")), default=0)
        + 1
    )
    form = RoundForm(post, initial={"order": next_order})
    formset = CriterionFormSet(post, prefix="criteria", initial=_default_criteria())
    if post is not None and form.is_valid() and formset.is_valid():
        try:
            review_round = services.round_create(
                season=season, by=request.user, criteria=formset.criteria(), **form.cleaned_data
            )
        except BusinessRuleError as exc:
            _refuse(exc)
            _apply_round_error(form, formset, exc)
        else:
            messages.success(
                request, _("%(name)s을(를) 만들었습니다.") % {"name": review_round.name}
            )
            return redirect(_round_list_url(season))
    return render(
        request,
        "reviews/round_form.html",
        {
            "form": form,
            "formset": formset,
            "season": season,
            "round": None,
            "frozen": False,
            "editable": True,
        },
        status=400 if post is not None and (form.errors or formset.errors) else 200,
    )


def round_edit(request, pk: int):
    review_round = _round(pk)
    require(request, "reviews.manage_reviews")
    editable = can(request, "reviews.change_round", review_round)
    # services.criteria_replace refuses once any evaluation (even a draft) exists; the page
    # says so up front instead of letting the planner fill in criteria that cannot be saved.
    frozen = review_round.evaluations.exists()
    post = request.POST if request.method == "POST" and editable else None
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = RoundForm(post, initial=RoundForm.initial_for(review_round))
    formset = CriterionFormSet(
        None if frozen else post,
        prefix="criteria",
        initial=[CriterionForm.initial_for(c) for c in review_round.criteria.all()],
    )
    if post is not None and form.is_valid() and (frozen or formset.is_valid()):
        try:
            with transaction.atomic():
                services.round_update(
                    review_round=review_round, by=request.user, **form.cleaned_data
                )
                if not frozen:
                    services.criteria_replace(
                        review_round=review_round, by=request.user, criteria=formset.criteria()
                    )
        except BusinessRuleError as exc:
            _refuse(exc)
            _apply_round_error(form, formset, exc)
        else:
            messages.success(request, _("%(name)s을(를) 고쳤습니다.") % {"name": review_round.name})
            return redirect(_round_list_url(review_round))
    return render(
        request,
        "reviews/round_form.html",
        {
            "form": form,
            "formset": formset,
            "season": review_round.season,
            "round": review_round,
            "frozen": frozen,
            "editable": editable,
        },
        status=400 if post is not None and (form.errors or formset.errors) else 200,
    )


def _apply_round_error(form, formset, exc: BusinessRuleError) -> None:
    """Round fields go to the round form; ``criteria`` (and the rest) above the criteria."""
    for field, errors in exc.errors.items():
        for message in errors:
            if field in form.fields:
                form.add_error(field, message)
            else:
                formset.rule_errors = [*getattr(formset, "rule_errors", []), message]


@require_POST
def round_open(request, pk: int):
    return _transition(request, pk, services.round_open, _("%(name)s 심사를 시작했습니다."))


@require_POST
def round_close(request, pk: int):
    return _transition(request, pk, services.round_close, _("%(name)s 심사를 마감했습니다."))


@require_POST
def publish(request, pk: int):
    return _transition(
        request,
        pk,
        services.decisions_publish,
        _("%(name)s 선정 결과를 공개했습니다. 팀과 모든 직원이 결과를 볼 수 있습니다."),
    )


def _transition(request, pk: int, service, done: str):
    review_round = _round(pk)
    require(request, "reviews.manage_reviews")
    try:
        service(review_round=review_round, by=request.user)
    except BusinessRuleError as exc:
        _refuse(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"name": review_round.name})
    return back(request, _round_list_url(review_round))


# Assignments --------------------------------------------------------------------------


def assignments(request, pk: int):
    """Assign by hand (idea, reviewer) or automatically (N per idea); remove before scoring."""
    review_round = _round(pk)
    require(request, "reviews.manage_reviews")
    action = request.POST.get("action")
    manual = AssignmentForm(request.POST if action == "manual" else None, review_round=review_round)
    auto = AutoAssignForm(
        request.POST if action == "auto" else None,
        initial={"per_idea": review_round.reviewers_per_idea},
    )
    if action == "manual" and manual.is_valid():
        try:
            made = services.assignment_create(
                review_round=review_round, by=request.user, **manual.cleaned_data
            )
        except BusinessRuleError as exc:
            _refuse(exc)
            apply_rule_error(manual, exc)
        else:
            messages.success(
                request,
                _("%(idea)s에 %(reviewer)s 심사위원을 배정했습니다.")
                % {"idea": made.idea.reference_number, "reviewer": made.reviewer.full_name},
            )
            return redirect("reviews:assignments", pk=review_round.pk)
    if action == "auto" and auto.is_valid():
        try:
            made = services.assignments_auto(
                review_round=review_round, by=request.user, per_idea=auto.cleaned_data["per_idea"]
            )
        except BusinessRuleError as exc:
            _refuse(exc)
            apply_rule_error(auto, exc)
        else:
            count = len(made) if hasattr(made, "__len__") else made
            messages.success(request, _("%(count)s건을 자동 배정했습니다.") % {"count": count})
            return redirect("reviews:assignments", pk=review_round.pk)
    rows = (
        Assignment.objects.filter(round=review_round)
        .select_related("idea", "reviewer__bureau")
        .annotate(evaluation_status=F("evaluation__status"))
        .order_by("idea__reference_number", "reviewer__full_name")
    )
    page = Paginator(rows, ASSIGNMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "round": review_round,
        "manual": manual,
        "auto": auto,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
    }
    status = 400 if manual.errors or auto.errors else 200
    return render(request, "reviews/assignments.html", context, status=status)


@require_POST
def assignment_remove(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.select_related("round", "idea", "reviewer"), pk=pk
    )
    require(request, "reviews.manage_reviews")
    try:
        services.assignment_remove(assignment=assignment, by=request.user)
    except BusinessRuleError as exc:
        _refuse(exc)
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(idea)s에서 %(reviewer)s 심사위원 배정을 뺐습니다.")
            % {"idea": assignment.idea.reference_number, "reviewer": assignment.reviewer.full_name},
        )
    return back(request, reverse("reviews:assignments", args=[assignment.round_id]))


# Ranking and decisions -----------------------------------------------------------------


def ranking(request, pk: int):
    review_round = _round(pk)
    require(request, "reviews.view_scores_of_round", review_round)
    filters = RankingFilterForm(
        request.GET or None, rounds=selectors.rounds_with_visible_scores(user=request.user)
    )
    filters.fields["round"].initial = review_round.pk
    moved = filters.other_round(review_round)
    if moved is not None:
        query = request.GET.copy()
        query.pop("round", None)
        query.pop("page", None)
        target = reverse("reviews:ranking", args=[moved.pk])
        target = f"{target}?{query.urlencode()}" if query else target
        # htmx swaps only the results: another round needs the whole page (title, buttons).
        return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    selection = filters.selection()
    # One query ranks the whole round (the ranks need every row) and returns the page.
    ranked = selectors.ranking_page(
        review_round=review_round,
        page_number=request.GET.get("page") or 1,
        per_page=RANKING_PER_PAGE,
        **selection,
    )
    page = ranked.page
    decisions = selectors.decisions_current(review_round=review_round)
    current = {d.idea_id: d for d in decisions.filter(idea_id__in=[r.idea_id for r in page])}
    manages = can(request, "reviews.manage_reviews")
    context = {
        "round": review_round,
        "filters": filters,
        "order": selection["order"],
        "count": ranked.count,
        "disagreements": ranked.disagreements,
        "missing": ranked.missing,
        "rows": [(row, current.get(row.idea_id)) for row in page],
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
        "manages": manages,
        "decided": decisions.count() if manages else None,
        "select_top": SelectTopForm(initial={"order": selection["order"]}, prefix=TOP_PREFIX)
        if manages
        else None,
    }
    return render(request, "reviews/ranking.html", context)


@require_POST
def select_top(request, pk: int):
    review_round = _round(pk)
    require(request, "reviews.manage_reviews")
    form = SelectTopForm(request.POST, prefix=TOP_PREFIX)
    if form.is_valid():
        try:
            made = services.decisions_select_top(
                review_round=review_round,
                by=request.user,
                outcome=Decision.Outcome.ADOPT,
                **form.cleaned_data,
            )
        except BusinessRuleError as exc:
            _refuse(exc)
            apply_rule_error(form, exc)
        else:
            count = len(made) if hasattr(made, "__len__") else form.cleaned_data["n"]
            messages.success(
                request, _("상위 %(count)s건을 채택으로 결정했습니다.") % {"count": count}
            )
            return back(request, reverse("reviews:ranking", args=[review_round.pk]))
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return back(request, reverse("reviews:ranking", args=[review_round.pk]))


def decide(request, pk: int, idea_pk: int):
    """The decision on one idea in a round, with every earlier version of it."""
    review_round = _round(pk)
    require(request, "reviews.manage_reviews")
    idea = get_object_or_404(
        Idea.objects.select_related("season", "bureau"), pk=idea_pk, season=review_round.season
    )
    current = next(
        (d for d in selectors.decisions_current(review_round=review_round) if d.idea_id == idea.pk),
        None,
    )
    form = DecisionForm(
        request.POST or None,
        changing=current is not None,
        initial=DecisionForm.initial_for(current, idea),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                review_round=review_round, idea=idea, by=request.user, **form.cleaned_data
            )
        except BusinessRuleError as exc:
            _refuse(exc)
            apply_rule_error(form, exc)
        else:
            messages.success(request, _("결정을 기록했습니다."))
            return redirect("reviews:decide", pk=review_round.pk, idea_pk=idea.pk)
    history = [d for d in selectors.decision_history(idea=idea) if d.round_id == review_round.pk]
    evaluations = list(
        selectors.evaluations_for_idea(idea=idea, review_round=review_round, user=request.user)
    )
    context = {
        "round": review_round,
        "idea": idea,
        "form": form,
        "current": current,
        "history": history,
        "evaluations": evaluations,
        "criteria": list(review_round.criteria.all()),
    }
    return render(request, "reviews/decide.html", context, status=400 if form.errors else 200)


urlpatterns = [
    path("rounds/", round_list, name="round_list"),
    path("seasons/<int:season_pk>/rounds/new/", round_create, name="round_create"),
    path("rounds/<int:pk>/edit/", round_edit, name="round_edit"),
    path("rounds/<int:pk>/open/", round_open, name="round_open"),
    path("rounds/<int:pk>/close/", round_close, name="round_close"),
    path("rounds/<int:pk>/publish/", publish, name="publish"),
    path("rounds/<int:pk>/assignments/", assignments, name="assignments"),
    path("assignments/<int:pk>/remove/", assignment_remove, name="assignment_remove"),
    path("rounds/<int:pk>/ranking/", ranking, name="ranking"),
    path("rounds/<int:pk>/select-top/", select_top, name="select_top"),
    path("rounds/<int:pk>/ideas/<int:idea_pk>/decision/", decide, name="decide"),
]
