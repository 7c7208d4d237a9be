from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import JsonResponse
from django.utils.translation import gettext as _


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user, except those marked ``@login_not_required``.

    The API is left to DRF: token callers authenticate inside DRF, after middleware,
    and must get a 401/403 JSON answer rather than a redirect to the log-in page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ApiBodyLimitMiddleware:
    """A JSON 413 for an API request whose declared body is over the limit, answered from
    the Content-Length header before anything reads (or spools to disk) the body.

    The limit is DATA_UPLOAD_MAX_MEMORY_SIZE for JSON and forms, and the attachment limit
    (with room for the multipart envelope) for uploads. Pages keep Django's own handling.
    """

    MULTIPART_MARGIN = 64 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = self._limit(request.META.get("CONTENT_TYPE", ""))
            if limit is not None and length > limit:
                return JsonResponse(
                    {
                        "detail": _("요청 본문이 너무 큽니다(최대 %(size)s바이트).")
                        % {"size": f"{limit:,}"}
                    },
                    status=413,
                )
        return self.get_response(request)

    def _limit(self, content_type: str) -> int | None:
        if content_type.startswith("multipart/"):
            from ideas.attachments import max_attachment_bytes

            return max_attachment_bytes() + self.MULTIPART_MARGIN
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class PrivacyHeadersMiddleware:
    """A Permissions-Policy on every response, and ``Cache-Control: private, no-store`` on
    what a signed-in person is shown (unless the view chose its own), so that a shared PC's
    browser cache or a proxy keeps no copy of a page behind the log-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
