"""Briefing sessions in a real browser, on the demo data: the planning office generates
season 2's schedule, moves a session and publishes it; a team leader finds the reminder in
the inbox, opens the agenda and downloads the session's calendar (.ics)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from core.workdays import WorkCalendar
from ideas.models import Idea, Season
from notifications.tasks import send_reminders
from tests.browser.helpers import open_menu_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo1234"  # noqa: S105 (the published demo accounts of load_demo)
SEOUL = ZoneInfo("Asia/Seoul")
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => !e.closest('.krds-table-wrap'))
    .map(e => e.tagName + '.' + e.className)"""


@pytest.fixture
def demo(db, default_demo):
    default_demo.load()
    # Season 2 comes with its schedule published; take it away so the planning office
    # makes it here.
    BriefingSession.objects.filter(season__code="S2").delete()
    BriefingSchedule.objects.filter(season__code="S2").delete()


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("사번 또는 아이디").fill(username)
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("님, 안녕하세요")


def fits_in_360_px(page: Page) -> list[str]:
    """What sticks out of a phone's width (tables scroll inside their own region)."""
    page.set_viewport_size({"width": 360, "height": 740})
    overflowing = page.evaluate(OVERFLOWING)
    if page.evaluate("document.documentElement.scrollWidth") > 360:
        overflowing.append("the page itself scrolls sideways")
    page.set_viewport_size({"width": 1280, "height": 800})
    return overflowing


