"""A hand-counted season for the dashboards.

Bureau A (division A1): team T1 submitted two ideas (one the division's representative
task) and keeps one draft; T2 is exempt (approved); T3 waits for its exemption decision.
Bureau B: team T4 had its only idea sent back (보완 요청), so it is missing.
Round 1 (open, decisions not published): idea 1 scored by two reviewers who disagree
(totals 100 and 0), idea 2 assigned to one reviewer who has not submitted; idea 1 adopted.
"""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from departments.models import Role
from ideas.models import Exemption, Idea
from reviews.models import Decision
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory
from tests.reviews.factories import AssignmentFactory, ReviewRoundFactory, evaluate, submitted_idea


@dataclass
class World:
    season: object
    a: object
    b: object
    t1: object
    t2: object
    t3: object
    t4: object
    idea1: object
    idea2: object
    round: object
    planner: object
    director_a: object


@pytest.fixture
def world(db):
    season = SeasonFactory(min_ideas_per_team=1)
    a, b = f.BureauFactory(name="가국"), f.BureauFactory(name="나국")
    a1 = f.DivisionFactory(bureau=a, name="가과")
    t1, t2, t3 = (f.TeamFactory(division=a1, name=n) for n in ("1팀", "2팀", "3팀"))
    t4 = f.TeamFactory(division=f.DivisionFactory(bureau=b), name="4팀")
    leader1 = f.team_leader(team=t1)
    idea1 = submitted_idea(season, leader=leader1, title="첫째 아이디어")
    idea2 = submitted_idea(season, leader=leader1, title="둘째 아이디어")
    Idea.objects.filter(pk=idea2.pk).update(is_representative=True)
    IdeaFactory(season=season, created_by=leader1, title="초안")
    returned = submitted_idea(season, leader=f.team_leader(team=t4), title="보완")
    Idea.objects.filter(pk=returned.pk).update(status=Idea.Status.RETURNED)
    for team, status in ((t2, Exemption.Status.APPROVED), (t3, Exemption.Status.PENDING)):
        Exemption.objects.create(
            season=season,
            team=team,
            team_name=team.name,
            bureau=a,
            reason=Exemption.Reason.NEW_UNIT,
            status=status,
            filed_by=leader1,
            decided_at=timezone.now() if status == Exemption.Status.APPROVED else None,
        )
    planner = f.with_role(Role.PLANNING_OFFICE, team=None, position="")
    review_round = ReviewRoundFactory(season=season)
    high = AssignmentFactory(
        round=review_round, idea=idea1, reviewer=f.with_role(Role.REVIEWER, team=None, position="")
    )
    low = AssignmentFactory(
        round=review_round, idea=idea1, reviewer=f.with_role(Role.REVIEWER, team=None, position="")
    )
    AssignmentFactory(
        round=review_round, idea=idea2, reviewer=f.with_role(Role.REVIEWER, team=None, position="")
    )
    evaluate(high, 10, 10, 10, 10, 10)
    evaluate(low, 0, 0, 0, 0, 0)
    Decision.objects.create(
        round=review_round,
        idea=idea1,
        outcome=Decision.Outcome.ADOPT,
        implementation_path=Idea.Path.IMMEDIATE,
        reason="좋음",
        decided_by=planner,
    )
    return World(
        season, a, b, t1, t2, t3, t4, idea1, idea2, review_round, planner, f.bureau_director(a)
    )


@pytest.fixture
def season(db):
    return SeasonFactory()
