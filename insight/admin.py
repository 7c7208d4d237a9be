"""The governors' briefing books in the admin, beside their sessions: read only, for whoever
manages the briefing schedules (``briefings.manage_schedules``), to see a book's state and
a failed build's error. A book is built by the task that ``insight.services`` starts.
"""

from django.contrib import admin

from core.admin import ReadOnlyByRule
from insight.models import BriefingBook


@admin.register(BriefingBook)
class BriefingBookAdmin(ReadOnlyByRule):
    permission = "briefings.manage_schedules"
    list_display = ["session", "status", "progress", "pages", "requested_at", "built_at"]
    list_filter = ["status"]
    list_select_related = ["session"]
