"""Celery tasks of exports: they take ids and call the services."""

from __future__ import annotations

from celery import shared_task

from core.db import long_statements
from exports import services

# A season of 200,000 ideas and their evaluations takes a few minutes on a busy machine:
# more than the project's default limit (5 min), well under the broker's visibility
# timeout (1 h), after which Redis would hand an unacknowledged task to another worker.
BUILD_SOFT_LIMIT = 20 * 60


@shared_task(
    acks_late=True,  # a worker lost mid-build leaves the job to be built again
    ignore_result=True,
    soft_time_limit=BUILD_SOFT_LIMIT,
    time_limit=BUILD_SOFT_LIMIT + 60,
)
def build_export(job_id: int) -> None:
    """Build a queued workbook; a repeat (redelivery, double enqueue) does nothing."""
    # A season's workbook reads every idea and evaluation: longer than a web request may.
    with long_statements(BUILD_SOFT_LIMIT):
        services.export_build(job_id=job_id, tell=True)


@shared_task(ignore_result=True)
def delete_expired_exports() -> int:
    """Hourly (Celery beat, schedule in the admin): delete files past their download time."""
    return services.exports_delete_expired()
