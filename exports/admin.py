"""Export jobs in the admin: read only, for the planning office and system admins.

Jobs are made and run by ``exports.services`` and the worker; the admin only shows them
(``exports.view_jobs_in_admin``).
"""

from django.contrib import admin

from core.admin import ReadOnlyByRule
from exports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyByRule):
    permission = "exports.view_jobs_in_admin"
    list_display = ["filename", "season", "bureau", "status", "requested_by", "created_at"]
    list_filter = ["status", "season"]
    list_select_related = ["season", "bureau", "requested_by"]
    date_hierarchy = "created_at"
