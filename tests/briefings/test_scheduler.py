"""The scheduler across Korean holidays: working days only, bureau order, refusals."""

import datetime as dt

import holidays
import pytest

from briefings import scheduler
from briefings.models import BriefingSchedule, BriefingSession
from briefings.scheduler import BureauAgenda
from briefings.tasks import generate_schedule
from core.models import CalendarDay
from tests.briefings.factories import schedule_for

pytestmark = pytest.mark.django_db

# 22 September – 17 October 2025: 추석 (5–7 October), its substitute day (8 October),
# 개천절 (3 October) and 한글날 (9 October) in the middle.
START, END = dt.date(2025, 9, 22), dt.date(2025, 10, 17)
KR_2025 = holidays.KR(years=2025)


def generate(season, planner, **fields) -> BriefingSchedule:
    """Run the Celery task as the worker would, for a schedule asked for with ``fields``."""
    schedule = schedule_for(
        season,
        planner,
        status=BriefingSchedule.Status.GENERATING,
        sessions_per_day=1,
        time_slots=[["10:00", "12:00"], ["14:00", "17:00"]],
        minutes_per_item=10,
        merge_small_bureaus=False,
        **fields,
    )
    generate_schedule.delay(schedule.pk, schedule.generation)
    schedule.refresh_from_db()
    return schedule


def test_a_schedule_across_chuseok_skips_weekends_and_public_holidays(
    season, planner, bureaus_with_ideas
):
    bureaus = bureaus_with_ideas([7] * 13)

    schedule = generate(season, planner, starts_on=START, ends_on=END)

    assert schedule.status == BriefingSchedule.Status.PROPOSED, schedule.refusal
    sessions = list(BriefingSession.objects.filter(season=season).order_by("date", "start_time"))
    assert len(sessions) == 13
    for session in sessions:
        assert session.date.weekday() < 5, session
        assert session.date not in KR_2025, (session, KR_2025.get(session.date))
        assert START <= session.date <= END
    # Across the holidays: the last sessions are after 추석 and 한글날.
    assert sessions[8].date == dt.date(2025, 10, 2)
    assert sessions[9].date == dt.date(2025, 10, 10)
    # The bureau order holds: each session's bureau follows the previous one's.
    order = [s.bureaus.get() for s in sessions]
    assert order == bureaus
    # The agenda: every idea once, ten minutes each, back to back from the start.
    first = sessions[0]
    items = list(first.items.order_by("order"))
    assert [(i.start_time, i.end_time) for i in items[:2]] == [
        (dt.time(10), dt.time(10, 10)),
        (dt.time(10, 10), dt.time(10, 20)),
    ]
    assert first.end_time == dt.time(11, 10)
    assert sum(s.items.count() for s in sessions) == 13 * 7


def test_a_range_too_short_is_refused_with_what_did_not_fit_and_by_when_it_would(
    season, planner, bureaus_with_ideas
):
    bureaus_with_ideas([7] * 13)

    schedule = generate(season, planner, starts_on=START, ends_on=dt.date(2025, 10, 2))

    assert schedule.status == BriefingSchedule.Status.REFUSED
    assert not BriefingSession.objects.filter(season=season).exists()
    # Nine working days hold nine bureaus; four (28 ideas) are left, and with the days
    # after the range (추석 and 한글날 skipped) the last would land on 15 October.
    assert "기간이 짧아 4개 실·국(28건)의 보고회를 넣지 못했습니다" in schedule.refusal
    assert "종료일을 2025-10-15" in schedule.refusal
    assert "이후로 늘리거나" in schedule.refusal


def test_a_day_the_planning_office_added_by_hand_is_skipped(season, planner, bureaus_with_ideas):
    bureaus_with_ideas([7] * 4)
    CalendarDay.objects.create(date=dt.date(2025, 9, 24), reason="도지사 해외 출장")

    generate(season, planner, starts_on=START, ends_on=END)

    days = list(
        BriefingSession.objects.filter(season=season)
        .order_by("date")
        .values_list("date", flat=True)
    )
    assert days == [
        dt.date(2025, 9, 22),
        dt.date(2025, 9, 23),
        dt.date(2025, 9, 25),
        dt.date(2025, 9, 26),
    ]


def test_a_holiday_declared_a_working_day_is_used(season, planner, bureaus_with_ideas):
    bureaus_with_ideas([7] * 3)
    CalendarDay.objects.create(date=dt.date(2025, 10, 3), is_holiday=False, reason="비상근무")

    generate(season, planner, starts_on=dt.date(2025, 10, 2), ends_on=END)

    days = list(
        BriefingSession.objects.filter(season=season)
        .order_by("date")
        .values_list("date", flat=True)
    )
    assert days == [dt.date(2025, 10, 2), dt.date(2025, 10, 3), dt.date(2025, 10, 10)]


