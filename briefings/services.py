"""Every state change of briefing schedules and sessions.

The planning office asks for a schedule (``schedule_request``); a Celery task generates the
proposal (``schedule_generate``, see ``briefings.scheduler``); the planning office moves or
swaps sessions by hand (``session_move``, ``session_swap``), adds one
(``session_create``) and publishes (``schedule_publish``). Each function checks
``briefings.permissions`` first, writes in one transaction and records the history.

No two sessions of the governor overlap. The services check it under a row lock and name
the session in the way; on PostgreSQL the deferred exclusion constraint
``briefing_session_no_overlap`` is then checked at once (``_overlap_constraint_now``), so a
write that slipped past the check (another transaction, the admin, raw SQL) is refused too.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import holidays
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from briefings import permissions, scheduler, selectors
from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from core.errors import BusinessRuleError, ensure, ensure_allowed
from core.services import history_record
from core.text import name_errors
from core.workdays import WorkCalendar
from departments.models import Bureau, User
from ideas.models import Idea, Season
from notifications import events as notices

logger = logging.getLogger(__name__)

OVERLAP_CONSTRAINT = "briefing_session_no_overlap"
MAX_RANGE_DAYS = 120
MAX_SLOTS = 6
LOOK_AHEAD_DAYS = 366  # how far past the range the scheduler looks to say "fits by …"
MAX_AHEAD = dt.timedelta(days=2 * 366)
MIN_DAY = dt.date(2000, 1, 1)
TITLE_MAX = 200


class BriefingAction:
    """History actions, as stored in HistoryEntry.action."""

    SCHEDULE_REQUESTED = "schedule_requested"
    SCHEDULE_PROPOSED = "schedule_proposed"
    SCHEDULE_REFUSED = "schedule_refused"
    SCHEDULE_PUBLISHED = "schedule_published"
    SCHEDULE_REGENERATED = "schedule_regenerated"
    SESSION_CREATED = "session_created"
    SESSION_MOVED = "session_moved"
    SESSION_SWAPPED = "session_swapped"


# Helpers ------------------------------------------------------------------------------


def day_label(day: dt.date) -> str:
    return formats.date_format(day, "Y-m-d (D)")


def _closed_reason(calendar: WorkCalendar, day: dt.date) -> str | None:
    """Why ``day`` is not a working day, in Korean; None when it is one."""
    if calendar.is_working_day(day):
        return None
    override = calendar.overrides.get(day)
    if override is not None:
        return override.reason
    name = holidays.KR(years=day.year, language="ko").get(day)
    return name or _("주말")


def _as_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    hours, minutes = str(value).strip().split(":")
    return dt.time(int(hours), int(minutes))


def parse_time_slots(raw: Iterable[Sequence[Any]]) -> list[scheduler.TimeSlot]:
    """[["10:00", "12:00"], …] (or times) into sorted slots; ValueError if malformed."""
    slots = []
    for pair in raw:
        start, end = pair
        slots.append((_as_time(start), _as_time(end)))
    return sorted(slots)


def _slot_errors(slots: list[scheduler.TimeSlot]) -> list[str]:
    if not slots:
        return [_("보고회 시간대를 하나 이상 입력하세요. 예: 10:00-12:00, 14:00-17:00")]
    if len(slots) > MAX_SLOTS:
        return [_("시간대는 하루 %(max)d개까지입니다.") % {"max": MAX_SLOTS}]
    errors = []
    for start, end in slots:
        if end <= start:
            errors.append(
                _("%(start)s-%(end)s: 끝나는 시각이 시작보다 늦어야 합니다.")
                % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
            )
    for (_s1, end1), (start2, _e2) in zip(slots, slots[1:], strict=False):
        if start2 < end1:
            errors.append(_("시간대가 서로 겹칩니다."))
            break
    return errors


def _overlap_message(clash: BriefingSession) -> str:
    return _(
        "같은 시간에 ‘%(title)s’(%(day)s %(start)s–%(end)s)이(가) 있습니다. 도지사는 두 "
        "보고회에 동시에 참석할 수 없습니다."
    ) % {
        "title": clash.title,
        "day": day_label(clash.date),
        "start": f"{clash.start_time:%H:%M}",
        "end": f"{clash.end_time:%H:%M}",
    }


def _ensure_free(
    *, date: dt.date, start: dt.time, end: dt.time, exclude: Iterable[int] = ()
) -> None:
    """Refuse a time the governor already spends in another session (rows locked)."""
    clash = (
        BriefingSession.objects.select_for_update()
        .filter(date=date, start_time__lt=end, end_time__gt=start)
        .exclude(pk__in=list(exclude))
        .order_by("start_time", "pk")
        .first()
    )
    ensure(clash is None, _overlap_message(clash) if clash else "", field="start_time")


def _overlap_constraint_now() -> None:
    """PostgreSQL: check the deferred exclusion constraint now, inside the service."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {OVERLAP_CONSTRAINT} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {OVERLAP_CONSTRAINT} DEFERRED")
    except IntegrityError as exc:
        raise BusinessRuleError(
            _(
                "다른 보고회와 시간이 겹쳐 저장하지 않았습니다. 도지사는 두 보고회에 동시에 참석할 수 없습니다."
            ),
            field="start_time",
        ) from exc


