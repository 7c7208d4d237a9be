"""What review asks of each person, for the home page (core.home): one query at most."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import WaitingItem
from reviews.models import Evaluation, ReviewRound
from reviews.permissions import can_review


def ideas_to_review(user) -> list[WaitingItem]:
    """심사할 아이디어 N건, per open round the reviewer is assigned in (unsubmitted ones)."""
    if not can_review(user):
        return []
    rounds = (
        ReviewRound.objects.filter(status=ReviewRound.Status.OPEN, assignments__reviewer=user)
        .select_related("season")
        .annotate(
            waiting=Count(
                "assignments",
                filter=Q(assignments__reviewer=user)
                & ~Q(assignments__evaluation__status=Evaluation.Status.SUBMITTED),
            )
        )
        .filter(waiting__gt=0)
        .order_by("season__submission_opens_at", "order")
    )
    queue = reverse("reviews:queue")
    return [
        WaitingItem(
            _("%(season)s %(round)s: 심사할 아이디어 %(count)s건")
            % {"season": r.season.name, "round": r.name, "count": r.waiting},
            f"{queue}?round={r.pk}",
            r.waiting,
        )
        for r in rounds
    ]
