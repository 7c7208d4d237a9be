import pytest

from core.errors import BusinessRuleError, PermissionRefused
from ideas import services
from ideas.models import Exemption
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory

pytestmark = pytest.mark.django_db


def test_a_team_leader_files_and_the_bureau_director_approves(season, leader, director):
    exemption = services.exemption_file(
        season=season, by=leader, reason=Exemption.Reason.STATUTORY_DUTIES
    )
    assert exemption.status == Exemption.Status.PENDING
    services.exemption_decide(exemption=exemption, by=director, approve=True)
    exemption.refresh_from_db()
    assert exemption.status == Exemption.Status.APPROVED
    assert exemption.decided_by == director


def test_an_other_reason_needs_text(season, leader):
    with pytest.raises(BusinessRuleError) as caught:
        services.exemption_file(season=season, by=leader, reason=Exemption.Reason.OTHER)
    assert "reason_text" in caught.value.errors
    assert not Exemption.objects.exists()


def test_a_team_member_cannot_file(season, member):
    with pytest.raises(PermissionRefused):
        services.exemption_file(season=season, by=member, reason=Exemption.Reason.NEW_UNIT)


def test_no_exemption_where_the_season_allows_none(leader):
    season = SeasonFactory(exemptions_allowed=False)
    with pytest.raises(PermissionRefused):
        services.exemption_file(season=season, by=leader, reason=Exemption.Reason.NEW_UNIT)


def test_a_second_request_is_refused_while_one_is_open(season, leader):
    services.exemption_file(season=season, by=leader, reason=Exemption.Reason.NEW_UNIT)
    with pytest.raises(BusinessRuleError, match="이미 신청한"):
        services.exemption_file(season=season, by=leader, reason=Exemption.Reason.NEW_UNIT)


def test_after_a_rejection_the_team_may_file_again(season, leader, director):
    first = services.exemption_file(season=season, by=leader, reason=Exemption.Reason.NEW_UNIT)
    with pytest.raises(BusinessRuleError, match="반려 사유"):
        services.exemption_decide(exemption=first, by=director, approve=False)
    services.exemption_decide(exemption=first, by=director, approve=False, note="법정 사무 아님")
    again = services.exemption_file(
        season=season, by=leader, reason=Exemption.Reason.OTHER, reason_text="신설 TF"
    )
    assert again.pk != first.pk


def test_a_director_of_another_bureau_cannot_decide(season, leader):
    exemption = services.exemption_file(season=season, by=leader, reason=Exemption.Reason.NEW_UNIT)
    stranger = f.bureau_director(f.BureauFactory())
    with pytest.raises(PermissionRefused):
        services.exemption_decide(exemption=exemption, by=stranger, approve=True)
