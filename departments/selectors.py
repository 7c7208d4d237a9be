"""Named reads of the organisation, shared by the org chart page and the API.

Each function returns a QuerySet with its eager loading and annotations done, so a list
of any length costs the same few queries: the related units come through ``select_related``
and the counts and the team leader through correlated subqueries (no GROUP BY, so filters
added later by a FilterSet cannot multiply the counts).
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from departments.models import Bureau, Division, Position, Team, User


def _count(queryset: QuerySet, *, parent: str) -> Coalesce:
    """The number of rows of ``queryset`` whose ``parent`` is the outer row, 0 if none."""
    counted = (
        queryset.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def bureau_list() -> QuerySet[Bureau]:
    """Bureaus in briefing order, with the number of their active divisions."""
    return Bureau.objects.annotate(
        division_count=_count(Division.objects.active(), parent="bureau"),
    ).order_by("display_order", "name", "pk")


def division_list() -> QuerySet[Division]:
    """Divisions with their bureau and the number of their active teams."""
    return (
        Division.objects.select_related("bureau")
        .annotate(team_count=_count(Team.objects.active(), parent="division"))
        .order_by(
            "bureau__display_order", "bureau__name", "bureau__pk", "display_order", "name", "pk"
        )
    )


def team_list() -> QuerySet[Team]:
    """Teams with division and bureau, the number of active members and the team leader.

    ``leader_id`` and ``leader_name`` are those of the active team leader (the first by
    name if the HR sheet ever lists two); both are None for a team without one.
    """
    leaders = User.objects.filter(
        team=OuterRef("pk"), position=Position.TEAM_LEADER, is_active=True
    ).order_by("full_name", "pk")
    return (
        Team.objects.select_related("division__bureau")
        .annotate(
            member_count=_count(User.objects.filter(is_active=True), parent="team"),
            leader_id=Subquery(leaders.values("pk")[:1]),
            leader_name=Subquery(leaders.values("full_name")[:1]),
        )
        # Grouped by bureau, then division, as the chart shows them ({% regroup %} needs
        # each bureau's and division's rows together, hence the pks as tie-breakers).
        .order_by(
            "division__bureau__display_order",
            "division__bureau__name",
            "division__bureau__pk",
            "division__display_order",
            "division__name",
            "division__pk",
            "display_order",
            "name",
            "pk",
        )
    )


def person_list() -> QuerySet[User]:
    """People (직원) with their team, division and bureau, by name."""
    return User.objects.select_related("team", "division", "bureau").order_by(
        "full_name", "employee_number", "pk"
    )
