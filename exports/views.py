"""The export page: ask for a season's or a bureau's workbook, follow its progress, fetch it.

A small workbook is built in the request and the browser is sent straight to its download;
a large one is built by a Celery worker while its page shows the progress (htmx polls the
status every two seconds, and the page works without JavaScript on reload).
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import BusinessRuleError
from core.forms import apply_rule_error
from exports import selectors, services
from exports.forms import ExportRequestForm
from exports.models import ExportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, perm: str, obj=None) -> None:
    # rules.has_perm, not user.has_perm: the ModelBackend would query Django's permissions.
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def _own_job(request, pk: int) -> ExportJob:
    """The caller's job; anyone else's is not found (not even its existence is told)."""
    job = get_object_or_404(ExportJob.objects.select_related("season", "bureau"), pk=pk)
    if not rules.has_perm("exports.view_job", request.user, job):
        raise Http404
    return job


def job_list(request):
    """The form, and the person's latest exports with their state."""
    _require(request, "exports.use_exports")
    # ?season=&bureau= pre-fill the form (links from other pages).
    initial = {}
    for name in ("season", "bureau"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    form = ExportRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.export_request(
                season=form.cleaned_data["season"],
                bureau=form.cleaned_data["bureau"],
                by=request.user,
            )
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            if job.is_downloadable():
                # Small: built already, straight to the file (303: fetch it with GET).
                return redirect(job.get_download_url())
            return redirect(job)
    context = {"form": form, "jobs": selectors.recent_jobs(user=request.user)}
    return render(
        request, "exports/exportjob_list.html", context, status=400 if form.errors else 200
    )


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


urlpatterns = [
    path("", job_list, name="job_list"),
    path("<int:pk>/", job_detail, name="job_detail"),
    path("<int:pk>/status/", job_status, name="job_status"),
    path("<int:pk>/download/", download, name="download"),
]
