import pytest

from tests.reviews import factories as rf


@pytest.fixture
def review_round(db):
    return rf.ReviewRoundFactory()


@pytest.fixture
def make_reviewer(db):
    return rf.reviewer


@pytest.fixture
def make_idea(review_round):
    def make(season=None, **kwargs):
        return rf.submitted_idea(season or review_round.season, **kwargs)

    return make
