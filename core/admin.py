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


class ReadOnlyByRule(admin.ModelAdmin):
    """A read-only admin page for whom the `rules` permission `permission` allows.

    Records that only services may change (reviews, export jobs) are shown, never edited:
    the app's own rule, not Django's model permissions, says who sees them.
    """

    permission = ""

    def has_module_permission(self, request):
        return request.user.has_perm(self.permission)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(self.permission)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
