"""The briefing pages: who opens what (every role, every season state), the planning
office's journey on the pages, directives from an agenda, and pinned query counts."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from briefings.models import BriefingSchedule, BriefingSession
from ideas.models import Season
from reviews.models import Directive
from tests.briefings.factories import BriefingSessionFactory, schedule_for, with_agenda
from tests.departments.factories import BureauFactory
from tests.ideas.factories import SeasonFactory
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db

RECORDERS = {"reviewer", "planning_office", "system_admin"}


@pytest.fixture
def published(season):
    session = BriefingSessionFactory(season=season)
    with_agenda(session, ideas=2)
    return session


@pytest.fixture
def draft(season):
    session = BriefingSessionFactory(season=season, date=dt.date(2025, 9, 23), published_at=None)
    with_agenda(session, ideas=1)
    return session


@pytest.mark.parametrize("role", ROLES)
def test_every_member_of_staff_reads_the_published_schedule_agendas_and_calendars(
    client, roles, role, published, draft
):
    client.force_login(roles[role])
    listing = client.get(reverse("briefings:schedule"), {"season": published.season_id})
    assert listing.status_code == 200
    assert published.title in listing.content.decode()
    assert (draft.title in listing.content.decode()) == (role in MANAGERS)

    assert client.get(reverse("briefings:session_detail", args=[published.pk])).status_code == 200
    assert client.get(reverse("briefings:session_ics", args=[published.pk])).status_code == 200
    season_ics = client.get(reverse("briefings:season_ics", args=[published.season_id]))
    assert season_ics.status_code == 200
    draft_page = client.get(reverse("briefings:session_detail", args=[draft.pk]))
    assert draft_page.status_code == (200 if role in MANAGERS else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", Season.Status.values)
def test_only_the_planning_office_schedules_and_only_while_the_season_allows(
    client, roles, role, status, season, published, planner
):
    Season.objects.filter(pk=season.pk).update(status=status)
    schedule_for(season, planner)
    client.force_login(roles[role])
    open_states = {Season.Status.OPEN, Season.Status.BRIEFING}
    may_manage = role in MANAGERS
    may_change = may_manage and status in open_states

    assert client.get(reverse("briefings:manage")).status_code == (200 if may_manage else 403)
    plan = client.get(reverse("briefings:plan", args=[season.pk]))
    assert plan.status_code == (200 if may_manage else 403)
    if may_manage:
        assert ("일정안 다시 만들기" in plan.content.decode()) == may_change
    change = client.get(reverse("briefings:session_change", args=[published.pk]))
    assert change.status_code == (200 if may_change else 403)
    moved = client.post(
        reverse("briefings:session_change", args=[published.pk]),
        {"action": "move", "date": "2025-09-24", "start_time": "14:00"},
    )
    assert moved.status_code == (302 if may_change else 403)
    publish = client.post(reverse("briefings:publish", args=[season.pk]))
    assert publish.status_code == (302 if may_change else 403)


@pytest.mark.parametrize("role", ROLES)
def test_reviewers_and_the_planning_office_record_directives_from_an_agenda(
    client, roles, role, published
):
    item = published.items.order_by("order").first()
    client.force_login(roles[role])
    url = reverse("briefings:directive_create", args=[published.pk, item.pk])

    assert client.get(url).status_code == (200 if role in RECORDERS else 403)
    agenda = client.get(reverse("briefings:session_detail", args=[published.pk])).content.decode()
    assert (url in agenda) == (role in RECORDERS)


def test_a_reviewer_records_a_directive_on_the_day_and_returns_to_the_agenda(
    client, reviewer, published
):
    item = published.items.order_by("order").last()
    client.force_login(reviewer)

    response = client.post(
        reverse("briefings:directive_create", args=[published.pk, item.pk]),
        {
            "text": "다른 시·군에도 바로 알리세요.",
            "responsible_bureau": item.idea.bureau_id,
            "due_date": "2025-10-31",
        },
    )

    assert response.status_code == 302
    assert response.url == f"{published.get_absolute_url()}#item-{item.pk}"
    directive = Directive.objects.get()
    assert (directive.idea, directive.recorded_by) == (item.idea, reviewer)
    agenda = client.get(published.get_absolute_url()).content.decode()
    assert "다른 시·군에도 바로 알리세요." in agenda


def test_a_directive_without_text_is_refused_on_the_form(client, reviewer, published):
    item = published.items.first()
    client.force_login(reviewer)
    response = client.post(
        reverse("briefings:directive_create", args=[published.pk, item.pk]),
        {"text": "", "responsible_bureau": item.idea.bureau_id, "due_date": "2025-10-31"},
    )
    assert response.status_code == 400
    assert "지시 내용을 입력하세요." in response.content.decode()
    assert not Directive.objects.exists()


def test_an_item_of_another_session_is_not_found(client, reviewer, published, draft):
    client.force_login(reviewer)
    other_item = draft.items.first()
    url = reverse("briefings:directive_create", args=[published.pk, other_item.pk])
    assert client.get(url).status_code == 404


def test_reviewers_find_todays_sessions_on_the_home_page(client, roles, season):
    today = BriefingSessionFactory(
        season=season, date=timezone.localdate(), title="오늘의 국 보고회"
    )
    BriefingSessionFactory(
        season=season,
        date=timezone.localdate(),
        start_time=dt.time(14),
        end_time=dt.time(15),
        published_at=None,
        title="공개 전 보고회",
    )
    client.force_login(roles["reviewer"])
    html = client.get(reverse("core:home")).content.decode()
    assert "오늘 10:00 오늘의 국 보고회: 안건을 열어 지시사항을 기록하세요" in html
    assert f'href="{today.get_absolute_url()}"' in html
    assert "공개 전 보고회" not in html

    client.force_login(roles["team_member"])
    assert "오늘의 국 보고회" not in client.get(reverse("core:home")).content.decode()


def test_the_schedule_opens_on_the_season_with_the_next_session(client, member, season):
    BriefingSessionFactory(season=season, date=timezone.localdate() - dt.timedelta(days=3))
    soon = BriefingSessionFactory(date=timezone.localdate() + dt.timedelta(days=1))
    client.force_login(member)
    response = client.get(reverse("briefings:schedule"))
    assert response.context["season"] == soon.season
    assert soon.title in response.content.decode()


# The planning office's journey on the pages ---------------------------------------------


def test_the_planning_office_generates_moves_and_publishes_on_the_pages(
    client, planner, season, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    first, second = bureaus_with_ideas([7, 7])
    client.force_login(planner)
    plan = reverse("briefings:plan", args=[season.pk])
    form = client.get(plan).content.decode()
    assert f'name="order_{first.pk}"' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            plan,
            {
                "starts_on": future_monday.isoformat(),
                "ends_on": (future_monday + dt.timedelta(days=11)).isoformat(),
                "time_slots": "10:00-12:00, 14:00~17:00",
                "sessions_per_day": "1",
                "minutes_per_item": "10",
                "merge_small_bureaus": "on",
                "place": "도청 4층 회의실",
                f"order_{first.pk}": "2",
                f"order_{second.pk}": "1",
            },
        )
    assert response.status_code == 302
    sessions = list(BriefingSession.objects.order_by("date"))
    assert [s.bureaus.get() for s in sessions] == [second, first]
    assert {s.place for s in sessions} == {"도청 4층 회의실"}

    page = client.get(plan).content.decode()
    assert "일정안 검토 중" in page
    assert "일정 공개" in page

    later = sessions[1]
    response = client.post(
        reverse("briefings:session_change", args=[later.pk]),
        {"action": "swap", "other": sessions[0].pk},
    )
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.date == future_monday

    assert client.post(reverse("briefings:publish", args=[season.pk])).status_code == 302
    assert BriefingSchedule.objects.get().status == BriefingSchedule.Status.PUBLISHED
    assert BriefingSession.objects.published().count() == 2


def test_a_refused_proposal_says_why_on_the_page(
    client, planner, season, bureaus_with_ideas, future_monday, django_capture_on_commit_callbacks
):
    bureaus_with_ideas([7, 7, 7])
    client.force_login(planner)
    plan = reverse("briefings:plan", args=[season.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            plan,
            {
                "starts_on": future_monday.isoformat(),
                "ends_on": (future_monday + dt.timedelta(days=1)).isoformat(),
                "time_slots": "10:00-12:00",
                "sessions_per_day": "1",
                "minutes_per_item": "10",
                "place": "도청 종합상황실",
            },
        )
    page = client.get(plan).content.decode()
    assert "일정안을 만들지 못했습니다." in page
    assert "기간이 짧아 1개 실·국(7건)의 보고회를 넣지 못했습니다" in page


def test_a_move_onto_a_holiday_is_refused_on_the_form(client, planner, published):
    client.force_login(planner)
    response = client.post(
        reverse("briefings:session_change", args=[published.pk]),
        {"action": "move", "date": "2025-10-03", "start_time": "10:00"},
    )
    assert response.status_code == 400
    assert "개천절이라 보고회를 열 수 없습니다." in response.content.decode()
    published.refresh_from_db()
    assert published.date == dt.date(2025, 9, 22)


def test_a_malformed_time_slot_is_refused_on_the_form(client, planner, season, future_monday):
    client.force_login(planner)
    response = client.post(
        reverse("briefings:plan", args=[season.pk]),
        {
            "starts_on": future_monday.isoformat(),
            "ends_on": future_monday.isoformat(),
            "time_slots": "오전",
            "sessions_per_day": "1",
            "minutes_per_item": "10",
            "place": "도청",
        },
    )
    assert response.status_code == 400
    assert "‘오전’: 시간대는 10:00-12:00처럼 적으세요." in response.content.decode()


# Query counts ------------------------------------------------------------------------------


@pytest.fixture
def many_sessions(season):
    """30 published sessions of 30 bureaus (each with two presentations) over 15 days."""
    day = dt.date(2025, 9, 1)
    sessions = []
    while len(sessions) < 30:
        if day.weekday() < 5:
            for start in (10, 14):
                session = BriefingSessionFactory(
                    season=season,
                    date=day,
                    start_time=dt.time(start),
                    end_time=dt.time(start + 1),
                    bureaus=[BureauFactory(), BureauFactory()],
                )
                with_agenda(session, ideas=2, minutes=5)
                sessions.append(session)
        day += dt.timedelta(days=1)
    return sessions


def test_the_schedule_page_query_count_does_not_grow_with_the_sessions(
    client, member, season, many_sessions, django_assert_max_num_queries
):
    client.force_login(member)
    # 1 session, 2 the user, 3 groups, 4 the seasons with their counts, 5 the sessions with
    # their agenda counts, 6 their bureaus, 7 the unread count.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("briefings:schedule"), {"season": season.pk})
    assert len(re.findall(r'<tr id="session-', response.content.decode())) == 30


def test_the_plan_page_query_count_does_not_grow_with_the_sessions(
    client, planner, season, many_sessions, django_assert_max_num_queries
):
    schedule_for(season, planner, status=BriefingSchedule.Status.PUBLISHED)
    client.force_login(planner)
    # 1 session, 2 the user, 3 groups, 4 the season, 5 its schedule, 6 the agenda ideas,
    # 7 their bureaus, 8 the sessions, 9 their bureaus, 10 the unread count.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("briefings:plan", args=[season.pk]))
    assert len(re.findall(r'<tr id="session-', response.content.decode())) == 30


def test_the_agenda_page_query_count_does_not_grow_with_the_items(
    client, reviewer, season, django_assert_max_num_queries
):
    session = BriefingSessionFactory(season=season)
    items = with_agenda(session, ideas=25, minutes=4)
    for item in items[:10]:
        Directive.objects.create(
            idea=item.idea,
            text="바로 시행하세요.",
            responsible_bureau=item.idea.bureau,
            due_date=dt.date(2025, 10, 31),
            recorded_by=reviewer,
        )
    client.force_login(reviewer)
    # 1 session, 2 the user, 3 groups, 4 the session with its season, 5 its bureaus,
    # 6 the agenda with the ideas, 7 their directives, 8 the directives' bureaus,
    # 9 the unread count.
    with django_assert_max_num_queries(9):
        response = client.get(session.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="bf-item"') == 25
    assert html.count("바로 시행하세요.") == 10


def test_the_manage_page_query_count_does_not_grow_with_the_seasons(
    client, planner, django_assert_max_num_queries
):
    for n in range(12):
        season = SeasonFactory(status=Season.Status.BRIEFING)
        schedule_for(season, planner)
        BriefingSessionFactory(season=season, date=dt.date(2025, 9, 1) + dt.timedelta(days=n))
    client.force_login(planner)
    # 1 session, 2 the user, 3 groups, 4 the seasons with their session counts,
    # 5 their schedules, 6 the unread count.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("briefings:manage"))
    assert response.content.decode().count("일정 관리<span") == 12
