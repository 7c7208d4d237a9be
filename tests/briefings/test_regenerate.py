"""Regenerating a published schedule's remaining dates: what was held stays, the sessions
that move keep their calendar UID (SEQUENCE goes up) and their teams are told; the planning
office sees how many sessions and teams first."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from briefings import services
from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from notifications.models import Notification
from tests.departments.factories import TeamFactory, team_leader
from tests.reviews.factories import submitted_idea

pytestmark = pytest.mark.django_db

SLOTS = [["10:00", "12:00"], ["14:00", "17:00"]]


def params(starts_on, **fields):
    return {
        "starts_on": starts_on,
        "ends_on": starts_on + dt.timedelta(days=27),
        "sessions_per_day": 1,
        "time_slots": SLOTS,
        "minutes_per_item": 10,
    } | fields


@pytest.fixture
def published(
    season, planner, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    """Three bureaus of 7 ideas, one session a day from a future Monday, published; the
    first session then moved to yesterday, as if it had been held."""
    bureaus_with_ideas([7, 7, 7])
    with django_capture_on_commit_callbacks(execute=True):
        schedule = services.schedule_request(season=season, by=planner, **params(future_monday))
    schedule = services.schedule_publish(schedule=schedule, by=planner)
    held = BriefingSession.objects.order_by("date").first()
    BriefingSession.objects.filter(pk=held.pk).update(
        date=timezone.localdate() - dt.timedelta(days=1)
    )
    Notification.objects.all().delete()
    return schedule


def sessions_by_uid():
    return {s.uid: s for s in BriefingSession.objects.all()}


def test_the_plan_says_how_many_sessions_and_teams_move_and_changes_nothing(
    published, future_monday
):
    before = {uid: (s.date, s.sequence) for uid, s in sessions_by_uid().items()}

    plan = services.schedule_regeneration(
        schedule=published, **params(future_monday + dt.timedelta(days=7))
    )

    assert plan.held == 1
    assert plan.sessions_moved == 2
    assert plan.teams == 14  # the two remaining bureaus' seven teams each
    assert {uid: (s.date, s.sequence) for uid, s in sessions_by_uid().items()} == before


def test_regenerating_keeps_held_sessions_and_moves_the_rest_under_their_uids(
    published, planner, future_monday
):
    before = sessions_by_uid()
    held = BriefingSession.objects.get(date__lte=timezone.localdate())
    later = future_monday + dt.timedelta(days=7)

    services.schedule_regenerate(schedule=published, by=planner, confirmed_moves=2, **params(later))

    after = sessions_by_uid()
    assert set(after) == set(before)  # the same calendar events, no new ones
    assert after[held.uid].date == held.date
    assert after[held.uid].sequence == held.sequence
    assert after[held.uid].items.count() == 7
    for uid, session in after.items():
        if uid == held.uid:
            continue
        assert session.date >= later
        assert session.sequence == before[uid].sequence + 1
        assert session.is_published
        assert session.items.count() == 7
    assert AgendaItem.objects.count() == 21  # every idea presented once
    assert HistoryEntry.objects.for_object(published).filter(action="schedule_regenerated").exists()


def test_the_teams_of_moved_sessions_are_told_and_the_held_ones_are_not(
    published, planner, future_monday
):
    held = BriefingSession.objects.get(date__lte=timezone.localdate())
    held_leaders = set(held.items.values_list("idea__created_by", flat=True))

    services.schedule_regenerate(
        schedule=published,
        by=planner,
        confirmed_moves=2,
        **params(future_monday + dt.timedelta(days=7)),
    )

    told = Notification.objects.filter(kind=Notification.Kind.BRIEFING_CHANGED)
    recipients = set(told.values_list("recipient", flat=True))
    moved_leaders = set(
        AgendaItem.objects.exclude(session=held).values_list("idea__created_by", flat=True)
    )
    assert moved_leaders <= recipients
    assert not held_leaders & recipients
    assert "→" in told.first().body


def test_the_calendar_updates_the_same_events_with_a_higher_sequence(
    client, member, published, planner, future_monday
):
    url = reverse("briefings:season_ics", args=[published.season_id])
    client.force_login(member)
    first = icalendar.Calendar.from_ical(client.get(url).content)
    sequences = {str(e["uid"]): int(e["sequence"]) for e in first.walk("VEVENT")}

    services.schedule_regenerate(
        schedule=published,
        by=planner,
        confirmed_moves=2,
        **params(future_monday + dt.timedelta(days=7)),
    )

    second = icalendar.Calendar.from_ical(client.get(url).content)
    again = {str(e["uid"]): int(e["sequence"]) for e in second.walk("VEVENT")}
    assert set(again) == set(sequences)
    assert sorted(again[uid] - sequences[uid] for uid in again) == [0, 1, 1]


def test_an_idea_submitted_after_publication_gets_a_place_and_its_team_hears(
    published, planner, season, future_monday
):
    bureau = BriefingSession.objects.filter(date__gt=timezone.localdate()).first().bureaus.get()
    leader = team_leader(team=TeamFactory(division__bureau=bureau))
    late = submitted_idea(season, leader=leader, title="늦게 낸 안건")

    plan = services.schedule_regeneration(
        schedule=published, **params(future_monday + dt.timedelta(days=7))
    )
    services.schedule_regenerate(
        schedule=published,
        by=planner,
        confirmed_moves=plan.sessions_moved,
        **params(future_monday + dt.timedelta(days=7)),
    )

    assert AgendaItem.objects.filter(idea=late).exists()
    assert Notification.objects.filter(
        kind=Notification.Kind.BRIEFING_CHANGED, recipient=leader
    ).exists()


def test_a_confirmation_of_another_number_changes_nothing(published, planner, future_monday):
    before = {uid: (s.date, s.sequence) for uid, s in sessions_by_uid().items()}
    with pytest.raises(BusinessRuleError, match="다시 확인"):
        services.schedule_regenerate(
            schedule=published,
            by=planner,
            confirmed_moves=5,
            **params(future_monday + dt.timedelta(days=7)),
        )
    assert {uid: (s.date, s.sequence) for uid, s in sessions_by_uid().items()} == before
    assert not Notification.objects.exists()


def test_today_and_earlier_cannot_be_regenerated(published, planner):
    with pytest.raises(BusinessRuleError) as refused:
        services.schedule_regeneration(schedule=published, **params(timezone.localdate()))
    assert "내일부터" in refused.value.errors["starts_on"][0]


def test_only_a_published_schedule_is_regenerated(published, planner, future_monday):
    BriefingSchedule.objects.filter(pk=published.pk).update(status=BriefingSchedule.Status.PROPOSED)
    with pytest.raises(BusinessRuleError, match="공개한 일정만"):
        services.schedule_regenerate(
            schedule=published, by=planner, confirmed_moves=2, **params(future_monday)
        )


@pytest.mark.parametrize("role", ["team_leader", "bureau_director", "reviewer"])
def test_only_the_planning_office_regenerates(published, roles, role, future_monday):
    with pytest.raises(PermissionRefused):
        services.schedule_regenerate(
            schedule=published, by=roles[role], confirmed_moves=2, **params(future_monday)
        )


# The page ---------------------------------------------------------------------------


def form_data(starts_on, **extra):
    return {
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + dt.timedelta(days=27)).isoformat(),
        "time_slots": "10:00-12:00, 14:00-17:00",
        "sessions_per_day": "1",
        "minutes_per_item": "10",
        "merge_small_bureaus": "on",
        "place": "도청 종합상황실",
        **extra,
    }


def test_the_page_asks_first_then_regenerates(client, planner, published, future_monday):
    url = reverse("briefings:regenerate", args=[published.season_id])
    client.force_login(planner)
    later = future_monday + dt.timedelta(days=7)
    assert client.get(url).status_code == 200

    asked = client.post(url, form_data(later))

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "보고회 2회가 옮겨집니다." in page
    assert "14개 팀에 변경 알림이 갑니다." in page
    assert 'name="confirmed_moves" value="2"' in page
    assert not BriefingSession.objects.filter(date__gte=later).exists()

    done = client.post(url, form_data(later, confirmed_moves="2"))

    assert done.status_code == 302
    assert BriefingSession.objects.filter(date__gte=later).count() == 2


def test_the_page_refuses_a_start_today_at_the_field(client, planner, published):
    client.force_login(planner)
    url = reverse("briefings:regenerate", args=[published.season_id])
    response = client.post(url, form_data(timezone.localdate()))
    assert response.status_code == 400
    assert "내일부터" in response.content.decode()


def test_the_page_is_the_planning_office_s(client, reviewer, published):
    client.force_login(reviewer)
    url = reverse("briefings:regenerate", args=[published.season_id])
    assert client.get(url).status_code == 403
