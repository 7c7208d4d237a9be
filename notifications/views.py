"""The inbox (알림함): what was sent to the signed-in person, and marking it read.

Scoped to the person: another person's notice is a 404, never a 403 that would confirm it
exists. Reading goes through ``notifications.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications import selectors, services
from notifications.models import Notification

PER_PAGE = 20


def _own(request, pk: int) -> Notification:
    return get_object_or_404(Notification.objects.for_recipient(request.user), pk=pk)


def _safe(request, target: str | None, default: str) -> HttpResponseRedirect:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


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
    notification = _own(request, pk)
    if request.method == "POST":
        services.notification_mark_read(notification=notification, by=request.user)
    return _safe(request, notification.url, reverse("notifications:inbox"))


@require_POST
def notification_read(request, pk: int):
    notification = _own(request, pk)
    services.notification_mark_read(notification=notification, by=request.user)
    return _safe(request, request.POST.get("next"), reverse("notifications:inbox"))


@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(by=request.user)
    if count:
        messages.success(request, _("알림 %(count)d건을 읽음으로 표시했습니다.") % {"count": count})
    return _safe(request, request.POST.get("next"), reverse("notifications:inbox"))


app_name = "notifications"
urlpatterns = [
    path("", inbox, name="inbox"),
    path("<int:pk>/", notification_open, name="open"),
    path("<int:pk>/read/", notification_read, name="read"),
    path("read-all/", notifications_read_all, name="read_all"),
]
