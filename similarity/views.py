"""The planning office's page of a season's likely duplicate pairs."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.actions import PageAction, require
from core.pagination import LargeListPaginator
from ideas.models import Season
from similarity import selectors, services
from similarity.forms import PairForm

PER_PAGE = 50


def duplicate_pairs(request, season_pk: int):
    """The season's ideas and the library ideas they most likely duplicate, best first,
    a page at a time (a season of templated ideas can hold hundreds of pairs)."""
    require(request, "similarity.review_duplicates")
    season = get_object_or_404(Season, pk=season_pk)
    # Read, not computed: the pairs are stored as ideas are submitted (SuggestedPair).
    page = LargeListPaginator(
        selectors.likely_pairs(season), PER_PAGE, total=lambda: selectors.likely_pairs_total(season)
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "similarity/duplicate_pairs.html",
        {
            "season": season,
            "page": page,
            "pairs": selectors.likely_pairs_of(page.object_list, season=season),
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "pending": selectors.pairs_pending(season).count(),
        },
    )


class PairsCheck(PageAction):
    """A button on the pairs page: compare the season's ideas not yet compared."""

    queryset = Season.objects.all()
    lookup_url_kwarg = "season_pk"
    permission = "similarity.review_duplicates"
    template_name = None
    success_message = _("아이디어 %(n)s건의 비교를 시작했습니다. 끝나는 대로 이 목록에 나옵니다.")
    service = services.season_pairs_check
    object_argument = "season"

    def get_success_message(self, form, result):
        return str(self.success_message) % {"n": f"{result:,}"}  # result: ideas waiting

    def get_success_url(self, result=None):
        return reverse("similarity:duplicate_pairs", args=[self.object.pk])


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
