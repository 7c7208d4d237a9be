"""The briefing book's life: requested (by a person, or again because the agenda changed),
built by a Celery task with progress, downloaded. History through core's service."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from briefings.models import BriefingSession
from core.errors import ensure, ensure_allowed
from core.services import history_record
from departments.models import User
from insight import book as book_module
from insight.models import BriefingBook
from insight.permissions import can_download_book

logger = logging.getLogger(__name__)


class BookAction:
    REQUESTED = "book_requested"
    BUILT = "book_built"
    FAILED = "book_failed"


@transaction.atomic
def book_request(*, session: BriefingSession, by: User | None) -> BriefingBook:
    """Queue a (re)build of the session's book; a build already queued for the same agenda
    is left to finish. ``by`` None: the system, because the agenda changed."""
    if by is not None:
        ensure_allowed(
            can_download_book(by, session),
            _("보고회 자료는 기획조정실, 심사위원(도지사실)과 그 실·국장만 만들 수 있습니다."),
        )
    ensure(session.items.exists(), _("안건이 없는 보고회입니다."))
    book, _created = BriefingBook.objects.select_for_update().get_or_create(session=session)
    signature = book_module.agenda_signature(session)
    if book.is_in_progress and book.agenda_signature == signature:
        return book
    book.generation += 1
    book.status = BriefingBook.Status.QUEUED
    book.progress = 0
    book.error = ""
    book.agenda_signature = signature
    book.requested_by = by
    book.requested_at = timezone.now()
    book.save()
    history_record(obj=book, action=BookAction.REQUESTED, by=by)
    generation = book.generation

    def enqueue():
        from insight.tasks import build_briefing_book

        build_briefing_book.delay(book.pk, generation)

    transaction.on_commit(enqueue)
    return book


def book_is_stale(book: BriefingBook) -> bool:
    """The agenda (or the session's date, time or place) changed since the book was asked for."""
    return book.agenda_signature != book_module.agenda_signature(book.session)


def book_refresh_if_stale(*, session: BriefingSession) -> BriefingBook | None:
    """The session's book, rebuilt first when its agenda changed (called whenever the book
    is asked for: its page, the API, a download)."""
    book = BriefingBook.objects.filter(session=session).first()
    if book is not None and not book.is_in_progress and book_is_stale(book):
        book = book_request(session=session, by=None)
    return book


def _progress(book_id: int, generation: int, percent: int) -> None:
    BriefingBook.objects.filter(pk=book_id, generation=generation).update(
        progress=percent, status=BriefingBook.Status.BUILDING
    )


def book_build(*, book_id: int, generation: int) -> BriefingBook | None:
    """Build both files of the requested generation; a late or repeated task does nothing."""
    book = BriefingBook.objects.select_related("session__season").filter(pk=book_id).first()
    if book is None or book.generation != generation or book.status == BriefingBook.Status.READY:
        return None
    try:
        _progress(book_id, generation, 5)
        content = book_module.book_content(book.session)
        _progress(book_id, generation, 20)
        pdf, pages = book_module.render_pdf(content)
        _progress(book_id, generation, 70)
        hwpx = book_module.render_hwpx(content)
        _progress(book_id, generation, 95)
    except Exception as exc:  # noqa: BLE001  (any failure is reported on the book)
        logger.exception("briefing book %s failed", book_id)
        with transaction.atomic():
            updated = BriefingBook.objects.filter(pk=book_id, generation=generation).update(
                status=BriefingBook.Status.FAILED, error=str(exc)[:500]
            )
            if updated:
                history_record(obj=book, action=BookAction.FAILED, reason=str(exc)[:500])
        return None
    with transaction.atomic():
        book = BriefingBook.objects.select_for_update().get(pk=book_id)
        if book.generation != generation:
            return None
        stem = f"briefing-book-{book.session_id}-{generation}"
        # The names now: FieldFile.save() renames the same object.
        old_names = [f.name for f in (book.pdf, book.hwpx) if f]
        book.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        book.hwpx.save(f"{stem}.hwpx", ContentFile(hwpx), save=False)
        book.pages = pages
        book.status = BriefingBook.Status.READY
        book.progress = 100
        book.built_at = timezone.now()
        book.save()
        history_record(obj=book, action=BookAction.BUILT, data={"pages": pages})

        def delete_old():
            for name in old_names:
                book.pdf.storage.delete(name)

        transaction.on_commit(delete_old)
    return book
