import pytest

from tests.ideas.factories import SeasonFactory


@pytest.fixture
def season(db):
    return SeasonFactory()
