"""What every browser journey does: sign in through the real log-in page, read the menu,
and check that nothing sticks out of a 360 px wide screen."""

from playwright.sync_api import Page

DEMO_PASSWORD = "demo1234"  # noqa: S105 (the published demo accounts of load_demo)

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


def menu(page: Page) -> list[str]:
    return page.get_by_role("navigation", name="주 메뉴").get_by_role("link").all_inner_texts()


def fits_in_360_px(page: Page) -> list[str]:
    page.set_viewport_size({"width": 360, "height": 740})
    overflowing = page.evaluate(OVERFLOWING)
    page.set_viewport_size({"width": 1280, "height": 800})
    return overflowing
