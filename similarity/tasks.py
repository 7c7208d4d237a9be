from celery import shared_task

from ideas.models import Idea
from similarity import services


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=120, time_limit=150)
def idea_terms_refresh_task(idea_id: int) -> int:
    """After an idea is submitted or edited: its morphemes and sentence vector (idempotent)."""
    ideas = list(Idea.objects.filter(pk=idea_id, reference_number__isnull=False))
    return services.idea_terms_refresh(ideas=ideas)
