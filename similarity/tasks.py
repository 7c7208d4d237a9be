import logging

from celery import shared_task
from celery.signals import worker_process_init

from core.db import held_alone, long_statements
from ideas.models import Idea
from similarity import services

log = logging.getLogger(__name__)


# Ideas compared per run of the season task (about 55 ms each at 200,000 ideas): a run
# stays well inside its time limit, and queues the next batch itself.
SEASON_BATCH = 200


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=120, time_limit=150)
def idea_terms_refresh_task(idea_id: int) -> int:
    """After an idea is submitted or edited: its morphemes and sentence vector, then its
    likely duplicates (idempotent)."""
    ideas = list(Idea.objects.filter(pk=idea_id, reference_number__isnull=False))
    return services.idea_similarity_refresh(ideas=ideas)


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=120, time_limit=150)
def season_pairs_refresh_task(season_id: int) -> int:
    """The season's ideas not yet compared with the library (``selectors.pairs_pending``),
    ``SEASON_BATCH`` at a time: stored terms where missing, then their likely duplicates;
    queues itself again while some are left. Returns the ideas compared by this run."""
    from ideas.models import Season
    from similarity import selectors

    season = Season.objects.filter(pk=season_id).first()
    if season is None:
        return 0
    # One run per season at a time. The nightly task and the planning office's button may
    # each start a chain: two runs at once would compare the same first batch twice.
    with held_alone("similarity.season_pairs", season_id) as alone:
        if not alone:
            log.info("season %s's ideas are being compared by another run", season_id)
            return 0
        pending = selectors.pairs_pending(season)
        before = pending.count()
        batch = list(pending.select_related("terms").order_by("pk")[:SEASON_BATCH])
        if not batch:
            return 0
        services.idea_terms_refresh(ideas=[i for i in batch if not hasattr(i, "terms")])
        services.suggested_pairs_refresh(ideas=batch)
        # Again only while the work shrinks: an idea that stayed pending must not loop.
        again = 0 < pending.count() < before
    if again:  # queued once the lock is free, or the next run could find it still held
        season_pairs_refresh_task.delay(season_id)
    return len(batch)


@shared_task(ignore_result=True, soft_time_limit=600, time_limit=660)
def pending_pairs_refresh_task() -> int:
    """Nightly (a beat entry of migration 0004): find the library's stock phrases again
    (which marks the ideas carrying a phrase found or dropped), then queue
    ``season_pairs_refresh_task`` for every season with ideas not yet compared. Returns
    the seasons queued."""
    from similarity import selectors

    with long_statements():  # the summaries of the whole library
        services.stock_phrases_refresh()
    seasons = list(selectors.pairs_pending().values_list("season_id", flat=True).distinct())
    for season_id in seasons:
        season_pairs_refresh_task.delay(season_id)
    return len(seasons)


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
