"""Demo briefing schedules, as the articles tell them (seeds 000 and 001).

- 도정혁신 벤치마킹 시즌2 (S2): its published schedule, bureau by bureau in the
  organisation's order, starting with 기업유치지원실 (its 20 teams' ideas fill the first
  day); two sessions a day (10:00–12:00, 14:00–17:00), ten minutes an idea. Season 2 ran
  from 5 to 27 September 2023; here the schedule starts on the first working day three days
  after the demo's submission deadline (which follows today) and runs about as long.
- 일은 빼고(−) 혁신은 곱빼기(×) (W1, in its briefing phase): the representative tasks, one
  morning session a day of several small bureaus, from three working days before today,
  so that one session is held today when today is a working day (the demo reviewer opens
  its agenda and records directives) — the real sessions ran through October.

The schedules come from the same scheduler as the planning office's (``briefings.scheduler``)
over the working-day calendar, and are written as ``briefings.services`` writes them. Only
the first copy of each bureau is scheduled (``--scale`` copies the organisation), so the
step stays seconds long at any scale. Deterministic: the same data and day, the same
schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from briefings import scheduler, selectors
from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from briefings.services import proposal_save
from core.workdays import WorkCalendar
from departments.demo import BUREAUS
from departments.models import Bureau, User
from ideas.models import Season

PLACE = "도청 종합상황실"
S2_SLOTS = [(dt.time(10), dt.time(12)), (dt.time(14), dt.time(17))]
W1_SLOTS = [(dt.time(10), dt.time(12))]
MINUTES_PER_ITEM = 10
HORIZON = dt.timedelta(days=3 * 366)  # the calendar the demo may fill, at any scale


@dataclass
class DemoReport:
    lines_: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return self.lines_


def is_loaded() -> bool:
    return BriefingSchedule.objects.filter(season__code__in=["S2", "W1"]).exists()


def _first_working_day(calendar: WorkCalendar, day: dt.date) -> dt.date:
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _working_days_before(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    for _ in range(n):
        day = calendar.on_or_before(day - dt.timedelta(days=1))
    return day


def _schedule(
    season: Season,
    *,
    start: dt.date,
    slots: list[scheduler.TimeSlot],
    calendar: WorkCalendar,
    planner: User,
    bureau_ids: list[int],
    now: dt.datetime,
) -> list[BriefingSession]:
    agendas = selectors.bureau_agendas(season=season, only=bureau_ids)
    days = calendar.working_days(start, start + HORIZON)
    proposal = scheduler.propose(
        agendas=agendas,
        days=days,
        slots=slots,
        minutes_per_item=MINUTES_PER_ITEM,
        merge_small=True,
        busy=selectors.busy_slots(start=start, end=start + HORIZON),
    )
    sessions = proposal_save(season, proposal, place=PLACE, published_at=now)
    BriefingSchedule.objects.create(
        season=season,
        starts_on=start,
        ends_on=proposal[-1].date,
        sessions_per_day=len(slots),
        time_slots=[[f"{s:%H:%M}", f"{e:%H:%M}"] for s, e in slots],
        minutes_per_item=MINUTES_PER_ITEM,
        merge_small_bureaus=True,
        place=PLACE,
        status=BriefingSchedule.Status.PUBLISHED,
        generation=1,
        requested_by=planner,
        requested_at=now,
        generated_at=now,
        published_at=now,
        published_by=planner,
    )
    return sessions


@transaction.atomic
def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    """Publish season 2's and the work-reduction season's schedules (ideas demo first)."""
    seasons = {s.code: s for s in Season.objects.filter(code__in=["S2", "W1"])}
    if len(seasons) < 2:
        raise RuntimeError("briefings demo needs the demo seasons: load ideas.demo first")
    planner = User.objects.get(username="planner")
    names = [name for name, _divisions in BUREAUS]
    bureau_ids = list(Bureau.objects.filter(name__in=names).values_list("pk", flat=True))
    now = timezone.now()
    today = timezone.localdate(now)
    calendar = WorkCalendar(today - dt.timedelta(days=30), today + HORIZON + dt.timedelta(60))
    report = DemoReport()

    w1 = seasons["W1"]
    w1_start = _working_days_before(calendar, _first_working_day(calendar, today), 3)
    w1_sessions = _schedule(
        w1,
        start=w1_start,
        slots=W1_SLOTS,
        calendar=calendar,
        planner=planner,
        bureau_ids=bureau_ids,
        now=now,
    )

    s2 = seasons["S2"]
    deadline = timezone.localdate(s2.submission_closes_at)
    s2_start = _first_working_day(calendar, deadline + dt.timedelta(days=3))
    s2_sessions = _schedule(
        s2,
        start=s2_start,
        slots=S2_SLOTS,
        calendar=calendar,
        planner=planner,
        bureau_ids=bureau_ids,
        now=now,
    )
    for label, sessions in (("S2", s2_sessions), ("W1", w1_sessions)):
        first, last = sessions[0], sessions[-1]
        items = AgendaItem.objects.filter(session__in=sessions)
        first_day = items.filter(session__date=first.date)
        report.lines_.append(
            f"{label}: 보고회 {len(sessions)}회 공개({items.count()}건), "
            f"{first.date:%Y-%m-%d}~{last.date:%Y-%m-%d}; 첫날 {first.title.split(' 보고회')[0]} "
            f"{first_day.values('idea__team').distinct().count()}개 팀 {first_day.count()}건"
        )
    return report
