"""The pairs the planning office judged not to be duplicates, and the stock phrases that
comparisons read past, in the admin: read only, for whoever reviews duplicates
(``similarity.review_duplicates``). A pair is dismissed on the season's duplicates page
(``similarity.services.pair_dismiss``); stock phrases are found from the library
(``similarity.services.stock_phrases_refresh``), so that the office can see why a clause
shared by many summaries makes no pair, and judge one that says what ideas propose to be
read after all (``services.stock_phrases_overrule``, after a confirmation). The ideas' stored
terms and vectors, and the likely pairs found from them (``SuggestedPair``), are an index
kept by the services and read on that page, not records to look at here.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyByRule
from core.errors import PermissionRefused
from similarity import selectors, services
from similarity.models import DismissedPair, StockPhrase


@admin.register(DismissedPair)
class DismissedPairAdmin(ReadOnlyByRule):
    permission = "similarity.review_duplicates"
    list_display = ["first", "second", "dismissed_by", "dismissed_at"]
    list_select_related = ["first", "second", "dismissed_by"]


@admin.register(StockPhrase)
class StockPhraseAdmin(ReadOnlyByRule):
    permission = "similarity.review_duplicates"
    list_display = ["terms", "ideas", "read_past", "found_at", "overruled_by"]
    list_filter = [("overruled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["overruled_by"]
    search_fields = ["terms"]
    actions = ["overrule", "read_past_again"]

    @admin.display(description=_("비교할 때 건너뜀"), boolean=True)
    def read_past(self, obj):
        return obj.overruled_at is None

    def has_judge_permission(self, request):
        return request.user.has_perm(self.permission)

    @admin.action(
        description=_("선택한 문구는 상투 문구가 아님: 비교할 때 읽기"), permissions=["judge"]
    )
    def overrule(self, request, queryset):
        return self._judge(request, queryset, overruled=True)

    @admin.action(
        description=_("선택한 문구를 다시 상투 문구로: 비교할 때 건너뛰기"), permissions=["judge"]
    )
    def read_past_again(self, request, queryset):
        return self._judge(request, queryset, overruled=False)

    def _judge(self, request, queryset, *, overruled: bool):
        """Asks first (the ideas carrying the phrases are compared again), then judges."""
        phrases = list(selectors.stock_phrases_judged_otherwise(queryset, overruled=overruled))
        if not phrases:
            self.message_user(request, _("바뀌는 문구가 없습니다."), messages.WARNING)
            return None
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/similarity/stockphrase/judge_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("상투 문구 판단 확인"),
                    "opts": self.model._meta,
                    "phrases": phrases,
                    "ideas": sum(p.ideas for p in phrases),
                    "overruled": overruled,
                    "action": request.POST["action"],
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        try:
            again = services.stock_phrases_overrule(
                phrases=phrases, overruled=overruled, by=request.user
            )
        except PermissionRefused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return None
        self.message_user(
            request,
            _(
                "문구 %(phrases)d개를 바꿨습니다. 이 문구를 쓴 아이디어 %(ideas)d건은 오늘 밤 "
                "(또는 시즌 중복 의심 목록의 '지금 비교'로) 다시 비교합니다."
            )
            % {"phrases": len(phrases), "ideas": again},
            messages.SUCCESS,
        )
        return None
