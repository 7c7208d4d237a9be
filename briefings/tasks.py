"""Celery tasks of the briefings app."""

from __future__ import annotations

from celery import shared_task

from briefings import services


@shared_task(acks_late=True, ignore_result=True)
def generate_schedule(schedule_id: int, generation: int) -> str | None:
    """Generate the proposal asked for by request ``generation`` of the schedule.

    Idempotent: a repeated or stale task (a newer request since) changes nothing.
    """
    schedule = services.schedule_generate(schedule_id=schedule_id, generation=generation)
    return schedule.status if schedule else None
