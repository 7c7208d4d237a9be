"""Every sort menu speaks Korean, in both directions (django-filter's own descending label
is "(descending)")."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sort_options(html: str) -> list[str]:
    select = re.search(r'<select name="ordering".*?</select>', html, re.S)
    assert select, "no sort menu"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group())


@pytest.mark.parametrize("url", ["ideas:team_ideas", "ideas:library"])
def test_the_sort_menu_is_korean_in_both_directions(client, leader, url):
    client.force_login(leader)
    options = sort_options(client.get(reverse(url)).content.decode())
    assert len(options) >= 5
    for option in options:
        assert re.search("[가-힣]", option), option
        assert not re.search("[A-Za-z]", option), option


def test_the_team_page_offers_the_newest_submissions_first(client, leader):
    client.force_login(leader)
    options = sort_options(client.get(reverse("ideas:team_ideas")).content.decode())
    assert "최근 제출 순" in options
    assert "제목 가나다 역순" in options
