"""The 403, 404 and 500 pages (handler403/404/500 in config/urls.py)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    # A refusal that says why (core.refusals, a service's PermissionRefused) says it here.
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


@login_not_required
def server_error(request):
    # Rendered without the request: no context processors, so no database and no session,
    # which may be what failed. 500.html stands alone for the same reason.
    return HttpResponseServerError(loader.get_template("500.html").render())
