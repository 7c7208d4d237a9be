"""Asking for, moving, swapping, adding and publishing briefing sessions."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from briefings import services
from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from ideas.models import Season
from notifications.models import Notification
from tests.briefings.factories import BriefingSessionFactory, schedule_for, with_agenda
from tests.departments.factories import bureau_director

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2025, 9, 23)


def request(season, by, starts_on, **fields):
    params = {
        "starts_on": starts_on,
        "ends_on": starts_on + dt.timedelta(days=27),
        "sessions_per_day": 2,
        "time_slots": [["10:00", "12:00"], ["14:00", "17:00"]],
        "minutes_per_item": 10,
    } | fields
    return services.schedule_request(season=season, by=by, **params)


# Asking for a schedule -----------------------------------------------------------------


def test_the_planning_office_asks_and_the_task_proposes_after_commit(
    season, planner, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    bureaus_with_ideas([20, 3, 2])
    with django_capture_on_commit_callbacks() as callbacks:
        schedule = request(season, planner, future_monday)
    assert schedule.status == BriefingSchedule.Status.GENERATING
    assert not BriefingSession.objects.exists()  # the task runs once the request commits

    for callback in callbacks:
        callback()

    schedule.refresh_from_db()
    assert schedule.status == BriefingSchedule.Status.PROPOSED
    titles = list(
        BriefingSession.objects.order_by("date", "start_time").values_list("title", flat=True)
    )
    assert len(titles) == 3
    assert titles[0].endswith("보고회 (1/2)")
    assert "·" in titles[2]  # the two small bureaus share the third session
    assert not BriefingSession.objects.published().exists()
    ready = Notification.objects.get(kind=Notification.Kind.SCHEDULE_READY)
    assert ready.recipient == planner
    assert HistoryEntry.objects.for_object(schedule).filter(action="schedule_proposed").exists()


def test_asking_again_replaces_the_unpublished_proposal(
    season, planner, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    bureaus_with_ideas([7, 7])  # more than half a slot each: a session of their own
    with django_capture_on_commit_callbacks(execute=True):
        request(season, planner, future_monday)
    first = set(BriefingSession.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        request(season, planner, future_monday + dt.timedelta(days=7), sessions_per_day=1)

    sessions = BriefingSession.objects.all()
    assert not first & set(sessions.values_list("pk", flat=True))
    assert sessions.count() == 2
    assert min(s.date for s in sessions) >= future_monday + dt.timedelta(days=7)


@pytest.mark.parametrize("role", ["team_member", "team_leader", "bureau_director", "reviewer"])
def test_only_the_planning_office_asks_for_a_schedule(season, roles, role, future_monday):
    with pytest.raises(PermissionRefused):
        request(season, roles[role], future_monday)
    assert not BriefingSchedule.objects.exists()


@pytest.mark.parametrize(
    "status", [Season.Status.DRAFT, Season.Status.REVIEW, Season.Status.CLOSED]
)
def test_no_schedule_outside_the_open_and_briefing_states(season, planner, status, future_monday):
    season.status = status
    season.save()
    with pytest.raises(PermissionRefused):
        request(season, planner, future_monday)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"starts_on": dt.date(2020, 1, 6)}, "starts_on", "오늘이나 그 뒤"),
        ({"starts_on": dt.date(9999, 1, 4)}, "starts_on", "2년 안"),
        ({"ends_on": dt.date(2020, 1, 1)}, "ends_on", "시작일과 같거나 뒤"),
        ({"time_slots": [["10:00", "12:00"], ["11:00", "13:00"]]}, "time_slots", "겹칩니다"),
        ({"time_slots": [["12:00", "10:00"]], "sessions_per_day": 1}, "time_slots", "늦어야"),
        ({"time_slots": [["10:00", "12:00"]], "sessions_per_day": 2}, "sessions_per_day", "1에서"),
        ({"minutes_per_item": 150}, "minutes_per_item", "120분"),
        ({"time_slots": [["25:00", "26:00"]]}, "time_slots", "시:분"),
        ({"bureau_order": [999999]}, "bureau_order", "보고 순서"),
    ],
)
def test_the_parameters_are_refused_at_their_field(
    season, planner, future_monday, fields, field, message
):
    fields = dict(fields)
    with pytest.raises(BusinessRuleError) as refused:
        request(season, planner, fields.pop("starts_on", future_monday), **fields)
    assert field in refused.value.errors
    assert message in " ".join(refused.value.errors[field])


def test_the_bureau_order_given_is_the_order_presented(
    season, planner, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    first, second, third = bureaus_with_ideas([8, 8, 8])
    with django_capture_on_commit_callbacks(execute=True):
        request(
            season, planner, future_monday, sessions_per_day=1, bureau_order=[third.pk, first.pk]
        )

    order = [s.bureaus.get() for s in BriefingSession.objects.order_by("date", "start_time")]
    assert order == [third, first, second]


# Publishing ------------------------------------------------------------------------------


def test_publishing_makes_the_sessions_visible_and_fixes_the_schedule(
    season, planner, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    bureaus_with_ideas([7, 7])
    with django_capture_on_commit_callbacks(execute=True):
        schedule = request(season, planner, future_monday)

    services.schedule_publish(schedule=schedule, by=planner)

    schedule.refresh_from_db()
    assert schedule.status == BriefingSchedule.Status.PUBLISHED
    assert schedule.published_by == planner
    assert BriefingSession.objects.published().count() == 2
    with pytest.raises(BusinessRuleError, match="새로 공개할 보고회가 없습니다"):
        services.schedule_publish(schedule=schedule, by=planner)
    with pytest.raises(BusinessRuleError, match="이미 공개한 일정은 다시 만들 수 없습니다"):
        request(season, planner, future_monday)


def test_nothing_to_publish_before_a_proposal(season, planner):
    schedule = schedule_for(season, planner, status=BriefingSchedule.Status.REFUSED)
    with pytest.raises(BusinessRuleError, match="공개할 일정안이 없습니다"):
        services.schedule_publish(schedule=schedule, by=planner)


def test_only_the_planning_office_publishes(season, planner, director):
    schedule = schedule_for(season, planner)
    with pytest.raises(PermissionRefused):
        services.schedule_publish(schedule=schedule, by=director)


# Moving and swapping ---------------------------------------------------------------------


@pytest.fixture
def two_sessions(season):
    """Two published sessions on Tuesday 23 September 2025: 10–12 and 14–15."""
    morning = BriefingSessionFactory(season=season, date=TUESDAY)
    afternoon = BriefingSessionFactory(
        season=season, date=TUESDAY, start_time=dt.time(14), end_time=dt.time(15)
    )
    with_agenda(morning, ideas=3)
    with_agenda(afternoon, ideas=2)
    return morning, afternoon


def test_a_moved_session_takes_its_agenda_keeps_its_uid_and_tells_its_people(
    two_sessions, planner, django_capture_on_commit_callbacks
):
    morning, _ = two_sessions
    bureau_director(morning.bureaus.get(), username="its_director")
    uid = morning.uid

    with django_capture_on_commit_callbacks(execute=True):
        services.session_move(
            session=morning, by=planner, date=dt.date(2025, 9, 25), start_time=dt.time(15, 30)
        )

    morning.refresh_from_db()
    assert (morning.date, morning.start_time, morning.end_time) == (
        dt.date(2025, 9, 25),
        dt.time(15, 30),
        dt.time(17, 30),
    )
    assert morning.uid == uid
    assert morning.sequence == 1
    assert [(i.start_time, i.end_time) for i in morning.items.order_by("order")] == [
        (dt.time(15, 30), dt.time(15, 40)),
        (dt.time(15, 40), dt.time(15, 50)),
        (dt.time(15, 50), dt.time(16, 0)),
    ]
    told = Notification.objects.filter(kind=Notification.Kind.BRIEFING_CHANGED)
    assert told.count() == 4  # three presenting leaders and the bureau director
    assert "2025-09-23 (화요일) 10:00–12:00 → 2025-09-25 (목요일) 15:30–17:30" in told.first().body
    entry = HistoryEntry.objects.for_object(morning).get(action="session_moved")
    assert entry.actor == planner


def test_a_session_cannot_move_onto_a_holiday(two_sessions, planner):
    morning, _ = two_sessions
    with pytest.raises(BusinessRuleError) as refused:
        services.session_move(
            session=morning, by=planner, date=dt.date(2025, 10, 6), start_time=dt.time(10)
        )
    assert refused.value.errors["date"] == [
        "2025-10-06 (월요일)은 추석이라 보고회를 열 수 없습니다."
    ]
    with pytest.raises(BusinessRuleError, match="주말"):
        services.session_move(
            session=morning, by=planner, date=dt.date(2025, 9, 27), start_time=dt.time(10)
        )
    with pytest.raises(BusinessRuleError, match="2년 뒤까지"):
        services.session_move(
            session=morning, by=planner, date=dt.date(9999, 12, 31), start_time=dt.time(23)
        )


def test_the_governors_sessions_never_overlap(two_sessions, planner):
    morning, afternoon = two_sessions
    with pytest.raises(BusinessRuleError) as refused:
        services.session_move(session=afternoon, by=planner, date=TUESDAY, start_time=dt.time(11))
    (message,) = refused.value.errors["start_time"]
    assert f"‘{morning.title}’(2025-09-23 (화요일) 10:00–12:00)" in message
    assert "도지사는 두 보고회에 동시에 참석할 수 없습니다" in message
    afternoon.refresh_from_db()
    assert afternoon.start_time == dt.time(14)
    # Touching ends is fine: 12:00–13:00 right after the morning session.
    services.session_move(session=afternoon, by=planner, date=TUESDAY, start_time=dt.time(12))


def test_sessions_of_another_season_count_too(two_sessions, planner):
    other = BriefingSessionFactory(date=dt.date(2025, 9, 24))
    with pytest.raises(BusinessRuleError, match=other.title):
        services.session_move(
            session=two_sessions[0], by=planner, date=dt.date(2025, 9, 24), start_time=dt.time(11)
        )


def test_two_sessions_swap_their_times(two_sessions, planner):
    morning, afternoon = two_sessions
    services.session_swap(session=morning, other=afternoon, by=planner)

    morning.refresh_from_db()
    afternoon.refresh_from_db()
    assert (morning.start_time, morning.end_time) == (dt.time(14), dt.time(16))
    assert (afternoon.start_time, afternoon.end_time) == (dt.time(10), dt.time(11))
    assert afternoon.items.order_by("order").first().start_time == dt.time(10)
    assert (morning.sequence, afternoon.sequence) == (1, 1)


def test_a_session_is_not_swapped_with_itself(two_sessions, planner):
    morning, _afternoon = two_sessions
    with pytest.raises(BusinessRuleError, match="같은 보고회끼리는") as refused:
        services.session_swap(session=morning, other=morning, by=planner)
    assert "other" in refused.value.errors


def test_a_swap_that_would_overlap_is_refused_and_changes_nothing(season, planner):
    short = BriefingSessionFactory(season=season, date=TUESDAY, end_time=dt.time(11))
    long = BriefingSessionFactory(
        season=season, date=TUESDAY, start_time=dt.time(11), end_time=dt.time(13)
    )
    # Swapped, the long one would run 10–12 and the short one 11–12.
    with pytest.raises(BusinessRuleError, match="서로 시간이 겹칩니다"):
        services.session_swap(session=short, other=long, by=planner)

    wednesday = dt.date(2025, 9, 24)
    elsewhere = BriefingSessionFactory(
        season=season, date=wednesday, start_time=dt.time(14), end_time=dt.time(15)
    )
    blocker = BriefingSessionFactory(date=wednesday, start_time=dt.time(15), end_time=dt.time(16))
    # The long one (two hours) would run 14–16 on Wednesday, into another session.
    with pytest.raises(BusinessRuleError, match=blocker.title):
        services.session_swap(session=long, other=elsewhere, by=planner)

    for session in (short, long, elsewhere):
        before = (session.date, session.start_time, session.sequence)
        session.refresh_from_db()
        assert (session.date, session.start_time, session.sequence) == before


@pytest.mark.parametrize("role", ["team_leader", "bureau_director", "reviewer"])
def test_only_the_planning_office_moves_sessions(two_sessions, roles, role):
    with pytest.raises(PermissionRefused):
        services.session_move(
            session=two_sessions[0], by=roles[role], date=TUESDAY, start_time=dt.time(16)
        )


# The database holds the rule too ------------------------------------------------------------

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@postgres_only
def test_the_database_refuses_overlapping_sessions_whoever_writes_them(two_sessions):
    _, afternoon = two_sessions

    def raw_overlapping_write():
        with transaction.atomic():
            BriefingSession.objects.filter(pk=afternoon.pk).update(start_time=dt.time(11))
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS briefing_session_no_overlap IMMEDIATE")

    with pytest.raises(IntegrityError, match="briefing_session_no_overlap"):
        raw_overlapping_write()


@postgres_only
def test_a_write_that_slips_past_the_check_is_still_refused(two_sessions, planner, monkeypatch):
    _, afternoon = two_sessions
    monkeypatch.setattr(services, "_ensure_free", lambda **kwargs: None)  # a racing writer

    with pytest.raises(BusinessRuleError, match="시간이 겹쳐 저장하지 않았습니다"):
        services.session_move(session=afternoon, by=planner, date=TUESDAY, start_time=dt.time(11))

    afternoon.refresh_from_db()
    assert afternoon.start_time == dt.time(14)


# Adding a session by hand ----------------------------------------------------------------


def test_a_session_added_by_hand_takes_the_bureaus_unplaced_ideas(
    season, planner, bureaus_with_ideas
):
    (bureau,) = bureaus_with_ideas([4])
    placed = BriefingSessionFactory(season=season, bureaus=[bureau])
    AgendaItem.objects.create(
        session=placed,
        idea=season.ideas.order_by("pk").first(),
        order=1,
        start_time=dt.time(10),
        end_time=dt.time(10, 10),
    )

    session = services.session_create(
        season=season,
        by=planner,
        bureaus=[bureau],
        date=dt.date(2025, 9, 24),
        start_time=dt.time(14),
        end_time=dt.time(14, 30),
    )

    assert session.published_at is None
    assert session.title == f"{bureau.name} 보고회"
    assert [(i.order, i.start_time, i.end_time) for i in session.items.order_by("order")] == [
        (1, dt.time(14), dt.time(14, 10)),
        (2, dt.time(14, 10), dt.time(14, 20)),
        (3, dt.time(14, 20), dt.time(14, 30)),
    ]


def test_a_session_added_by_hand_follows_the_same_rules(season, planner, two_sessions):
    bureau = two_sessions[0].bureaus.get()
    with pytest.raises(BusinessRuleError, match="도지사는"):
        services.session_create(
            season=season,
            by=planner,
            bureaus=[bureau],
            date=TUESDAY,
            start_time=dt.time(9),
            end_time=dt.time(10, 30),
        )
    with pytest.raises(BusinessRuleError, match="개천절"):
        services.session_create(
            season=season,
            by=planner,
            bureaus=[bureau],
            date=dt.date(2025, 10, 3),
            start_time=dt.time(9),
            end_time=dt.time(10),
        )
    assert timezone.now()  # nothing was written
    assert BriefingSession.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_proposal_is_generated_in_the_request(
    season, planner, bureaus_with_ideas, future_monday, broker_down, caplog
):
    bureaus_with_ideas([7, 7])

    schedule = request(season, planner, future_monday)  # commits: the hand-over fails

    assert "Broker unreachable; generating schedule" in caplog.text
    schedule.refresh_from_db()
    assert schedule.status == BriefingSchedule.Status.PROPOSED
    assert BriefingSession.objects.filter(season=season).count() == 2
