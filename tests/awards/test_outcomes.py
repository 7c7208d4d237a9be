from decimal import Decimal

import pytest

from awards import selectors, services
from awards.models import OutcomeMeasurement
from core.errors import BusinessRuleError, PermissionRefused
from tests.awards.factories import adopted_task
from tests.departments import factories as f

pytestmark = pytest.mark.django_db


def test_the_team_remeasures_and_its_director_accepts(leader, member, director):
    task = adopted_task(leader=leader, hours=120)
    m = services.outcome_measure(idea=task, by=member, year=2024, half=1, measured_hours=100)
    assert m.declared_hours == 120
    services.outcome_verify(measurement=m, by=director, accept=True)
    m.refresh_from_db()
    assert m.status == OutcomeMeasurement.Status.ACCEPTED
    assert m.verified_hours == 100


def test_an_adjustment_needs_a_reason_and_no_negative_hours(leader, director):
    m = services.outcome_measure(
        idea=adopted_task(leader=leader), by=leader, year=2024, half=2, measured_hours=100
    )
    with pytest.raises(BusinessRuleError) as exc:
        services.outcome_verify(measurement=m, by=director, accept=False, verified_hours=80)
    assert "reason" in exc.value.errors
    with pytest.raises(BusinessRuleError) as exc:
        services.outcome_verify(
            measurement=m, by=director, accept=False, verified_hours=-1, reason="과다"
        )
    assert "음수" in exc.value.errors["verified_hours"][0]
    m.refresh_from_db()
    assert m.status == OutcomeMeasurement.Status.MEASURED
    services.outcome_verify(
        measurement=m, by=director, accept=False, verified_hours=80, reason="중복 제외"
    )
    m.refresh_from_db()
    assert m.verified_hours == 80
    assert m.status == OutcomeMeasurement.Status.ADJUSTED


def test_a_director_of_another_bureau_cannot_verify(leader):
    m = services.outcome_measure(
        idea=adopted_task(leader=leader), by=leader, year=2024, half=1, measured_hours=10
    )
    with pytest.raises(PermissionRefused):
        services.outcome_verify(measurement=m, by=f.bureau_director(f.BureauFactory()), accept=True)


def test_negative_hours_and_other_teams_are_refused(leader):
    task = adopted_task(leader=leader)
    with pytest.raises(BusinessRuleError) as exc:
        services.outcome_measure(idea=task, by=leader, year=2024, half=1, measured_hours=-3)
    assert "measured_hours" in exc.value.errors
    with pytest.raises(PermissionRefused):
        services.outcome_measure(idea=task, by=f.UserFactory(), year=2024, half=1, measured_hours=3)
    assert not OutcomeMeasurement.objects.exists()


def test_totals_per_team_bureau_and_government(leader, director):
    m = services.outcome_measure(
        idea=adopted_task(leader=leader, hours=120), by=leader, year=2024, half=1, measured_hours=90
    )
    services.outcome_verify(measurement=m, by=director, accept=True)
    other_leader = f.team_leader()
    services.outcome_measure(
        idea=adopted_task(leader=other_leader, hours=50),
        by=other_leader,
        year=2024,
        half=1,
        measured_hours=40,
    )
    government = selectors.outcome_totals(group_by="")[0]
    assert government["declared"] == Decimal("170")
    assert government["verified"] == Decimal("90")
    by_team = {r["idea__team_name"]: r for r in selectors.outcome_totals(group_by="team")}
    assert by_team[leader.team.name]["verified"] == Decimal("90")
    assert by_team[other_leader.team.name]["verified"] == 0


def test_a_task_whose_adoption_is_not_yet_published_is_not_measured(leader):
    """Refused as a task not adopted: trying must not tell the team of the adoption early."""
    task = adopted_task(leader=leader, published=False)
    with pytest.raises(BusinessRuleError) as exc:
        services.outcome_measure(idea=task, by=leader, year=2024, half=1, measured_hours=3)
    assert exc.value.errors["idea"] == ["채택된 업무 혁신 과제만 성과를 측정합니다."]
    assert not OutcomeMeasurement.objects.filter(idea=task).exists()
