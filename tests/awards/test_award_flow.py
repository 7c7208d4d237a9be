import datetime as dt
from decimal import Decimal

import pytest

from awards import services
from awards.models import AwardRound, Nomination, PointEntry
from core.errors import BusinessRuleError, PermissionRefused
from departments.models import User
from notifications.models import Notification, Outbox
from tests.awards.factories import grade, open_round
from tests.departments import factories as f

pytestmark = pytest.mark.django_db


def test_a_bureau_director_nominates_a_division_of_their_own_bureau(planner, team, director):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round,
        by=director,
        division=team.division,
        citation="규제 과제 482건 발굴, 72건 해결, 기업 35곳 방문",
    )
    assert nomination.unit_name == team.division.name
    assert nomination.bureau == team.division.bureau
    assert award_round.criteria.count() == 4


def test_a_unit_is_nominated_once_per_round_with_a_korean_message_at_the_field(
    planner, team, director
):
    award_round = open_round(planner)
    services.nomination_create(
        award_round=award_round, by=director, division=team.division, citation="성과"
    )
    with pytest.raises(BusinessRuleError) as exc:
        services.nomination_create(
            award_round=award_round, by=planner, division=team.division, citation="다시"
        )
    assert "이미 추천되었습니다" in exc.value.errors["division"][0]
    assert Nomination.objects.count() == 1


def test_a_bureau_level_unit_is_nominated_once_per_round_too(planner):
    agency = f.BureauFactory(name="인재개발원")
    award_round = open_round(planner)
    services.nomination_create(award_round=award_round, by=planner, bureau=agency, citation="상생")
    with pytest.raises(BusinessRuleError) as exc:
        services.nomination_create(
            award_round=award_round, by=planner, bureau=agency, citation="상생"
        )
    assert "bureau" in exc.value.errors


def test_a_director_of_another_bureau_cannot_nominate(planner, team):
    other = f.bureau_director(f.BureauFactory())
    with pytest.raises(PermissionRefused):
        services.nomination_create(
            award_round=open_round(planner), by=other, division=team.division, citation="x"
        )


def test_negative_money_is_refused_at_the_field_and_nothing_saved(planner, team):
    with pytest.raises(BusinessRuleError) as exc:
        services.nomination_create(
            award_round=open_round(planner),
            by=planner,
            division=team.division,
            citation="x",
            money_secured_krw=-1,
        )
    assert "음수" in exc.value.errors["money_secured_krw"][0]
    assert not Nomination.objects.exists()


def test_scores_weigh_the_criteria_to_a_total_of_100(planner, team):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=planner, division=team.division, citation="x"
    )
    scores = {c.pk: c.max_score for c in award_round.criteria.all()}
    services.nomination_score(nomination=nomination, by=planner, scores=scores, grade=grade())
    nomination.refresh_from_db()
    assert nomination.score == Decimal("100.00")
    award_round.refresh_from_db()
    assert award_round.status == AwardRound.Status.SCREENING


def test_a_score_above_the_maximum_is_refused_at_its_criterion(planner, team):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=planner, division=team.division, citation="x"
    )
    criterion = award_round.criteria.first()
    with pytest.raises(BusinessRuleError) as exc:
        services.nomination_score(nomination=nomination, by=planner, scores={criterion.pk: 11})
    assert f"score_{criterion.pk}" in exc.value.errors
    assert not nomination.scores.exists()


def _announce(planner, division, *, on=dt.date(2021, 3, 9)):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=planner, division=division, citation="x"
    )
    services.nomination_score(nomination=nomination, by=planner, scores={}, grade=grade())
    return services.round_announce(award_round=award_round, by=planner, award_date=on)


def test_announcing_gives_unit_points_and_personal_points_to_the_unit_at_the_award_date(
    planner, team, member, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _announce(planner, team.division)
    unit = PointEntry.objects.unit().get()
    assert unit.points == Decimal("1.00")
    assert unit.prize_krw == 1_000_000
    personal = PointEntry.objects.personal()
    assert set(personal.values_list("person", flat=True)) == {member.pk, leader.pk}
    assert all(e.year == 2021 for e in personal)
    assert Notification.objects.filter(kind=Notification.Kind.AWARD_ANNOUNCED).count() == (
        User.objects.filter(is_active=True).count()
    )
    assert not Outbox.objects.exists()  # the inbox and the page; no mail to all staff


def test_a_member_who_moves_keeps_the_points_and_one_who_joins_later_gets_none(
    planner, team, member
):
    _announce(planner, team.division)
    member.team = f.TeamFactory()
    member.division = member.team.division
    member.bureau = member.team.division.bureau
    member.save()
    newcomer = f.UserFactory(team=team)
    assert PointEntry.objects.personal().filter(person=member).count() == 1
    entry = PointEntry.objects.get(person=member)
    assert entry.unit_name == team.division.name  # the unit as it was
    assert not PointEntry.objects.filter(person=newcomer).exists()


def test_a_correction_is_a_new_entry_and_the_totals_count_only_it(planner, team, member):
    _announce(planner, team.division)
    entry = PointEntry.objects.get(person=member)
    correction = services.point_entry_correct(
        entry=entry, by=planner, points=Decimal("0.2"), reason="등급 정정"
    )
    entry.refresh_from_db()
    assert entry.points == Decimal("0.50")  # untouched
    assert list(PointEntry.objects.current().filter(person=member)) == [correction]
    with pytest.raises(BusinessRuleError):
        services.point_entry_correct(entry=entry, by=planner, points=1, reason="again")
    with pytest.raises(BusinessRuleError) as exc:
        services.point_entry_correct(entry=correction, by=planner, points=-1, reason="음수")
    assert "points" in exc.value.errors


def test_a_round_is_announced_once(planner, team):
    award_round = _announce(planner, team.division)
    with pytest.raises(BusinessRuleError):
        services.round_announce(award_round=award_round, by=planner, award_date=dt.date(2021, 4, 1))
