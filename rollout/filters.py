"""The board's filters, shared by the page and the API list."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau
from ideas.models import Idea, Season
from rollout.models import RolloutPlan


class PlanFilter(django_filters.FilterSet):
    season = django_filters.ModelChoiceFilter(label=_("시즌"), queryset=Season.objects.all())
    bureau = django_filters.ModelChoiceFilter(label=_("실·국"), queryset=Bureau.objects.all())
    path = django_filters.ChoiceFilter(
        label=_("추진 방식"), choices=Idea.Path.choices, method="filter_path"
    )
    health = django_filters.ChoiceFilter(label=_("추진 상태"), choices=RolloutPlan.Health.choices)

    class Meta:
        model = RolloutPlan
        fields = ["season", "bureau", "path", "health"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "krds-form-select"

    def filter_path(self, queryset, name, value):
        return queryset.filter(Q(**{f"path_{value}": True}))
