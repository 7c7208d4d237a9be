"""Rollout plans made the way the product makes them: a published adoption opens the plan
(reviews.services), then the team fills it in through rollout.services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from departments.models import Role
from ideas.models import Idea
from reviews import services as review_services
from rollout import services
from rollout.models import RolloutPlan
from tests.departments.factories import UserFactory, team_leader
from tests.reviews import factories as rf


def planner():
    return UserFactory(roles=[Role.PLANNING_OFFICE])


def published_adoption(*, leader=None, path=Idea.Path.BUDGET, by=None, review_round=None):
    """An idea of ``leader``'s team adopted in a round whose decisions are then published."""
    by = by or planner()
    leader = leader or team_leader()
    review_round = review_round or rf.ReviewRoundFactory()
    idea = rf.submitted_idea(review_round.season, leader=leader, implementation_path=path)
    decision = review_services.decision_record(
        review_round=review_round,
        idea=idea,
        by=by,
        outcome="adopt",
        reason="도정에 바로 접목할 수 있습니다.",
        implementation_path=path,
    )
    review_services.round_close(review_round=review_round, by=by)
    review_services.decisions_publish(review_round=review_round, by=by)
    return decision


def filed_plan(*, leader=None, path=Idea.Path.BUDGET, start=None, target=None) -> RolloutPlan:
    """A plan filed by its team leader, running from ``start`` to ``target``."""
    leader = leader or team_leader()
    decision = published_adoption(leader=leader, path=path)
    plan = RolloutPlan.objects.get(idea=decision.idea)
    start = start or timezone.localdate() - dt.timedelta(days=30)
    target = target or start + dt.timedelta(days=365)
    plan = services.plan_update(
        plan=plan,
        by=leader,
        version=plan.version,
        method="시범 운영 후 확대",
        start_date=start,
        target_date=target,
    )
    return services.plan_file(plan=plan, by=leader)
