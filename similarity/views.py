"""The planning office's page of a season's likely duplicate pairs."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.actions import PageAction, require
from ideas.models import Season
from similarity import selectors, services
from similarity.forms import PairForm

PER_PAGE = 50


def duplicate_pairs(request, season_pk: int):
    """The season's ideas and the library ideas they most likely duplicate, best first,
    a page at a time (a season of templated ideas can hold hundreds of pairs)."""
    require(request, "similarity.review_duplicates")
    season = get_object_or_404(Season, pk=season_pk)
    pairs = selectors.likely_duplicate_pairs(season=season)
    page = Paginator(pairs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "similarity/duplicate_pairs.html",
        {
            "season": season,
            "page": page,
            "pairs": page.object_list,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
        },
    )


class PairDismiss(PageAction):
    """A button on the season's pairs page: the two ideas are not duplicates."""

    queryset = Season.objects.all()
    lookup_url_kwarg = "season_pk"
    permission = "similarity.review_duplicates"
    form_class = PairForm
    template_name = None
    success_message = _("%(a)s와 %(b)s를 중복 아님으로 표시했습니다.")
    service = services.pair_dismiss

    def message_values(self, form, result):
        data = form.cleaned_data
        return {"a": data["idea"].reference_number, "b": data["other"].reference_number}

    def get_success_url(self, result=None):
        url = reverse("similarity:duplicate_pairs", args=[self.object.pk])
        page = self.request.POST.get("page", "")
        return f"{url}?page={page}" if page.isdigit() and page != "1" else url
