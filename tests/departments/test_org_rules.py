import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core.errors import BusinessRuleError
from departments import services
from departments.models import Position, Team, User
from tests.departments import factories as f

pytestmark = pytest.mark.django_db


def test_a_referenced_team_cannot_be_deleted(member):
    with pytest.raises(ProtectedError):
        member.team.delete()
    assert Team.objects.filter(pk=member.team_id).exists()


def test_a_division_with_teams_cannot_be_deleted(team):
    with pytest.raises(ProtectedError):
        team.division.delete()


def test_an_unreferenced_team_can_be_deleted():
    team = f.TeamFactory()
    team.delete()
    assert not Team.objects.filter(pk=team.pk).exists()


def test_deactivating_a_team_keeps_it_and_stamps_the_date():
    team = f.TeamFactory()
    services.unit_deactivate(unit=team)
    team.refresh_from_db()
    assert team.is_active is False
    assert team.deactivated_at is not None
    assert team in Team.objects.all()
    assert team not in Team.objects.active()


def test_it_refuses_to_deactivate_a_team_with_active_people(member):
    with pytest.raises(BusinessRuleError, match="재직 중인 직원"):
        services.unit_deactivate(unit=member.team)
    member.team.refresh_from_db()
    assert member.team.is_active


def test_it_refuses_to_deactivate_a_bureau_with_active_divisions(team):
    with pytest.raises(BusinessRuleError, match="하위 조직"):
        services.unit_deactivate(unit=team.division.bureau)


def test_a_closed_name_can_be_reused_by_a_new_team(team):
    services.unit_deactivate(unit=team)
    successor = Team.objects.create(division=team.division, name=team.name)
    assert successor.pk != team.pk


def test_two_active_teams_in_a_division_cannot_share_a_name(team):
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(division=team.division, name=team.name)


def test_a_team_leader_must_belong_to_a_team(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("lonely", "pw", full_name="홍길동", position=Position.TEAM_LEADER)


def test_a_bureau_director_must_have_a_bureau(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(
            "nobody", "pw", full_name="홍길동", position=Position.BUREAU_DIRECTOR
        )


def test_a_reactivated_team_needs_an_active_division(team):
    division = team.division
    services.unit_deactivate(unit=team)
    services.unit_deactivate(unit=division)
    with pytest.raises(BusinessRuleError):
        services.unit_reactivate(unit=team)
