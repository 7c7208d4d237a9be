"""Review and selection on the demo data: a reviewer scores with the keyboard only, the
planning office closes the round, reads the ranking and adopts the top N, and the team
finds the decision on its idea."""

import pytest
from playwright.sync_api import Page, expect

from departments.models import Position, User
from ideas.models import Idea
from reviews.models import Assignment, Decision, Evaluation, ReviewRound
from tests.browser.helpers import fits_in_360_px, open_menu_item, sign_in, sign_out, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_tab_until(page: Page, element_id: str, limit: int = 60) -> None:
    """Move the focus with Tab alone until it reaches the element, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def score_with_keys(page: Page, scores: list[str], comment: str) -> None:
    """The first score field has the focus; Tab moves to the next field. Ctrl+A first: a
    draft from an earlier sitting comes back with its scores filled in."""
    for index, score in enumerate(scores):
        if index:
            page.keyboard.press("Tab")
        page.keyboard.press("Control+a")
        page.keyboard.type(score)
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type(comment)


def test_a_reviewer_works_through_the_queue_with_the_keyboard_only(
    page: Page, live_server, demo, shoot
):
    review_round = ReviewRound.objects.get(season__code="S2", status=ReviewRound.Status.OPEN)
    reviewer = User.objects.get(username="reviewer")
    done_before = Evaluation.objects.filter(
        round=review_round, reviewer=reviewer, status=Evaluation.Status.SUBMITTED
    ).count()
    total = Assignment.objects.filter(round=review_round, reviewer=reviewer).count()

    sign_in(page, live_server.url, "reviewer")
    expect(page.get_by_role("main")).to_contain_text("심사할 아이디어")
    open_menu_item(page, "심사")
    expect(page.get_by_role("heading", level=1)).to_have_text("심사할 아이디어")
    expect(page.locator("#progress-text")).to_contain_text(f"{total}건 중 {done_before}건 완료")
    shoot("reviews-queue")
    assert fits_in_360_px(page) == []

    press_tab_until(page, "rv-start")
    page.keyboard.press("Enter")
    first_title = page.get_by_role("heading", level=1).inner_text()
    expect(page.get_by_role("textbox", name="창의성")).to_be_focused()
    expect(page.get_by_text("키보드로 심사하기")).to_be_visible()
    shoot("reviews-evaluate")

    # Three ideas: type the five scores and a comment, Ctrl+Enter submits and opens the next.
    titles = []
    for scores in (["8", "7", "9", "6", "7"], ["5", "6", "5", "4", "6"], ["9", "9", "8", "7", "8"]):
        titles.append(page.get_by_role("heading", level=1).inner_text())
        score_with_keys(page, scores, "현장 적용성이 좋습니다.")
        page.keyboard.press("Control+Enter")
        expect(page.locator(".app-message--success")).to_contain_text("심사를 제출했습니다")
        expect(page.get_by_role("textbox", name="창의성")).to_be_focused()
    assert titles[0] == first_title
    assert len(set(titles)) == 3

    # A fourth one half done: Ctrl+S keeps it as a draft on the same idea.
    draft_title = page.get_by_role("heading", level=1).inner_text()
    page.keyboard.press("Control+a")
    page.keyboard.type("7")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("8")
    for _ in range(3):  # the other scores left empty
        page.keyboard.press("Tab")
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
    page.keyboard.press("Control+s")
    expect(page.locator(".app-message--success")).to_contain_text("임시 저장했습니다")
    expect(page.get_by_role("heading", level=1)).to_have_text(draft_title)
    expect(page.get_by_role("textbox", name="실현가능성")).to_have_value("8")

    # A score out of range is refused at its field, and nothing is lost.
    page.get_by_role("textbox", name="효과성").focus()
    page.keyboard.type("11")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("alert")).to_contain_text("확인할 곳이 있습니다")
    expect(page.get_by_text("효과성 점수는 0점부터 10점 사이여야 합니다.")).to_be_visible()
    expect(page.get_by_role("textbox", name="효과성")).to_be_focused()
    expect(page.get_by_role("textbox", name="창의성")).to_have_value("7")
    shoot("reviews-evaluate-error")

    mine = Evaluation.objects.filter(round=review_round, reviewer=reviewer)
    assert mine.filter(status=Evaluation.Status.SUBMITTED).count() == done_before + 3
    for evaluation in mine.filter(idea__title__in=titles):
        assert evaluation.status == Evaluation.Status.SUBMITTED
        assert evaluation.scores.count() == 5
    draft = mine.get(idea__title=draft_title)
    assert draft.status == Evaluation.Status.DRAFT
    assert sorted(str(s.value) for s in draft.scores.all()) == ["7.00", "8.00"]

    page.goto(f"{live_server.url}/reviews/?round={review_round.pk}")
    expect(page.locator("#progress-text")).to_contain_text(f"{total}건 중 {done_before + 3}건 완료")


def test_the_planning_office_closes_the_round_adopts_the_top_n_and_the_team_sees_it(
    page: Page, live_server, demo, shoot
):
    review_round = ReviewRound.objects.get(season__code="S2", status=ReviewRound.Status.OPEN)
    assigned = Assignment.objects.filter(round=review_round).count()
    submitted = Evaluation.objects.filter(
        round=review_round, status=Evaluation.Status.SUBMITTED
    ).count()
    assert assigned > submitted  # the demo's round has evaluations still to come

    sign_in(page, live_server.url, "planner")
    open_menu_item(page, "심사 관리")
    expect(page.get_by_role("heading", level=1)).to_have_text("심사 관리")
    shoot("reviews-rounds")

    # Closing asks first, with the evaluations it leaves unsubmitted.
    page.get_by_role("link", name=f"심사 마감 {review_round.name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("심사 마감")
    expect(page.get_by_role("note")).to_contain_text(
        f"배정된 평가 {assigned}건 가운데 {assigned - submitted}건이 제출되지 않았습니다."
    )
    shoot("reviews-close-confirm")
    assert fits_in_360_px(page) == []
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.OPEN  # asking is not doing
    page.get_by_role("button", name=f"미제출 {assigned - submitted}건을 두고 마감").click()
    expect(page.locator(".app-message--success")).to_contain_text("심사를 마감했습니다")
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.CLOSED

    page.get_by_role("link", name=f"순위와 선정 {review_round.name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1차 서면 심사 순위")
    page.get_by_label("정렬").select_option("normalised")
    page.get_by_role("button", name="보기").click()
    ranking = page.get_by_role("region", name="순위")
    expect(ranking.get_by_text("평가 미완료").first).to_be_visible()
    shoot("reviews-ranking")

    # The top N: the page lists the ideas first and those passed over for missing scores.
    form = page.locator("form.rv-select-top")
    form.get_by_label("채택할 건수").fill("3")
    form.get_by_label("순위 기준").select_option("normalised")
    form.get_by_label("사유").fill("시즌2 1차 서면 심사 상위 3건을 채택합니다.")
    form.get_by_role("button", name="채택할 아이디어 확인").click()
    expect(page.get_by_role("heading", level=2, name="이 3건을 채택합니다")).to_be_visible()
    chosen = page.get_by_role("region", name="채택할 아이디어")
    top_reference = chosen.get_by_role("row").nth(1).get_by_role("cell").nth(1).inner_text()
    shoot("reviews-select-top-confirm")
    assert fits_in_360_px(page) == []
    assert not Decision.objects.filter(round=review_round).exists()
    page.get_by_role("button", name="3건 채택").click()
    expect(page.locator(".app-message--success")).to_contain_text(
        "상위 3건을 채택으로 결정했습니다"
    )
    adopted = Decision.objects.filter(
        round=review_round, is_current=True, outcome=Decision.Outcome.ADOPT
    )
    assert adopted.count() == 3
    top = Idea.objects.get(season=review_round.season, reference_number=top_reference.strip())
    assert adopted.filter(idea=top).exists()
    for decision in adopted.select_related("idea"):
        missing = Assignment.objects.filter(round=review_round, idea=decision.idea).exclude(
            evaluation__status=Evaluation.Status.SUBMITTED
        )
        assert not missing.exists()  # adopted only with every evaluation in

    # Bulk: two undecided ideas picked on the ranking, one outcome with one reason.
    undecided = page.get_by_role("region", name="순위").get_by_role("row").filter(has_text="미정")
    picked = [undecided.nth(i).get_by_role("cell").nth(2).inner_text().strip() for i in (0, 1)]
    for reference in picked:
        tick(page, page.get_by_role("checkbox", name=f"{reference} 고르기"))
    page.get_by_role("button", name="고른 아이디어 결정").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("고른 아이디어 일괄 결정")
    expect(page.get_by_role("note")).to_contain_text("고른 2건에 같은 결과와 사유를 기록합니다.")
    tick(page, page.get_by_label("미채택"))
    page.get_by_label("사유", exact=True).fill("예산 여건상 이번 시즌에는 채택하지 않습니다.")
    shoot("reviews-bulk-decide")
    assert fits_in_360_px(page) == []
    page.get_by_role("button", name="2건 결정 기록").click()
    expect(page.locator(".app-message--success")).to_contain_text("2건의 결정을 기록했습니다")
    rejected = Decision.objects.filter(
        round=review_round, is_current=True, outcome=Decision.Outcome.NOT_ADOPTED
    )
    assert sorted(rejected.values_list("idea__reference_number", flat=True)) == sorted(picked)
    assert {d.reason for d in rejected} == {"예산 여건상 이번 시즌에는 채택하지 않습니다."}

    # Publishing asks first: who is told, and how many ideas are still undecided.
    page.get_by_role("link", name="결과 공개").first.click()
    expect(page.get_by_role("note")).to_contain_text("결과 알림과 전자우편이 갑니다")
    expect(page.get_by_role("note")).to_contain_text("아직 결정하지 않았습니다")
    shoot("reviews-publish-confirm")
    assert fits_in_360_px(page) == []
    decided = Decision.objects.filter(round=review_round, is_current=True).count()
    page.get_by_role("button", name=f"결정 {decided}건 공개").click()
    expect(page.locator(".app-message--success")).to_contain_text("결과를 공개했습니다")
    sign_out(page)

    # The leader of the top idea's team reads the outcome and the reason on its idea.
    leader = User.objects.filter(team=top.team, position=Position.TEAM_LEADER).first()
    leader.set_password("team-pw-1234")
    leader.save(update_fields=["password"])
    sign_in(page, live_server.url, leader.username, password="team-pw-1234")
    open_menu_item(page, "우리 팀 아이디어")
    page.get_by_role("link", name=top.title).first.click()
    panel = page.get_by_role("region", name="심사 결과")
    expect(panel).to_contain_text("채택")
    expect(panel).to_contain_text("시즌2 1차 서면 심사 상위 3건을 채택합니다.")
    shoot("reviews-team-sees-decision")