def test_nothing_to_present_is_refused(season, planner):
    schedule = generate(season, planner, starts_on=START, ends_on=END)

    assert schedule.status == BriefingSchedule.Status.REFUSED
    assert "보고할 안건이 없습니다" in schedule.refusal


def test_a_stale_or_repeated_generation_task_changes_nothing(season, planner, bureaus_with_ideas):
    bureaus_with_ideas([3])
    schedule = generate(season, planner, starts_on=START, ends_on=END)
    session = BriefingSession.objects.get(season=season)

    generate_schedule.delay(schedule.pk, schedule.generation)  # repeated
    generate_schedule.delay(schedule.pk, schedule.generation - 1)  # an older request

    assert BriefingSession.objects.get(season=season).pk == session.pk


def test_only_the_representative_tasks_are_briefed_where_the_season_says_so(
    season, planner, bureaus_with_ideas
):
    season.representative_per_division = True
    season.save()
    bureaus_with_ideas([4])
    chosen = season.ideas.order_by("pk").first()
    season.ideas.filter(pk=chosen.pk).update(is_representative=True)

    generate(season, planner, starts_on=START, ends_on=END)

    assert [i.idea for i in BriefingSession.objects.get(season=season).items.all()] == [chosen]


# The packing rules, without the database ---------------------------------------------------

SLOTS = [(dt.time(10), dt.time(12)), (dt.time(14), dt.time(17))]
MONDAY = dt.date(2025, 9, 22)
WEEK = [MONDAY + dt.timedelta(days=n) for n in range(5)]


def agenda(pk, n):
    return BureauAgenda(pk, f"{pk}국", list(range(pk * 100, pk * 100 + n)))


def test_a_big_bureau_continues_in_the_next_slot_and_its_parts_are_numbered():
    sessions = scheduler.propose(
        agendas=[agenda(1, 20)], days=WEEK, slots=SLOTS, minutes_per_item=10
    )

    # Twenty presentations over a morning (room for 12) and an afternoon (18): 10 and 10.
    assert [(s.date, s.start_time, s.end_time) for s in sessions] == [
        (MONDAY, dt.time(10), dt.time(11, 40)),
        (MONDAY, dt.time(14), dt.time(15, 40)),
    ]
    assert [s.title for s in sessions] == ["1국 보고회 (1/2)", "1국 보고회 (2/2)"]


@pytest.mark.parametrize(
    ("count", "capacities", "first"),
    [
        (13, [12, 18], 7),  # 7 + 6, not 12 + 1
        (24, [12, 18], 12),
        (30, [12, 18], 12),  # the afternoon must take 18
        (25, [12, 12, 12], 9),  # 9 + 8 + 8
        (40, [12, 18], 12),  # does not fit at all: fill the slot, the range is too short
    ],
)
def test_a_split_bureau_is_shared_out_as_evenly_as_the_slots_allow(count, capacities, first):
    assert scheduler._first_part(count, capacities) == first


def test_small_bureaus_share_a_session_while_it_has_room():
    sessions = scheduler.propose(
        agendas=[agenda(1, 3), agenda(2, 2), agenda(3, 7), agenda(4, 4)],
        days=WEEK,
        slots=SLOTS[:1],
        minutes_per_item=10,
    )

    # A slot holds 12; "small" is at most half of it. 3국 (7) is not small, so it starts a
    # session of its own and 4국 (4) does not join it.
    assert [s.title for s in sessions] == ["1국·2국 보고회", "3국 보고회", "4국 보고회"]
    assert sessions[0].end_time == dt.time(10, 50)


def test_small_bureaus_stay_apart_when_merging_is_off():
    sessions = scheduler.propose(
        agendas=[agenda(1, 3), agenda(2, 2)],
        days=WEEK,
        slots=SLOTS[:1],
        minutes_per_item=10,
        merge_small=False,
    )

    assert [s.title for s in sessions] == ["1국 보고회", "2국 보고회"]


def test_a_slot_the_governor_already_spends_elsewhere_is_skipped():
    busy = {MONDAY: [(dt.time(11), dt.time(11, 30))]}

    sessions = scheduler.propose(
        agendas=[agenda(1, 5)], days=WEEK, slots=SLOTS, minutes_per_item=10, busy=busy
    )

    assert (sessions[0].date, sessions[0].start_time) == (MONDAY, dt.time(14))


def test_bureaus_with_nothing_to_present_get_no_session():
    sessions = scheduler.propose(
        agendas=[agenda(1, 0), agenda(2, 4)], days=WEEK, slots=SLOTS, minutes_per_item=10
    )

    assert [s.bureau_ids for s in sessions] == [[2]]
