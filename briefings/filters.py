"""Filters of the session lists (the API; the schedule page picks a season the same way)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from briefings.models import BriefingSession
from departments.models import Bureau
from ideas.models import Season


class BriefingSessionFilter(django_filters.FilterSet):
    season = django_filters.ModelChoiceFilter(label=_("시즌"), queryset=Season.objects.all())
    bureau = django_filters.ModelChoiceFilter(
        label=_("실·국"), field_name="bureaus", queryset=Bureau.objects.all()
    )
    date_from = django_filters.DateFilter(label=_("이날부터"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("이날까지"), field_name="date", lookup_expr="lte")
    published = django_filters.BooleanFilter(
        label=_("공개 여부"), field_name="published_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = BriefingSession
        fields = ["season", "bureau", "date_from", "date_to", "published"]