def _ensure_within_reach(day: dt.date, *, field: str = "date") -> None:
    """Briefings are planned at most two years ahead (and dates stay far from date.max)."""
    ensure(
        MIN_DAY <= day <= timezone.localdate() + MAX_AHEAD,
        _("보고회 날짜는 %(first)s부터 2년 뒤까지입니다.") % {"first": MIN_DAY.isoformat()},
        field=field,
    )


def _ensure_working_day(day: dt.date, *, field: str = "date") -> None:
    _ensure_within_reach(day, field=field)
    calendar = WorkCalendar(day, day)
    reason = _closed_reason(calendar, day)
    ensure(
        reason is None,
        _("%(day)s은(는) %(reason)s(이)라 보고회를 열 수 없습니다.")
        % {"day": day_label(day), "reason": reason},
        field=field,
    )


def _end_of(day: dt.date, start: dt.time, duration: dt.timedelta) -> dt.time:
    end = dt.datetime.combine(day, start) + duration
    ensure(
        end.date() == day and end.time() > start,
        _("보고회는 같은 날 안에 끝나야 합니다."),
        field="start_time",
    )
    return end.time()


def _clock_shift(old: dt.time, new: dt.time) -> dt.timedelta:
    """How far the agenda's clock times move (the date may change too)."""
    day = dt.date(2000, 1, 1)
    return dt.datetime.combine(day, new) - dt.datetime.combine(day, old)


def _shift_items(session: BriefingSession, delta: dt.timedelta) -> None:
    items = list(session.items.all())
    for item in items:
        item.start_time = (dt.datetime.combine(session.date, item.start_time) + delta).time()
        item.end_time = (dt.datetime.combine(session.date, item.end_time) + delta).time()
    AgendaItem.objects.bulk_update(items, ["start_time", "end_time"])


# Schedules ----------------------------------------------------------------------------


