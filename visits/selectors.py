"""Reads of visits: the list, one visit with its group and derived ideas, the year-end report."""

from __future__ import annotations

from django.db.models import Prefetch

from reviews.models import Decision
from visits.models import DerivedIdea, Visit, VisitMember


def visits_list():
    return Visit.objects.select_related("programme").prefetch_related(
        Prefetch("members", VisitMember.objects.select_related("person"))
    )


def derived_with_outcomes(visits):
    """Derived ideas of the visits with the idea's state and current published decision
    (2 queries). Every member of staff reads visits: a round's decisions stay secret until
    the planning office publishes them, here as everywhere."""
    return (
        DerivedIdea.objects.filter(visit__in=visits)
        .select_related("idea")
        .prefetch_related(
            Prefetch(
                "idea__decisions",
                Decision.objects.filter(
                    is_current=True, round__decisions_published_at__isnull=False
                ),
                to_attr="current_decisions",
            )
        )
    )


def year_report(*, year: int) -> dict:
    visits = list(visits_list().filter(programme__year=year).order_by("starts_on", "pk"))
    derived: dict[int, list] = {}
    for link in derived_with_outcomes([v.pk for v in visits]):
        derived.setdefault(link.visit_id, []).append(link.idea)
    for visit in visits:
        visit.ideas = derived.get(visit.pk, [])
    return {
        "year": year,
        "visits": visits,
        "idea_count": sum(len(v.ideas) for v in visits),
        "adopted_count": sum(
            1
            for v in visits
            for i in v.ideas
            if any(d.outcome in Decision.ADOPTED for d in i.current_decisions)
        ),
    }


def idea_outcome(idea) -> str:
    decisions = getattr(idea, "current_decisions", [])
    if decisions:
        return decisions[0].get_outcome_display()
    return idea.get_status_display()
