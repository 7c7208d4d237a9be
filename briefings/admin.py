"""Briefing schedules and sessions in the admin: read only for the planning office.

Every change goes through the pages or the API (``briefings.services``): they check the
working days and overlaps and keep each session's calendar UID and sequence. The days the
scheduler skips are kept in the admin under 일정 예외일 (core.CalendarDay).
"""

from __future__ import annotations

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from briefings.models import AgendaItem, BriefingSchedule, BriefingSession


class ReadOnly(ObjectPermissionsModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["order", "start_time", "end_time", "idea"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("briefings.view_agendaitem")


@admin.register(BriefingSchedule)
class BriefingScheduleAdmin(ReadOnly):
    list_display = ["season", "status", "starts_on", "ends_on", "requested_at", "published_at"]
    list_filter = ["status"]
    list_select_related = ["season"]


@admin.register(BriefingSession)
class BriefingSessionAdmin(ReadOnly):
    list_display = ["title", "season", "date", "start_time", "end_time", "place", "published_at"]
    list_filter = ["season", "date"]
    list_select_related = ["season"]
    search_fields = ["title"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline]
