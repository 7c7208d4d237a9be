"""The export page: ask for a season's or a bureau's workbook, follow its progress, fetch it.

A small workbook is built in the request and the browser is sent straight to its download;
a large one is built by a Celery worker while its page shows the progress (htmx polls the
status every two seconds, and the page works without JavaScript on reload).
"""

from __future__ import annotations

import rules
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.actions import PageAction, visible_or_404
from exports import selectors, services
from exports.forms import ExportRequestForm
from exports.models import ExportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own_job(request, pk: int) -> ExportJob:
    """The caller's job; anyone else's is not found (not even its existence is told)."""
    jobs = ExportJob.objects.select_related("season", "bureau")
    return visible_or_404(request, jobs, "exports.view_job", pk=pk)


class JobList(PageAction):
    """The form, and the person's latest exports with their state."""

    permission = "exports.use_exports"
    form_class = ExportRequestForm
    template_name = "exports/exportjob_list.html"
    invalid_status = 400

    def get_form_kwargs(self):
        # ?season=&bureau= pre-fill the form (links from other pages).
        get = self.request.GET
        initial = {
            name: int(get[name]) for name in ("season", "bureau") if get.get(name, "").isdigit()
        }
        return {**super().get_form_kwargs(), "user": self.request.user, "initial": initial}

    def perform(self, form):
        return services.export_request(
            season=form.cleaned_data["season"],
            bureau=form.cleaned_data["bureau"],
            by=self.request.user,
        )

    def get_success_url(self, result=None):
        if result.is_downloadable():
            # Small: built already, straight to the file (303: fetch it with GET).
            return result.get_download_url()
        return result.get_absolute_url()

    def get_context_data(self, **kwargs):
        return {"jobs": selectors.recent_jobs(user=self.request.user), **kwargs}


def job_detail(request, pk: int):
    job = _own_job(request, pk)
    return render(request, "exports/exportjob_detail.html", {"job": job})


@require_GET
def job_status(request, pk: int):
    """The status block alone, for htmx to poll while the workbook is being made."""
    job = _own_job(request, pk)
    return render(request, "exports/includes/exportjob_status.html", {"job": job})


@require_GET
def download(request, pk: int):
    """The workbook, to the person who asked for it, until it expires."""
    job = _own_job(request, pk)
    if not rules.has_perm("exports.download", request.user, job):
        # Not ready, failed or expired: the job's page says which.
        return redirect(job)
    return workbook_response(job)


def workbook_response(job: ExportJob) -> FileResponse:
    """The finished workbook as an attachment under its Korean name, never cached; the
    page's download and the API's. A file gone from the disk is a 404."""
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("파일이 없습니다. 다시 요청하세요.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename,  # Django writes filename*=utf-8'' (RFC 5987)
        content_type=XLSX,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
