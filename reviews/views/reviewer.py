"""Pages of the governor's office reviewers: the queue, the review screen, directives.

Blind review lives in ``reviews.permissions`` and ``reviews.selectors``: this module never
decides who sees a score. The review screen shows the reviewer's own scores, and those of
the others only as ``evaluations_for_idea`` hands them out (after the round has closed).
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.actions import PageAction, picked, require, visible_or_404
from ideas import selectors as idea_selectors
from ideas.models import Idea
from reviews import selectors, services
from reviews.forms import DirectiveForm, EvaluationForm
from reviews.models import Assignment, Directive, ReviewRound

# The queue ---------------------------------------------------------------------------

QUEUE_PAGE = 100


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
    chosen = picked(
        request,
        rounds,
        lambda r: r.status == ReviewRound.Status.OPEN,  # the open round, else the latest
        param="round",
        missing=_("배정받은 심사 차수가 아닙니다."),
    )
    context = {"rounds": rounds, "round": chosen}
    if chosen is not None:
        done, total = selectors.queue_progress(reviewer=user, review_round=chosen)
        # A page at a time: a reviewer of a large round holds a thousand and more ideas.
        paginator = Paginator(
            selectors.reviewer_queue(reviewer=user, review_round=chosen), QUEUE_PAGE
        )
        paginator.count = total  # known from the progress counts: no second COUNT
        page = paginator.get_page(request.GET.get("page"))
        context |= {
            "assignments": page.object_list,
            "page": page,
            "page_numbers": paginator.get_elided_page_range(page.number),
            "done": done,
            "total": total,
            "percent": round(done * 100 / total) if total else 0,
            "next_up": selectors.next_to_score(reviewer=user, review_round=chosen)
            if chosen.status == ReviewRound.Status.OPEN
            else None,
        }
    return render(request, "reviews/queue.html", context)


# The review screen ---------------------------------------------------------------------


class Evaluate(PageAction):
    """One idea beside its scoring form; ``action`` is ``draft`` or ``submit``."""

    queryset = Assignment.objects.select_related("round__season", "reviewer", "idea")
    form_class = EvaluationForm
    template_name = "reviews/evaluate.html"
    invalid_status = 400

    def get_object(self):
        assignment = super().get_object()
        if assignment.reviewer_id != self.request.user.pk:
            # Another reviewer's assignment: its scores are not theirs to read, even empty.
            raise PermissionDenied
        return assignment

    def has_permission(self):
        # Anyone assigned reads the screen; scoring asks the rule (round open, not yet sent).
        self.may_score = rules.has_perm("reviews.score", self.request.user, self.object)
        return self.may_score or self.request.method != "POST"

    def get_form_kwargs(self):
        review_round, user = self.object.round, self.request.user
        self.idea = idea_selectors.idea_detail(pk=self.object.idea_id)
        self.criteria = list(review_round.criteria.all())
        visible = list(
            selectors.evaluations_for_idea(idea=self.idea, review_round=review_round, user=user)
        )
        self.mine = next((e for e in visible if e.reviewer_id == user.pk), None)
        self.others = [e for e in visible if e.reviewer_id != user.pk]
        initial = EvaluationForm.initial_for(self.mine)
        return {**super().get_form_kwargs(), "criteria": self.criteria, "initial": initial}

    def submitting(self) -> bool:
        return self.request.POST.get("action") == "submit"

    def perform(self, form):
        save = services.evaluation_submit if self.submitting() else services.evaluation_save_draft
        return save(
            assignment=self.object,
            by=self.request.user,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
        )

    def succeeded(self, form, result):
        return _after_save(self.request, self.object, submitted=self.submitting())

    def get_context_data(self, **kwargs):
        assignment, form, idea = self.object, kwargs["form"], self.idea
        return {
            "assignment": assignment,
            "round": assignment.round,
            "idea": idea,
            "may_score": self.may_score,
            "evaluation": self.mine,
            "others": self.others,
            "criteria": self.criteria,
            **_queue_position(assignment),
            "budget": f"{idea.budget_estimate_krw:,}" if idea.budget_estimate_krw else "",
            # Back from an error, the cursor goes to the first field to fix.
            "autofocus_error": next((name for name in form.fields if name in form.errors), None),
            **kwargs,
        }


def _queue_position(assignment: Assignment) -> dict:
    """Where the assignment stands in the reviewer's queue, and its neighbours."""
    where = selectors.queue_position(assignment=assignment)
    return {
        "position": where.position,
        "total": where.total,
        "previous": where.previous,
        "next": where.next,
    }


def _after_save(request, assignment: Assignment, *, submitted: bool):
    title = assignment.idea.title or _("(제목 없음)")
    if not submitted:
        messages.success(request, _("임시 저장했습니다: %(title)s") % {"title": title})
        return redirect("reviews:evaluate", pk=assignment.pk)
    following = selectors.next_to_score_after(assignment=assignment)
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


class DirectiveCreate(PageAction):
    """Record what the governor said about an idea (도지사 지시사항)."""

    queryset = Idea.objects.select_related("season", "bureau")
    lookup_url_kwarg = "idea_pk"
    visible = "ideas.view_idea"
    permission = "reviews.record_directive"
    form_class = DirectiveForm
    template_name = "reviews/directive_form.html"
    success_message = gettext_lazy("지시사항을 기록했습니다.")
    invalid_status = 400
    service = services.directive_record
    object_argument = "idea"
    success_url_of = "object"

    def get_initial(self):
        return {"responsible_bureau": self.object.bureau_id}

    def get_context_data(self, **kwargs):
        return super().get_context_data(idea=self.object, **kwargs)


class DirectiveDelete(PageAction):
    queryset = Directive.objects.select_related("idea")
    permission = "reviews.change_directive"
    success_message = gettext_lazy("지시사항을 지웠습니다.")
    service = services.directive_delete
    object_argument = "directive"
    success_url_of = "object.idea"


# The idea page's review panel --------------------------------------------------------------


@require_GET
def idea_panel(request, idea_pk: int):
    """Published decisions and the directives of an idea: an htmx fragment of the idea page
    (templates/ideas/idea_detail.html), or a page of its own without JavaScript."""
    ideas = Idea.objects.select_related("season", "bureau")
    idea = visible_or_404(request, ideas, "ideas.view_idea", pk=idea_pk)
    decisions = [
        d
        for d in selectors.decision_history(idea=idea)
        if d.is_current and _can(request, "reviews.view_decision", d)
    ]
    directives = list(selectors.directives_for_idea(idea=idea))
    for directive in directives:
        directive.may_change = _can(request, "reviews.change_directive", directive)
        directive.may_follow_up = _can(request, "rollout.follow_up_directive", directive)
    context = {
        "idea": idea,
        "decisions": decisions,
        "directives": directives,
        "may_record": _can(request, "reviews.record_directive"),
    }
    if request.htmx:
        return render(request, "reviews/includes/idea_review_content.html", context)
    return render(request, "reviews/idea_panel.html", context)


def _can(request, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, request.user, obj)
