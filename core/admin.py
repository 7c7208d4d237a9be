from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from core.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(ObjectPermissionsModelAdmin):
    list_display = ["date", "is_holiday", "reason", "created_by"]
    list_filter = ["is_holiday"]
    search_fields = ["reason"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
