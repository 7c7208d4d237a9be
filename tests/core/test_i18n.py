import contextlib
import html as html_lib
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import trans_real

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\uac00-\ud7a3]+")
PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="session", autouse=True)
def english_catalog():
    """Compile the English .po (the .mo is not committed) and forget cached catalogs."""
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO.stat().st_mtime:
        with contextlib.chdir(settings.BASE_DIR):
            call_command(
                "compilemessages",
                locale=["en"],
                ignore_patterns=[".venv", "static", "staticfiles", "node_modules"],
                verbosity=0,
            )
    trans_real._translations = {}
    trans_real._default = None


def switch_language(client, code, next_url="/"):
    return client.post(reverse("set_language"), {"language": code, "next": next_url})


def menu_labels(html: str) -> list[str]:
    nav = re.search(r'<nav class="app-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [html_lib.unescape(label) for label in re.findall(r"<a [^>]*>([^<]*)</a>", nav)]


def group_labels(html: str) -> list[str]:
    """The labels of the main menu's groups (those that open a sub-menu)."""
    nav = re.search(r'<nav class="app-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [html_lib.unescape(label) for label in re.findall(r"<summary [^>]*>([^<]*)<", nav)]


def test_korean_is_the_default_language(client, member):
    client.force_login(member)
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="ko">' in html
    assert menu_labels(html) == [
        "홈",
        "우리 팀 아이디어",
        "아이디어 도서관",
        "보고회 일정",
        "추진 현황",
        "혁신 로드맵",
        "으뜸 도정상",
        "벤치마킹 방문",
        "현황판",
        "조직도",
    ]
    assert group_labels(html) == ["아이디어", "추진"]


def test_switching_to_english_shows_english_navigation(client, member):
    client.force_login(member)
    response = switch_language(client, "en", reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in html
    assert menu_labels(html) == [
        "Home",
        "My team's ideas",
        "Idea library",
        "Briefing schedule",
        "Rollout",
        "Innovation roadmap",
        "Best-department award",
        "Benchmarking visits",
        "Dashboards",
        "Org chart",
    ]
    assert group_labels(html) == ["Ideas", "Implementation"]
    # The header's tools in English too (the API documentation is for system admins only).
    assert "Change password" in html
    assert "API documentation" not in html
    assert "Log out" in html
    assert "Nothing is waiting for you right now." in html


def test_switching_back_to_korean(client, member):
    client.force_login(member)
    switch_language(client, "en")
    switch_language(client, "ko")
    html = client.get(reverse("core:home")).content.decode()
    assert menu_labels(html) == [
        "홈",
        "우리 팀 아이디어",
        "아이디어 도서관",
        "보고회 일정",
        "추진 현황",
        "혁신 로드맵",
        "으뜸 도정상",
        "벤치마킹 방문",
        "현황판",
        "조직도",
    ]


def test_the_language_switch_marks_the_current_language(client, member):
    client.force_login(member)
    html = client.get(reverse("core:home")).content.decode()
    assert 'value="ko" lang="ko" aria-current="true">한국어</button>' in html
    assert 'value="en" lang="en">English</button>' in html


def test_a_visitor_can_switch_the_log_in_page_to_english(client):
    response = switch_language(client, "en", reverse("login"))
    assert response.url == reverse("login")  # not sent to log in first
    html = client.get(reverse("login")).content.decode()
    assert "Employee number or username" in html
    # Nothing left in Korean but the name of the Korean language itself.
    assert set(HANGUL.findall(html)) == {"한국어"}


def test_the_english_error_pages_are_fully_translated(client):
    switch_language(client, "en")
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found." in html
    assert set(HANGUL.findall(html)) == {"한국어"}


def test_the_english_home_page_keeps_only_names_from_the_org_chart_in_korean(client, leader):
    client.force_login(leader)
    switch_language(client, "en")
    html = client.get(reverse("core:home")).content.decode()
    team = leader.team
    allowed = {
        "한국어",
        *HANGUL.findall(f"{leader.full_name} {team} {team.division} {team.bureau}"),
    }
    assert set(HANGUL.findall(html)) <= allowed
    assert "Team leader" in html
