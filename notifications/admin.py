"""Read-only bookkeeping for system admins: inboxes, reminder keys and the e-mail outbox.

A failed e-mail can be sent again from the outbox (an admin action that clears its attempt
count); nothing else is edited here.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from notifications import services
from notifications.models import Notification, Outbox, ReminderDispatch


class ReadOnlyAdmin(ObjectPermissionsModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__full_name", "recipient__username"]
    date_hierarchy = "created_at"


@admin.register(ReminderDispatch)
class ReminderDispatchAdmin(ReadOnlyAdmin):
    list_display = ["kind", "content_type", "object_id", "recipient", "due_date", "created_at"]
    list_filter = ["kind", "due_date"]
    list_select_related = ["recipient", "content_type"]
    search_fields = ["recipient__full_name", "recipient__username"]


@admin.register(Outbox)
class OutboxAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "recipient", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["sent_at", "created_at"]
    actions = ["send_again"]

    @admin.display(description=_("받는 사람"))
    def recipient(self, obj):
        return ", ".join(obj.payload.get("to", []))

    def has_send_again_permission(self, request):
        return request.user.has_perm("notifications.view_outbox")

    @admin.action(description=_("선택한 이메일 다시 보내기"), permissions=["send_again"])
    def send_again(self, request, queryset):
        ids = list(queryset.filter(sent_at__isnull=True).values_list("pk", flat=True))
        Outbox.objects.filter(pk__in=ids).update(attempts=0, last_error="")
        sent = sum(services.outbox_send(outbox_id=pk) is True for pk in ids)
        self.message_user(
            request,
            _("%(sent)d건을 보냈습니다(보낼 것 %(total)d건).") % {"sent": sent, "total": len(ids)},
            messages.SUCCESS if sent == len(ids) else messages.WARNING,
        )
