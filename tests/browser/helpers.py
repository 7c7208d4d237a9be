"""What every browser journey does: sign in through the real log-in page, read the menu,
and check that nothing sticks out of a 360 px wide screen."""

import os
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

DEMO_PASSWORD = "demo1234"  # noqa: S105 (the published demo accounts of load_demo)
# Screenshots to look at, never in the repository (SHOTS_DIR: one folder per session).
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots"))  # noqa: S108

# Elements wider than the viewport; KRDS hides body overflow, so scrollWidth would not tell.
# Wide tables scroll inside their own focusable region (.krds-table-wrap) by design.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => !e.closest('.krds-table-wrap'))
    .map(e => e.tagName + '.' + e.className)"""


def sign_in(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("사번 또는 아이디", exact=True).fill(username)
    page.get_by_label("비밀번호", exact=True).fill(password)
    page.get_by_role("button", name="로그인").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="로그아웃").click()


def main_menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="주 메뉴")


# The main menu's top level: a plain link's label, or a group's label with its sub-menu's
# items (read from the page whether the group is open or not).
MENU_ENTRIES = """nav => [...nav.querySelectorAll('.app-nav__list > li')].map(li => {
    const top = li.querySelector('.app-nav__link');
    const label = top.firstChild.textContent.trim();
    const items = [...li.querySelectorAll('.app-nav__sub a')].map(a => a.textContent.trim());
    return top.tagName === 'A' ? label : [label, items];
})"""


def menu(page: Page) -> list[str]:
    """What the main menu shows before anything is opened: its links and group buttons."""
    return [entry if isinstance(entry, str) else entry[0] for entry in menu_entries(page)]


def menu_entries(page: Page) -> list[str | tuple[str, list[str]]]:
    """The main menu: links, and groups as (label, [the items of their sub-menu])."""
    entries = main_menu(page).evaluate(MENU_ENTRIES)
    return [entry if isinstance(entry, str) else (entry[0], entry[1]) for entry in entries]


def open_menu_item(page: Page, name: str) -> None:
    """Follow a main-menu item, opening its group's sub-menu first as a person would."""
    nav = main_menu(page)
    group = nav.locator("details", has=page.locator(f'a:text-is("{name}")'))
    if group.count() and group.get_attribute("open") is None:
        group.locator("summary").click()
    nav.get_by_role("link", name=name, exact=True).click()


def fits_in_360_px(page: Page) -> list[str]:
    """What overflows a 360 px screen. Charts resize from a ResizeObserver a frame or two
    after the viewport changes, so a canvas is given up to a second to follow; a real
    overflow stays."""
    page.set_viewport_size({"width": 360, "height": 740})
    for _ in range(10):
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        overflowing = page.evaluate(OVERFLOWING)
        if not overflowing:
            break
        page.wait_for_timeout(100)
    page.set_viewport_size({"width": 1280, "height": 800})
    return overflowing


def tick(page: Page, control: Locator) -> None:
    """Tick a KRDS checkbox or radio as a person does: by its label, which draws the box
    over the input (a click on the input itself lands on the label)."""
    page.locator(f'label[for="{control.get_attribute("id")}"]').click()
    expect(control).to_be_checked()


def screenshots(page: Page, name: str, widths: tuple[int, ...] = (1280, 360)) -> None:
    """The whole page at desktop and phone widths, into ``SHOTS``, to look at."""
    SHOTS.mkdir(exist_ok=True)
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800 if width > 360 else 740})
        for attempt in range(3):
            try:
                page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
                break
            except PlaywrightError:
                # Chromium now and then answers "Unable to capture screenshot" on a loaded
                # machine; the page itself is fine, so try again.
                if attempt == 2:
                    raise
                page.wait_for_timeout(500)
    page.set_viewport_size({"width": 1280, "height": 800})
