"""Pages of the governor's office reviewers: the queue, the review screen, directives.

Blind review lives in ``reviews.permissions`` and ``reviews.selectors``: this module never
decides who sees a score. The review screen shows the reviewer's own scores, and those of
the others only as ``evaluations_for_idea`` hands them out (after the round has closed).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import BusinessRuleError, PermissionRefused
from ideas import selectors as idea_selectors
from ideas.models import Idea
from reviews import selectors, services
from reviews.forms import DirectiveForm, EvaluationForm, apply_rule_error
from reviews.models import Assignment, Directive, Evaluation, ReviewRound
from reviews.views.common import back, can, require


def _in_order(assignments) -> list[Assignment]:
    """The queue in a steady order (by reference number) for moving between ideas: the
    selector puts what is left first, which would shift as the reviewer submits."""
    return sorted(assignments, key=lambda a: (a.idea.reference_number or "", a.pk))


def _next_to_score(queue: list[Assignment], after: Assignment | None = None):
    """The first assignment not yet submitted, looking past ``after`` first (then wrapping)."""
    if after is not None:
        index = next((i for i, a in enumerate(queue) if a.pk == after.pk), -1)
        queue = queue[index + 1 :] + queue[: max(index, 0)]
    return next((a for a in queue if a.evaluation_status != Evaluation.Status.SUBMITTED), None)


# The queue ---------------------------------------------------------------------------


@require_GET
def queue(request):
    """심사할 아이디어: the rounds the reviewer is assigned in, and the chosen round's queue."""
    require(request, "reviews.review")
    user = request.user
    rounds = list(
        ReviewRound.objects.filter(assignments__reviewer=user)
        .select_related("season")
        .distinct()
        .order_by("-season__submission_opens_at", "order")
    )
    chosen = _chosen_round(request, rounds)
    context = {"rounds": rounds, "round": chosen}
    if chosen is not None:
        assignments = list(selectors.reviewer_queue(reviewer=user, review_round=chosen))
        done, total = selectors.queue_progress(reviewer=user, review_round=chosen)
        context |= {
            "assignments": assignments,
            "done": done,
            "total": total,
            "percent": round(done * 100 / total) if total else 0,
            "next_up": _next_to_score(_in_order(assignments))
            if chosen.status == ReviewRound.Status.OPEN
            else None,
        }
    return render(request, "reviews/queue.html", context)


def _chosen_round(request, rounds: list[ReviewRound]) -> ReviewRound | None:
    wanted = request.GET.get("round", "")
    if wanted:
        chosen = next((r for r in rounds if str(r.pk) == wanted), None)
        if chosen is None:
            raise Http404(_("배정받은 심사 차수가 아닙니다."))
        return chosen
    # The open round, else the latest one.
    return next((r for r in rounds if r.status == ReviewRound.Status.OPEN), None) or (
        rounds[0] if rounds else None
    )


# The review screen ---------------------------------------------------------------------


