from celery import shared_task

from core.db import long_statements
from reviews import standings
from reviews.models import ReviewRound


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=120, time_limit=150)
def ranking_rebuild_task(round_id: int) -> None:
    """After a change to a large round commits: its stored ranking built again (nothing to
    do when another build has caught up; reviews.standings)."""
    review_round = ReviewRound.objects.filter(pk=round_id).first()
    if review_round is None:
        return
    with long_statements():
        standings.rebuild(review_round)
