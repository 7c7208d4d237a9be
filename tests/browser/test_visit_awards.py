"""Journeys on the demo data through the pages that join visits and the award: the
organiser adds a member within four, a director nominates a bureau-level unit and a visit's
outcome, the planning office rewards units whose visits led to adopted ideas."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from awards.models import AwardRound, Nomination, PointEntry
from departments.models import User
from reviews.models import Decision, ReviewRound
from tests.browser.helpers import fits_in_360_px, screenshots, sign_in, sign_out
from tests.reviews.factories import ReviewRoundFactory
from visits import services as visit_services
from visits.models import DerivedIdea, Visit, VisitProgramme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots(page):
    return lambda name: screenshots(page, name)


def test_the_organiser_adds_members_up_to_four(page: Page, live_server, demo, shots):
    leader = User.objects.get(username="leader")
    programme = VisitProgramme.objects.get()
    visit = visit_services.visit_plan(
        programme=programme,
        by=leader,
        members=[leader],
        institution="행정안전부 정부혁신조직실",
        institution_kind="central_ministry",
        location="세종",
        policy_area="정부혁신",
        purpose="적극행정 사례",
        starts_on=programme.window_start,
        ends_on=programme.window_start + dt.timedelta(days=1),
    )
    colleagues = list(
        User.objects.filter(team_id=leader.team_id, is_active=True).exclude(pk=leader.pk)[:4]
    )
    assert len(colleagues) == 4, "the demo team has five people or more"

    sign_in(page, live_server.url, "leader")
    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    for person in colleagues[:3]:
        page.get_by_role("link", name="방문 인원 더하기").click()
        page.get_by_label("더할 직원").select_option(str(person.pk))
        if person == colleagues[2]:
            shots("visit-add-member")
        page.get_by_role("button", name="인원 더하기").click()
        expect(page.get_by_role("main")).to_contain_text(f"{person.full_name} 님을 방문 인원에")
    assert visit.members.count() == 4
    page.get_by_role("link", name="방문 인원 더하기").click()
    page.get_by_label("더할 직원").select_option(str(colleagues[3].pk))
    page.get_by_role("button", name="인원 더하기").click()
    expect(page.get_by_role("main")).to_contain_text("방문 인원은 최대 4명입니다")
    shots("visit-add-member-full")
    assert fits_in_360_px(page) == []
    assert visit.members.count() == 4


def test_a_director_nominates_a_bureau_level_unit_and_a_visits_outcome(
    page: Page, live_server, demo, shots
):
    award_round = AwardRound.objects.get(status=AwardRound.Status.OPEN)
    director = User.objects.get(username="director")
    visit = Visit.objects.filter(status=Visit.Status.REPORTED, bureau_id=director.bureau_id).first()
    assert visit is not None, "the demo has a reported visit of the director's bureau"

    sign_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}{award_round.get_absolute_url()}")
    page.get_by_role("link", name="부서 추천").click()
    page.get_by_label("또는 실·국 단위").select_option(label=director.bureau.name)
    page.get_by_label("공적 내용").fill("기업 투자 유치 1조 원, 일자리 1,200개")
    page.get_by_role("button", name="추천하기").click()
    expect(page.get_by_role("main")).to_contain_text("기업 투자 유치 1조 원")
    page.get_by_role("link", name="부서 추천").click()
    page.get_by_label("또는 실·국 단위").select_option(label=director.bureau.name)
    page.get_by_label("공적 내용").fill("다시")
    page.get_by_role("button", name="추천하기").click()
    expect(page.get_by_role("main")).to_contain_text("회차마다 한 번만 추천할 수 있습니다")
    shots("awards-nominate-bureau-twice")
    assert fits_in_360_px(page) == []
    assert Nomination.objects.filter(round=award_round, division__isnull=True).count() == 1

    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    shots("visit-detail-director")
    page.get_by_role("link", name=f"{award_round.title}에 추천하기").click()
    expect(page.get_by_label("근거가 된 벤치마킹 방문")).to_have_value(str(visit.pk))
    page.get_by_label("공적 내용").fill("싱가포르 벤치마킹으로 투자 유치 전담 조직 신설")
    shots("awards-nominate-visit")
    page.get_by_role("button", name="추천하기").click()
    expect(page.get_by_role("link", name=visit.institution)).to_be_visible()
    page.get_by_role("link", name=visit.institution).click()
    expect(page.get_by_role("main")).to_contain_text(award_round.title)
    assert Nomination.objects.get(round=award_round, visit=visit).division_id == visit.division_id


def test_the_planning_office_rewards_units_whose_visits_led_to_adopted_ideas(
    page: Page, live_server, demo, shots
):
    link = DerivedIdea.objects.select_related("idea", "visit__division").first()
    assert link is not None, "the demo links ideas to visits"
    planner = User.objects.get(username="planner")
    review_round = ReviewRound.objects.filter(
        season=link.idea.season
    ).first() or ReviewRoundFactory(season=link.idea.season)
    # Published results: an adoption still secret earns nothing yet.
    review_round.decisions_published_at = review_round.decisions_published_at or timezone.now()
    review_round.save()
    Decision.objects.create(
        round=review_round,
        idea=link.idea,
        outcome=Decision.Outcome.ADOPT,
        implementation_path="immediate",
        reason="즉시 도입",
        decided_by=planner,
        decided_at=timezone.now(),
    )

    sign_in(page, live_server.url, "planner")
    page.goto(f"{live_server.url}/visits/")
    page.get_by_role("link", name="벤치마킹 보상").click()
    expect(page.get_by_role("main")).to_contain_text(link.idea.title)
    page.get_by_label("채택 아이디어당 부서 가점").fill("0.5")
    shots("visit-rewards")
    page.get_by_role("button", name="가점 부여하기").click()
    expect(page.get_by_role("main")).to_contain_text("채택 아이디어 1건에 부서 가점을 부여했습니다")
    expect(page.get_by_role("main")).to_contain_text(link.visit.division.name)
    shots("visit-rewards-granted")
    assert fits_in_360_px(page) == []
    assert PointEntry.objects.get(derived_idea=link).unit_name == link.visit.division.name
    sign_out(page)
