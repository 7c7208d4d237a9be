"""The briefing scheduler: bureaus in their order, packed into the working days' time slots.

Pure Python (no database): ``briefings.services.schedule_generate`` reads the agendas, the
working days (core.workdays: weekends, Korean public holidays and the planning office's
own days) and the slots other seasons' sessions already hold, and writes the result.

The rules, in order:

- Bureaus present in the given order; each bureau's ideas in their agenda order. A bureau
  with nothing to present gets no session.
- Each working day offers its first ``sessions_per_day`` time slots (e.g. 10:00–12:00 and
  14:00–17:00); a slot the governor already spends in another session is skipped.
- A slot holds ``slot minutes // minutes_per_item`` presentations. A bureau that does not
  fit in one slot continues in the next ones, in parts as even as the slots allow
  (기업유치지원실's 20 teams: 10 in the morning, 10 in the afternoon); a bureau never starts
  in the middle of another's session.
- Small bureaus (their whole agenda fits in half a slot) share a session with the small
  bureaus after them while the session has room, when ``merge_small`` is on.
- A session ends when its last presentation ends, not at the end of its slot.
- If the days run out before the bureaus do, the range is too short: ``ScheduleTooShort``
  says what did not fit and, given more days to look at, by when it would.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

TimeSlot = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class BureauAgenda:
    """What one bureau presents, in order."""

    bureau_id: int
    name: str
    idea_ids: Sequence[int]


@dataclass
class Part:
    """The ideas of one bureau presented in one session (``part`` of ``parts`` when split)."""

    bureau_id: int
    name: str
    idea_ids: list[int]
    part: int = 1
    parts: int = 1


@dataclass
class ProposedSession:
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    parts: list[Part] = field(default_factory=list)
    minutes_per_item: int = 10

    @property
    def bureau_ids(self) -> list[int]:
        return list(dict.fromkeys(p.bureau_id for p in self.parts))

    @property
    def title(self) -> str:
        names = "·".join(p.name for p in self.parts)
        part = self.parts[0]
        if len(self.parts) == 1 and part.parts > 1:
            return f"{names} 보고회 ({part.part}/{part.parts})"
        return f"{names} 보고회"

    def items(self) -> list[tuple[int, dt.time, dt.time]]:
        """(idea id, start, end) for each presentation, back to back from the start."""
        start = dt.datetime.combine(self.date, self.start_time)
        step = dt.timedelta(minutes=self.minutes_per_item)
        ideas = [pk for p in self.parts for pk in p.idea_ids]
        return [
            (pk, (start + step * n).time(), (start + step * (n + 1)).time())
            for n, pk in enumerate(ideas)
        ]


class ScheduleTooShort(Exception):
    """The working days in the range cannot hold every bureau."""

    def __init__(
        self, *, unplaced_bureaus: list[str], unplaced_ideas: int, fits_by: dt.date | None
    ):
        self.unplaced_bureaus = unplaced_bureaus
        self.unplaced_ideas = unplaced_ideas
        self.fits_by = fits_by
        super().__init__(f"{len(unplaced_bureaus)} bureaus ({unplaced_ideas} ideas) do not fit")


class NothingToSchedule(Exception):
    """No bureau has anything to present."""


def minutes(slot: TimeSlot) -> int:
    start, end = (dt.datetime.combine(dt.date.min, t) for t in slot)
    return int((end - start).total_seconds() // 60)


def _overlaps(slot: TimeSlot, busy: Iterable[TimeSlot]) -> bool:
    return any(start < slot[1] and slot[0] < end for start, end in busy)


def _pack(
    agendas: Sequence[BureauAgenda],
    days: Iterable[dt.date],
    slots: Sequence[TimeSlot],
    minutes_per_item: int,
    merge_small: bool,
    busy: dict[dt.date, list[TimeSlot]],
) -> tuple[list[ProposedSession], deque]:
    # Every slot the governor has free, in time order, with how many presentations it holds.
    free = [
        (day, slot, minutes(slot) // minutes_per_item)
        for day in days
        for slot in slots
        if minutes(slot) >= minutes_per_item and not _overlaps(slot, busy.get(day, []))
    ]
    queue = deque((a, 0) for a in agendas if a.idea_ids)  # (agenda, ideas already placed)
    sessions: list[ProposedSession] = []
    for n, (day, slot, capacity) in enumerate(free):
        if not queue:
            break
        agenda, placed = queue.popleft()
        remaining = list(agenda.idea_ids[placed:])
        session = ProposedSession(day, slot[0], slot[1], minutes_per_item=minutes_per_item)
        if len(remaining) > capacity:
            take = _first_part(len(remaining), [c for _d, _s, c in free[n:]])
            session.parts.append(Part(agenda.bureau_id, agenda.name, remaining[:take]))
            queue.appendleft((agenda, placed + take))
        else:
            session.parts.append(Part(agenda.bureau_id, agenda.name, remaining))
            if merge_small and placed == 0 and len(agenda.idea_ids) * 2 <= capacity:
                _merge_small(session, queue, capacity, used=len(remaining))
        count = sum(len(p.idea_ids) for p in session.parts)
        end = dt.datetime.combine(day, slot[0]) + dt.timedelta(minutes=count * minutes_per_item)
        session.end_time = end.time()
        sessions.append(session)
    return sessions, queue


def _merge_small(session: ProposedSession, queue: deque, capacity: int, *, used: int) -> None:
    """A small bureau's session takes the following small bureaus while they fit."""
    while (
        queue
        and len(queue[0][0].idea_ids) * 2 <= capacity
        and used + len(queue[0][0].idea_ids) <= capacity
    ):
        following, _ = queue.popleft()
        session.parts.append(Part(following.bureau_id, following.name, list(following.idea_ids)))
        used += len(following.idea_ids)


