"""The planning office regenerates the rest of a published briefing schedule in a browser:
the page says first how many sessions move and how many teams are told, then does it;
the sessions already held stay and the moved ones keep their calendar UID."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from briefings.models import BriefingSession
from ideas.models import Season
from notifications.models import Notification
from tests.browser.helpers import fits_in_360_px, sign_in
from tests.browser.helpers import screenshots as shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db, default_demo):
    default_demo.load()


def test_the_planning_office_regenerates_the_remaining_dates_after_seeing_what_moves(
    page: Page, live_server, demo
):
    w1 = Season.objects.get(code="W1")
    today = timezone.localdate()
    held = {s.uid: (s.date, s.start_time) for s in w1.briefing_sessions.filter(date__lte=today)}
    remaining = {s.uid: s.sequence for s in w1.briefing_sessions.filter(date__gt=today)}
    assert held
    assert remaining
    starts = today + dt.timedelta(days=14)

    sign_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}/briefings/manage/{w1.pk}/")
    page.get_by_role("link", name="남은 일정 다시 만들기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("남은 일정 다시 만들기")
    page.get_by_label("보고회 시작일").fill(starts.isoformat())
    page.get_by_label("보고회 종료일").fill((starts + dt.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="무엇이 바뀌는지 보기").click()

    asked = page.get_by_role("alert").filter(has_text="옮겨집니다")
    expect(asked).to_contain_text(f"보고회 {len(remaining)}회가 옮겨집니다.")
    expect(asked).to_contain_text("개 팀에 변경 알림이 갑니다.")
    expect(asked).to_contain_text(f"이미 열린 보고회 {len(held)}회는 그대로입니다.")
    shoot(page, "briefings-regenerate-asked")
    assert fits_in_360_px(page) == []
    assert not Notification.objects.filter(kind=Notification.Kind.BRIEFING_CHANGED).exists()

    page.get_by_role("button", name="이대로 다시 만들고 알리기").click()
    expect(page.get_by_role("status").first).to_contain_text("남은 보고회 일정을 다시 만들었습니다")
    shoot(page, "briefings-regenerate-done")

    after = {s.uid: s for s in BriefingSession.objects.filter(season=w1)}
    for uid, (date, start) in held.items():
        assert (after[uid].date, after[uid].start_time) == (date, start)
    moved = [s for s in after.values() if s.date >= starts]
    assert moved
    assert all(s.uid in remaining and s.sequence > remaining[s.uid] for s in moved)
    assert Notification.objects.filter(kind=Notification.Kind.BRIEFING_CHANGED).exists()
