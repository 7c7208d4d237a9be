"""The review filters, for the API lists (and the pages, when they list the same things)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau, User
from ideas.models import Idea, Season
from reviews.models import Assignment, Decision, Directive, ReviewRound


class ReviewRoundFilter(django_filters.FilterSet):
    season = django_filters.ModelChoiceFilter(label=_("시즌"), queryset=Season.objects.all())
    status = django_filters.ChoiceFilter(label=_("상태"), choices=ReviewRound.Status.choices)

    class Meta:
        model = ReviewRound
        fields = ["season", "status"]


class AssignmentFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(
        label=_("심사 차수"), queryset=ReviewRound.objects.all()
    )
    idea = django_filters.ModelChoiceFilter(label=_("아이디어"), queryset=Idea.objects.all())
    reviewer = django_filters.ModelChoiceFilter(label=_("심사위원"), queryset=User.objects.all())
    method = django_filters.ChoiceFilter(label=_("배정 방식"), choices=Assignment.Method.choices)

    class Meta:
        model = Assignment
        fields = ["round", "idea", "reviewer", "method"]


class EvaluationFilter(django_filters.FilterSet):
    """Filters the evaluation queue (assignments, with their evaluation if started)."""

    round = django_filters.ModelChoiceFilter(
        label=_("심사 차수"), queryset=ReviewRound.objects.all()
    )
    idea = django_filters.ModelChoiceFilter(label=_("아이디어"), queryset=Idea.objects.all())
    reviewer = django_filters.ModelChoiceFilter(label=_("심사위원"), queryset=User.objects.all())

    class Meta:
        model = Assignment
        fields = ["round", "idea", "reviewer"]


class DecisionFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(
        label=_("심사 차수"), queryset=ReviewRound.objects.all()
    )
    idea = django_filters.ModelChoiceFilter(label=_("아이디어"), queryset=Idea.objects.all())
    outcome = django_filters.ChoiceFilter(label=_("결과"), choices=Decision.Outcome.choices)
    bureau = django_filters.ModelChoiceFilter(
        label=_("실·국"), field_name="idea__bureau", queryset=Bureau.objects.all()
    )
    path = django_filters.ChoiceFilter(
        label=_("추진 방식"), field_name="implementation_path", choices=Idea.Path.choices
    )

    class Meta:
        model = Decision
        fields = ["round", "idea", "outcome", "bureau", "path"]


class DirectiveFilter(django_filters.FilterSet):
    idea = django_filters.ModelChoiceFilter(label=_("아이디어"), queryset=Idea.objects.all())
    responsible_bureau = django_filters.ModelChoiceFilter(
        label=_("담당 실·국"), queryset=Bureau.objects.all()
    )

    class Meta:
        model = Directive
        fields = ["idea", "responsible_bureau"]
