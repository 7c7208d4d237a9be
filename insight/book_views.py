"""The briefing book's pages: its status with progress, the build request, the downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext_lazy as _

from briefings.models import BriefingSession
from core.actions import PageAction, require, visible_or_404
from core.text import undoubled
from insight import services

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "hwpx": "application/hwp+zip",
}


def _session(request, pk: int) -> BriefingSession:
    session = visible_or_404(
        request, BriefingSession.objects.select_related("season"), "briefings.view_session", pk=pk
    )
    require(request, "insight.download_book", session)
    return session


def book_detail(request, pk: int):
    """The book of a session: build it, watch its progress (htmx polls), download it."""
    session = _session(request, pk)
    book = services.book_refresh_if_stale(session=session)
    context = {"session": session, "book": book}
    template = "insight/includes/book_status.html" if request.htmx else "insight/book_detail.html"
    return render(request, template, context)


class BookRequest(PageAction):
    """The 만들기 button: queue a (re)build of the session's book."""

    queryset = BriefingSession.objects.all()
    visible = "briefings.view_session"
    permission = "insight.download_book"
    success_message = _("보고회 자료를 만들고 있습니다. 이 화면에서 진행 상황을 볼 수 있습니다.")

    def perform(self, form):
        return services.book_request(session=self.object, by=self.request.user)

    def get_success_url(self, result=None):
        return reverse("insight:book", args=[self.object.pk])


def book_download(request, pk: int, fmt: str):
    session = _session(request, pk)
    book = services.book_refresh_if_stale(session=session)
    if book is None or not book.is_ready or fmt not in CONTENT_TYPES:
        raise Http404(_("보고회 자료가 아직 없습니다."))
    file = book.pdf if fmt == "pdf" else book.hwpx
    return file_response(file, undoubled(f"{session.title} 보고회 자료.{fmt}"), CONTENT_TYPES[fmt])


def file_response(file, filename: str, content_type: str) -> FileResponse:
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=utf-8''{escape_uri_path(filename)}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
