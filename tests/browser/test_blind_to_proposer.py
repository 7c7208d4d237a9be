"""Blind to the proposer, in a browser on the demo data: the planning office turns it on
for season 2 (its first round is open) and a reviewer's queue, evaluation page and idea
page no longer say which team, bureau or people proposed the ideas."""

import pytest
from playwright.sync_api import Page, expect

from ideas.models import Season
from reviews.models import Assignment
from tests.browser.helpers import fits_in_360_px, sign_in, sign_out
from tests.browser.helpers import screenshots as shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db, default_demo):
    default_demo.load()


def test_a_reviewer_does_not_see_who_proposed_while_the_round_is_open(
    page: Page, live_server, demo
):
    s2 = Season.objects.get(code="S2")

    sign_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}/ideas/seasons/{s2.pk}/edit/")
    page.get_by_text("심사 중 제안 팀·작성자 가리기", exact=True).click()
    expect(page.get_by_label("심사 중 제안 팀·작성자 가리기")).to_be_checked()
    shoot(page, "blind-season-form")
    page.get_by_role("button", name="저장").click()
    s2.refresh_from_db()
    assert s2.blind_to_proposer
    sign_out(page)

    assignment = (
        Assignment.objects.filter(round__season=s2, reviewer__username="reviewer")
        .select_related("idea")
        .first()
    )
    idea = assignment.idea
    sign_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/reviews/?round={assignment.round_id}")
    row = page.get_by_role("row").filter(has_text=idea.reference_number)
    expect(row).to_contain_text("심사 중 비공개")
    expect(row).not_to_contain_text(idea.team_name)
    shoot(page, "blind-queue")
    assert fits_in_360_px(page) == []

    page.goto(f"{live_server.url}/reviews/assignments/{assignment.pk}/")
    expect(page.locator(".rv-eval-head__meta")).not_to_contain_text(idea.team_name)
    shoot(page, "blind-evaluate")

    page.goto(f"{live_server.url}/ideas/{idea.pk}/")
    facts = page.get_by_role("region", name="제출 정보")
    expect(facts).to_contain_text("제안한 팀과 작성자는 심사위원에게 보이지 않습니다")
    expect(page.locator("main")).not_to_contain_text(idea.team_name)
    expect(page.locator("main")).not_to_contain_text(idea.created_by.full_name)
    shoot(page, "blind-idea")
    assert fits_in_360_px(page) == []
