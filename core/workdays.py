"""Working days in Korea: no weekends, no public holidays, and the planning office's own
additions and removals (core.models.CalendarDay).

Public holidays come from the ``holidays`` package, which knows the lunar holidays
(설날, 추석), substitute holidays (대체공휴일) and election days. Briefing schedules and
reminders both ask this module, so they agree on what a working day is.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

from core.models import CalendarDay


@cache
def _korean_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.KR(years=year))


class WorkCalendar:
    """A calendar for a date range, read from the database once."""

    def __init__(self, start: dt.date, end: dt.date):
        self.overrides = {
            day.date: day for day in CalendarDay.objects.filter(date__range=(start, end))
        }

    def holiday_name(self, day: dt.date) -> str | None:
        override = self.overrides.get(day)
        if override is not None:
            return override.reason if override.is_holiday else None
        return _korean_holidays(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return not override.is_holiday
        return day.weekday() < 5 and day not in _korean_holidays(day.year)

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        days = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
        return [day for day in days if self.is_working_day(day)]

    def on_or_before(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the working day before it."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day


def is_working_day(day: dt.date) -> bool:
    return WorkCalendar(day, day).is_working_day(day)


def working_day_on_or_before(day: dt.date) -> dt.date:
    """A reminder due on a weekend or holiday moves to the working day before."""
    return WorkCalendar(day - dt.timedelta(days=31), day).on_or_before(day)
