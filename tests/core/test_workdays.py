import datetime as dt

import holidays
import pytest

from core.models import CalendarDay
from core.workdays import WorkCalendar, is_working_day, working_day_on_or_before

pytestmark = pytest.mark.django_db


def test_chuseok_and_its_substitute_day_are_not_working_days():
    kr = holidays.KR(years=2025)
    calendar = WorkCalendar(dt.date(2025, 10, 1), dt.date(2025, 10, 10))
    days = calendar.working_days(dt.date(2025, 10, 1), dt.date(2025, 10, 10))
    assert days == [dt.date(2025, 10, 1), dt.date(2025, 10, 2), dt.date(2025, 10, 10)]
    assert all(day not in kr and day.weekday() < 5 for day in days)
    assert calendar.holiday_name(dt.date(2025, 10, 8)) == kr[dt.date(2025, 10, 8)]


def test_a_day_added_by_the_planning_office_is_skipped():
    day = dt.date(2025, 9, 24)  # a Wednesday
    assert is_working_day(day)
    CalendarDay.objects.create(date=day, reason="도지사 해외 출장")
    assert not is_working_day(day)
    assert WorkCalendar(day, day).holiday_name(day) == "도지사 해외 출장"


def test_a_holiday_can_be_declared_a_working_day():
    CalendarDay.objects.create(date=dt.date(2025, 10, 3), is_holiday=False, reason="비상근무")
    assert is_working_day(dt.date(2025, 10, 3))


def test_a_reminder_due_on_a_holiday_moves_to_the_working_day_before():
    # Sunday 5 October 2025 (추석 연휴) → Thursday 2 October (3 October is 개천절).
    assert working_day_on_or_before(dt.date(2025, 10, 5)) == dt.date(2025, 10, 2)
    assert working_day_on_or_before(dt.date(2025, 10, 10)) == dt.date(2025, 10, 10)


def test_the_planning_office_keeps_the_calendar_in_the_admin(client, planner, leader):
    planner.is_staff = True
    planner.save(update_fields=["is_staff"])
    client.force_login(planner)
    assert client.get("/admin/core/calendarday/add/").status_code == 200
    response = client.post(
        "/admin/core/calendarday/add/",
        {"date": "2025-09-24", "is_holiday": "on", "reason": "도지사 해외 출장"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get().created_by == planner
    leader.is_staff = True
    leader.save(update_fields=["is_staff"])
    client.force_login(leader)
    assert client.get("/admin/core/calendarday/add/").status_code == 403
