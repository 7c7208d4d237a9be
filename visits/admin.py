"""Visit programmes and benchmarking visits in the admin: read only, for the planning
office and system admins (``visits.manage_programmes``).

Every change goes through the pages or the API (``visits.services``): they keep the group
at most four, the programme's window and the approvals' history.
"""

from django.contrib import admin

from core.admin import ReadOnlyByRule
from visits.models import DerivedIdea, Visit, VisitMember, VisitProgramme


class VisitsAdmin(ReadOnlyByRule):
    permission = "visits.manage_programmes"


class VisitMemberInline(admin.TabularInline):
    model = VisitMember
    fields = ["place", "person"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VisitProgramme)
class VisitProgrammeAdmin(VisitsAdmin):
    list_display = ["name", "year", "window_start", "window_end", "report_due_days"]


@admin.register(Visit)
class VisitAdmin(VisitsAdmin):
    list_display = ["institution", "team_name", "starts_on", "ends_on", "status"]
    list_filter = ["status", "programme"]
    list_select_related = ["programme"]
    inlines = [VisitMemberInline]


@admin.register(DerivedIdea)
class DerivedIdeaAdmin(VisitsAdmin):
    list_display = ["visit", "idea", "created_at"]
    list_select_related = ["visit", "idea"]
