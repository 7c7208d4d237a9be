"""Asking for a workbook, building it, handing it out, and clearing expired files.

``export_request`` is what the page and the API call: it checks the rules, reuses the
person's workbook of the same scope that is still being made (a re-click never starts a
second: the database holds one queued or running job per person and scope), and either
builds a small workbook at once or leaves a large one to the Celery task
(``exports.tasks.build_export``), which calls ``export_build``.

``export_finished`` is the moment a workbook is ready; it runs after the transaction
that marked the job done has committed.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import uuid

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ensure_allowed
from core.services import history_record
from departments.models import Bureau, User
from exports import permissions, selectors
from exports.models import ExportJob
from exports.permissions import ExportScope
from exports.workbooks import build_workbook, workbook_filename
from ideas.models import Season
from notifications import events as notices

logger = logging.getLogger(__name__)

# A workbook of up to this many data rows is built in the request that asks for it (about
# a second); a larger one by a Celery worker, with its progress on the page.
INLINE_MAX_ROWS = 5_000
# How long a finished workbook can be downloaded.
KEEP_FOR = dt.timedelta(hours=24)
# A queued or running job that has not reported for this long is taken for dead (a worker
# killed, a broker lost); the next request starts afresh instead of waiting for it.
STALE_AFTER = dt.timedelta(minutes=10)


class ExportAction:
    """History actions of exports, as stored in HistoryEntry.action."""

    REQUESTED = "export_requested"
    FINISHED = "export_finished"
    FAILED = "export_failed"
    EXPIRED = "export_expired"


def inline_max_rows() -> int:
    return getattr(settings, "EXPORTS_INLINE_MAX_ROWS", INLINE_MAX_ROWS)


def keep_for() -> dt.timedelta:
    return getattr(settings, "EXPORTS_KEEP_FOR", KEEP_FOR)


def refusal(user: User, scope: ExportScope) -> str:
    """Why ``user`` may not export ``scope``, in words for them."""
    if permissions.uses_exports(user) and scope.bureau is not None:
        if user.bureau_id == scope.bureau.pk:
            return _("준비 중인 시즌은 내려받을 수 없습니다.")
        return _("다른 실·국의 자료는 내려받을 수 없습니다. 소속 실·국만 내려받을 수 있습니다.")
    if permissions.uses_exports(user):
        return _("시즌 전체는 기획조정실만 내려받을 수 있습니다. 소속 실·국을 고르세요.")
    return _("엑셀 요약은 기획조정실과 실·국장만 내려받을 수 있습니다.")


def _active_jobs(user: User, scope: ExportScope):
    """The person's queued or running jobs of ``scope`` (one at most: the constraints)."""
    return ExportJob.objects.active().filter(
        requested_by=user, season=scope.season, bureau=scope.bureau
    )


def _active_job(user: User, scope: ExportScope) -> ExportJob | None:
    return _active_jobs(user, scope).select_related("season", "bureau").first()


def _fail_stale(user: User, scope: ExportScope) -> None:
    stale = _active_jobs(user, scope).filter(updated_at__lt=timezone.now() - STALE_AFTER)
    for job in stale:
        _fail(job, _("작업이 멈춰 중단했습니다. 다시 요청하세요."))


def export_request(*, season: Season, bureau: Bureau | None = None, by: User) -> ExportJob:
    """Ask for the workbook of ``season`` (or of one bureau of it) as ``by`` may see it.

    Returns the job: done already for a small workbook, queued for a large one, or the
    job of the same scope that ``by`` asked for before and that is still being made.
    """
    scope = ExportScope(season=season, bureau=bureau)
    ensure_allowed(permissions.can_export(by, scope), refusal(by, scope))
    _fail_stale(by, scope)
    existing = _active_job(by, scope)
    if existing is not None:
        return existing
    rows = selectors.row_count(selectors.plan_for(scope=scope, user=by))
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(
                requested_by=by, season=season, bureau=bureau, rows_total=rows
            )
            history_record(obj=job, action=ExportAction.REQUESTED, by=by)
    except IntegrityError:
        # Two clicks at once: the other one made the job first (the unique constraint).
        existing = _active_job(by, scope)
        if existing is None:
            raise
        return existing
    if rows <= inline_max_rows():
        export_build(job_id=job.pk)
        job.refresh_from_db()
    else:
        from exports.tasks import build_export

        transaction.on_commit(lambda: build_export.delay(job.pk))
    return job