def _validate_request(
    *,
    season: Season,
    starts_on: dt.date,
    ends_on: dt.date,
    sessions_per_day: int,
    time_slots: list[scheduler.TimeSlot],
    minutes_per_item: int,
    bureau_order: list[int],
) -> None:
    errors: dict[str | None, list[str]] = {}
    today = timezone.localdate()
    if starts_on < today:
        errors["starts_on"] = [_("보고회 시작일은 오늘이나 그 뒤여야 합니다.")]
    elif starts_on > today + MAX_AHEAD:
        errors["starts_on"] = [_("보고회 일정은 2년 안의 날짜로 만드세요.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("종료일은 시작일과 같거나 뒤여야 합니다.")]
    elif (ends_on - starts_on).days > MAX_RANGE_DAYS:
        errors["ends_on"] = [_("기간은 %(days)d일을 넘을 수 없습니다.") % {"days": MAX_RANGE_DAYS}]
    slot_errors = _slot_errors(time_slots)
    if slot_errors:
        errors["time_slots"] = slot_errors
    elif not 1 <= sessions_per_day <= len(time_slots):
        errors["sessions_per_day"] = [
            _("하루 보고회 수는 1에서 시간대 수(%(n)d) 사이여야 합니다.") % {"n": len(time_slots)}
        ]
    longest = max((scheduler.minutes(s) for s in time_slots), default=0)
    if not 1 <= minutes_per_item <= 120:
        errors["minutes_per_item"] = [_("과제당 보고 시간은 1분에서 120분 사이여야 합니다.")]
    elif longest and minutes_per_item > longest:
        errors["minutes_per_item"] = [
            _("과제당 보고 시간이 가장 긴 시간대(%(n)d분)보다 깁니다.") % {"n": longest}
        ]
    if bureau_order:
        known = set(Bureau.objects.filter(pk__in=bureau_order).values_list("pk", flat=True))
        if len(set(bureau_order)) != len(bureau_order) or known != set(bureau_order):
            errors["bureau_order"] = [
                _("보고 순서에 없는 실·국이 있거나 같은 실·국이 두 번 있습니다.")
            ]
    if errors:
        raise BusinessRuleError(errors=errors)


@transaction.atomic
def schedule_request(
    *,
    season: Season,
    by: User,
    starts_on: dt.date,
    ends_on: dt.date,
    sessions_per_day: int = 2,
    time_slots: Iterable[Sequence[Any]] | None = None,
    minutes_per_item: int = 10,
    merge_small_bureaus: bool = True,
    bureau_order: Sequence[int] = (),
    place: str = "",
) -> BriefingSchedule:
    """Save the scheduler's parameters and start generating the proposal (a Celery task,
    after commit). The previous proposal stays until the new one replaces it."""
    ensure_allowed(
        permissions.can_schedule(by, season),
        _("보고회 일정은 접수 중이거나 보고회 단계인 시즌에 기획조정실만 만들 수 있습니다."),
    )
    try:
        slots = parse_time_slots(
            time_slots if time_slots is not None else BriefingSchedule().time_slots
        )
    except (TypeError, ValueError):
        raise BusinessRuleError(
            _("시간대는 10:00-12:00처럼 시작과 끝을 시:분으로 적으세요."), field="time_slots"
        ) from None
    bureau_order = [int(pk) for pk in bureau_order]
    _validate_request(
        season=season,
        starts_on=starts_on,
        ends_on=ends_on,
        sessions_per_day=sessions_per_day,
        time_slots=slots,
        minutes_per_item=minutes_per_item,
        bureau_order=bureau_order,
    )
    # One request per season at a time (the season row is the lock, as idea numbering does).
    Season.objects.select_for_update().filter(pk=season.pk).first()
    schedule = BriefingSchedule.objects.select_for_update().filter(season=season).first()
    ensure(
        schedule is None or not schedule.is_published,
        _("이미 공개한 일정은 다시 만들 수 없습니다. 보고회를 하나씩 옮기거나 바꾸세요."),
    )
    fields = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "sessions_per_day": sessions_per_day,
        "time_slots": [[f"{s:%H:%M}", f"{e:%H:%M}"] for s, e in slots],
        "minutes_per_item": minutes_per_item,
        "merge_small_bureaus": merge_small_bureaus,
        "bureau_order": bureau_order,
        "place": (place or "").strip() or "도청 종합상황실",
        "status": BriefingSchedule.Status.GENERATING,
        "refusal": "",
        "requested_by": by,
        "requested_at": timezone.now(),
    }
    if schedule is None:
        schedule = BriefingSchedule.objects.create(season=season, generation=1, **fields)
    else:
        for name, value in fields.items():
            setattr(schedule, name, value)
        schedule.generation += 1
        schedule.save()
    history_record(
        obj=schedule,
        action=BriefingAction.SCHEDULE_REQUESTED,
        by=by,
        data={"starts_on": str(starts_on), "ends_on": str(ends_on)},
    )
    _generate_after_commit(schedule.pk, schedule.generation)
    return schedule


def _generate_after_commit(schedule_id: int, generation: int) -> None:
    def start() -> None:
        from briefings.tasks import generate_schedule

        try:
            generate_schedule.delay(schedule_id, generation)
        except (OperationalError, OSError):  # the broker is down: generate here instead
            logger.warning("Broker unreachable; generating schedule %s inline", schedule_id)
            schedule_generate(schedule_id=schedule_id, generation=generation)

    transaction.on_commit(start)


def _refusal_text(
    exc: scheduler.ScheduleTooShort | scheduler.NothingToSchedule, schedule: BriefingSchedule
) -> str:
    if isinstance(exc, scheduler.NothingToSchedule):
        return _("보고할 안건이 없습니다. 이 시즌에 제출된 아이디어(대표 과제)가 없습니다.")
    names = ", ".join(exc.unplaced_bureaus[:5])
    if len(exc.unplaced_bureaus) > 5:
        names += _(" 외 %(n)d곳") % {"n": len(exc.unplaced_bureaus) - 5}
    text = _(
        "기간이 짧아 %(count)d개 실·국(%(ideas)d건)의 보고회를 넣지 못했습니다: %(names)s. "
        "%(start)s부터 %(end)s까지 일할 수 있는 날(주말·공휴일 제외)이 모자랍니다."
    ) % {
        "count": len(exc.unplaced_bureaus),
        "ideas": exc.unplaced_ideas,
        "names": names,
        "start": day_label(schedule.starts_on),
        "end": day_label(schedule.ends_on),
    }
    if exc.fits_by:
        text += " " + _(
            "종료일을 %(day)s 이후로 늘리거나, 하루 보고회 수나 시간대를 늘리거나, 과제당 "
            "보고 시간을 줄이세요."
        ) % {"day": day_label(exc.fits_by)}
    else:
        text += " " + _("하루 보고회 수나 시간대를 늘리거나 과제당 보고 시간을 줄이세요.")
    return text


@transaction.atomic
def schedule_generate(*, schedule_id: int, generation: int) -> BriefingSchedule | None:
    """Generate the proposal asked for by request ``generation`` (the Celery task's work).

    Replaces the season's unpublished sessions with the proposal, or records why it could
    not be made. A stale or repeated call (another request since, or done already) changes
    nothing.
    """
    schedule = (
        BriefingSchedule.objects.select_for_update()
        .select_related("season", "requested_by")
        .filter(pk=schedule_id)
        .first()
    )
    if (
        schedule is None
        or schedule.generation != generation
        or schedule.status != BriefingSchedule.Status.GENERATING
    ):
        return None
    season = schedule.season
    with translation.override("ko"):
        calendar = WorkCalendar(
            schedule.starts_on, schedule.ends_on + dt.timedelta(LOOK_AHEAD_DAYS)
        )
        days = calendar.working_days(schedule.starts_on, schedule.ends_on)
        more = calendar.working_days(
            schedule.ends_on + dt.timedelta(days=1),
            schedule.ends_on + dt.timedelta(days=LOOK_AHEAD_DAYS),
        )
        drafts = BriefingSession.objects.filter(season=season, published_at__isnull=True)
        busy = selectors.busy_slots(
            start=schedule.starts_on, end=more[-1] if more else schedule.ends_on, exclude=drafts
        )
        slots = parse_time_slots(schedule.time_slots)[: schedule.sessions_per_day]
        try:
            proposal = scheduler.propose(
                agendas=selectors.bureau_agendas(
                    season=season,
                    order=schedule.bureau_order,
                    taken=BriefingSession.objects.filter(season=season).published(),
                ),
                days=days,
                slots=slots,
                minutes_per_item=schedule.minutes_per_item,
                merge_small=schedule.merge_small_bureaus,
                busy=busy,
                more_days=more,
            )
        except (scheduler.ScheduleTooShort, scheduler.NothingToSchedule) as exc:
            schedule.status = BriefingSchedule.Status.REFUSED
            schedule.refusal = _refusal_text(exc, schedule)
            schedule.save(update_fields=["status", "refusal"])
            history_record(
                obj=schedule,
                action=BriefingAction.SCHEDULE_REFUSED,
                by=schedule.requested_by,
                reason=schedule.refusal,
            )
            notices.schedule_proposed(schedule=schedule, ready=False)
            return schedule
        drafts.delete()
        proposal_save(season, proposal, place=schedule.place)
        _overlap_constraint_now()
        schedule.status = BriefingSchedule.Status.PROPOSED
        schedule.generated_at = timezone.now()
        schedule.save(update_fields=["status", "generated_at"])
        history_record(
            obj=schedule,
            action=BriefingAction.SCHEDULE_PROPOSED,
            by=schedule.requested_by,
            data={"sessions": len(proposal)},
        )
        notices.schedule_proposed(schedule=schedule, ready=True)
    return schedule


def proposal_save(
    season: Season,
    proposal: list[scheduler.ProposedSession],
    *,
    place: str,
    published_at: dt.datetime | None = None,
) -> list[BriefingSession]:
    """Bulk-write proposed sessions with their bureaus and agendas (four inserts)."""
    sessions = BriefingSession.objects.bulk_create(
        BriefingSession(
            season=season,
            title=p.title[:TITLE_MAX],
            date=p.date,
            start_time=p.start_time,
            end_time=p.end_time,
            place=place,
            published_at=published_at,
        )
        for p in proposal
    )
    through = BriefingSession.bureaus.through
    through.objects.bulk_create(
        through(briefingsession_id=s.pk, bureau_id=bureau_id)
        for s, p in zip(sessions, proposal, strict=True)
        for bureau_id in p.bureau_ids
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(session=s, idea_id=idea_id, order=n, start_time=start, end_time=end)
        for s, p in zip(sessions, proposal, strict=True)
        for n, (idea_id, start, end) in enumerate(p.items(), start=1)
    )
    return sessions


@transaction.atomic
def schedule_publish(*, schedule: BriefingSchedule, by: User) -> BriefingSchedule:
    """Publish the season's sessions: all staff see them, calendars and reminders follow.
    Publishing again publishes sessions added since."""
    schedule = (
        BriefingSchedule.objects.select_for_update().select_related("season").get(pk=schedule.pk)
    )
    ensure_allowed(
        permissions.can_schedule(by, schedule.season),
        _("보고회 일정은 기획조정실만 공개할 수 있습니다."),
    )
    ensure(
        schedule.status in (BriefingSchedule.Status.PROPOSED, BriefingSchedule.Status.PUBLISHED),
        _("공개할 일정안이 없습니다. 일정안을 먼저 만드세요."),
    )
    drafts = BriefingSession.objects.filter(season=schedule.season, published_at__isnull=True)
    ensure(
        schedule.status != BriefingSchedule.Status.PUBLISHED or drafts.exists(),
        _("이미 공개했습니다. 새로 공개할 보고회가 없습니다."),
    )
    now = timezone.now()
    count = drafts.update(published_at=now, updated_at=now)
    schedule.status = BriefingSchedule.Status.PUBLISHED
    schedule.published_at = schedule.published_at or now
    schedule.published_by = schedule.published_by or by
    schedule.save(update_fields=["status", "published_at", "published_by"])
    history_record(
        obj=schedule, action=BriefingAction.SCHEDULE_PUBLISHED, by=by, data={"sessions": count}
    )
    return schedule


# Regenerating a published schedule ----------------------------------------------------


@dataclass
class Regeneration:
    """What regenerating the remaining dates of a published schedule does.

    Sessions up to today stay as they were held (or are being held). Each proposed session
    is taken by an existing remaining session of the same bureaus where there is one, so
    it keeps its calendar UID and the calendars update the event; the rest are new, and
    remaining sessions no proposal takes are removed. A session *moves* when it is new or
    its day, time or agenda changes: its teams and bureau directors are told.
    """

    proposal: list[scheduler.ProposedSession]
    takers: list[BriefingSession | None]  # per proposed session: who takes it (None: new)
    dropped: list[BriefingSession]
    held: int
    moved: list[int]  # indexes of the proposed sessions that move
    team_ids: set[int] = field(default_factory=set)

    @property
    def sessions_moved(self) -> int:
        return len(self.moved)

    @property
    def teams(self) -> int:
        return len(self.team_ids)


def _remaining(season: Season) -> Any:
    """The season's sessions after today: what a regeneration may rearrange."""
    return BriefingSession.objects.filter(season=season, date__gt=timezone.localdate())


def _takers(
    proposal: list[scheduler.ProposedSession], remaining: list[BriefingSession]
) -> tuple[list[BriefingSession | None], list[BriefingSession]]:
    """Match proposed sessions to remaining ones: the same bureaus first (in order, so a
    bureau's part 1 takes part 1), then any remaining session sharing a bureau."""
    free = list(remaining)
    bureaus = {s.pk: frozenset(b.pk for b in s.bureaus.all()) for s in remaining}
    takers: list[BriefingSession | None] = [None] * len(proposal)
    for same in (True, False):
        for n, proposed in enumerate(proposal):
            if takers[n] is not None:
                continue
            wanted = frozenset(proposed.bureau_ids)
            match = next(
                (s for s in free if (bureaus[s.pk] == wanted if same else bureaus[s.pk] & wanted)),
                None,
            )
            if match is not None:
                takers[n] = match
                free.remove(match)
    return takers, free


def schedule_regeneration(
    *,
    schedule: BriefingSchedule,
    starts_on: dt.date,
    ends_on: dt.date,
    sessions_per_day: int = 2,
    time_slots: Iterable[Sequence[Any]] | None = None,
    minutes_per_item: int = 10,
    merge_small_bureaus: bool = True,
    bureau_order: Sequence[int] = (),
    place: str = "",
) -> Regeneration:
    """The plan for regenerating a published schedule from ``starts_on`` (after today):
    what moves and who hears of it, so the planning office is asked before it happens.
    Writes nothing; ``BusinessRuleError`` when the parameters or the range do not do."""
    season = schedule.season
    try:
        slots = parse_time_slots(time_slots if time_slots is not None else schedule.time_slots)
    except (TypeError, ValueError):
        raise BusinessRuleError(
            _("시간대는 10:00-12:00처럼 시작과 끝을 시:분으로 적으세요."), field="time_slots"
        ) from None
    today = timezone.localdate()
    ensure(
        starts_on > today,
        _(
            "이미 열린 보고회는 그대로 두고 내일부터의 일정만 다시 만듭니다. 시작일을 %(day)s 이후로 하세요."
        )
        % {"day": day_label(today)},
        field="starts_on",
    )
    _validate_request(
        season=season,
        starts_on=starts_on,
        ends_on=ends_on,
        sessions_per_day=sessions_per_day,
        time_slots=slots,
        minutes_per_item=minutes_per_item,
        bureau_order=[int(pk) for pk in bureau_order],
    )
    remaining = list(
        _remaining(season).prefetch_related("bureaus", "items").order_by("date", "start_time")
    )
    held = BriefingSession.objects.filter(season=season, date__lte=today)
    with translation.override("ko"):
        calendar = WorkCalendar(starts_on, ends_on + dt.timedelta(LOOK_AHEAD_DAYS))
        more = calendar.working_days(
            ends_on + dt.timedelta(days=1), ends_on + dt.timedelta(days=LOOK_AHEAD_DAYS)
        )
        try:
            proposal = scheduler.propose(
                agendas=selectors.bureau_agendas(
                    season=season, order=[int(pk) for pk in bureau_order], taken=held
                ),
                days=calendar.working_days(starts_on, ends_on),
                slots=slots[:sessions_per_day],
                minutes_per_item=minutes_per_item,
                merge_small=merge_small_bureaus,
                busy=selectors.busy_slots(
                    start=starts_on,
                    end=more[-1] if more else ends_on,
                    exclude=_remaining(season),
                ),
                more_days=more,
            )
        except (scheduler.ScheduleTooShort, scheduler.NothingToSchedule) as exc:
            asked = BriefingSchedule(starts_on=starts_on, ends_on=ends_on)
            raise BusinessRuleError(_refusal_text(exc, asked), field="ends_on") from None
    takers, dropped = _takers(proposal, remaining)
    moved = []
    for n, (proposed, taker) in enumerate(zip(proposal, takers, strict=True)):
        agenda = [pk for pk, _s, _e in proposed.items()]
        if (
            taker is None
            or (taker.date, taker.start_time, taker.end_time)
            != (proposed.date, proposed.start_time, proposed.end_time)
            or [item.idea_id for item in sorted(taker.items.all(), key=lambda i: i.order)] != agenda
        ):
            moved.append(n)
    idea_ids = [pk for n in moved for pk, _s, _e in proposal[n].items()]
    team_ids = set(
        Idea.objects.filter(pk__in=idea_ids).values_list("team_id", flat=True).distinct()
    )
    return Regeneration(
        proposal=proposal,
        takers=takers,
        dropped=dropped,
        held=held.count(),
        moved=moved,
        team_ids=team_ids,
    )


@transaction.atomic
def schedule_regenerate(
    *, schedule: BriefingSchedule, by: User, confirmed_moves: int, **params: Any
) -> BriefingSchedule:
    """Regenerate a published schedule's remaining dates (``schedule_regeneration``), once
    the planning office has seen and confirmed how many sessions move (``confirmed_moves``):
    a different number means the schedule changed since, and nothing is done."""
    Season.objects.select_for_update().filter(pk=schedule.season_id).first()
    schedule = (
        BriefingSchedule.objects.select_for_update().select_related("season").get(pk=schedule.pk)
    )
    ensure_allowed(
        permissions.can_schedule(by, schedule.season),
        _("보고회 일정은 접수 중이거나 보고회 단계인 시즌에 기획조정실만 다시 만들 수 있습니다."),
    )
    ensure(schedule.is_published, _("공개한 일정만 남은 날짜로 다시 만듭니다."))
    plan = schedule_regeneration(schedule=schedule, **params)
    ensure(
        plan.sessions_moved == confirmed_moves,
        _("확인한 뒤 일정이 바뀌었습니다. 옮겨질 보고회를 다시 확인하세요."),
    )
    before = {s.pk: _korean_when(s) for s in plan.takers if s is not None}
    now = timezone.now()
    AgendaItem.objects.filter(session__in=_remaining(schedule.season)).delete()
    BriefingSession.objects.filter(pk__in=[s.pk for s in plan.dropped]).delete()
    place = (params.get("place") or "").strip() or schedule.place
    sessions = _regenerated_sessions(schedule, plan, place=place, now=now)
    _overlap_constraint_now()
    _regenerated_settings_save(schedule, params, place=place)
    history_record(
        obj=schedule,
        action=BriefingAction.SCHEDULE_REGENERATED,
        by=by,
        data={
            "from": str(schedule.starts_on),
            "sessions": len(sessions),
            "moved": plan.sessions_moved,
            "teams": plan.teams,
        },
    )
    _tell_moved(plan, sessions, before)
    return schedule


def _regenerated_sessions(
    schedule: BriefingSchedule, plan: Regeneration, *, place: str, now: dt.datetime
) -> list[BriefingSession]:
    """Per proposed session, in order: a new published session, or the remaining session
    that takes it, rewritten with the proposal's day, time, bureaus and agenda."""
    sessions: list[BriefingSession] = []
    for n, (proposed, taker) in enumerate(zip(plan.proposal, plan.takers, strict=True)):
        if taker is None:
            (session,) = proposal_save(schedule.season, [proposed], place=place, published_at=now)
            sessions.append(session)
            continue
        _take_over(taker, proposed, place=place, now=now, moves=n in plan.moved)
        sessions.append(taker)
    return sessions


def _take_over(
    taker: BriefingSession,
    proposed: scheduler.ProposedSession,
    *,
    place: str,
    now: dt.datetime,
    moves: bool,
) -> None:
    """An existing session takes a proposed one (its agenda was removed beforehand); a
    session that moves gets a new calendar sequence so calendars update the event."""
    taker.title = proposed.title[:TITLE_MAX]
    taker.date, taker.start_time = proposed.date, proposed.start_time
    taker.end_time, taker.place = proposed.end_time, place
    taker.published_at = taker.published_at or now
    if moves:
        taker.sequence += 1
    taker.save()
    taker.bureaus.set(proposed.bureau_ids)
    AgendaItem.objects.bulk_create(
        AgendaItem(session=taker, idea_id=pk, order=k, start_time=start, end_time=end)
        for k, (pk, start, end) in enumerate(proposed.items(), start=1)
    )


def _regenerated_settings_save(
    schedule: BriefingSchedule, params: dict[str, Any], *, place: str
) -> None:
    """Keep the settings the schedule was regenerated with (those not given stay)."""
    for name in ("starts_on", "ends_on", "sessions_per_day", "minutes_per_item"):
        if name in params:
            setattr(schedule, name, params[name])
    schedule.merge_small_bureaus = params.get("merge_small_bureaus", schedule.merge_small_bureaus)
    schedule.bureau_order = [int(pk) for pk in params.get("bureau_order", ())]
    if params.get("time_slots") is not None:
        slots = parse_time_slots(params["time_slots"])
        schedule.time_slots = [[f"{s:%H:%M}", f"{e:%H:%M}"] for s, e in slots]
    schedule.place = place
    schedule.save()


def _tell_moved(
    plan: Regeneration, sessions: list[BriefingSession], before: dict[int, str]
) -> None:
    """Tell the teams and bureau directors of each session that moved: when it was (or that
    it is new) and when it is now."""
    for n in plan.moved:
        session = sessions[n]
        previous = plan.takers[n]
        with translation.override("ko"):
            was = before[previous.pk] if previous is not None else _("새로 편성")
        notices.session_moved(session=session, before=was, after=_korean_when(session))


# Sessions -----------------------------------------------------------------------------


def _ensure_can_change(session: BriefingSession, by: User) -> None:
    ensure_allowed(
        permissions.can_change_session(by, session),
        _("보고회는 접수 중이거나 보고회 단계인 시즌에 기획조정실만 옮길 수 있습니다."),
    )


def _korean_when(session: BriefingSession) -> str:
    """The session's time for a notice (notices are written in the site's language)."""
    with translation.override("ko"):
        return _when(session)


def _when(session: BriefingSession) -> str:
    return f"{day_label(session.date)} {session.start_time:%H:%M}–{session.end_time:%H:%M}"


@transaction.atomic
def session_move(
    *, session: BriefingSession, by: User, date: dt.date, start_time: dt.time
) -> BriefingSession:
    """Move a session (its agenda with it) to another day or time; it keeps its length."""
    session = (
        BriefingSession.objects.select_for_update().select_related("season").get(pk=session.pk)
    )
    _ensure_can_change(session, by)
    start_time = _as_time(start_time)
    _ensure_working_day(date)
    end_time = _end_of(date, start_time, session.duration)
    _ensure_free(date=date, start=start_time, end=end_time, exclude=[session.pk])
    if (date, start_time) == (session.date, session.start_time):
        return session
    before = _when(session)
    shift = _clock_shift(session.start_time, start_time)
    session.date, session.start_time, session.end_time = date, start_time, end_time
    session.sequence += 1
    session.save(update_fields=["date", "start_time", "end_time", "sequence", "updated_at"])
    _shift_items(session, shift)
    _overlap_constraint_now()
    history_record(
        obj=session,
        action=BriefingAction.SESSION_MOVED,
        by=by,
        data={"from": before, "to": _when(session)},
    )
    if session.is_published:
        notices.session_moved(session=session, before=before, after=_korean_when(session))
    return session


@transaction.atomic
def session_swap(
    *, session: BriefingSession, other: BriefingSession, by: User
) -> tuple[BriefingSession, BriefingSession]:
    """Exchange the times of two sessions: each starts where the other did and keeps its
    own length."""
    ensure(session.pk != other.pk, _("같은 보고회끼리는 바꿀 수 없습니다."), field="other")
    first, second = (
        BriefingSession.objects.select_for_update()
        .select_related("season")
        .filter(pk__in=[session.pk, other.pk])
        .order_by("pk")
    )
    _ensure_can_change(first, by)
    _ensure_can_change(second, by)
    first_end = _end_of(second.date, second.start_time, first.duration)
    second_end = _end_of(first.date, first.start_time, second.duration)
    moves = [
        (first, second.date, second.start_time, first_end),
        (second, first.date, first.start_time, second_end),
    ]
    (_a, d1, s1, e1), (_b, d2, s2, e2) = moves
    ensure(
        d1 != d2 or e1 <= s2 or e2 <= s1,
        _("길이가 다른 두 보고회를 바꾸면 서로 시간이 겹칩니다. 한 보고회를 먼저 옮기세요."),
        field="other",
    )
    for _s, day, start, end in moves:
        _ensure_free(date=day, start=start, end=end, exclude=[first.pk, second.pk])
    befores = {s.pk: _when(s) for s in (first, second)}
    for s, day, start, end in moves:
        shift = _clock_shift(s.start_time, start)
        s.date, s.start_time, s.end_time = day, start, end
        s.sequence += 1
        s.save(update_fields=["date", "start_time", "end_time", "sequence", "updated_at"])
        _shift_items(s, shift)
    _overlap_constraint_now()
    for s in (first, second):
        history_record(
            obj=s,
            action=BriefingAction.SESSION_SWAPPED,
            by=by,
            data={"from": befores[s.pk], "to": _when(s)},
        )
        if s.is_published:
            notices.session_moved(session=s, before=befores[s.pk], after=_korean_when(s))
    return (first, second) if first.pk == session.pk else (second, first)


@transaction.atomic
def session_create(
    *,
    season: Season,
    by: User,
    bureaus: Sequence[Bureau],
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    place: str = "",
    title: str = "",
) -> BriefingSession:
    """Add a session by hand (unpublished until the schedule is published again). Its
    agenda is the bureaus' ideas not yet on another session, dividing its time evenly."""
    ensure_allowed(
        permissions.can_schedule(by, season),
        _("보고회는 접수 중이거나 보고회 단계인 시즌에 기획조정실만 만들 수 있습니다."),
    )
    start_time, end_time = _as_time(start_time), _as_time(end_time)
    if errors := name_errors(title=title, place=place):
        raise BusinessRuleError(errors=errors)
    ensure(bool(bureaus), _("보고할 실·국을 하나 이상 고르세요."), field="bureaus")
    ensure(end_time > start_time, _("끝나는 시각이 시작보다 늦어야 합니다."), field="end_time")
    _ensure_working_day(date)
    _ensure_free(date=date, start=start_time, end=end_time)
    bureau_ids = [b.pk for b in bureaus]
    agendas = selectors.bureau_agendas(season=season, order=bureau_ids, only=bureau_ids)
    ideas = [pk for agenda in agendas for pk in agenda.idea_ids]
    length = (dt.datetime.combine(date, end_time) - dt.datetime.combine(date, start_time)) // max(
        len(ideas), 1
    )
    ensure(
        not ideas or length >= dt.timedelta(minutes=1),
        _("안건 %(n)d건을 넣기에 보고회 시간이 짧습니다.") % {"n": len(ideas)},
        field="end_time",
    )
    names = "·".join(agenda.name for agenda in agendas) or "·".join(b.name for b in bureaus)
    session = BriefingSession.objects.create(
        season=season,
        title=((title or "").strip() or f"{names} 보고회")[:TITLE_MAX],
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=(place or "").strip() or "도청 종합상황실",
    )
    session.bureaus.set(bureau_ids)
    begin = dt.datetime.combine(date, start_time)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            session=session,
            idea_id=pk,
            order=n + 1,
            start_time=(begin + length * n).time(),
            end_time=(begin + length * (n + 1)).time(),
        )
        for n, pk in enumerate(ideas)
    )
    _overlap_constraint_now()
    history_record(obj=session, action=BriefingAction.SESSION_CREATED, by=by)
    return session
