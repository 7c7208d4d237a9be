"""Who may do what with the award, its ledger and the verified outcomes.

The planning office (and system admins) run the award: rounds, screening, grades,
announcement, the past-winners import, ledger corrections and the HR export. A bureau
director nominates units of their own bureau while a round takes nominations. Every member
of staff reads announced rounds and their own points. A team re-measures its own adopted
work-reduction tasks; the director of the task's bureau verifies the measurement.
"""

from __future__ import annotations

import rules

from awards.models import AwardRound, OutcomeMeasurement
from core import refusals
from departments.permissions import (
    is_bureau_director,
    is_director_of_bureau,
    is_planning_office,
    is_system_admin,
)

manages_awards = is_planning_office | is_system_admin


@rules.predicate
def can_view_round(user, award_round: AwardRound | None) -> bool:
    if award_round is None or not user.is_authenticated:
        return False
    if award_round.status == AwardRound.Status.ANNOUNCED:
        return True
    return bool(manages_awards(user) or is_bureau_director(user))


@rules.predicate
def can_view_nomination(user, nomination) -> bool:
    """The planning office and bureau directors read every nomination of the rounds they
    see; everybody else reads the winners of announced rounds (as the round page shows)."""
    if nomination is None or not can_view_round(user, nomination.round):
        return False
    if manages_awards(user) or is_bureau_director(user):
        return True
    return (
        nomination.round.status == AwardRound.Status.ANNOUNCED and nomination.grade_id is not None
    )


@rules.predicate
def can_nominate_in(user, award_round: AwardRound | None) -> bool:
    if award_round is None or award_round.status != AwardRound.Status.OPEN:
        return False
    return bool(manages_awards(user) or is_bureau_director(user))


def nomination_refusal(user, award_round: AwardRound, bureau) -> str | None:
    """Why ``user`` may not nominate a unit of ``bureau`` in the round (None if they may)."""
    from django.utils.translation import gettext as _

    if award_round.status != AwardRound.Status.OPEN:
        return _("이 회차는 추천을 받지 않습니다.")
    if manages_awards(user):
        return None
    if not is_director_of_bureau(user, bureau):
        return _("소속 실·국의 부서만 추천할 수 있습니다.")
    return None


def nomination_change_refusal(user, nomination) -> str | None:
    """Why ``user`` may not change what backs ``nomination`` (its verified outcomes): who
    may nominate its unit in the round may, while the round takes nominations."""
    return nomination_refusal(user, nomination.round, nomination.bureau)


@rules.predicate
def can_announce_round(user, award_round: AwardRound | None) -> bool:
    return bool(
        award_round is not None
        and award_round.status != AwardRound.Status.ANNOUNCED
        and manages_awards(user)
    )


@rules.predicate
def can_put_forward_visit(user, visit) -> bool:
    """A reported benchmarking visit may back a nomination: its bureau's director, or the
    planning office, nominates it or links it to a nomination of the unit."""
    from visits.models import Visit

    if visit is None or visit.status != Visit.Status.REPORTED:
        return False
    return bool(manages_awards(user) or is_director_of_bureau(user, visit.bureau))


@rules.predicate
def can_measure_outcome(user, idea) -> bool:
    return bool(idea is not None and user.is_authenticated and user.team_id == idea.team_id)


@rules.predicate
def can_verify_outcome(user, measurement: OutcomeMeasurement | None) -> bool:
    return bool(
        measurement is not None
        and measurement.status == OutcomeMeasurement.Status.MEASURED
        and is_bureau_director(user)
        and user.bureau_id == measurement.idea.bureau_id
    )


rules.add_perm("awards.manage_awards", manages_awards)
rules.add_perm("awards.view_round", can_view_round)
rules.add_perm("awards.read_nomination", can_view_nomination)
rules.add_perm("awards.nominate_in", can_nominate_in)
rules.add_perm("awards.announce_round", can_announce_round)
refusals.add_perm("awards.back_nomination", nomination_change_refusal)
rules.add_perm("awards.put_forward_visit", can_put_forward_visit)
rules.add_perm("awards.grant_visit_rewards", manages_awards)
rules.add_perm("awards.view_own_points", rules.is_authenticated)
rules.add_perm("awards.view_outcomes", rules.is_authenticated)
rules.add_perm("awards.measure_outcome", can_measure_outcome)
rules.add_perm("awards.verify_outcome", can_verify_outcome)
# Django admin: the planning office and system admins.
rules.add_perm("awards", manages_awards)
for _model in ("awardgrade", "awardround", "awardcriterion", "nomination", "pointentry"):
    rules.add_perm(f"awards.view_{_model}", manages_awards)
