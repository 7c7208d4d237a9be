"""The demo schedules (briefings.demo): season 2's 19 bureaus from 기업유치지원실 on, and the
work-reduction season's sessions around today, on working days, never overlapping."""

from io import StringIO

import holidays
import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from core.workdays import WorkCalendar
from departments.demo import BUREAUS
from ideas.models import Idea

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker, default_demo):
    """The demo with its default seed (the schedules are the newcomer's), for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield default_demo.load()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_db, db):
    return demo_db


def sessions(code):
    return list(
        BriefingSession.objects.filter(season__code=code)
        .prefetch_related("bureaus")
        .order_by("date", "start_time")
    )


def test_season_2_has_its_published_schedule_of_19_bureaus_starting_with_the_office(loaded):
    s2 = sessions("S2")
    schedule = BriefingSchedule.objects.get(season__code="S2")
    assert schedule.status == BriefingSchedule.Status.PUBLISHED
    assert all(s.published_at for s in s2)

    order = list(dict.fromkeys(b.name for s in s2 for b in s.bureaus.all()))
    assert order == [name for name, _ in BUREAUS]
    assert len(order) == 19
    first_day = [s for s in s2 if s.date == s2[0].date]
    assert {b.name for s in first_day for b in s.bureaus.all()} == {"기업유치지원실"}
    presented = AgendaItem.objects.filter(session__in=first_day)
    office_ideas = Idea.objects.filter(
        season__code="S2", bureau__name="기업유치지원실", status=Idea.Status.SUBMITTED
    )
    assert presented.count() == office_ideas.count()
    assert presented.values("idea__team").distinct().count() >= 15
    # Every submitted idea of season 2 is on the agenda once.
    assert AgendaItem.objects.filter(session__season__code="S2").count() == (
        Idea.objects.filter(season__code="S2", status=Idea.Status.SUBMITTED).count()
    )
    assert "S2: 보고회" in loaded


def test_the_work_reduction_season_briefs_its_representative_tasks_around_today(loaded):
    w1 = sessions("W1")
    assert w1
    items = AgendaItem.objects.filter(session__season__code="W1").select_related("idea")
    assert all(item.idea.is_representative for item in items)
    assert items.count() == Idea.objects.filter(season__code="W1", is_representative=True).count()
    today = timezone.localdate()
    assert w1[0].date < today < w1[-1].date
    if WorkCalendar(today, today).is_working_day(today):
        assert any(s.date == today for s in w1)


def test_no_demo_session_is_on_a_weekend_or_holiday_or_overlaps_another(loaded):
    every = sorted(sessions("S2") + sessions("W1"), key=lambda s: (s.date, s.start_time))
    years = {s.date.year for s in every}
    kr = holidays.KR(years=years)
    for session in every:
        assert session.date.weekday() < 5
        assert session.date not in kr
    for before, after in zip(every, every[1:], strict=False):
        assert (before.date, before.end_time) <= (after.date, after.start_time)


def test_loading_the_demo_again_changes_nothing(loaded):
    before = BriefingSession.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "보고회 일정: 이미 있어 건너뜁니다." in out.getvalue()
    assert BriefingSession.objects.count() == before
