"""Leadership's dashboards and the governor's briefing book, on the demo data.

The planner opens the dashboard and reads the funnel chart and its table, which agree with
the season's counts; a bureau director sees only their bureau; the planner downloads a
briefing session's book. Screenshots of each dashboard at 1280 and 360 px.
"""

import pytest
from playwright.sync_api import Page, expect

from briefings.models import BriefingSession
from departments.models import User
from ideas.models import Idea, Season
from insight.selectors import FUNNEL_STAGES
from tests.browser.helpers import fits_in_360_px, open_menu_item, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cell(page: Page, stage: str) -> str:
    return page.locator(f'#funnel-table tr[data-stage="{stage}"] td').inner_text()


def test_the_planner_reads_the_funnel_chart_and_table_of_the_season(
    page: Page, live_server, demo, shoot
):
    sign_in(page, live_server.url, "planner")
    open_menu_item(page, "현황판")
    season = Season.objects.exclude(status=Season.Status.DRAFT).order_by("-submission_opens_at")[0]
    expect(page.get_by_label("시즌", exact=True)).to_have_value(str(season.pk))
    ideas = Idea.objects.filter(season=season)
    assert cell(page, "drafts") == str(ideas.filter(status="draft").count())
    assert cell(page, "submitted") == str(ideas.filter(status="submitted").count())
    # The chart was drawn from the same numbers the table holds.
    chart_data = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart=\"funnel-chart\"]'))"
        ".data.datasets[0].data"
    )
    # The season's stages, then those the rollout app adds (추진 중, 완료).
    stages = ["drafts", "submitted", "reviewed", "adopted", *(s.key for s in FUNNEL_STAGES)]
    table = [int(cell(page, s)) for s in stages]
    assert chart_data == table
    assert fits_in_360_px(page) == []
    shoot("insight-government")

    page.goto(f"{live_server.url}/insight/trends/")
    expect(page.get_by_role("heading", level=1)).to_have_text("시즌별 추이")
    assert fits_in_360_px(page) == []
    shoot("insight-trends")


def test_a_director_sees_only_their_bureau(page: Page, live_server, demo, shoot):
    director = User.objects.get(username="director")
    sign_in(page, live_server.url, "director")
    open_menu_item(page, "현황판")
    expect(page.get_by_role("heading", level=1)).to_contain_text(director.bureau.name)
    teams = page.locator("#participation-table tbody th").all_inner_texts()
    own = set(director.bureau.divisions.values_list("teams__name", flat=True))
    assert teams
    assert set(teams) <= own
    assert fits_in_360_px(page) == []
    shoot("insight-bureau")
    page.locator("#participation-table tbody th a").first.click()
    expect(page.locator("#participation-table tbody tr")).to_have_count(1)
    assert fits_in_360_px(page) == []
    shoot("insight-team")
    response = page.goto(f"{live_server.url}/insight/government/")
    assert response.status == 403


def test_the_planner_downloads_a_sessions_briefing_book(
    page: Page, live_server, demo, shoot, tmp_path
):
    session = (
        BriefingSession.objects.filter(items__isnull=False, published_at__isnull=False)
        .distinct()
        .order_by("date", "start_time")
        .first()
    )
    sign_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="보고회 자료(PDF·HWPX)").click()
    page.get_by_role("button", name="보고회 자료 만들기").click()
    expect(page.get_by_role("link", name="PDF 받기")).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF 받기").click()
    path = tmp_path / "book.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert fits_in_360_px(page) == []
    shoot("insight-book")


def test_a_director_reads_a_teams_exemption_history_from_the_dashboard(
    page: Page, live_server, demo, shoot
):
    from core.services import history_record
    from departments.models import Team
    from ideas.models import Exemption

    director = User.objects.get(username="director")
    season = Season.objects.exclude(status=Season.Status.DRAFT).order_by("-submission_opens_at")[0]
    # A team new to the bureau this season: nothing submitted, an exemption filed.
    division = director.bureau.divisions.order_by("display_order").first()
    team = Team.objects.create(division=division, name="신설 협력팀", display_order=99)
    leader = User.objects.filter(bureau=director.bureau, team__isnull=False).first()
    exemption = Exemption.objects.create(
        season=season,
        team=team,
        team_name=team.name,
        bureau=director.bureau,
        reason=Exemption.Reason.NEW_UNIT,
        filed_by=leader,
    )
    history_record(obj=exemption, action="exemption_filed", by=leader, reason="올해 신설된 팀")
    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/insight/bureaus/{director.bureau_id}/?season={season.pk}")
    row = page.locator(f'#participation-table tr[data-row="{team.pk}"]')
    row.get_by_role("link", name="제출 예외 이력").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{team.name} 제출 예외 처리 이력")
    expect(page.get_by_text("제출 예외 신청")).to_be_visible()
    expect(page.get_by_text("올해 신설된 팀")).to_be_visible()
    assert fits_in_360_px(page) == []
    shoot("insight-exemption-history")
