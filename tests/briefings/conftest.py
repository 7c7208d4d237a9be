import datetime as dt

import pytest
from django.utils import timezone

from ideas.models import Season
from tests.departments.factories import BureauFactory, DivisionFactory, TeamFactory, team_leader
from tests.ideas.factories import SeasonFactory
from tests.notifications.conftest import broker_down  # noqa: F401  (a fixture shared with here)
from tests.reviews.factories import submitted_idea


@pytest.fixture
def season(db):
    """A season whose submissions closed: its briefings are being scheduled."""
    return SeasonFactory(status=Season.Status.BRIEFING)


@pytest.fixture
def bureaus_with_ideas(season):
    """``make([7, 3, …])``: one bureau per number (in display order), each with that many
    submitted ideas of its teams; returns the bureaus in order."""

    def make(counts: list[int]):
        bureaus = []
        for n, count in enumerate(counts):
            bureau = BureauFactory(display_order=100 + n)
            division = DivisionFactory(bureau=bureau)
            for i in range(count):
                leader = team_leader(team=TeamFactory(division=division))
                submitted_idea(season, leader=leader, title=f"{bureau.name} 안건 {i + 1}")
            bureaus.append(bureau)
        return bureaus

    return make


@pytest.fixture
def future_monday():
    """A Monday four weeks ahead: far enough for D-7 reminders, never in the past."""
    day = timezone.localdate() + dt.timedelta(days=28)
    return day - dt.timedelta(days=day.weekday())
