"""The idea filters, shared by the list pages, the library and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau
from ideas import search
from ideas.models import Idea, Season


class IdeaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("검색어"), method="filter_search")
    season = django_filters.ModelChoiceFilter(
        label=_("시즌"), queryset=Season.objects.exclude(status=Season.Status.DRAFT)
    )
    bureau = django_filters.ModelChoiceFilter(label=_("실·국"), queryset=Bureau.objects.all())
    kind = django_filters.ChoiceFilter(
        label=_("구분"), field_name="season__kind", choices=Season.Kind.choices
    )
    path = django_filters.ChoiceFilter(
        label=_("추진 방식"), field_name="implementation_path", choices=Idea.Path.choices
    )
    status = django_filters.ChoiceFilter(label=_("상태"), choices=Idea.Status.choices)
    is_representative = django_filters.BooleanFilter(label=_("과 대표 과제"))
    ordering = django_filters.OrderingFilter(
        label=_("정렬"),
        fields=(
            ("submitted_at", "submitted_at"),
            ("reference_number", "reference_number"),
            ("title", "title"),
            ("bureau_name", "bureau_name"),
            ("updated_at", "updated_at"),
        ),
        # Both directions named in Korean: django-filter's own "(descending)" is not.
        field_labels={
            "submitted_at": _("오래된 제출 순"),
            "-submitted_at": _("최근 제출 순"),
            "reference_number": _("접수번호 순"),
            "-reference_number": _("접수번호 역순"),
            "title": _("제목 가나다 순"),
            "-title": _("제목 가나다 역순"),
            "bureau_name": _("실·국 가나다 순"),
            "-bureau_name": _("실·국 가나다 역순"),
            "updated_at": _("오래된 수정 순"),
            "-updated_at": _("최근 수정 순"),
        },
    )

    class Meta:
        model = Idea
        fields = ["q", "season", "bureau", "kind", "path", "status", "is_representative"]

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value)
