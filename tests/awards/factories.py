import datetime as dt

from django.utils import timezone

from awards import services
from awards.models import AwardGrade
from ideas.models import Season
from reviews.models import Decision
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import ReviewRoundFactory, submitted_idea


def open_round(planner, **kwargs):
    fields = {
        "title": "2021년 1~2월 이달의 으뜸 도정상",
        "period_start": dt.date(2021, 1, 1),
        "period_end": dt.date(2021, 2, 28),
        "nomination_deadline": dt.date(2021, 3, 3),
    } | kwargs
    return services.round_open(by=planner, **fields)


def grade(name="최우수"):
    services.grades_ensure_defaults()
    return AwardGrade.objects.get(name=name)


def adopted_task(*, leader, hours=120, published=True):
    """A submitted work-reduction task of ``leader``'s team, adopted (and the round's
    results published, unless ``published=False``)."""
    season = SeasonFactory(kind=Season.Kind.WORK_REDUCTION)
    idea = submitted_idea(season, leader=leader, kind=Season.Kind.WORK_REDUCTION)
    idea.hours_saved_per_year = hours
    idea.save(update_fields=["hours_saved_per_year"])
    Decision.objects.create(
        round=ReviewRoundFactory(
            season=season, decisions_published_at=timezone.now() if published else None
        ),
        idea=idea,
        outcome=Decision.Outcome.ADOPT,
        implementation_path="immediate",
        reason="효과 큼",
        decided_by=leader,
        decided_at=timezone.now(),
    )
    return idea
