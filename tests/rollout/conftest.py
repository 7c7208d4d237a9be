import pytest

from rollout.models import RolloutPlan
from tests.rollout import factories as rof


@pytest.fixture
def plan(leader, planner):
    """A draft plan of the ``leader`` fixture's team, opened by a published adoption."""
    decision = rof.published_adoption(leader=leader, by=planner)
    return RolloutPlan.objects.get(idea=decision.idea)


@pytest.fixture
def active_plan(leader):
    return rof.filed_plan(leader=leader)
