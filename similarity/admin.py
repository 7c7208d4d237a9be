"""The pairs the planning office judged not to be duplicates, and the stock phrases that
comparisons read past, in the admin: read only, for whoever reviews duplicates
(``similarity.review_duplicates``). A pair is dismissed on the season's duplicates page
(``similarity.services.pair_dismiss``); stock phrases are found from the library
(``similarity.services.stock_phrases_refresh``), so that the office can see why a clause
shared by many summaries makes no pair. The ideas' stored
terms and vectors, and the likely pairs found from them (``SuggestedPair``), are an index
kept by the services and read on that page, not records to look at here.
"""

from django.contrib import admin

from core.admin import ReadOnlyByRule
from similarity.models import DismissedPair, StockPhrase


@admin.register(DismissedPair)
class DismissedPairAdmin(ReadOnlyByRule):
    permission = "similarity.review_duplicates"
    list_display = ["first", "second", "dismissed_by", "dismissed_at"]
    list_select_related = ["first", "second", "dismissed_by"]


@admin.register(StockPhrase)
class StockPhraseAdmin(ReadOnlyByRule):
    permission = "similarity.review_duplicates"
    list_display = ["terms", "ideas", "found_at"]
    search_fields = ["terms"]
