"""A person's first visit: sign in through the real log-in page and land on the home page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    DEMO_PASSWORD,
    fits_in_360_px,
    main_menu,
    menu,
    menu_entries,
    open_menu_item,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def menu_keeps_to_one_line(page) -> bool:
    """At 1280 px every entry of the main menu's top level sits on the same line."""
    page.set_viewport_size({"width": 1280, "height": 800})
    tops = main_menu(page).evaluate(
        "nav => [...nav.querySelectorAll('.app-nav__list > li')].map(li => li.offsetTop)"
    )
    return len(set(tops)) == 1


def test_the_team_leader_signs_in_and_sees_the_korean_home_page(page, live_server, demo, shoot):
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="로그인")).to_be_visible()
    shoot("login")
    assert fits_in_360_px(page) == []

    sign_in(page, live_server.url, "leader")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_contain_text("님, 안녕하세요")
    main = page.get_by_role("main")
    for text in ("기업유치지원실", "기업유치과", "기업유치기획팀", "팀장"):
        expect(main).to_contain_text(text)
    # The demo leader's team has a draft in the open season 2.
    expect(main).to_contain_text("도정혁신 벤치마킹 시즌2: 작성 중인 아이디어")
    # The main menu keeps to a few groups; a group of one page is a plain link.
    assert menu_entries(page) == [
        "홈",
        ("아이디어", ["우리 팀 아이디어", "아이디어 도서관"]),
        "보고회 일정",
        ("추진", ["추진 현황", "혁신 로드맵"]),
        "으뜸 도정상",
        "벤치마킹 방문",
        "현황판",
        "조직도",
    ]
    expect(page.get_by_role("link", name="홈")).to_have_attribute("aria-current", "page")
    assert menu_keeps_to_one_line(page)
    expect(page.get_by_role("button", name="로그아웃")).to_be_visible()
    shoot("home-leader")
    assert fits_in_360_px(page) == []

    # Everything the pages loaded came from our own server: nothing from a CDN.
    assert requests
    assert [url for url in requests if not url.startswith(live_server.url)] == []
    assert any("/static/django_htmx/htmx-2.min.js" in url for url in requests)


def test_the_planning_office_sees_its_menu_and_the_import_on_the_home_page(
    page, live_server, demo, shoot
):
    sign_in(page, live_server.url, "planner")
    expect(page.get_by_role("heading", level=1)).to_contain_text("님, 안녕하세요")
    assert menu(page) == [
        "홈",
        "아이디어",
        "심사 관리",
        "보고회",
        "추진",
        "으뜸 도정상",
        "벤치마킹 방문",
        "현황판",
        "운영",
    ]
    assert menu_entries(page)[-1] == (
        "운영",
        ["시즌 관리", "엑셀 내보내기", "신고된 의견", "조직도", "조직도 가져오기"],
    )
    # The longest menu holds on one line at 1280 px, and its sub-menu opens below its group.
    assert menu_keeps_to_one_line(page)
    operations = main_menu(page).locator("summary", has_text="운영")
    operations.click()
    expect(main_menu(page).get_by_role("link", name="조직도 가져오기")).to_be_visible()
    shoot("menu-open-planner")
    page.get_by_role("main").click()  # a click elsewhere closes it
    expect(main_menu(page).get_by_role("link", name="조직도 가져오기")).to_be_hidden()
    # Its page marks both the item and its group.
    open_menu_item(page, "조직도 가져오기")
    expect(page).to_have_url(re.compile(r"/org/import/$"))
    operations.click()
    expect(main_menu(page).get_by_role("link", name="조직도 가져오기")).to_have_attribute(
        "aria-current", "page"
    )
    expect(main_menu(page).locator("summary[data-current]")).to_have_count(1)
    page.goto(f"{live_server.url}/")
    tools = page.get_by_role("navigation", name="도구").get_by_role("link").all_inner_texts()
    assert tools == ["관리자 화면", "비밀번호 변경"]
    expect(page.get_by_role("main")).to_contain_text("기획조정실")
    shoot("home-planner")
    assert fits_in_360_px(page) == []


def test_a_keyboard_user_signs_in_and_skips_to_the_content(page, live_server, demo, shoot):
    page.goto(f"{live_server.url}/accounts/login/")
    # The log-in page puts the cursor in the first field.
    expect(page.get_by_label("사번 또는 아이디")).to_be_focused()
    page.keyboard.type("leader")
    page.keyboard.press("Tab")
    expect(page.get_by_label("비밀번호")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("님, 안녕하세요")

    # First Tab on a page: the skip link, shown while it has the focus.
    page.goto(f"{live_server.url}/no-such-page/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="본문 바로가기")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    shoot("keyboard-skip-link", widths=(1280,))
    page.keyboard.press("Enter")
    expect(page.locator("#container")).to_be_focused()
    # The next Tab lands in the content, past the header and the menu.
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="홈으로 가기")).to_be_focused()

    # Back at the top, the menu is reachable by keyboard and shows where the focus is; a
    # group opens with Enter, and Tab walks into its sub-menu.
    page.goto(f"{live_server.url}/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    expect(page.locator("summary:focus")).to_have_text("아이디어")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="우리 팀 아이디어")).to_be_focused()
    # Escape closes the group and gives the focus back to its button (static/js/nav.js);
    # without JavaScript, Enter on the button closes it.
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="우리 팀 아이디어")).to_be_hidden()
    expect(page.locator("summary:focus")).to_have_text("아이디어")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "조직도":
            break
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.boxShadow]; }"
    )
    assert focused[0] != "none" or focused[1] != "none"
    page.wait_for_timeout(500)  # KRDS fades the ring of the links left behind over 0.4 s
    shoot("keyboard-menu-focus", widths=(360,))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/org/")


def test_an_unknown_address_shows_the_404_page(page, live_server, demo, shoot):
    sign_in(page, live_server.url, "leader")
    expect(page.get_by_role("heading", level=1)).to_contain_text("님, 안녕하세요")
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="페이지를 찾을 수 없습니다.")).to_be_visible()
    shoot("404")
    assert fits_in_360_px(page) == []
