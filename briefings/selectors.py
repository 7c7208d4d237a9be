"""Reads of briefing schedules and sessions, shared by the pages, the API, the calendars,
the reminders and the scheduler. Each is a fixed number of queries, whatever the rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, Prefetch, Q, QuerySet

from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from briefings.permissions import manages_schedules
from briefings.scheduler import BureauAgenda, TimeSlot
from departments.models import Bureau, User
from ideas.models import Idea, Season
from reviews.models import Directive


def agenda_ideas(*, season: Season) -> QuerySet[Idea]:
    """What a season briefs: its submitted ideas, only the representative tasks where the
    season says so."""
    qs = Idea.objects.filter(season=season, status=Idea.Status.SUBMITTED)
    if season.representative_per_division:
        qs = qs.filter(is_representative=True)
    return qs


def bureau_agendas(
    *,
    season: Season,
    order: Sequence[int] = (),
    only: Sequence[int] | None = None,
    taken: QuerySet[BriefingSession] | None = None,
) -> list[BureauAgenda]:
    """Each bureau's ideas in presentation order (division, team, reference number), the
    bureaus in briefing order: ``order`` first, then the bureaus' display order (two queries).

    ``only`` limits the bureaus; ideas on the sessions ``taken`` (default: every session of
    the season) are left out.
    """
    ideas = agenda_ideas(season=season)
    if only is not None:
        ideas = ideas.filter(bureau_id__in=list(only))
    if taken is None:
        taken = BriefingSession.objects.filter(season=season)
    ideas = ideas.exclude(agenda_items__session__in=taken)
    rows = ideas.order_by(
        "division__display_order",
        "division__name",
        "team__display_order",
        "team__name",
        "reference_number",
        "pk",
    ).values_list("pk", "bureau_id")
    by_bureau: dict[int, list[int]] = {}
    for pk, bureau_id in rows:
        by_bureau.setdefault(bureau_id, []).append(pk)
    rank = {pk: n for n, pk in enumerate(order)}
    bureaus = sorted(
        Bureau.objects.filter(pk__in=by_bureau).values_list("pk", "name", "display_order"),
        key=lambda b: (rank.get(b[0], len(rank)), b[2], b[1], b[0]),
    )
    return [BureauAgenda(pk, name, by_bureau[pk]) for pk, name, _order in bureaus]


def busy_slots(
    *, start: dt.date, end: dt.date, exclude: QuerySet[BriefingSession] | None = None
) -> dict[dt.date, list[TimeSlot]]:
    """The governor's time already taken by sessions between ``start`` and ``end``."""
    qs = BriefingSession.objects.filter(date__range=(start, end))
    if exclude is not None:
        qs = qs.exclude(pk__in=exclude.values("pk"))
    busy: dict[dt.date, list[TimeSlot]] = {}
    for day, s, e in qs.values_list("date", "start_time", "end_time"):
        busy.setdefault(day, []).append((s, e))
    return busy


def sessions(
    *, user: User, season: Season | None = None, base: QuerySet | None = None
) -> QuerySet[BriefingSession]:
    """Sessions as lists show them (bureaus prefetched, agenda counted): published ones,
    and the drafts too for the planning office. Three queries with pagination's count."""
    qs = BriefingSession.objects.all() if base is None else base
    if season is not None:
        qs = qs.filter(season=season)
    if not manages_schedules(user):
        qs = qs.published()  # type: ignore[union-attr]
    return (
        qs.select_related("season")
        .prefetch_related(Prefetch("bureaus", Bureau.objects.order_by("display_order", "name")))
        .annotate(item_count=Count("items", distinct=True))
        .in_order()
    )


def sessions_with_agendas(qs: QuerySet[BriefingSession]) -> QuerySet[BriefingSession]:
    """Sessions with their agenda and each idea's team: for calendars and the API."""
    return qs.prefetch_related(
        Prefetch(
            "items",
            AgendaItem.objects.select_related("idea__season").order_by("order"),
        )
    )


def session_detail(*, pk: int) -> BriefingSession:
    """One session with its agenda, each idea and the directives already recorded on it."""
    return (
        BriefingSession.objects.select_related("season")
        .prefetch_related(
            Prefetch("bureaus", Bureau.objects.order_by("display_order", "name")),
            Prefetch(
                "items",
                AgendaItem.objects.select_related("idea__season").order_by("order"),
            ),
            Prefetch(
                "items__idea__directives",
                Directive.objects.select_related("responsible_bureau").order_by("pk"),
            ),
        )
        .get(pk=pk)
    )


def schedule_of(*, season: Season) -> BriefingSchedule | None:
    return BriefingSchedule.objects.filter(season=season).select_related("requested_by").first()


def seasons_with_sessions(*, user: User) -> QuerySet[Season]:
    """Seasons a person can open a schedule of, newest first, with their session counts."""
    qs = Season.objects.exclude(status=Season.Status.DRAFT)
    if manages_schedules(user):
        count = Count("briefing_sessions", distinct=True)
    else:
        count = Count(
            "briefing_sessions",
            filter=Q(briefing_sessions__published_at__isnull=False),
            distinct=True,
        )
    return qs.annotate(session_count=count).order_by("-submission_opens_at")


def sessions_on(*, day: dt.date) -> QuerySet[BriefingSession]:
    return BriefingSession.objects.published().on(day).select_related("season").in_order()


def next_session_season(*, user: User, day: dt.date) -> int | None:
    """The season of the first session on or after ``day`` the person may see."""
    qs = BriefingSession.objects.filter(date__gte=day)
    if not manages_schedules(user):
        qs = qs.published()
    return qs.order_by("date", "start_time").values_list("season_id", flat=True).first()
