"""The nomination page for bureau-level units, a benchmarking visit put behind a
nomination (linked both ways), and the visit rewards page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from awards import services
from awards.models import Nomination, PointEntry
from reviews.models import Decision
from tests.awards.factories import grade, open_round
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import ReviewRoundFactory
from tests.roles import MANAGERS, ROLES
from tests.visits.factories import plan
from visits import services as visit_services

pytestmark = pytest.mark.django_db


def reported_visit(leader, head, **kwargs):
    visit = plan(leader, **kwargs)
    visit_services.visit_decide(visit=visit, by=head, approve=True)
    return visit_services.visit_report(
        visit=visit, by=leader, seen="기업 전담제", fit="기업유치", proposals="전담 공무원"
    )


# A bureau director nominates a bureau-level unit on the page -------------------------------


def test_a_bureau_director_nominates_their_bureau_level_unit_on_the_page(planner, director, client):
    award_round = open_round(planner)
    bureau = director.bureau
    client.force_login(director)
    response = client.post(
        f"/awards/{award_round.pk}/nominate/", {"bureau": bureau.pk, "citation": "교육 혁신"}
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.division is None
    assert nomination.unit_name == bureau.name
    assert nomination.nominated_by == director


def test_a_second_nomination_of_the_unit_is_refused_in_korean_at_the_field(
    planner, director, client
):
    award_round = open_round(planner)
    client.force_login(director)
    data = {"bureau": director.bureau.pk, "citation": "교육 혁신"}
    client.post(f"/awards/{award_round.pk}/nominate/", data)
    response = client.post(f"/awards/{award_round.pk}/nominate/", data)
    assert response.status_code == 200
    assert "회차마다 한 번만 추천할 수 있습니다" in response.context["form"].errors["bureau"][0]
    assert Nomination.objects.count() == 1


def test_the_form_takes_a_division_or_the_bureau_level_unit_not_both_nor_none(
    planner, director, team, client
):
    award_round = open_round(planner)
    client.force_login(director)
    url = f"/awards/{award_round.pk}/nominate/"
    both = client.post(
        url, {"division": team.division.pk, "bureau": director.bureau.pk, "citation": "x"}
    )
    assert "bureau" in both.context["form"].errors
    none = client.post(url, {"citation": "x"})
    assert "division" in none.context["form"].errors
    assert not Nomination.objects.exists()


def test_a_director_is_offered_only_their_own_bureau(planner, director, client):
    award_round = open_round(planner)
    other = f.BureauFactory(name="다른실")
    client.force_login(director)
    response = client.post(
        f"/awards/{award_round.pk}/nominate/", {"bureau": other.pk, "citation": "x"}
    )
    assert "bureau" in response.context["form"].errors
    assert not Nomination.objects.exists()


# A visit's outcome behind a nomination -----------------------------------------------------


def test_a_director_nominates_a_visits_outcome_and_both_pages_show_the_link(
    planner, leader, head, director, client
):
    award_round = open_round(planner)
    visit = reported_visit(leader, head)
    client.force_login(director)
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    assert f"/awards/{award_round.pk}/nominate/?visit={visit.pk}" in visit_page
    form = client.get(f"/awards/{award_round.pk}/nominate/?visit={visit.pk}").context["form"]
    assert form.initial == {"visit": visit.pk, "division": visit.division_id}
    response = client.post(
        f"/awards/{award_round.pk}/nominate/",
        {
            "division": visit.division_id,
            "visit": visit.pk,
            "citation": "벤치마킹으로 기업 35곳 유치",
        },
    )
    assert response.status_code == 302
    assert Nomination.objects.get().visit == visit
    round_page = client.get(award_round.get_absolute_url()).content.decode()
    assert visit.get_absolute_url() in round_page
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    assert award_round.get_absolute_url() in visit_page


def test_a_visit_is_linked_to_an_existing_nomination_of_its_bureau(
    planner, leader, head, director, client
):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=director, division=leader.team.division, citation="성과"
    )
    visit = reported_visit(leader, head)
    client.force_login(director)
    response = client.post(f"/awards/visits/{visit.pk}/link/", {"nomination": nomination.pk})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.visit == visit
    assert nomination.unit_name in client.get(visit.get_absolute_url()).content.decode()


def test_a_visit_of_another_bureau_cannot_back_the_nomination(planner, leader, head):
    award_round = open_round(planner)
    visit = reported_visit(leader, head)
    from core.errors import BusinessRuleError

    with pytest.raises(BusinessRuleError) as exc:
        services.nomination_create(
            award_round=award_round,
            by=planner,
            division=f.DivisionFactory(),
            citation="x",
            visit=visit,
        )
    assert "visit" in exc.value.errors
    assert not Nomination.objects.exists()


def test_a_visit_not_yet_reported_cannot_be_put_forward(planner, leader, head, director, client):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=director, division=leader.team.division, citation="성과"
    )
    visit = plan(leader)
    client.force_login(director)
    response = client.post(f"/awards/visits/{visit.pk}/link/", {"nomination": nomination.pk})
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.visit is None


@pytest.mark.parametrize("role", ROLES)
def test_putting_a_visit_forward_by_role(role, roles, planner, leader, head):
    """The visit's bureau director and the planning office; through the page and the API."""
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=planner, division=leader.team.division, citation="성과"
    )
    visit = reported_visit(leader, head)
    user = roles[role]
    allowed = role in MANAGERS | {"bureau_director"}
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.post(f"/awards/visits/{visit.pk}/link/", {"nomination": nomination.pk})
    assert response.status_code == (302 if allowed else 403)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    response = api.post(
        "/api/v1/nominations/",
        {"round": award_round.pk, "bureau": visit.bureau_id, "citation": "x", "visit": visit.pk},
        format="json",
    )
    assert response.status_code == (201 if allowed else 403), response.content
    if allowed:
        assert response.json()["visit"] == visit.pk