def evaluate(request, pk: int):
    """One idea beside its scoring form; ``action`` is ``draft`` or ``submit``."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("round__season", "reviewer"), pk=pk
    )
    if assignment.reviewer_id != request.user.pk:
        # Another reviewer's assignment: its scores are not theirs to read, even empty.
        raise PermissionDenied
    review_round = assignment.round
    may_score = can(request, "reviews.score", assignment)
    if request.method == "POST" and not may_score:
        raise PermissionDenied
    idea = idea_selectors.idea_detail(pk=assignment.idea_id)
    criteria = list(review_round.criteria.all())
    visible = list(
        selectors.evaluations_for_idea(idea=idea, review_round=review_round, user=request.user)
    )
    mine = next((e for e in visible if e.reviewer_id == request.user.pk), None)
    others = [e for e in visible if e.reviewer_id != request.user.pk]

    form = EvaluationForm(
        request.POST or None, criteria=criteria, initial=EvaluationForm.initial_for(mine)
    )
    submit = request.POST.get("action") == "submit"
    if request.method == "POST" and form.is_valid():
        save = services.evaluation_submit if submit else services.evaluation_save_draft
        try:
            save(
                assignment=assignment,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            return _after_save(request, assignment, submitted=submit)

    queue_rows = _in_order(
        selectors.reviewer_queue(reviewer=request.user, review_round=review_round)
    )
    index = next((i for i, a in enumerate(queue_rows) if a.pk == assignment.pk), 0)
    context = {
        "assignment": assignment,
        "round": review_round,
        "idea": idea,
        "form": form,
        "may_score": may_score,
        "evaluation": mine,
        "others": others,
        "criteria": criteria,
        "position": index + 1,
        "total": len(queue_rows),
        "previous": queue_rows[index - 1] if index > 0 else None,
        "next": queue_rows[index + 1] if index + 1 < len(queue_rows) else None,
        "budget": f"{idea.budget_estimate_krw:,}" if idea.budget_estimate_krw else "",
        # Back from an error, the cursor goes to the first field to fix.
        "autofocus_error": next((name for name in form.fields if name in form.errors), None),
    }
    return render(request, "reviews/evaluate.html", context, status=400 if form.errors else 200)


def _after_save(request, assignment: Assignment, *, submitted: bool):
    title = assignment.idea.title or _("(제목 없음)")
    if not submitted:
        messages.success(request, _("임시 저장했습니다: %(title)s") % {"title": title})
        return redirect("reviews:evaluate", pk=assignment.pk)
    queue_rows = _in_order(
        selectors.reviewer_queue(reviewer=request.user, review_round=assignment.round)
    )
    following = _next_to_score(queue_rows, after=assignment)
    if following is None:
        messages.success(
            request,
            _("%(title)s 심사를 제출했습니다. 배정받은 아이디어를 모두 심사했습니다.")
            % {"title": title},
        )
        return redirect(f"{reverse('reviews:queue')}?round={assignment.round_id}")
    messages.success(
        request, _("%(title)s 심사를 제출했습니다. 다음 아이디어입니다.") % {"title": title}
    )
    return redirect("reviews:evaluate", pk=following.pk)


# Directives ------------------------------------------------------------------------------


def _readable_idea(request, pk: int) -> Idea:
    idea = get_object_or_404(Idea.objects.select_related("season", "bureau"), pk=pk)
    if not can(request, "ideas.view_idea", idea):
        raise Http404
    return idea


def directive_create(request, idea_pk: int):
    """Record what the governor said about an idea (도지사 지시사항)."""
    idea = _readable_idea(request, idea_pk)
    require(request, "reviews.record_directive")
    form = DirectiveForm(request.POST or None, initial={"responsible_bureau": idea.bureau_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_record(idea=idea, by=request.user, **form.cleaned_data)
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            messages.success(request, _("지시사항을 기록했습니다."))
            return redirect(idea)
    return render(
        request,
        "reviews/directive_form.html",
        {"idea": idea, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def directive_delete(request, pk: int):
    directive = get_object_or_404(Directive.objects.select_related("idea"), pk=pk)
    require(request, "reviews.change_directive", directive)
    try:
        services.directive_delete(directive=directive, by=request.user)
    except PermissionRefused:
        raise PermissionDenied from None
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("지시사항을 지웠습니다."))
    return back(request, directive.idea.get_absolute_url())


# The idea page's review panel --------------------------------------------------------------


@require_GET
def idea_panel(request, idea_pk: int):
    """Published decisions and the directives of an idea: an htmx fragment of the idea page
    (templates/ideas/idea_detail.html), or a page of its own without JavaScript."""
    idea = _readable_idea(request, idea_pk)
    decisions = [
        d
        for d in selectors.decision_history(idea=idea)
        if d.is_current and can(request, "reviews.view_decision", d)
    ]
    directives = list(selectors.directives_for_idea(idea=idea))
    for directive in directives:
        directive.may_change = can(request, "reviews.change_directive", directive)
    context = {
        "idea": idea,
        "decisions": decisions,
        "directives": directives,
        "may_record": can(request, "reviews.record_directive"),
    }
    if request.htmx:
        return render(request, "reviews/includes/idea_review_content.html", context)
    return render(request, "reviews/idea_panel.html", context)


urlpatterns = [
    path("", queue, name="queue"),
    path("assignments/<int:pk>/", evaluate, name="evaluate"),
    path("ideas/<int:idea_pk>/directives/new/", directive_create, name="directive_create"),
    path("directives/<int:pk>/delete/", directive_delete, name="directive_delete"),
    path("ideas/<int:idea_pk>/panel/", idea_panel, name="idea_panel"),
]
