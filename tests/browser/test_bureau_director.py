"""The bureau director's journey on the demo data: decide an exemption, pick a representative."""

import pytest
from playwright.sync_api import Page, expect

from ideas.models import Exemption, Idea, Season
from tests.browser.helpers import open_menu_item, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bureau_director_approves_an_exemption_and_picks_a_representative(
    page: Page, live_server, demo, shoot
):
    pending = Exemption.objects.filter(
        bureau__name="기업유치지원실", status=Exemption.Status.PENDING
    ).first()
    assert pending is not None, "the demo gives the director an exemption to decide"

    sign_in(page, live_server.url, "director")
    expect(page.get_by_role("main")).to_contain_text("승인을 기다리는 제출 예외 신청")
    open_menu_item(page, "우리 실·국 현황")
    expect(page.get_by_role("heading", level=1)).to_contain_text("기업유치지원실 제출 현황")

    # The exemption belongs to the season it was filed in.
    page.get_by_label("시즌", exact=True).select_option(str(pending.season_id))
    page.get_by_role("button", name="보기").click()
    exemptions = page.get_by_role("table", name="승인을 기다리는 제출 예외")
    expect(exemptions).to_contain_text(pending.team_name)
    shoot("bureau-director-exemptions")
    exemptions.get_by_role("button", name=f"승인 {pending.team_name}").click()
    expect(page.get_by_role("main")).to_contain_text("승인")
    pending.refresh_from_db()
    assert pending.status == Exemption.Status.APPROVED
    assert pending.decided_by.username == "director"

    # The work-reduction season briefs one task per division.
    w1 = Season.objects.get(representative_per_division=True)
    page.get_by_label("시즌", exact=True).select_option(str(w1.pk))
    page.get_by_role("button", name="보기").click()
    candidate = (
        Idea.objects.filter(
            season=w1,
            bureau__name="기업유치지원실",
            status=Idea.Status.SUBMITTED,
            is_representative=False,
        )
        .exclude(division__ideas__season=w1, division__ideas__is_representative=True)
        .first()
    )
    assert candidate is not None, "the demo leaves a division without a representative"
    page.get_by_role("button", name=f"대표 과제로 지정 {candidate.reference_number}").click()
    row = page.get_by_role("row").filter(has_text=candidate.reference_number)
    expect(row.get_by_text("대표 과제")).to_be_visible()
    shoot("bureau-director-representative")
    candidate.refresh_from_db()
    assert candidate.is_representative
    assert (
        Idea.objects.filter(season=w1, division=candidate.division, is_representative=True).count()
        == 1
    )