# The visit rewards page --------------------------------------------------------------------


@pytest.fixture
def adopted_from_visits(leader, head, planner):
    """Three reported visits of one programme, each with a derived idea now adopted (the
    round's results published)."""
    season = SeasonFactory()
    review_round = ReviewRoundFactory(season=season, decisions_published_at=timezone.now())
    visits = []
    for day in (3, 10, 17):
        visit = reported_visit(
            leader, head, starts_on=dt.date(2022, 8, day), ends_on=dt.date(2022, 8, day + 1)
        )
        idea = visit_services.visit_derive_idea(visit=visit, by=leader)
        Decision.objects.create(
            round=review_round,
            idea=idea,
            outcome=Decision.Outcome.ADOPT,
            implementation_path="immediate",
            reason="도입",
            decided_by=planner,
            decided_at=timezone.now(),
        )
        visits.append(visit)
    programme = visits[0].programme
    for visit in visits[1:]:
        visit.programme = programme
        visit.save(update_fields=["programme"])
    programme.points_per_adopted_idea = Decimal("0.5")
    programme.save()
    return programme


def test_the_planner_sees_who_gets_what_then_grants_the_rewards_once(
    adopted_from_visits, planner, leader, client
):
    programme = adopted_from_visits
    client.force_login(planner)
    page = client.get(f"/awards/visit-rewards/{programme.pk}/")
    assert len(page.context["pending"]) == 3
    assert "3건에 가점 부여" in page.content.decode()
    assert page.context["form"].initial["points_per_adopted_idea"] == Decimal("0.5")
    data = {"awarded_on": "2022-12-20", "points_per_adopted_idea": "0.5"}
    response = client.post(f"/awards/visit-rewards/{programme.pk}/", data)
    assert response.status_code == 302
    entries = PointEntry.objects.unit().filter(derived_idea__isnull=False)
    assert entries.count() == 3
    assert {e.unit_name for e in entries} == {leader.team.division.name}
    after = client.get(response.url)
    assert "채택 아이디어 3건에 부서 가점을 부여했습니다" in after.content.decode()
    assert after.context["pending"] == []
    again = client.post(f"/awards/visit-rewards/{programme.pk}/", data)
    assert "새로 보상할 채택 아이디어가 없습니다" in client.get(again.url).content.decode()
    assert entries.count() == 3


def test_the_planner_sets_the_rule_on_the_page_and_bad_points_are_refused_at_the_field(
    adopted_from_visits, planner, client
):
    programme = adopted_from_visits
    client.force_login(planner)
    url = f"/awards/visit-rewards/{programme.pk}/"
    for points, message in (("0", "가점을 먼저 정하세요"), ("-1", "음수는 입력할 수 없습니다")):
        response = client.post(url, {"awarded_on": "2022-12-20", "points_per_adopted_idea": points})
        assert response.status_code == 200
        assert message in response.context["form"].errors["points_per_adopted_idea"][0]
    assert not PointEntry.objects.exists()
    client.post(url, {"awarded_on": "2022-12-20", "points_per_adopted_idea": "1.25"})
    programme.refresh_from_db()
    assert programme.points_per_adopted_idea == Decimal("1.25")
    assert [e.points for e in PointEntry.objects.all()] == [Decimal("1.25")] * 3


