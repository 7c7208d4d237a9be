"""Reminders: who must be reminded of what, day by day, and the registry of providers.

A provider is a function ``provider(today) -> Iterable[Reminder]`` registered for a kind.
The periodic task ``notifications.tasks.send_reminders(kind)`` (one django-celery-beat
entry per kind, its schedule editable in the admin) asks every provider of the kind and
sends each reminder through ``services.remind``, whose idempotency key makes it safe to
run as often as one likes: a reminder goes out once per recipient and due date.

Due dates follow the working-day calendar (core.workdays): a reminder whose day falls on a
weekend or holiday is due on the working day before. A provider reports the latest due
date that has come (``latest_due``), so a run missed on the day (a worker down) is caught
up on the next run, and an older reminder overtaken by a newer one is not sent at all.

The rollout work adds its progress-report reminders with a provider of its own::

    # rollout/apps.py
    def ready(self):
        from notifications.models import Notification
        from notifications.reminders import register
        from rollout.reminders import progress_reports_due

        register(Notification.Kind.PROGRESS_REPORT_DUE, progress_reports_due)

``progress_reports_due(today)`` yields one ``Reminder`` per report due (subject: the
adopted idea or its rollout plan; recipients: the responsible team's leader and the bureau
director; due_date: ``latest_due(today, [...])``). The beat entry for that kind exists
already and sends nothing until a provider is registered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Model, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.workdays import WorkCalendar
from departments.models import Position, User
from notifications.models import Notification

Kind = Notification.Kind


@dataclass(frozen=True)
class Reminder:
    """One reminder about ``subject`` due on ``due_date`` to ``recipients`` (user ids)."""

    kind: str
    subject: Model
    due_date: dt.date
    recipients: list[int] = field(default_factory=list)
    title: str = ""
    body: str = ""
    url: str = ""


Provider = Callable[[dt.date], Iterable[Reminder]]

_providers: dict[str, list[Provider]] = defaultdict(list)


def register(kind: str, provider: Provider) -> Provider:
    """Add ``provider`` for reminders of ``kind`` (once, however often it is registered)."""
    if provider not in _providers[kind]:
        _providers[kind].append(provider)
    return provider


def providers(kind: str) -> list[Provider]:
    return list(_providers.get(kind, []))


def due_reminders(kind: str, today: dt.date) -> list[Reminder]:
    """Every reminder of ``kind`` due on or before ``today``, texts in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return [reminder for provider in providers(kind) for reminder in provider(today)]


def latest_due(today: dt.date, nominal: Iterable[dt.date], calendar: WorkCalendar):
    """The latest of the nominal reminder days, each moved to the working day on or before
    it, that has come by ``today``; None when none has."""
    moved = [calendar.on_or_before(day) for day in nominal]
    return max((day for day in moved if day <= today), default=None)


def start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def local_date_label(day: dt.date) -> str:
    return formats.date_format(day, "Y-m-d (D)")


# Submission deadline: D-3 and D-1 to teams with neither an idea nor an exemption -------


def submission_deadline(today: dt.date) -> Iterable[Reminder]:
    from ideas.models import QuotaStatus, Season
    from ideas.selectors import team_quota

    seasons = Season.objects.filter(
        status=Season.Status.OPEN, submission_closes_at__gt=start_of(today)
    ).order_by("submission_closes_at")
    for season in seasons:
        closes = timezone.localtime(season.submission_closes_at)
        deadline = closes.date()
        calendar = WorkCalendar(deadline - dt.timedelta(days=40), deadline)
        due = latest_due(
            today, [deadline - dt.timedelta(days=3), deadline - dt.timedelta(days=1)], calendar
        )
        if due is None:
            continue
        missing = team_quota(season=season).filter(quota_status=QuotaStatus.MISSING).values("pk")
        leaders = User.objects.filter(
            team__in=missing, position=Position.TEAM_LEADER, is_active=True
        ).values_list("pk", flat=True)
        days_left = (deadline - today).days
        yield Reminder(
            kind=Kind.SUBMISSION_DEADLINE,
            subject=season,
            due_date=due,
            recipients=list(leaders),
            title=_("[제출 마감 %(when)s] %(season)s")
            % {
                "when": _("D-%(days)d") % {"days": days_left}
                if days_left
                else pgettext("days left", "오늘"),
                "season": season.name,
            },
            body=_(
                "%(season)s 접수가 %(closes)s에 마감됩니다. 우리 팀은 아직 제출한 아이디어도, "
                "신청한 제출 예외도 없습니다. 마감 전에 팀장이 제출하거나, 제출이 어려우면 "
                "제출 예외를 신청하세요."
            )
            % {
                "season": season.name,
                "closes": formats.date_format(closes, "Y-m-d (D) H:i"),
            },
            url=reverse("ideas:team_ideas"),
        )


# Review: every working morning while a round is open, to reviewers with unscored work ----


def reviews_pending(today: dt.date) -> Iterable[Reminder]:
    from reviews.models import Assignment, Evaluation, ReviewRound

    calendar = WorkCalendar(today, today)
    if not calendar.is_working_day(today):
        return
    rounds = ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).select_related("season")
    waiting: dict[int, list[int]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(round__in=rounds, reviewer__is_active=True)
        .filter(~Q(evaluation__status=Evaluation.Status.SUBMITTED) | Q(evaluation__isnull=True))
        .values_list("round_id", "reviewer_id")
        .distinct()
    )
    for round_id, reviewer_id in rows:
        waiting[round_id].append(reviewer_id)
    queue = reverse("reviews:queue")
    for review_round in rounds:
        if not waiting.get(review_round.pk):
            continue
        yield Reminder(
            kind=Kind.REVIEWS_PENDING,
            subject=review_round,
            due_date=today,
            recipients=sorted(waiting[review_round.pk]),
            title=_("[심사 독려] %(season)s %(round)s")
            % {"season": review_round.season.name, "round": review_round.name},
            body=_(
                "아직 제출하지 않은 심사가 있습니다. 심사할 아이디어 목록에서 이어서 "
                "심사하세요. 심사가 마감되면 작성 중인 평가는 미제출로 셉니다."
            ),
            url=f"{queue}?round={review_round.pk}",
        )


register(Kind.SUBMISSION_DEADLINE, submission_deadline)
register(Kind.REVIEWS_PENDING, reviews_pending)