def next_working_day(after: dt.date) -> dt.date:
    calendar = WorkCalendar(after, after + dt.timedelta(days=30))
    day = after + dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def test_the_planning_office_schedules_and_a_team_leader_gets_the_calendar_and_reminder(
    page: Page, live_server, demo, shoot
):
    s2 = Season.objects.get(code="S2")
    leader_idea = Idea.objects.get(
        season=s2, created_by__username="leader", status=Idea.Status.SUBMITTED
    )
    starts = next_working_day(timezone.localdate())

    # The planning office asks for a proposal ------------------------------------------------
    sign_in(page, live_server.url, "planner")
    open_menu_item(page, "보고회 관리")
    expect(page.get_by_role("heading", level=1)).to_have_text("보고회 관리")
    shoot("briefings-manage")
    assert fits_in_360_px(page) == []
    page.get_by_role("link", name=f"일정 관리 {s2.name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{s2.name} 보고회 일정")
    page.get_by_label("보고회 시작일").fill(starts.isoformat())
    page.get_by_label("보고회 종료일").fill((starts + dt.timedelta(days=45)).isoformat())
    expect(page.get_by_label("기업유치지원실")).to_have_value("1")
    shoot("briefings-plan-form")
    page.get_by_role("button", name="일정안 만들기").click()

    expect(page.get_by_role("status").first).to_contain_text("일정안을 만들기 시작했습니다.")
    proposal = page.get_by_role("table", name="보고회 일정안")
    expect(proposal).to_contain_text("기업유치지원실 보고회 (1/2)")
    expect(page.locator(".bf-head").first).to_contain_text("일정안 검토 중")
    shoot("briefings-plan-proposal")
    assert fits_in_360_px(page) == []
    sessions = BriefingSession.objects.filter(season=s2)
    assert sessions.count() >= 19
    assert not sessions.published().exists()

    # … moves the leader's session: first onto another session (refused), then to 17:10 --
    item = AgendaItem.objects.select_related("session").get(idea=leader_idea)
    session = item.session
    uid, length = session.uid, session.duration
    proposal.get_by_role("link", name=f"옮기기·바꾸기 {session.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(session.title)
    page.get_by_label("새 날짜").fill(session.date.isoformat())
    page.get_by_label("새 시작 시각").fill("11:00")
    page.get_by_role("button", name="옮기기", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("입력한 내용을 확인하세요")
    expect(page.get_by_text("도지사는 두 보고회에 동시에 참석할 수 없습니다")).to_be_visible()
    shoot("briefings-session-change-refused")
    page.get_by_label("새 시작 시각").fill("17:10")
    page.get_by_role("button", name="옮기기", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("보고회를 옮겼습니다.")
    session.refresh_from_db()
    assert session.start_time == dt.time(17, 10)
    assert session.duration == length
    assert session.uid == uid

    # … and publishes.
    page.get_by_role("button", name="일정 공개").click()
    expect(page.get_by_role("status").first).to_contain_text("보고회 일정을 공개했습니다.")
    expect(page.locator(".bf-head").first).to_contain_text("공개")
    assert not sessions.filter(published_at__isnull=True).exists()
    page.get_by_role("button", name="로그아웃").click()

    # Beat's morning run of the briefing reminders (D-7 and D-1) ------------------------------
    assert send_reminders.delay("briefing_upcoming").get() > 0

    # The team leader finds the reminder, the agenda and the calendar -------------------------
    sign_in(page, live_server.url, "leader")
    inbox = page.get_by_role("link", name=re.compile(r"알림함 읽지 않은 알림 \d+건"))
    expect(inbox).to_be_visible()
    inbox.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("알림함")
    days_left = (session.date - timezone.localdate()).days
    notice = page.get_by_role("button", name=f"[보고회 D-{days_left}] {session.title}", exact=True)
    expect(notice).to_be_visible()
    expect(page.get_by_role("list", name="알림 목록")).to_contain_text("17:10")
    shoot("briefings-leader-inbox")
    assert fits_in_360_px(page) == []
    notice.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(session.title)
    expect(page.locator(f"#item-{item.pk}")).to_contain_text(leader_idea.title)
    shoot("briefings-agenda")
    assert fits_in_360_px(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="캘린더에 넣기 (.ics)").click()
    content = open(download.value.path(), "rb").read()  # noqa: PTH123, SIM115
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["uid"]) == f"{uid}@briefings.dojeong-innovation"
    assert event.decoded("dtstart") == dt.datetime.combine(
        session.date, dt.time(17, 10), tzinfo=SEOUL
    )
    assert int(event["sequence"]) == 1
    assert leader_idea.reference_number in str(event["description"])

    # The inbox shows it read now; the schedule page lists the season's sessions.
    open_menu_item(page, "보고회 일정")
    page.get_by_label("시즌", exact=True).select_option(str(s2.pk))
    page.get_by_role("button", name="보기").click()
    schedule = page.get_by_role("table", name=re.compile("보고회 일정표"))
    expect(schedule).to_contain_text("17:10")
    shoot("briefings-schedule")
    assert fits_in_360_px(page) == []
    expect(page.get_by_role("link", name=re.compile("^알림함"))).to_have_text("알림함")


def test_a_reviewer_opens_an_agenda_on_the_day_and_records_the_governors_directive(
    page: Page, live_server, shoot, default_demo
):
    default_demo.load()
    w1 = Season.objects.get(code="W1")
    today = timezone.localdate()
    session = (
        BriefingSession.objects.filter(season=w1, date=today).first()
        or BriefingSession.objects.filter(season=w1).order_by("date").first()
    )
    item = session.items.order_by("order").first()

    sign_in(page, live_server.url, "reviewer")
    if session.date == today:
        # The home page offers today's session.
        page.get_by_role("link", name=re.compile(f"오늘 .*{re.escape(session.title)}")).click()
    else:  # a weekend or holiday: open it from the schedule
        open_menu_item(page, "보고회 일정")
        page.get_by_label("시즌", exact=True).select_option(str(w1.pk))
        page.get_by_role("button", name="보기").click()
        page.get_by_role("link", name=session.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(session.title)
    shoot("briefings-agenda-reviewer")

    page.get_by_role("link", name=f"지시사항 기록 {item.idea.reference_number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("도지사 지시사항 기록")
    page.get_by_label("지시 내용").fill("다른 실·국에도 같은 방식을 바로 적용하세요.")
    expect(page.get_by_label("담당 실·국")).to_have_value(str(item.idea.bureau_id))
    page.get_by_label("처리 기한").fill((today + dt.timedelta(days=30)).isoformat())
    shoot("briefings-directive-form")
    page.get_by_role("button", name="기록").click()

    expect(page.get_by_role("status").first).to_contain_text(
        f"{item.idea.reference_number}에 지시사항을 기록했습니다."
    )
    expect(page.locator(f"#item-{item.pk}")).to_contain_text(
        "다른 실·국에도 같은 방식을 바로 적용하세요."
    )
    assert item.idea.directives.get().recorded_by.username == "reviewer"
    assert fits_in_360_px(page) == []
