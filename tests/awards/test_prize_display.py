"""A prize is read in won with thousands separators wherever the pages show it."""

import datetime as dt

import pytest

from awards import services
from tests.awards.factories import grade, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded_round(planner, team):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=planner, division=team.division, citation="성과"
    )
    top = grade()
    top.prize_krw = 1000000
    top.save(update_fields=["prize_krw"])
    services.nomination_score(nomination=nomination, by=planner, scores={}, grade=top)
    return award_round


def test_the_announce_page_shows_the_prize_with_separators(client, planner, graded_round):
    client.force_login(planner)
    page = client.get(f"/awards/{graded_round.pk}/announce/").content.decode()
    assert "<td>1,000,000</td>" in page
    assert "1000000" not in page


def test_an_announced_round_shows_the_prize_with_separators(client, planner, graded_round):
    services.round_announce(award_round=graded_round, by=planner, award_date=dt.date(2021, 3, 9))
    client.force_login(planner)
    page = client.get(f"/awards/{graded_round.pk}/").content.decode()
    assert "격려금 1,000,000원" in page
    assert "1000000" not in page