def _claim(job_id: int) -> bool:
    """Mark the job running, unless it is done, failed or being built by a live worker."""
    now = timezone.now()
    return bool(
        ExportJob.objects.filter(pk=job_id)
        .filter(
            Q(status=ExportJob.Status.QUEUED)
            | Q(status=ExportJob.Status.RUNNING, updated_at__lt=now - STALE_AFTER)
        )
        .update(status=ExportJob.Status.RUNNING, started_at=now, rows_written=0, updated_at=now)
    )


def export_build(*, job_id: int, tell: bool = False) -> ExportJob | None:
    """Build the workbook of a queued job and keep it for its requester until it expires.

    Idempotent: a job that is done, failed, or being built by a live worker is left alone
    (returns None). The rules are asked again, as they were when the job was queued.
    ``tell``: the requester is notified when it is ready (a large workbook built by the
    Celery task, which they may have stopped waiting for; a small one is in their hands).
    """
    if not _claim(job_id):
        return None
    job = ExportJob.objects.select_related("season", "bureau", "requested_by").get(pk=job_id)
    user, scope = job.requested_by, job.scope
    if not permissions.can_export(user, scope):
        _fail(job, refusal(user, scope))
        return job
    try:
        plan = selectors.plan_for(scope=scope, user=user)
        total = selectors.row_count(plan)
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total, updated_at=timezone.now())

        def report(rows: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(
                rows_written=min(rows, total), updated_at=timezone.now()
            )

        with tempfile.TemporaryFile(suffix=".xlsx") as out:
            result = build_workbook(
                scope=scope,
                user=user,
                out=out,
                progress=report,
                plan=plan,
                read_ahead=selectors.reads_ahead(total),
            )
            size = out.tell()
            out.seek(0)
            job.file.save(f"{uuid.uuid4().hex}.xlsx", File(out), save=False)
    except Exception:
        logger.exception("Export %s (%s) failed", job.pk, job.scope_label)
        _fail(job, _("엑셀 파일을 만들지 못했습니다. 잠시 뒤 다시 요청하세요."))
        return job
    return _finish(job, rows=result.rows, size=size, tell=tell)


@transaction.atomic
def _finish(job: ExportJob, *, rows: int, size: int, tell: bool = False) -> ExportJob:
    now = timezone.now()
    job.status = ExportJob.Status.DONE
    job.rows_total = max(rows, job.rows_total)
    job.rows_written = rows
    job.size = size
    job.filename = workbook_filename(job.scope, now)
    job.finished_at = now
    job.expires_at = now + keep_for()
    job.save(
        update_fields=[
            "status",
            "rows_total",
            "rows_written",
            "file",
            "size",
            "filename",
            "finished_at",
            "expires_at",
            "updated_at",
        ]
    )
    history_record(obj=job, action=ExportAction.FINISHED, data={"rows": rows, "size": size})
    if tell:
        # In the job's transaction: the inbox notice exists only if the job is marked done;
        # its e-mail leaves after the commit (notifications.services.deliver).
        notices.export_ready(job=job, rows=rows)
    transaction.on_commit(lambda: export_finished(job))
    return job


@transaction.atomic
def _fail(job: ExportJob, message: str) -> None:
    if job.file:
        job.file.delete(save=False)
    job.status = ExportJob.Status.FAILED
    job.error = message[:300]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "file", "finished_at", "updated_at"])
    history_record(obj=job, action=ExportAction.FAILED, reason=message)


def export_finished(job: ExportJob) -> None:
    """A workbook is ready for its requester (called once, after the commit). The
    requester of a large one has been notified in ``_finish``; the page polling the job
    shows the download either way."""
    logger.info(
        "Export %s ready for %s: %s, %s rows, %s bytes",
        job.pk,
        job.requested_by_id,
        job.scope_label,
        job.rows_written,
        job.size,
    )


def exports_delete_expired(*, at: dt.datetime | None = None) -> int:
    """Delete the files of workbooks past their download time (the hourly Celery beat task);
    the jobs stay, marked expired, as the record of who exported what. Returns how many."""
    deleted = 0
    for job in ExportJob.objects.expired(at).only("pk", "file").iterator():
        with transaction.atomic():
            if job.file:
                job.file.delete(save=False)
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportJob.Status.EXPIRED, file="", updated_at=timezone.now()
            )
            history_record(obj=job, action=ExportAction.EXPIRED)
        deleted += 1
    return deleted
