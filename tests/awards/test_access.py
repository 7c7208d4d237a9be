"""Every role through the award's pages and API."""

import datetime as dt

import pytest

from awards import services
from tests.awards.factories import adopted_task, grade, open_round
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db

RUNS_OR_NOMINATES = MANAGERS | {"bureau_director"}


@pytest.fixture
def rounds(planner, team):
    announced = open_round(planner, title="발표 회차")
    n = services.nomination_create(
        award_round=announced, by=planner, division=team.division, citation="성과"
    )
    services.nomination_score(nomination=n, by=planner, scores={}, grade=grade())
    services.round_announce(award_round=announced, by=planner, award_date=dt.date(2021, 3, 9))
    return {"announced": announced, "open": open_round(planner, title="진행 회차")}


@pytest.fixture
def measurement(leader):
    task = adopted_task(leader=leader)
    return services.outcome_measure(idea=task, by=leader, year=2024, half=1, measured_hours=10)


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(role, roles, rounds, measurement, client):
    client.force_login(roles[role])
    expect = {
        "/awards/": 200,
        f"/awards/{rounds['announced'].pk}/": 200,
        f"/awards/{rounds['open'].pk}/": 200 if role in RUNS_OR_NOMINATES else 403,
        # A round still in progress is not theirs to see: not found, as the seam answers.
        f"/awards/{rounds['open'].pk}/nominate/": 200 if role in RUNS_OR_NOMINATES else 404,
        "/awards/import/": 200 if role in MANAGERS else 403,
        "/awards/ledger.xlsx": 200 if role in MANAGERS else 403,
        "/awards/my-points/": 200,
        "/awards/outcomes/": 200,
        "/awards/outcomes.xlsx": 200,
        f"/awards/outcomes/{measurement.pk}/verify/": 200 if role == "bureau_director" else 403,
    }
    got = {url: client.get(url).status_code for url in expect}
    assert got == expect


@pytest.mark.parametrize("role", ROLES)
def test_page_actions_by_role(role, roles, rounds, team, client):
    client.force_login(roles[role])
    response = client.post(
        f"/awards/{rounds['open'].pk}/nominate/",
        {"division": team.division.pk, "citation": "규제 482건 발굴"},
    )
    assert response.status_code == (302 if role in RUNS_OR_NOMINATES else 404)
    nomination = rounds["open"].nominations.first()
    if nomination:
        response = client.post(f"/awards/nominations/{nomination.pk}/grade/", {"grade": grade().pk})
        assert response.status_code == (302 if role in MANAGERS else 403)


def test_a_second_nomination_on_the_page_shows_the_message_at_the_field(
    planner, rounds, team, client
):
    client.force_login(planner)
    url = f"/awards/{rounds['open'].pk}/nominate/"
    client.post(url, {"division": team.division.pk, "citation": "a"})
    response = client.post(url, {"division": team.division.pk, "citation": "b"})
    assert response.status_code == 200  # the form again (the seam's answer to a refusal)
    assert "이미 추천되었습니다" in str(response.context["form"].errors["division"])
    assert rounds["open"].nominations.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_api_by_role(role, roles, rounds, measurement, team, client):
    user = roles[role]
    client.force_login(user)
    listed = client.get("/api/v1/award-rounds/").json()["count"]
    assert listed == (2 if role in RUNS_OR_NOMINATES else 1)
    created = client.post(
        "/api/v1/award-rounds/",
        {
            "title": "x",
            "period_start": "2021-03-01",
            "period_end": "2021-03-31",
            "nomination_deadline": "2021-04-05",
        },
        content_type="application/json",
    )
    assert created.status_code == (201 if role in MANAGERS else 403)
    nominated = client.post(
        "/api/v1/nominations/",
        {"round": rounds["open"].pk, "division": team.division.pk, "citation": "성과"},
        content_type="application/json",
    )
    assert nominated.status_code == (201 if role in RUNS_OR_NOMINATES else 403)
    entries = client.get("/api/v1/point-entries/").json()
    if role in MANAGERS:
        assert entries["count"] >= 1
    else:
        assert all(e["person"] == user.pk for e in entries["results"])
    verified = client.post(
        f"/api/v1/outcome-measurements/{measurement.pk}/verify/",
        {"accept": True},
        content_type="application/json",
    )
    assert verified.status_code == (200 if role == "bureau_director" else 403)


def test_api_refuses_negative_hours_and_points_at_the_field(planner, measurement, director, client):
    client.force_login(director)
    response = client.post(
        f"/api/v1/outcome-measurements/{measurement.pk}/verify/",
        {"accept": False, "verified_hours": "-1", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "verified_hours" in response.json()
    client.force_login(planner)
    response = client.post(
        "/api/v1/award-grades/",
        {"name": "장려", "rank": 4, "prize_krw": 0, "unit_points": "-1", "personal_points": "0"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "unit_points" in response.json()


def test_a_director_of_another_bureau_gets_a_korean_403_from_the_api(measurement, client):
    from tests.departments import factories as f

    client.force_login(f.bureau_director(f.BureauFactory()))
    response = client.post(
        f"/api/v1/outcome-measurements/{measurement.pk}/verify/",
        {"accept": True},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "실·국장만" in response.json()["detail"]
