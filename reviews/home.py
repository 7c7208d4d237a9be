"""What review asks of each person, for the home page (core.home): one query at most."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import WaitingItem
from core.text import undoubled
from reviews.models import Evaluation, ReviewRound
from reviews.permissions import can_review, manages_reviews
from reviews.selectors import with_counts


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


def rounds_to_manage(user) -> list[WaitingItem]:
    """For the planning office: rounds being scored (with how far the scoring is) and
    closed rounds whose decisions are not published yet. One query."""
    if not manages_reviews(user):
        return []
    rounds = with_counts(
        ReviewRound.objects.filter(
            Q(status=ReviewRound.Status.OPEN)
            | Q(status=ReviewRound.Status.CLOSED, decisions_published_at__isnull=True)
        )
        .select_related("season")
        .order_by("season__submission_opens_at", "order")
    )
    items = []
    for r in rounds:
        url = f"{reverse('reviews:round_list')}?season={r.season_id}"
        if r.status == ReviewRound.Status.OPEN:
            # "1차 서면 심사" + "심사 중": the word once.
            text = undoubled(
                _("%(season)s %(round)s 심사 중: 평가 %(done)s/%(total)s건 제출")
                % {
                    "season": r.season.name,
                    "round": r.name,
                    "done": r.submitted_count,
                    "total": r.assignment_count,
                }
            )
            items.append(WaitingItem(text, url, r.assignment_count - r.submitted_count))
        else:
            text = _("%(season)s %(round)s: 심사 마감, 선정 결과 공개 전") % {
                "season": r.season.name,
                "round": r.name,
            }
            items.append(WaitingItem(text, f"{reverse('reviews:ranking', args=[r.pk])}"))
    return items