@pytest.mark.parametrize("role", ROLES)
def test_the_rewards_page_by_role(role, roles, adopted_from_visits, client):
    client.force_login(roles[role])
    allowed = role in MANAGERS
    url = f"/awards/visit-rewards/{adopted_from_visits.pk}/"
    assert client.get("/awards/visit-rewards/").status_code == (302 if allowed else 403)
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url, {"awarded_on": "2022-12-20", "points_per_adopted_idea": "0.5"})
    assert response.status_code == (302 if allowed else 403)
    assert PointEntry.objects.exists() == allowed


def test_the_rewards_page_reads_a_fixed_number_of_queries(
    adopted_from_visits, planner, client, django_assert_max_num_queries
):
    client.force_login(planner)
    # session, user, the programme, the programmes (picker), pending derived ideas with
    # their visit, division and idea, granted entries, unread notifications (header),
    # and the groups the menu asks
    with django_assert_max_num_queries(10):
        response = client.get(f"/awards/visit-rewards/{adopted_from_visits.pk}/")
    assert len(response.context["pending"]) == 3


# The announcement asks first ---------------------------------------------------------------


def test_the_announcement_first_shows_the_winners_and_how_many_people_it_tells(
    planner, team, member, client
):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=planner, division=team.division, citation="성과"
    )
    services.nomination_create(
        award_round=award_round, by=planner, division=f.DivisionFactory(), citation="성과"
    )
    services.nomination_score(nomination=nomination, by=planner, scores={}, grade=grade())
    client.force_login(planner)
    page = client.get(f"/awards/{award_round.pk}/announce/")
    assert page.status_code == 200
    assert [n.pk for n in page.context["winners"]] == [nomination.pk]
    assert page.context["ungraded"] == 1
    assert f"전 직원 {page.context['staff']}명에게 알림이 가고" in page.content.decode()
    assert not PointEntry.objects.exists()
    response = client.post(
        f"/awards/{award_round.pk}/announce/", {"award_date": "2021-03-09", "announcement": ""}
    )
    assert response.status_code == 302
    assert PointEntry.objects.filter(nomination=nomination).exists()
    assert client.get(f"/awards/{award_round.pk}/announce/").status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_announcing_by_role(role, roles, planner, team, client):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=planner, division=team.division, citation="성과"
    )
    services.nomination_score(nomination=nomination, by=planner, scores={}, grade=grade())
    client.force_login(roles[role])
    allowed = role in MANAGERS
    url = f"/awards/{award_round.pk}/announce/"
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url, {"award_date": "2021-03-09"})
    assert response.status_code == (302 if allowed else 403)


def test_the_api_links_a_visit_to_a_nomination_with_the_pages_rules(
    planner, leader, head, director
):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=director, division=leader.team.division, citation="성과"
    )
    planned = plan(leader)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=director)[0].key}")
    url = f"/api/v1/nominations/{nomination.pk}/link-visit/"
    assert api.post(url, {"visit": planned.pk}, format="json").status_code == 403
    visit = reported_visit(leader, head)
    response = api.post(url, {"visit": visit.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["visit"] == visit.pk
    other = reported_visit(
        leader, head, starts_on=dt.date(2022, 8, 20), ends_on=dt.date(2022, 8, 21)
    )
    response = api.post(url, {"visit": other.pk}, format="json")
    assert response.status_code == 400
    assert "이미 다른 방문이 연결" in response.json()["nomination"][0]


def test_the_nomination_page_draws_its_fields_with_the_shared_form_renderer(
    planner, director, client
):
    award_round = open_round(planner)
    client.force_login(director)
    page = client.get(f"/awards/{award_round.pk}/nominate/").content.decode()
    # a group per field, with its help text, as on every other form page
    assert 'id="group-evidence"' in page
    assert "PDF, 한글(HWP·HWPX), 오피스 문서 또는 이미지 한 개." in page
    # no outcome to link yet: said as such, not as the people pickers say it
    assert "연결할 수 있는 검증된 성과가 아직 없습니다." in page
    assert "고를 수 있는 사람이 없습니다." not in page
