"""What the screens say is true, in a browser on the demo data: a team leader is shown
with their role, opening the editor of a submitted idea says it was submitted, the sort
menu is Korean, the planning office's counts agree, an open round is named without saying
심사 twice, and a message names an idea with the particle its number takes."""

import re

import pytest
from playwright.sync_api import Page, expect

from core.text import particle
from ideas.models import Idea, Season
from tests.browser.helpers import fits_in_360_px, sign_in, sign_out
from tests.browser.helpers import screenshots as shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db, default_demo):
    default_demo.load()


def test_the_screens_tell_the_truth(page: Page, live_server, demo):
    s2 = Season.objects.get(code="S2")
    submitted = Idea.objects.filter(
        season=s2, created_by__username="leader", status=Idea.Status.SUBMITTED
    ).first()
    submitted_count = Idea.objects.filter(season=s2, status=Idea.Status.SUBMITTED).count()

    # A team leader ------------------------------------------------------------------------
    sign_in(page, live_server.url, "leader")
    me = page.get_by_role("region", name="나의 소속과 역할")
    expect(me).to_contain_text("아이디어 제출(팀장)")
    expect(me).not_to_contain_text("없음")
    shoot(page, "truth-home-leader")

    page.goto(f"{live_server.url}/ideas/{submitted.pk}/edit/")
    expect(page).to_have_url(re.compile(rf"/ideas/{submitted.pk}/$"))
    expect(page.get_by_role("status").first).to_contain_text(
        "제출한 아이디어입니다. 제출한 아이디어는 고칠 수 없습니다."
    )
    expect(page.get_by_text("권한이 없습니다")).to_have_count(0)
    shoot(page, "truth-edit-submitted")
    assert fits_in_360_px(page) == []

    page.goto(f"{live_server.url}/ideas/mine/")
    options = page.get_by_label("정렬").locator("option").all_inner_texts()
    assert options
    assert all(re.search("[가-힣]", o) and not re.search("[A-Za-z]", o) for o in options)
    assert "최근 제출 순" in options
    sign_out(page)

    # The planning office -----------------------------------------------------------------
    sign_in(page, live_server.url, "planner")
    waiting = page.get_by_role("region", name="나를 기다리는 일")
    expect(waiting).to_contain_text("1차 서면 심사 중")
    expect(waiting).not_to_contain_text("심사 심사")
    expect(waiting.get_by_role("link", name=re.compile("제출 현황 보기"))).to_contain_text(
        str(submitted_count)
    )
    shoot(page, "truth-home-planner")

    page.goto(f"{live_server.url}/ideas/seasons/")
    row = page.get_by_role("row").filter(has_text=s2.name)
    expect(row).to_contain_text(f"{submitted_count}건")

    other = (
        Idea.objects.filter(season=s2, status=Idea.Status.SUBMITTED)
        .exclude(pk=submitted.pk)
        .order_by("reference_number")
        .first()
    )
    page.goto(f"{live_server.url}/ideas/{other.pk}/")
    page.get_by_label("보완 요청 사유").fill("기대 효과를 수치로 적어 주세요.")
    page.get_by_role("button", name="보완 요청").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"{particle(other.reference_number, '을/를')} 팀에 보완 요청했습니다."
    )
    expect(page.get_by_text("(를)")).to_have_count(0)
    shoot(page, "truth-send-back-particle")
