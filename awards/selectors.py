"""Reads of the award: rounds with their winners, the ledger's totals, outcome totals."""

from __future__ import annotations

import rules
from django.db.models import Count, DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce

from awards.models import AwardRound, Nomination, OutcomeMeasurement, PointEntry
from core.queries import PreparedQuery

ZERO = Value(0, output_field=DecimalField(max_digits=12, decimal_places=2))


def rounds_for(*, user, manages: bool):
    """Announced rounds for everybody; every round for those who run or nominate."""
    rounds = AwardRound.objects.all()
    if not manages:
        rounds = rounds.filter(status=AwardRound.Status.ANNOUNCED)
    winners = Nomination.objects.filter(grade__isnull=False).select_related("grade")
    return rounds.prefetch_related(Prefetch("nominations", winners, to_attr="winners")).annotate(
        nomination_count=Count("nominations", distinct=True)
    )


def round_nominations(award_round: AwardRound):
    """The round's nominations with what the round page shows, the verified outcomes
    behind each with their tasks included."""
    outcomes = OutcomeMeasurement.objects.select_related("idea").order_by("-year", "-half", "pk")
    return award_round.nominations.select_related(
        "grade", "bureau", "division", "visit"
    ).prefetch_related("scores", Prefetch("outcomes", outcomes))


def _yearly_totals(*, person_id: int):
    return (
        PointEntry.objects.current()
        .personal()
        .filter(person_id=person_id)
        .values("year")
        .annotate(points=Sum("points"), wins=Count("pk"))
        .order_by("-year")
    )


# Compiled once: building this query (an Exists, four clones) cost 4–10x the database's
# own work on every call (benchmarks/bench_points_ledger.py).
_yearly_totals_prepared = PreparedQuery(_yearly_totals, "person_id")


def yearly_totals_of(*, person_id: int) -> list[dict]:
    """A person's points by year (current entries only), newest first: one query.
    Rows: ``year``, ``points`` (Decimal), ``wins``."""
    return _yearly_totals_prepared(person_id=person_id)


def entries_of(*, person_id: int):
    return (
        PointEntry.objects.current()
        .personal()
        .filter(person_id=person_id)
        .order_by("-awarded_on", "pk")
    )


def hr_ledger(*, year: int):
    """The HR export: each person's current personal entries of a year, in one query."""
    return (
        PointEntry.objects.current()
        .personal()
        .filter(year=year)
        .order_by("employee_number", "awarded_on", "pk")
        .values_list(
            "employee_number", "person_name", "unit_name", "awarded_on", "points", "reason"
        )
    )


def hr_totals(*, year: int):
    """Per person totals of a year (one query)."""
    return (
        PointEntry.objects.current()
        .personal()
        .filter(year=year)
        .values("person_id", "employee_number", "person_name")
        .annotate(points=Sum("points"), wins=Count("pk"))
        .order_by("employee_number")
    )


def outcome_totals(*, group_by: str):
    """Declared and verified hours per team, bureau or for the whole government.

    ``group_by`` is "team", "bureau" or "" (government). Declared counts the hours of the
    latest measurement's declaration; verified only verified measurements.
    """
    fields = {"team": ["idea__team_name"], "bureau": ["idea__bureau_name"], "": []}[group_by]
    rows = OutcomeMeasurement.objects.values(*fields) if fields else OutcomeMeasurement.objects
    verified = ~Q(status=OutcomeMeasurement.Status.MEASURED)
    aggregates = {
        "declared": Coalesce(Sum("declared_hours"), ZERO),
        "measured": Coalesce(Sum("measured_hours"), ZERO),
        "verified": Coalesce(Sum("verified_hours", filter=verified), ZERO),
        "tasks": Count("idea", distinct=True),
    }
    if not fields:
        return [rows.aggregate(**aggregates)]
    return list(rows.annotate(**aggregates).order_by(*fields))


def measurements_for(*, user):
    """Every measurement, with the nominations it backs (the view keeps those in rounds
    ``user`` may see)."""
    nominations = Nomination.objects.select_related("round", "grade").order_by(
        "-round__period_start", "pk"
    )
    return (
        OutcomeMeasurement.objects.select_related("idea", "measured_by", "verified_by")
        .prefetch_related(Prefetch("nominations", nominations))
        .order_by("status", "-year", "-half", "idea__bureau_name", "idea__team_name")
    )


def visit_rewards_pending(*, programme):
    """The programme's derived ideas now adopted whose unit has not yet been rewarded
    (what ``visit_rewards_grant`` would write), with the visit's unit: one query.

    Only adoptions the planning office has published: the ledger is read by the units,
    and a reward would tell a unit its idea was adopted before the round's results are out."""
    from reviews.models import Decision
    from visits.models import DerivedIdea

    adopted = Decision.objects.filter(
        is_current=True, outcome__in=Decision.ADOPTED, round__decisions_published_at__isnull=False
    ).values("idea")
    return (
        DerivedIdea.objects.filter(visit__programme=programme, idea__in=adopted)
        .exclude(point_entries__isnull=False)
        .select_related("visit__division", "idea")
        .order_by("visit__division__name", "idea__title", "pk")
    )


def visit_rewards_granted(*, programme):
    """The ledger's current entries rewarding the programme's derived ideas: one query."""
    return (
        PointEntry.objects.current()
        .filter(derived_idea__visit__programme=programme)
        .select_related("derived_idea__idea")
        .order_by("-awarded_on", "unit_name", "pk")
    )


def nominations_backed_by(*, visit, user) -> list[Nomination]:
    """The nominations a benchmarking visit backs, in the rounds ``user`` may see
    (announced ones for everybody): one query."""
    nominations = visit.nominations.select_related("round", "grade").order_by(
        "-round__period_start", "pk"
    )
    return [n for n in nominations if rules.has_perm("awards.view_round", user, n.round)]


def rounds_taking_nominations_from(*, user) -> list[AwardRound]:
    """The open rounds ``user`` may nominate in: one query."""
    rounds = AwardRound.objects.filter(status=AwardRound.Status.OPEN).order_by("-period_start")
    return [r for r in rounds if rules.has_perm("awards.nominate_in", user, r)]
