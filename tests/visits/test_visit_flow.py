import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.errors import BusinessRuleError, PermissionRefused
from ideas.models import Idea
from notifications import tasks
from notifications.models import Notification
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory
from tests.visits.factories import group_of, plan, programme
from visits import services
from visits.models import DerivedIdea, Visit, VisitMember

pytestmark = pytest.mark.django_db


def test_a_group_of_four_plans_a_visit_in_places_one_to_four(leader):
    visit = plan(leader, members=group_of(leader, 4))
    assert list(visit.members.values_list("place", flat=True)) == [1, 2, 3, 4]
    assert visit.status == Visit.Status.PLANNED


def test_a_fifth_member_is_refused_at_the_field_and_nothing_is_saved(leader):
    with pytest.raises(BusinessRuleError) as exc:
        plan(leader, members=group_of(leader, 5))
    assert "최대 4명" in exc.value.errors["members"][0]
    assert not Visit.objects.exists()


def test_adding_a_fifth_member_to_a_group_of_four_is_refused(leader):
    visit = plan(leader, members=group_of(leader, 4))
    with pytest.raises(BusinessRuleError) as exc:
        services.visit_add_member(visit=visit, by=leader, person=f.UserFactory())
    assert "members" in exc.value.errors
    assert visit.members.count() == 4


def test_the_database_itself_refuses_a_fifth_place(leader):
    visit = plan(leader, members=group_of(leader, 4))
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitMember.objects.create(visit=visit, person=f.UserFactory(), place=5)


def test_a_visit_lasts_two_to_three_days_within_the_window(leader):
    with pytest.raises(BusinessRuleError) as exc:
        plan(leader, starts_on=dt.date(2022, 8, 10), ends_on=dt.date(2022, 8, 14))
    assert "ends_on" in exc.value.errors
    with pytest.raises(BusinessRuleError) as exc:
        plan(leader, starts_on=dt.date(2022, 9, 10), ends_on=dt.date(2022, 9, 11))
    assert "starts_on" in exc.value.errors


def test_a_negative_budget_is_refused(leader):
    with pytest.raises(BusinessRuleError) as exc:
        plan(leader, budget_krw=-5)
    assert "budget_krw" in exc.value.errors


def test_the_division_head_approves_a_domestic_visit_but_not_an_overseas_one(
    leader, head, director
):
    domestic = plan(leader)
    services.visit_decide(visit=domestic, by=head, approve=True)
    overseas = plan(leader, kind=Idea.SourceType.OVERSEAS, institution="싱가포르 주택개발청")
    with pytest.raises(PermissionRefused):
        services.visit_decide(visit=overseas, by=head, approve=True)
    services.visit_decide(visit=overseas, by=director, approve=True)
    assert Visit.objects.filter(status=Visit.Status.APPROVED).count() == 2


def test_a_director_of_another_bureau_cannot_approve_an_overseas_visit(leader):
    overseas = plan(leader, kind=Idea.SourceType.OVERSEAS)
    other = f.bureau_director(f.BureauFactory())
    with pytest.raises(PermissionRefused):
        services.visit_decide(visit=overseas, by=other, approve=True)


def _reported(leader, head, members=None):
    visit = plan(leader, members=members)
    services.visit_decide(visit=visit, by=head, approve=True)
    return services.visit_report(
        visit=visit, by=leader, seen="기업 전담제", fit="우리 도 기업유치", proposals="전담 공무원"
    )


def test_the_report_needs_every_part(leader, head):
    visit = plan(leader)
    services.visit_decide(visit=visit, by=head, approve=True)
    with pytest.raises(BusinessRuleError) as exc:
        services.visit_report(visit=visit, by=leader, seen="", fit="x", proposals="")
    assert set(exc.value.errors) == {"seen", "proposals"}
    visit.refresh_from_db()
    assert visit.status == Visit.Status.APPROVED


def test_a_derived_idea_arrives_prefilled_in_the_open_season_and_is_linked_both_ways(leader, head):
    season = SeasonFactory()
    visit = _reported(leader, head)
    idea = services.visit_derive_idea(visit=visit, by=leader)
    assert idea.season == season
    assert idea.status == Idea.Status.DRAFT
    assert idea.team == leader.team
    assert idea.source_institution == "경상남도"
    assert idea.source_type == Idea.SourceType.LOCAL_GOVERNMENT
    assert idea.visited_on == visit.starts_on
    assert idea.lessons_learned == "우리 도 기업유치"
    assert idea.visit_link.visit == visit
    assert list(DerivedIdea.objects.filter(visit=visit).values_list("idea", flat=True)) == [idea.pk]


