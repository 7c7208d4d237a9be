"""The idea filters, shared by the list pages, the library and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.forms import LongSelect
from departments.models import Bureau
from ideas import permissions, search
from ideas.models import Idea, Season


class IdeaOrdering(django_filters.OrderingFilter):
    """The shared ordering; by bureau, an idea whose bureau the user is not shown sorts
    as if it had none (its place among the bureaus would say whose it is)."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(p) for p in value if p not in EMPTY_VALUES]
        hidden = None
        if any(o.lstrip("-") == "bureau_name" for o in ordering):
            hidden = self.parent.hidden_from_user()
        if hidden is not None:
            qs = qs.annotate(
                shown_bureau_name=Case(
                    When(hidden, then=Value("")),
                    default=F("bureau_name"),
                    output_field=CharField(),
                )
            )
            ordering = [o.replace("bureau_name", "shown_bureau_name") for o in ordering]
        return qs.order_by(*ordering)


class IdeaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("검색어"), method="filter_search")
    season = django_filters.ModelChoiceFilter(
        label=_("시즌"),
        queryset=Season.objects.exclude(status=Season.Status.DRAFT),
        widget=LongSelect,
    )
    # Blind to the proposer: for a reviewer, a bureau filter leaves out the ideas whose
    # bureau is hidden from them (ideas.permissions.proposer_hidden), or filtering would say
    # whose they are; a sort by bureau puts those ideas with a blank bureau.
    bureau = django_filters.ModelChoiceFilter(
        label=_("실·국"),
        queryset=Bureau.objects.all(),
        method="filter_bureau",
        widget=LongSelect,
        help_text=_(
            "심사 중 제안 팀·작성자를 가린 아이디어(proposer_hidden)는 심사위원이 실·국으로 "
            "거를 때 결과에서 빠집니다."
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("구분"), field_name="season__kind", choices=Season.Kind.choices
    )
    path = django_filters.ChoiceFilter(
        label=_("추진 방식"), field_name="implementation_path", choices=Idea.Path.choices
    )
    status = django_filters.ChoiceFilter(label=_("상태"), choices=Idea.Status.choices)
    is_representative = django_filters.BooleanFilter(label=_("과 대표 과제"))
    ordering = IdeaOrdering(
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

    def hidden_from_user(self) -> Q | None:
        """The ideas whose bureau the signed-in user is not shown (None: none)."""
        user = getattr(self.request, "user", None)
        return permissions.proposer_hidden_q(user) if user is not None else None

    def filter_bureau(self, queryset, name, value):
        if value is None:
            return queryset
        queryset = queryset.filter(bureau=value)
        hidden = self.hidden_from_user()
        return queryset if hidden is None else queryset.exclude(hidden)

    def filter_queryset(self, queryset):
        # The search after every other filter and before the order: it lists its matches
        # in relevance tiers of what the other filters leave (ideas.search).
        data = self.form.cleaned_data
        last = [name for name in ("q", "ordering") if name in data]
        for name in [name for name in data if name not in last] + last:
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value)
