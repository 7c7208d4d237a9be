"""No word said twice where a name meets the text after it ("1차 서면 심사 심사 중",
"… 보고회 보고회 자료"), on the screens where names and labels are joined."""

import pytest
from django.urls import reverse

from core.text import undoubled
from tests.briefings.factories import BriefingSessionFactory
from tests.reviews.factories import ReviewRoundFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("시즌2 1차 서면 심사 심사 중: 평가 4/8건", "시즌2 1차 서면 심사 중: 평가 4/8건"),
        ("복지국·환경국 보고회 보고회 자료", "복지국·환경국 보고회 자료"),
        ("지역 축제 운영 운영", "지역 축제 운영"),
        ("심사 중", "심사 중"),
        ("보고회 (1/2) 보고회 자료", "보고회 (1/2) 보고회 자료"),
        ("심사위원 심사", "심사위원 심사"),
    ],
)
def test_a_word_repeated_back_to_back_is_said_once(text, expected):
    assert undoubled(text) == expected


@pytest.mark.django_db
def test_the_home_page_names_an_open_round_without_saying_review_twice(client, planner):
    ReviewRoundFactory(name="1차 서면 심사")
    client.force_login(planner)
    html = client.get(reverse("core:home")).content.decode()
    assert "1차 서면 심사 중" in html
    assert "심사 심사" not in html


@pytest.mark.django_db
def test_the_briefing_book_page_says_briefing_once(client, planner):
    session = BriefingSessionFactory(title="복지여성보건국 보고회")
    client.force_login(planner)
    html = client.get(reverse("insight:book", args=[session.pk])).content.decode()
    assert "복지여성보건국 보고회 자료" in html
    assert "보고회 보고회" not in html
