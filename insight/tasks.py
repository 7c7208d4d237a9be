"""Celery tasks of insight: they take ids and call the services."""

from __future__ import annotations

from celery import shared_task

from insight import services


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def build_briefing_book(book_id: int, generation: int) -> None:
    """Build a requested briefing book; a repeat for the same generation does nothing."""
    services.book_build(book_id=book_id, generation=generation)
