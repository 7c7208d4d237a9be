"""Playwright against pytest-django's live_server, with the system Chromium, offline."""

import runpy
from pathlib import Path

import pytest

from tests.browser.helpers import screenshots

CHROMIUM = "/usr/bin/chromium"
# Keep the browser from reaching the internet: the product runs on a closed network.
OFFLINE_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        "headless": True,
        **browser_type_launch_args,  # --headed still wins
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *OFFLINE_ARGS],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A browser set up as the staff's are: Korean, Seoul time.
    return {**browser_context_args, "locale": "ko-KR", "timezone_id": "Asia/Seoul"}


@pytest.fixture(scope="session", autouse=True)
def warm_worker():
    """What a gunicorn worker loads before its first request (post_worker_init): the live
    server runs in this process, and a cold first look-up (the analyser and the sentence
    encoder read from disk) could outlast an expectation's wait."""
    root = Path(__file__).resolve().parents[2]
    runpy.run_path(str(root / "gunicorn.conf.py"))["post_worker_init"](None)


@pytest.fixture
def shoot(page):
    """Screenshot the current page at desktop and phone widths (``helpers.screenshots``)."""

    def take(name: str, widths: tuple[int, ...] = (1280, 360)) -> None:
        screenshots(page, name, widths)

    return take


@pytest.fixture
def demo(db, default_demo):
    """The demo data set of ``load_demo`` (scale 1), as a newcomer starts with it."""
    default_demo.load()
