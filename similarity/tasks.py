import logging

from celery import shared_task
from celery.signals import worker_process_init

from ideas.models import Idea
from similarity import services

log = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=120, time_limit=150)
def idea_terms_refresh_task(idea_id: int) -> int:
    """After an idea is submitted or edited: its morphemes and sentence vector (idempotent)."""
    ideas = list(Idea.objects.filter(pk=idea_id, reference_number__isnull=False))
    return services.idea_terms_refresh(ideas=ideas)


@worker_process_init.connect
def build_library_index(**kwargs) -> None:
    """Each worker process builds the library's similarity index as it starts, so that the
    first briefing book it builds does not wait for it (about 5 s at 180,000 ideas,
    benchmarks/bench_dashboard.py). Later books and lookups only refresh it."""
    from similarity.index import library_index

    try:
        library_index()
    except Exception:  # a worker starts even when the database is not ready yet
        log.exception("similarity index not built at worker start; built on first use")
