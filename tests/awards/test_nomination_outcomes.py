"""Verified work-reduction outcomes backing a nomination (issue 14, item 3): only verified
measurements of the nominated unit's tasks, their verified hours added up on the round page,
the link shown on the outcomes page, on the page and in the API."""

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from awards import services
from awards.models import Nomination
from core.errors import BusinessRuleError, PermissionRefused
from core.models import HistoryEntry
from tests.awards.factories import adopted_task, open_round
from tests.departments import factories as f

pytestmark = pytest.mark.django_db


def verified(leader, director, *, hours, year=2024, half=1, accept=True):
    """A measurement of a new adopted task of ``leader``'s team, verified by ``director``."""
    m = services.outcome_measure(
        idea=adopted_task(leader=leader), by=leader, year=year, half=half, measured_hours=hours
    )
    if accept:
        return services.outcome_verify(measurement=m, by=director, accept=True)
    return services.outcome_verify(
        measurement=m, by=director, accept=False, verified_hours=hours - 10, reason="중복 제외"
    )


def measured(leader, *, hours=50):
    return services.outcome_measure(
        idea=adopted_task(leader=leader), by=leader, year=2024, half=1, measured_hours=hours
    )


def api(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


# Linking on the page, and the sum shown ----------------------------------------------------


def test_a_director_backs_a_nomination_with_verified_outcomes_and_the_round_shows_the_sum(
    planner, director, leader, client
):
    award_round = open_round(planner)
    first = verified(leader, director, hours=100)
    second = verified(leader, director, hours=60, accept=False)  # adjusted to 50
    client.force_login(director)
    url = f"/awards/{award_round.pk}/nominate/"
    form = client.get(url).context["form"]
    assert set(form.fields["outcomes"].queryset) == {first, second}
    response = client.post(
        url,
        {
            "division": leader.team.division.pk,
            "citation": "업무 감축",
            "outcomes": [first.pk, second.pk],
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert set(nomination.outcomes.all()) == {first, second}
    assert nomination.outcome_hours == Decimal("150.0")
    entry = HistoryEntry.objects.get(object_id=nomination.pk, action="nominated")
    assert sorted(entry.data["outcomes"]) == sorted([first.pk, second.pk])

    page = client.get(award_round.get_absolute_url()).content.decode()
    assert "검증된 업무 절감 시간: 연간 150.0시간" in page
    assert first.idea.title in page

    outcomes_page = client.get("/awards/outcomes/").content.decode()
    assert "근거로 연결된 추천" in outcomes_page
    assert f"{award_round.title} · {nomination.unit_name}" in outcomes_page


def test_a_bureau_level_nomination_takes_outcomes_of_any_division_of_the_bureau(
    planner, director, leader
):
    other_division = f.DivisionFactory(bureau=director.bureau)
    other_leader = f.team_leader(team=f.TeamFactory(division=other_division))
    award_round = open_round(planner)
    mine = verified(leader, director, hours=30)
    theirs = verified(other_leader, director, hours=20)
    nomination = services.nomination_create(
        award_round=award_round,
        by=director,
        bureau=director.bureau,
        citation="실·국 전체",
        outcomes=[mine, theirs],
    )
    assert nomination.outcome_hours == Decimal("50.0")


# Refusals at the field, nothing half-saved -------------------------------------------------


def test_an_unverified_outcome_is_refused_at_the_field_and_nothing_is_saved(
    planner, director, leader, client
):
    award_round = open_round(planner)
    pending = measured(leader)
    good = verified(leader, director, hours=40)
    with pytest.raises(BusinessRuleError) as exc:
        services.nomination_create(
            award_round=award_round,
            by=director,
            division=leader.team.division,
            citation="x",
            outcomes=[good, pending],
        )
    assert "검증한 성과만" in exc.value.errors["outcomes"][0]
    assert not Nomination.objects.exists()

    # The form does not even offer it; a forged post is refused at the field.
    client.force_login(director)
    url = f"/awards/{award_round.pk}/nominate/"
    assert pending not in client.get(url).context["form"].fields["outcomes"].queryset
    response = client.post(
        url, {"division": leader.team.division.pk, "citation": "x", "outcomes": [pending.pk]}
    )
    assert response.status_code == 200
    assert "outcomes" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_another_units_outcome_is_refused_at_the_field(planner, director, leader, client):
    """Another division of the same bureau (the unit is chosen in the same form)."""
    other_division = f.DivisionFactory(bureau=director.bureau)
    other_leader = f.team_leader(team=f.TeamFactory(division=other_division))
    theirs = verified(other_leader, director, hours=20)
    award_round = open_round(planner)
    client.force_login(director)
    response = client.post(
        f"/awards/{award_round.pk}/nominate/",
        {"division": leader.team.division.pk, "citation": "x", "outcomes": [theirs.pk]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["outcomes"]
    assert "추천하는 부서의 과제 성과만" in errors[0]
    assert not Nomination.objects.exists()


def test_another_bureaus_outcome_is_refused_even_for_a_bureau_level_nomination(planner, director):
    elsewhere = f.team_leader()
    theirs = verified(elsewhere, f.bureau_director(elsewhere.bureau), hours=20)
    with pytest.raises(BusinessRuleError) as exc:
        services.nomination_create(
            award_round=open_round(planner),
            by=planner,
            bureau=director.bureau,
            citation="x",
            outcomes=[theirs],
        )
    assert "outcomes" in exc.value.errors
    assert not Nomination.objects.exists()


# The API: create and change, with the nomination's permissions ------------------------------


def test_the_api_creates_and_changes_the_outcomes_behind_a_nomination(planner, director, leader):
    award_round = open_round(planner)
    first = verified(leader, director, hours=100)
    second = verified(leader, director, hours=20, half=2)
    pending = measured(leader)
    response = api(director).post(
        "/api/v1/nominations/",
        {
            "round": award_round.pk,
            "division": leader.team.division.pk,
            "citation": "업무 감축",
            "outcomes": [first.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.data["outcomes"] == [first.pk]
    assert Decimal(response.data["outcome_hours"]) == Decimal("100.0")
    pk = response.data["id"]

    url = f"/api/v1/nominations/{pk}/outcomes/"
    response = api(director).post(url, {"outcomes": [first.pk, second.pk]}, format="json")
    assert response.status_code == 200, response.content
    assert Decimal(response.data["outcome_hours"]) == Decimal("120.0")
    assert HistoryEntry.objects.filter(object_id=pk, action="outcomes_linked").exists()

    refused = api(director).post(url, {"outcomes": [first.pk, pending.pk]}, format="json")
    assert refused.status_code == 400
    assert "outcomes" in refused.data
    assert set(Nomination.objects.get(pk=pk).outcomes.all()) == {first, second}


def test_only_who_may_nominate_the_unit_changes_its_outcomes(planner, director, leader):
    award_round = open_round(planner)
    outcome = verified(leader, director, hours=10)
    nomination = services.nomination_create(
        award_round=award_round, by=director, division=leader.team.division, citation="x"
    )
    stranger = f.bureau_director(f.BureauFactory())
    with pytest.raises(PermissionRefused):
        services.nomination_set_outcomes(nomination=nomination, outcomes=[outcome], by=stranger)
    with pytest.raises(PermissionRefused):
        services.nomination_set_outcomes(nomination=nomination, outcomes=[outcome], by=leader)
    url = f"/api/v1/nominations/{nomination.pk}/outcomes/"
    assert api(stranger).post(url, {"outcomes": [outcome.pk]}, format="json").status_code == 403
    # A team leader does not even see a nomination of an open round.
    assert api(leader).post(url, {"outcomes": [outcome.pk]}, format="json").status_code == 404
    assert not nomination.outcomes.exists()
    # The planning office may, like it may nominate any unit.
    services.nomination_set_outcomes(nomination=nomination, outcomes=[outcome], by=planner)
    assert list(nomination.outcomes.all()) == [outcome]


# Query counts ---------------------------------------------------------------------------


def test_the_round_page_and_the_api_read_the_outcomes_in_a_fixed_number_of_queries(
    planner, client, django_assert_max_num_queries
):
    award_round = open_round(planner)
    for _ in range(4):
        leader = f.team_leader()
        director = f.bureau_director(leader.bureau)
        outcomes = [verified(leader, director, hours=10, half=h) for h in (1, 2)]
        services.nomination_create(
            award_round=award_round,
            by=planner,
            division=leader.team.division,
            citation="x",
            outcomes=outcomes,
        )
    client.force_login(planner)
    # session, user, groups (menu), nominations, scores, outcomes with tasks, grades (form),
    # notifications (header) and the page's open-round checks
    with django_assert_max_num_queries(12):
        response = client.get(award_round.get_absolute_url())
    assert response.content.decode().count("연간 20.0시간") == 4
    planner_api = api(planner)
    # token with user, round (filter), count, nominations with grades, their outcomes
    with django_assert_max_num_queries(6):
        response = planner_api.get(f"/api/v1/nominations/?round={award_round.pk}")
    assert [Decimal(n["outcome_hours"]) for n in response.data["results"]] == [Decimal(20)] * 4
    with django_assert_max_num_queries(9):
        response = client.get("/awards/outcomes/")
    assert response.content.decode().count(award_round.title) >= 8


# Changing them later on the page -----------------------------------------------------------


def test_the_director_changes_the_outcomes_behind_a_nomination_on_its_page(
    planner, director, leader, client
):
    award_round = open_round(planner)
    first = verified(leader, director, hours=100)
    second = verified(leader, director, hours=30, half=2)
    pending = measured(leader)
    other_division = f.DivisionFactory(bureau=director.bureau)
    theirs = verified(f.team_leader(team=f.TeamFactory(division=other_division)), director, hours=5)
    nomination = services.nomination_create(
        award_round=award_round,
        by=director,
        division=leader.team.division,
        citation="x",
        outcomes=[first],
    )
    client.force_login(director)
    round_page = client.get(award_round.get_absolute_url()).content.decode()
    url = f"/awards/nominations/{nomination.pk}/outcomes/"
    assert url in round_page
    offered = client.get(url).context["form"].fields["outcomes"].queryset
    assert set(offered) == {first, second}  # not the pending one, nor another division's

    response = client.post(url, {"outcomes": [first.pk, second.pk]})
    assert response.status_code == 302
    assert nomination.outcome_hours == Decimal("130.0")
    for forged in (pending, theirs):
        response = client.post(url, {"outcomes": [first.pk, forged.pk]})
        assert response.status_code == 200
        assert "outcomes" in response.context["form"].errors
    assert set(nomination.outcomes.all()) == {first, second}

    client.force_login(f.bureau_director(f.BureauFactory()))
    assert client.get(url).status_code == 403
    assert client.post(url, {"outcomes": []}).status_code == 403
    assert nomination.outcomes.count() == 2
