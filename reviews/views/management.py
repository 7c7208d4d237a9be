"""Pages of the planning office: rounds and criteria, assignments, the ranking, decisions.

Every page action is a ``core.actions.PageAction``: it scopes the round, asks
``reviews.permissions``, validates the form and calls one ``reviews.services`` function;
a refused rule comes back at the form's fields, or as a message for the buttons posted
from a list.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect

from core.actions import MultiFormAction, PageAction, back, picked, require
from ideas import selectors as idea_selectors
from ideas.models import Idea, Season
from reviews import selectors, services
from reviews.forms import (
    AssignmentForm,
    AutoAssignForm,
    BulkDecisionForm,
    CriterionForm,
    CriterionFormSet,
    DecisionForm,
    RankingFilterForm,
    RoundForm,
    SelectTopForm,
)
from reviews.models import DEFAULT_CRITERIA, Assignment, Decision, ReviewRound

ASSIGNMENTS_PER_PAGE = 50
RANKING_PER_PAGE = 50
# The ranking page holds the filter form and the top-N form, both with an "order" field:
# a prefix keeps their ids (and so their labels) apart.
TOP_PREFIX = "top"


def _round_list_url(review_round_or_season) -> str:
    season_id = getattr(review_round_or_season, "season_id", review_round_or_season.pk)
    return f"{reverse('reviews:round_list')}?season={season_id}"


def _default_criteria() -> list[dict]:
    return [
        {"name": str(name), "description": str(text), "weight": weight, "max_score": top}
        for name, text, weight, top in DEFAULT_CRITERIA
    ]


class RoundAction(PageAction):
    """An action of the planning office on one review round."""

    queryset = ReviewRound.objects.select_related("season")
    permission = "reviews.manage_reviews"

    def get_success_url(self, result=None):
        return _round_list_url(self.object)


# Rounds ------------------------------------------------------------------------------


def round_list(request):
    """The review rounds of a season (``?season=``; the latest running season by default)."""
    require(request, "reviews.manage_reviews")
    seasons = list(idea_selectors.seasons_for(request.user))
    season = picked(request, seasons, Season.is_started, missing=_("시즌을 찾을 수 없습니다."))
    rounds = []
    if season is not None:
        rounds = selectors.rounds_of_season(season=season)
    return render(
        request,
        "reviews/round_list.html",
        {"seasons": seasons, "season": season, "rounds": rounds},
    )


class RoundCreate(PageAction):
    """A new round with its criteria (the default five to start from)."""

    queryset = Season.objects.all()
    lookup_url_kwarg = "season_pk"
    permission = "reviews.manage_reviews"
    form_class = RoundForm
    template_name = "reviews/round_form.html"
    success_message = gettext_lazy("%(name)s을(를) 만들었습니다.")
    review_round = None
    frozen = False

    def get_form(self):
        post = self.request.POST if self.request.method == "POST" else None
        self.formset = CriterionFormSet(post, prefix="criteria", initial=self.criteria_initial())
        return RoundForm(post, initial=self.round_initial())

    def round_initial(self) -> dict:
        rounds = ReviewRound.objects.filter(season=self.object).only("order")
        return {"order": max((r.order for r in rounds), default=0) + 1}

    def criteria_initial(self) -> list[dict]:
        return _default_criteria()

    def is_valid(self, form):
        return form.is_valid() and (self.frozen or self.formset.is_valid())

    def perform(self, form):
        return services.round_create(
            season=self.object,
            by=self.request.user,
            criteria=self.formset.criteria(),
            **form.cleaned_data,
        )

    def message_values(self, form, result):
        return {"name": result.name}

    def get_success_url(self, result=None):
        return _round_list_url(self.object)

    def refused(self, form, exc):
        """Round fields go to the round form; ``criteria`` (and the rest) above the criteria."""
        for field, errors in exc.errors.items():
            for message in errors:
                if field in form.fields:
                    form.add_error(field, message)
                else:
                    self.formset.rule_errors = [*getattr(self.formset, "rule_errors", []), message]
        return self.failed(form)

    def render(self, form, status=200):
        review_round = self.review_round
        context = {
            "form": form,
            "formset": self.formset,
            "season": review_round.season if review_round else self.object,
            "round": review_round,
            "frozen": self.frozen,
            "editable": self.editable(),
        }
        posted = form.is_bound and (form.errors or self.formset.errors)
        return render(self.request, self.template_name, context, status=400 if posted else 200)

    def editable(self) -> bool:
        return True


class RoundEdit(RoundCreate):
    queryset = ReviewRound.objects.select_related("season")
    lookup_url_kwarg = "pk"
    success_message = gettext_lazy("%(name)s을(를) 고쳤습니다.")

    def dispatch(self, request, *args, **kwargs):
        self.review_round = review_round = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        # services.criteria_replace refuses once any evaluation (even a draft) exists; the
        # page says so up front instead of letting the planner fill in criteria that cannot
        # be saved.
        self.frozen = review_round.evaluations.exists()
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return self.review_round

    def editable(self) -> bool:
        return rules.has_perm("reviews.change_round", self.request.user, self.review_round)

    def post(self, request, *args, **kwargs):
        if not self.editable():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form(self):
        post = self.request.POST if self.request.method == "POST" else None
        self.formset = CriterionFormSet(
            None if self.frozen else post, prefix="criteria", initial=self.criteria_initial()
        )
        return RoundForm(post, initial=self.round_initial())

    def round_initial(self) -> dict:
        return RoundForm.initial_for(self.review_round)

    def criteria_initial(self) -> list[dict]:
        return [CriterionForm.initial_for(c) for c in self.review_round.criteria.all()]

    def perform(self, form):
        return services.round_update(
            review_round=self.review_round,
            by=self.request.user,
            criteria=None if self.frozen else self.formset.criteria(),
            **form.cleaned_data,
        )


class RoundOpen(RoundAction):
    success_message = gettext_lazy("%(name)s 심사를 시작했습니다.")

    def perform(self, form):
        return services.round_open(review_round=self.object, by=self.request.user)

    def message_values(self, form, result):
        return {"name": self.object.name}


class ConfirmedRoundAction(RoundAction):
    """A round action with consequences for many people: its page says what will happen
    (counts from ``reviews.selectors``) and only its own button, posting ``confirmed``,
    does it. ``next`` (a page of this site) is where the person goes afterwards."""

    confirm_first = True

    def message_values(self, form, result):
        return {"name": self.object.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round=self.object,
            next=self.request.POST.get("next") or self.request.GET.get("next"),
            **kwargs,
        )

    def redirect(self, result):
        return back(self.request, self.get_success_url(result))


class RoundClose(ConfirmedRoundAction):
    """Close the round: the page first says how many evaluations are not submitted."""

    template_name = "reviews/round_close.html"
    success_message = gettext_lazy("%(name)s 심사를 마감했습니다.")
    service = services.round_close
    object_argument = "review_round"

    def get_context_data(self, **kwargs):
        summary = selectors.round_close_summary(review_round=self.object)
        return super().get_context_data(summary=summary, **kwargs)


class RoundPublish(ConfirmedRoundAction):
    """Publish the decisions: the page first says who hears what, and what is undecided."""

    template_name = "reviews/round_publish.html"
    success_message = gettext_lazy(
        "%(name)s 선정 결과를 공개했습니다. 팀과 모든 직원이 결과를 볼 수 있습니다."
    )
    service = services.decisions_publish
    object_argument = "review_round"

    def get_context_data(self, **kwargs):
        summary = selectors.publish_summary(review_round=self.object)
        return super().get_context_data(summary=summary, **kwargs)


# Assignments --------------------------------------------------------------------------


class Assignments(MultiFormAction, RoundAction):
    """Assign by hand (idea, reviewer) or automatically (N per idea); remove before scoring."""

    template_name = "reviews/assignments.html"

    def get_forms(self):
        review_round = self.object
        return {
            "manual": AssignmentForm(self.data_for("manual"), review_round=review_round),
            "auto": AutoAssignForm(
                self.data_for("auto"), initial={"per_idea": review_round.reviewers_per_idea}
            ),
        }

    def perform(self, form):
        review_round, user = self.object, self.request.user
        if self.action == "auto":
            made = services.assignments_auto(
                review_round=review_round, by=user, per_idea=form.cleaned_data["per_idea"]
            )
            return len(made) if hasattr(made, "__len__") else made
        return services.assignment_create(review_round=review_round, by=user, **form.cleaned_data)

    def get_success_message(self, form, result):
        if self.action == "auto":
            return _("%(count)s건을 자동 배정했습니다.") % {"count": result}
        return _("%(idea)s에 %(reviewer)s 심사위원을 배정했습니다.") % {
            "idea": result.idea.reference_number,
            "reviewer": result.reviewer.full_name,
        }

    def get_success_url(self, result=None):
        return reverse("reviews:assignments", args=[self.object.pk])

    def render(self, form, status=200):
        rows = (
            Assignment.objects.filter(round=self.object)
            .select_related("idea", "reviewer__bureau")
            .annotate(evaluation_status=F("evaluation__status"))
            .order_by("idea__reference_number", "reviewer__full_name")
        )
        page = Paginator(rows, ASSIGNMENTS_PER_PAGE).get_page(self.request.GET.get("page"))
        context = self.get_context_data(
            round=self.object,
            page=page,
            page_numbers=page.paginator.get_elided_page_range(page.number),
            conflicted=list(selectors.conflicted_assignments(review_round=self.object)),
        )
        status = 400 if any(f.errors for f in self.all_forms.values()) else 200
        return render(self.request, self.template_name, context, status=status)


class AssignmentRemove(PageAction):
    queryset = Assignment.objects.select_related("round", "idea", "reviewer")
    permission = "reviews.manage_reviews"
    success_message = gettext_lazy("%(idea)s에서 %(reviewer)s 심사위원 배정을 뺐습니다.")

    def perform(self, form):
        return services.assignment_remove(assignment=self.object, by=self.request.user)

    def message_values(self, form, result):
        assignment = self.object
        return {"idea": assignment.idea.reference_number, "reviewer": assignment.reviewer.full_name}

    def get_success_url(self, result=None):
        return reverse("reviews:assignments", args=[self.object.round_id])


# Ranking and decisions -----------------------------------------------------------------


def ranking(request, pk: int):
    # The stamp says whether the stored ranking is fresh (no query of its own).
    rounds = ReviewRound.objects.select_related("season", "ranking_stamp")
    review_round = get_object_or_404(rounds, pk=pk)
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
    # One query reads the page of the stored ranking (rebuilt first if stale, or for a
    # large round the last build while a worker rebuilds it).
    ranked = selectors.ranking_page(
        review_round=review_round,
        page_number=request.GET.get("page") or 1,
        per_page=RANKING_PER_PAGE,
        **selection,
    )
    page = ranked.page
    decisions = selectors.decisions_current(review_round=review_round)
    current = {d.idea_id: d for d in decisions.filter(idea_id__in=[r.idea_id for r in page])}
    manages = rules.has_perm("reviews.manage_reviews", request.user)
    context = {
        "round": review_round,
        "filters": filters,
        "order": selection["order"],
        "count": ranked.count,
        "disagreements": ranked.disagreements,
        "missing": ranked.missing,
        "built_at": ranked.built_at,
        "changes_pending": ranked.changes_pending,
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


class SelectTop(ConfirmedRoundAction):
    """Adopt the top N: the ranking's form comes here, the page lists the ideas it would
    adopt and those it passes over (evaluations missing), and its button adopts them."""

    form_class = SelectTopForm
    template_name = "reviews/select_top.html"
    invalid_status = 400

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "prefix": TOP_PREFIX}

    def perform(self, form):
        return services.decisions_select_top(
            review_round=self.object,
            by=self.request.user,
            outcome=Decision.Outcome.ADOPT,
            **form.cleaned_data,
        )

    def get_success_message(self, form, result):
        return _("상위 %(count)s건을 채택으로 결정했습니다.") % {"count": len(result)}

    def get_success_url(self, result=None):
        return reverse("reviews:ranking", args=[self.object.pk])

    def get_context_data(self, form=None, **kwargs):
        preview = None
        if form is not None and form.is_bound and form.is_valid():
            data = form.cleaned_data
            preview = selectors.top_n(
                review_round=self.object,
                n=data["n"],
                order=data["order"],
                include_incomplete=data["include_incomplete"],
            )
        return super().get_context_data(form=form, preview=preview, **kwargs)


class BulkDecide(ConfirmedRoundAction):
    """One outcome with one reason for the ideas picked on the ranking (``?ideas=``): the
    page lists them with their current decisions and says what will happen."""

    form_class = BulkDecisionForm
    template_name = "reviews/bulk_decide.html"
    invalid_status = 400
    service = services.decisions_record_many

    def get_form_kwargs(self):
        query = self.request.POST if self.request.method == "POST" else self.request.GET
        picked = [int(v) for v in query.getlist("ideas") if v.isdigit()][: RANKING_PER_PAGE * 4]
        kwargs = {**super().get_form_kwargs(), "review_round": self.object, "picked": picked}
        if self.request.method == "GET":
            kwargs["initial"] = {"ideas": picked}
        return kwargs

    def service_arguments(self, form):
        return {"review_round": self.object, **form.cleaned_data}

    def get_success_message(self, form, result):
        return _("%(count)s건의 결정을 기록했습니다.") % {"count": len(result)}

    def get_success_url(self, result=None):
        return reverse("reviews:ranking", args=[self.object.pk])

    def get_context_data(self, form=None, **kwargs):
        picked = form.picked if form is not None else []
        return super().get_context_data(
            form=form,
            picked=picked,
            already_decided=len(form.current) if form is not None else 0,
            published=self.object.decisions_published_at is not None,
            teams=len({idea.team_id for idea in picked}),
            **kwargs,
        )


class Decide(RoundAction):
    """The decision on one idea in a round, with every earlier version of it."""

    form_class = DecisionForm
    template_name = "reviews/decide.html"
    success_message = gettext_lazy("결정을 기록했습니다.")
    invalid_status = 400

    def get_form_kwargs(self):
        review_round = self.object
        self.idea = idea = get_object_or_404(
            Idea.objects.select_related("season", "bureau"),
            pk=self.kwargs["idea_pk"],
            season=review_round.season,
        )
        self.current = next(
            (
                d
                for d in selectors.decisions_current(review_round=review_round)
                if d.idea_id == idea.pk
            ),
            None,
        )
        return {
            **super().get_form_kwargs(),
            "changing": self.current is not None,
            "initial": DecisionForm.initial_for(self.current, idea),
        }

    def perform(self, form):
        return services.decision_record(
            review_round=self.object, idea=self.idea, by=self.request.user, **form.cleaned_data
        )

    def get_success_url(self, result=None):
        return reverse("reviews:decide", args=[self.object.pk, self.idea.pk])

    def get_context_data(self, **kwargs):
        review_round, idea, user = self.object, self.idea, self.request.user
        return {
            "round": review_round,
            "idea": idea,
            "current": self.current,
            "history": [
                d for d in selectors.decision_history(idea=idea) if d.round_id == review_round.pk
            ],
            "evaluations": list(
                selectors.evaluations_for_idea(idea=idea, review_round=review_round, user=user)
            ),
            "criteria": list(review_round.criteria.all()),
            **kwargs,
        }
