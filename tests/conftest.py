import pytest
from django.db import transaction

from departments.models import Role
from tests.demo_snapshot import Snapshot
from tests.departments import factories as f


@pytest.fixture
def team(db):
    return f.TeamFactory()


@pytest.fixture
def member(team):
    return f.UserFactory(team=team)


@pytest.fixture
def leader(team):
    return f.team_leader(team=team)


@pytest.fixture
def director(team):
    return f.bureau_director(team.division.bureau)


@pytest.fixture
def head(team):
    return f.division_head(team.division)


@pytest.fixture
def reviewer(db):
    return f.with_role(Role.REVIEWER)


@pytest.fixture
def planner(db):
    return f.with_role(Role.PLANNING_OFFICE)


@pytest.fixture
def sysadmin(db):
    return f.with_role(Role.SYSTEM_ADMIN)


@pytest.fixture
def roles(member, leader, head, director, reviewer, planner, sysadmin):
    """One user of each role, keyed by the role's name as the demo data names it."""
    return {
        "team_member": member,
        "team_leader": leader,
        "division_head": head,
        "bureau_director": director,
        "reviewer": reviewer,
        "planning_office": planner,
        "system_admin": sysadmin,
    }


def _taken(seed: str | None, django_db_blocker) -> Snapshot:
    snapshot = Snapshot(seed)
    with django_db_blocker.unblock():
        snapshot.take()
    return snapshot


@pytest.fixture(scope="session")
def seed_7_demo(django_db_setup, django_db_blocker):
    """load_demo's data with seed 7, loaded once for this test process (demo_snapshot)."""
    return _taken("7", django_db_blocker)


@pytest.fixture(scope="session")
def default_demo(django_db_setup, django_db_blocker):
    """load_demo's data with its default seed, as a newcomer starts with it, loaded once for
    this test process (demo_snapshot)."""
    return _taken(None, django_db_blocker)


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker, seed_7_demo):
    """load_demo's output (seed 7, scale 1), for a module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_7_demo.load()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_db, db):
    """The module's demo data, for a test (its changes are rolled back after it)."""
    return demo_db
