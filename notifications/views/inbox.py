"""The inbox (알림함): what was sent to the signed-in person, and marking it read.

Scoped to the person: another person's notice is a 404, never a 403 that would confirm it
exists. Reading goes through ``notifications.services``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.actions import PageAction, back
from notifications import selectors, services
from notifications.models import Notification

PER_PAGE = 20


@require_GET
def inbox(request):
    """알림함: newest first, unread ones marked; ``?unread=1`` shows only those."""
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.inbox(user=request.user, unread_only=unread_only)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "unread_only": unread_only,
        },
    )


@require_http_methods(["GET", "POST"])
def notification_open(request, pk: int):
    """Follow a notice's link; opening it from the inbox (a POST) marks it read. A GET
    (a bookmark, a link checker, a browser's prefetch) only follows the link."""
    notification = get_object_or_404(Notification.objects.for_recipient(request.user), pk=pk)
    if request.method == "POST":
        services.notification_mark_read(notification=notification, by=request.user)
    return back(request, reverse("notifications:inbox"), to=notification.url or "")


class NotificationRead(PageAction):
    success_url = "notifications:inbox"

    def get_queryset(self):
        return Notification.objects.for_recipient(self.request.user)

    def perform(self, form):
        return services.notification_mark_read(notification=self.object, by=self.request.user)


class NotificationsReadAll(PageAction):
    success_url = "notifications:inbox"

    def perform(self, form):
        return services.notifications_mark_all_read(by=self.request.user)

    def get_success_message(self, form, result):
        if not result:
            return ""
        return _("알림 %(count)d건을 읽음으로 표시했습니다.") % {"count": result}
