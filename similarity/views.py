"""The planning office's page of a season's likely duplicate pairs."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideas.models import Idea, Season
from similarity import selectors, services


def _require(request) -> None:
    if not rules.has_perm("similarity.review_duplicates", request.user):
        raise PermissionDenied


def duplicate_pairs(request, season_pk: int):
    """The season's ideas and the library ideas they most likely duplicate, best first."""
    _require(request)
    season = get_object_or_404(Season, pk=season_pk)
    pairs = selectors.likely_duplicate_pairs(season=season)
    return render(request, "similarity/duplicate_pairs.html", {"season": season, "pairs": pairs})


@require_POST
def pair_dismiss(request, season_pk: int):
    _require(request)
    library = Idea.objects.visible_in_library()
    idea = get_object_or_404(library, pk=request.POST.get("idea") or 0)
    other = get_object_or_404(library, pk=request.POST.get("other") or 0)
    services.pair_dismiss(idea=idea, other=other, by=request.user)
    messages.success(
        request,
        _("%(a)s와 %(b)s를 중복 아님으로 표시했습니다.")
        % {"a": idea.reference_number, "b": other.reference_number},
    )
    return HttpResponseRedirect(reverse("similarity:duplicate_pairs", args=[season_pk]))


app_name = "similarity"
urlpatterns = [
    path("seasons/<int:season_pk>/duplicates/", duplicate_pairs, name="duplicate_pairs"),
    path("seasons/<int:season_pk>/duplicates/dismiss/", pair_dismiss, name="pair_dismiss"),
]