def _first_part(count: int, capacities: Sequence[int]) -> int:
    """How many of ``count`` presentations the first of the slots ``capacities`` takes when
    a bureau is split: the parts as even as the slots allow (13 over 12 + 18 places is
    7 + 6, not 12 + 1), never leaving more than the following slots hold."""
    needed, room = 0, 0
    for capacity in capacities:
        needed, room = needed + 1, room + capacity
        if room >= count:
            break
    else:  # the slots run out: fill this one, the range is too short anyway
        return capacities[0]
    rest = room - capacities[0]
    return min(capacities[0], max(-(-count // needed), count - rest))


def _number_parts(sessions: list[ProposedSession]) -> None:
    totals: dict[int, int] = {}
    for session in sessions:
        for part in session.parts:
            totals[part.bureau_id] = totals.get(part.bureau_id, 0) + 1
    seen: dict[int, int] = {}
    for session in sessions:
        for part in session.parts:
            seen[part.bureau_id] = seen.get(part.bureau_id, 0) + 1
            part.part, part.parts = seen[part.bureau_id], totals[part.bureau_id]


def propose(
    *,
    agendas: Sequence[BureauAgenda],
    days: Sequence[dt.date],
    slots: Sequence[TimeSlot],
    minutes_per_item: int,
    merge_small: bool = True,
    busy: dict[dt.date, list[TimeSlot]] | None = None,
    more_days: Iterable[dt.date] = (),
) -> list[ProposedSession]:
    """The whole schedule, or ``ScheduleTooShort`` (``more_days``: the working days after
    the range, to say by when it would fit) or ``NothingToSchedule``."""
    busy = busy or {}
    if not any(a.idea_ids for a in agendas):
        raise NothingToSchedule
    sessions, left = _pack(agendas, days, slots, minutes_per_item, merge_small, busy)
    if left:
        extended, still_left = _pack(
            agendas, [*days, *more_days], slots, minutes_per_item, merge_small, busy
        )
        raise ScheduleTooShort(
            unplaced_bureaus=[agenda.name for agenda, _ in left],
            unplaced_ideas=sum(len(a.idea_ids) - placed for a, placed in left),
            fits_by=None if still_left or not extended else extended[-1].date,
        )
    _number_parts(sessions)
    return sessions
