"""Briefing sessions (보고회): bureau by bureau, teams present their ideas to the governor.

A season has one schedule (``BriefingSchedule``): the parameters the planning office gave
the scheduler, the state of its generation (a Celery task) and whether it is published.
Its sessions (``BriefingSession``) each hold one bureau or several small ones, a date, a
start and end time in Seoul time, a place, the chair (the governor) and an ordered agenda
(``AgendaItem``) of the ideas presented, each with its time slot.

A schedule, its sessions and their agenda items are derived from the season and its
ideas, so they go with them (CASCADE); nothing in the product deletes either.

The governor chairs every session, so no two sessions may overlap: the services check it
under a lock and say which session is in the way; on PostgreSQL an exclusion constraint
(migration 0002, ``briefing_session_no_overlap``) holds it whatever writes the rows.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.models import Bureau
from ideas.models import Idea, Season

DEFAULT_TIME_SLOTS = [["10:00", "12:00"], ["14:00", "17:00"]]


def default_time_slots() -> list[list[str]]:
    return [list(slot) for slot in DEFAULT_TIME_SLOTS]


class BriefingSchedule(models.Model):
    """A season's briefing schedule: the scheduler's parameters, its proposal, publication."""

    class Status(models.TextChoices):
        GENERATING = "generating", _("일정안 만드는 중")
        PROPOSED = "proposed", _("일정안 검토 중")
        REFUSED = "refused", _("일정안을 만들지 못함")
        PUBLISHED = "published", _("공개")

    season = models.OneToOneField(
        Season,
        verbose_name=_("시즌"),
        on_delete=models.CASCADE,
        related_name="briefing_schedule",
    )
    starts_on = models.DateField(_("보고회 시작일"))
    ends_on = models.DateField(_("보고회 종료일"))
    sessions_per_day = models.PositiveSmallIntegerField(_("하루 보고회 수"), default=2)
    # [["10:00", "12:00"], ["14:00", "17:00"]]: the day's slots, the first
    # ``sessions_per_day`` of them are used.
    time_slots = models.JSONField(_("보고회 시간대"), default=default_time_slots)
    minutes_per_item = models.PositiveSmallIntegerField(_("과제당 보고 시간(분)"), default=10)
    merge_small_bureaus = models.BooleanField(_("작은 실·국은 한 회의로 묶기"), default=True)
    # Bureau ids in briefing order; empty: the bureaus' display order (표시 순서).
    bureau_order = models.JSONField(_("실·국 보고 순서"), default=list, blank=True)
    place = models.CharField(_("장소"), max_length=100, default="도청 종합상황실")
    status = models.CharField(
        _("상태"), max_length=12, choices=Status.choices, default=Status.GENERATING
    )
    # Each request bumps it; a generation task carries the number it was started for, so
    # a late or repeated task for an older request changes nothing.
    generation = models.PositiveIntegerField(_("생성 차례"), default=0)
    refusal = models.TextField(_("만들지 못한 이유"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("요청자"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("요청 일시"))
    generated_at = models.DateTimeField(_("일정안 완성 일시"), null=True, blank=True)
    published_at = models.DateTimeField(_("공개 일시"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("공개한 사람"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("보고회 일정")
        verbose_name_plural = _("보고회 일정")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="briefing_schedule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_day__gte=1), name="briefing_schedule_a_session_a_day"
            ),
            models.CheckConstraint(
                condition=Q(minutes_per_item__gte=1), name="briefing_schedule_item_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.season} · {self.get_status_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class BriefingSessionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def of_season(self, season):
        return self.filter(season=season)

    def on(self, day: dt.date):
        return self.filter(date=day)

    def in_order(self):
        return self.order_by("date", "start_time", "pk")


class BriefingSession(models.Model):
    """One session: a bureau (or several small ones) presents to the governor."""

    season = models.ForeignKey(
        Season, verbose_name=_("시즌"), on_delete=models.CASCADE, related_name="briefing_sessions"
    )
    # The calendar identity: a moved session keeps it, so calendars update the event.
    uid = models.UUIDField(_("캘린더 UID"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("보고회 이름"), max_length=200)
    bureaus = models.ManyToManyField(
        Bureau, verbose_name=_("보고 실·국"), related_name="briefing_sessions"
    )
    # Local (Asia/Seoul) date and times, as the planning office writes them.
    date = models.DateField(_("날짜"))
    start_time = models.TimeField(_("시작"))
    end_time = models.TimeField(_("종료"))
    place = models.CharField(_("장소"), max_length=100)
    chair = models.CharField(_("주재"), max_length=50, default="도지사")
    published_at = models.DateTimeField(_("공개 일시"), null=True, blank=True)
    # iCalendar SEQUENCE: bumped whenever date or time change, so calendars take the update.
    sequence = models.PositiveIntegerField(_("변경 차수"), default=0)
    created_at = models.DateTimeField(_("등록 일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    objects = BriefingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("보고회")
        verbose_name_plural = _("보고회")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="briefing_session_ends_after_start",
            ),
            # briefing_session_no_overlap (PostgreSQL, migration 0002): EXCLUDE USING gist
            # (tsrange(date + start_time, date + end_time) WITH &&), deferrable.
        ]
        indexes = [
            # A season's schedule and the calendars: WHERE season_id = ? ORDER BY date, start.
            models.Index(fields=["season", "date", "start_time"], name="briefing_season_date_idx"),
            # Reminders and "today's sessions": WHERE date BETWEEN ? AND ? AND published.
            models.Index(fields=["date", "start_time"], name="briefing_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d} {self.start_time:%H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("briefings:session_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start_time)

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end_time)

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at


class AgendaItem(models.Model):
    """One presentation in a session: an idea, its place in the order and its time slot."""

    session = models.ForeignKey(
        BriefingSession, verbose_name=_("보고회"), on_delete=models.CASCADE, related_name="items"
    )
    idea = models.ForeignKey(
        Idea, verbose_name=_("아이디어"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    start_time = models.TimeField(_("시작"))
    end_time = models.TimeField(_("종료"))

    class Meta:
        verbose_name = _("보고 안건")
        verbose_name_plural = _("보고 안건")
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="agenda_order_unique"),
            # An idea is presented once.
            models.UniqueConstraint(fields=["idea"], name="agenda_idea_once"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="agenda_item_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.idea}"
