"""Who may export what, and who may fetch a finished workbook.

The planning office (and system admins, as ``ideas.permissions.manages_seasons`` says)
exports any season, whole or by bureau; a bureau director exports their own bureau of a
season that is no longer in preparation; nobody else exports. A workbook is fetched only
by the person who asked for it, until it expires. What the workbook shows of scores and
decisions is the review rules' (``exports.workbooks`` asks ``reviews.permissions``).
"""

from __future__ import annotations

from dataclasses import dataclass

import rules

from departments.models import Bureau
from departments.permissions import is_bureau_director, is_director_of_bureau
from exports.models import ExportJob
from ideas.models import Season
from ideas.permissions import manages_seasons


@dataclass(frozen=True)
class ExportScope:
    """What a workbook covers: a season, or one bureau of it."""

    season: Season
    bureau: Bureau | None = None


@rules.predicate
def uses_exports(user) -> bool:
    """Who sees the export page at all."""
    return bool(manages_seasons(user) or is_bureau_director(user))


@rules.predicate
def can_export(user, scope: ExportScope | None) -> bool:
    if scope is None or not user.is_authenticated:
        return False
    if manages_seasons(user):
        return True
    return bool(
        scope.bureau is not None
        and is_director_of_bureau(user, scope.bureau)
        and scope.season.status != Season.Status.DRAFT
    )


@rules.predicate
def can_view_job(user, job: ExportJob | None) -> bool:
    return bool(job is not None and user.is_authenticated and job.requested_by_id == user.pk)


@rules.predicate
def can_download(user, job: ExportJob | None) -> bool:
    return bool(job is not None and can_view_job(user, job) and job.is_downloadable())


rules.add_perm("exports.use_exports", uses_exports)
rules.add_perm("exports.export", can_export)
rules.add_perm("exports.view_job", can_view_job)
rules.add_perm("exports.download", can_download)
# The admin shows export jobs to the planning office and system admins only.
rules.add_perm("exports.view_jobs_in_admin", manages_seasons)
