"""Factories for briefing sessions: a session of a bureau with an agenda of submitted ideas."""

import datetime as dt

import factory

from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from ideas.models import Season
from tests.departments.factories import BureauFactory, DivisionFactory, TeamFactory, team_leader
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import submitted_idea


class BriefingSessionFactory(factory.django.DjangoModelFactory):
    """A published session on Monday 22 September 2025, 10:00–12:00, of one new bureau."""

    class Meta:
        model = BriefingSession
        skip_postgeneration_save = True

    season = factory.SubFactory(SeasonFactory, status=Season.Status.BRIEFING)
    title = factory.Sequence(lambda n: f"시험{n}국 보고회")
    date = dt.date(2025, 9, 22)
    start_time = dt.time(10)
    end_time = dt.time(12)
    place = "도청 종합상황실"
    published_at = factory.LazyFunction(lambda: dt.datetime(2025, 9, 1, tzinfo=dt.UTC))

    @factory.post_generation
    def bureaus(self, create, extracted, **kwargs):
        if create:
            self.bureaus.set(extracted or [BureauFactory()])


def with_agenda(session: BriefingSession, *, ideas: int = 2, minutes: int = 10) -> list:
    """Submitted ideas of teams in the session's first bureau, on its agenda in order."""
    bureau = session.bureaus.first()
    division = DivisionFactory(bureau=bureau)
    items = []
    start = dt.datetime.combine(session.date, session.start_time)
    for n in range(ideas):
        leader = team_leader(team=TeamFactory(division=division))
        idea = submitted_idea(session.season, leader=leader, title=f"안건 {n + 1}")
        items.append(
            AgendaItem.objects.create(
                session=session,
                idea=idea,
                order=n + 1,
                start_time=(start + dt.timedelta(minutes=minutes * n)).time(),
                end_time=(start + dt.timedelta(minutes=minutes * (n + 1))).time(),
            )
        )
    return items


def schedule_for(season: Season, by, **fields) -> BriefingSchedule:
    defaults = {
        "starts_on": dt.date(2025, 9, 22),
        "ends_on": dt.date(2025, 10, 17),
        "status": BriefingSchedule.Status.PROPOSED,
        "requested_by": by,
        "requested_at": dt.datetime(2025, 9, 1, tzinfo=dt.UTC),
        "generation": 1,
    }
    return BriefingSchedule.objects.create(season=season, **(defaults | fields))
