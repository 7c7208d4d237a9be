from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from participation.models import Comment


@admin.register(Comment)
class CommentAdmin(ObjectPermissionsModelAdmin):
    """Read-only: comments change through the pages' actions (history kept there)."""

    list_display = ["author", "status", "created_at", "content_type", "object_id"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Comment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
