"""Odd input to the new endpoints answers a JSON 4xx, never a 500 (as schemathesis would send)."""

import pytest

from tests.awards.factories import open_round
from tests.visits.factories import programme

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/nominations/", {"round": 1, "citation": "x"}),
        ("/api/v1/nominations/", {"round": 999999, "citation": "x"}),
        ("/api/v1/nominations/", {"round": 1, "citation": "\x00"}),
        (
            "/api/v1/award-rounds/",
            {
                "title": "x",
                "period_start": "2021-03-31",
                "period_end": "2021-03-01",
                "nomination_deadline": "2021-04-01",
            },
        ),
        (
            "/api/v1/award-grades/",
            {
                "name": "x" * 40,
                "rank": 0,
                "prize_krw": -1,
                "unit_points": "1e9",
                "personal_points": "x",
            },
        ),
        ("/api/v1/nominations/1/grade/", {"grade": None, "scores": {"abc": 1}}),
        ("/api/v1/nominations/1/grade/", {"grade": None, "scores": {"999": 1}}),
        ("/api/v1/point-entries/1/correct/", {"points": "99999999", "reason": ""}),
        (
            "/api/v1/outcome-measurements/",
            {"idea": 1, "year": 1, "half": 3, "measured_hours": "-1"},
        ),
        ("/api/v1/visits/", {"programme": 1, "members": [], "institution": "x"}),
        (
            "/api/v1/visits/",
            {
                "programme": 1,
                "members": [1],
                "institution": "x",
                "institution_kind": "x",
                "location": "x",
                "policy_area": "x",
                "purpose": "x",
                "starts_on": "2022-08-20",
                "ends_on": "2022-08-10",
            },
        ),
    ],
)
def test_odd_input_is_a_json_error(url, body, planner, client):
    open_round(planner)
    programme()
    client.force_login(planner)
    response = client.post(url, body, content_type=JSON)
    assert 400 <= response.status_code < 500, response.content
    assert isinstance(response.json(), dict)


def test_anonymous_callers_get_a_json_401(client):
    for url in ("/api/v1/award-rounds/", "/api/v1/visits/", "/api/v1/point-entries/"):
        response = client.get(url)
        assert response.status_code == 401
        assert isinstance(response.json(), dict)