def test_without_an_open_season_no_idea_is_derived(leader, head):
    visit = _reported(leader, head)
    with pytest.raises(BusinessRuleError):
        services.visit_derive_idea(visit=visit, by=leader)
    assert not Idea.objects.exists()


def test_the_report_reminder_goes_to_the_group_exactly_once(leader, head):
    members = group_of(leader, 3)
    visit = plan(leader, members=members)
    services.visit_decide(visit=visit, by=head, approve=True)
    due = visit.ends_on + dt.timedelta(days=14)
    for _ in range(3):
        tasks.send_reminders(Notification.Kind.VISIT_REPORT_DUE, day=str(due))
    sent = Notification.objects.filter(kind=Notification.Kind.VISIT_REPORT_DUE)
    assert sorted(sent.values_list("recipient", flat=True)) == sorted(m.pk for m in members)
    services.visit_report(visit=visit, by=leader, seen="a", fit="b", proposals="c")
    tasks.send_reminders(Notification.Kind.VISIT_REPORT_DUE, day=str(due + dt.timedelta(days=1)))
    assert sent.count() == 3


def test_programmes_are_the_planning_offices(leader, planner):
    with pytest.raises(PermissionRefused):
        services.programme_create(
            by=leader,
            name="x",
            year=2022,
            window_start=dt.date(2022, 8, 1),
            window_end=dt.date(2022, 8, 31),
        )
    assert programme().year == 2022


def test_units_whose_derived_ideas_were_adopted_earn_points_once_by_the_programmes_rule(
    leader, head, planner
):
    from decimal import Decimal

    from django.utils import timezone

    from awards.models import PointEntry
    from awards.services import visit_rewards_grant
    from reviews.models import Decision
    from tests.reviews.factories import ReviewRoundFactory

    SeasonFactory()
    visit = _reported(leader, head)
    idea = services.visit_derive_idea(visit=visit, by=leader)
    prog = visit.programme
    with pytest.raises(BusinessRuleError):
        visit_rewards_grant(programme=prog, by=planner, awarded_on=dt.date(2022, 12, 20))
    prog.points_per_adopted_idea = Decimal("0.5")
    prog.save()
    assert visit_rewards_grant(programme=prog, by=planner, awarded_on=dt.date(2022, 12, 20)) == []
    review = ReviewRoundFactory(season=idea.season)
    Decision.objects.create(
        round=review,
        idea=idea,
        outcome=Decision.Outcome.ADOPT,
        implementation_path="immediate",
        reason="도입",
        decided_by=planner,
    )
    # Decided but not yet published: a reward now would announce the adoption early.
    assert visit_rewards_grant(programme=prog, by=planner, awarded_on=dt.date(2022, 12, 20)) == []
    review.decisions_published_at = timezone.now()
    review.save()
    granted = visit_rewards_grant(programme=prog, by=planner, awarded_on=dt.date(2022, 12, 20))
    assert [e.unit_name for e in granted] == [leader.team.division.name]
    assert visit_rewards_grant(programme=prog, by=planner, awarded_on=dt.date(2022, 12, 21)) == []
    assert PointEntry.objects.unit().get().points == Decimal("0.50")


def test_a_visits_travel_budget_is_shown_with_separators_too(client, leader):
    visit = plan(leader, budget_krw=1000000)
    client.force_login(leader)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "<dd>1,000,000</dd>" in page


def test_a_derived_ideas_decision_shows_on_the_visit_and_in_the_year_report_once_published(
    client, leader, head, planner
):
    from django.utils import timezone

    from reviews.models import Decision
    from tests.reviews.factories import ReviewRoundFactory
    from visits import selectors

    SeasonFactory()
    visit = _reported(leader, head)
    idea = services.visit_derive_idea(visit=visit, by=leader)
    review = ReviewRoundFactory(season=idea.season)
    Decision.objects.create(
        round=review,
        idea=idea,
        outcome=Decision.Outcome.ADOPT,
        implementation_path="immediate",
        reason="도입",
        decided_by=planner,
    )
    client.force_login(f.UserFactory())  # any member of staff reads visits
    year = visit.programme.year

    def shown() -> str:
        page = client.get(visit.get_absolute_url()).content.decode()
        return page.split(idea.title, 1)[1].split("</li>", 1)[0]

    assert "채택" not in shown()  # decided, not yet published
    assert selectors.year_report(year=year)["adopted_count"] == 0

    review.decisions_published_at = timezone.now()
    review.save(update_fields=["decisions_published_at"])
    assert "채택" in shown()
    assert selectors.year_report(year=year)["adopted_count"] == 1
