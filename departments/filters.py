"""FilterSets of the organisation, shared by the API (``departments.api``) and the org chart
page: one query parameter means the same thing in both places."""

from __future__ import annotations

import django_filters
import rules
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau, Division, Position, Team, User


def _name_contains(queryset, name, value):
    value = value.strip()
    return queryset.filter(name__icontains=value) if value else queryset


class BureauFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("구분"), choices=Bureau.Kind.choices)
    is_active = django_filters.BooleanFilter(label=_("운영 중"))
    q = django_filters.CharFilter(label=_("이름 검색"), method=_name_contains, max_length=100)

    class Meta:
        model = Bureau
        fields = ["kind", "is_active", "q"]


class DivisionFilter(django_filters.FilterSet):
    bureau = django_filters.ModelChoiceFilter(
        label=_("실·국"), queryset=Bureau.objects.all(), empty_label=_("전체 실·국")
    )
    is_active = django_filters.BooleanFilter(label=_("운영 중"))
    q = django_filters.CharFilter(label=_("이름 검색"), method=_name_contains, max_length=100)

    class Meta:
        model = Division
        fields = ["bureau", "is_active", "q"]


class TeamFilter(django_filters.FilterSet):
    bureau = django_filters.ModelChoiceFilter(
        label=_("실·국"),
        field_name="division__bureau",
        queryset=Bureau.objects.all(),
        empty_label=_("전체 실·국"),
    )
    division = django_filters.ModelChoiceFilter(label=_("과"), queryset=Division.objects.all())
    is_active = django_filters.BooleanFilter(label=_("운영 중"))
    q = django_filters.CharFilter(label=_("이름 검색"), method=_name_contains, max_length=100)

    class Meta:
        model = Team
        fields = ["bureau", "division", "is_active", "q"]


class PersonFilter(django_filters.FilterSet):
    bureau = django_filters.ModelChoiceFilter(
        label=_("실·국"), queryset=Bureau.objects.all(), empty_label=_("전체 실·국")
    )
    division = django_filters.ModelChoiceFilter(label=_("과"), queryset=Division.objects.all())
    team = django_filters.ModelChoiceFilter(label=_("팀"), queryset=Team.objects.all())
    position = django_filters.ChoiceFilter(label=_("직위"), choices=Position.choices)
    is_active = django_filters.BooleanFilter(label=_("재직"))
    q = django_filters.CharFilter(
        label=_("성명 또는 사번"), method="filter_name_or_employee_number", max_length=50
    )

    class Meta:
        model = User
        fields = ["bureau", "division", "team", "position", "is_active", "q"]

    def filter_name_or_employee_number(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # 사번 are typed whole or by their first digits; names anywhere in the name. Only those
        # who may see employee numbers (log-in names) search by them.
        user = getattr(self.request, "user", None)
        if user is not None and rules.has_perm("departments.view_employee_number", user):
            return queryset.filter(
                Q(full_name__icontains=value) | Q(employee_number__startswith=value)
            )
        return queryset.filter(full_name__icontains=value)
