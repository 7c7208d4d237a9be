"""The timelines of what has no page of its own (exemptions, directives) on a history page,
linked from the lists that show them: the bureau overview, the dashboards, the idea's
review panel, the rollout plan; the directive's follow-up page shows its timeline itself."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas import services as idea_services
from ideas.models import Exemption
from reviews import services as review_services
from rollout import services as rollout_services
from rollout.models import DirectiveFollowUp
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import submitted_idea
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


def history_page(kind: str, pk: int) -> str:
    return reverse("insight:history", args=[kind, pk])


@pytest.fixture
def exemption(team, director):
    season = SeasonFactory(exemptions_allowed=True)
    exemption = Exemption.objects.create(
        season=season,
        team=team,
        team_name=team.name,
        bureau=team.division.bureau,
        reason=Exemption.Reason.NEW_UNIT,
        filed_by=f.team_leader(team=team),
    )
    return idea_services.exemption_decide(
        exemption=exemption, by=director, approve=True, note="올해 새로 만든 팀"
    )


@pytest.fixture
def directive(team, planner):
    idea = submitted_idea(SeasonFactory(), leader=f.team_leader(team=team), title="민원 창구 통합")
    directive = review_services.directive_record(
        idea=idea,
        by=planner,
        text="분기마다 보고할 것",
        responsible_bureau=team.division.bureau,
        due_date=dt.date(2027, 3, 31),
    )
    return review_services.directive_update(directive=directive, by=planner, text="매달 보고할 것")


def test_the_exemption_history_page_shows_the_decision_and_its_note(client, exemption, director):
    client.force_login(director)
    response = client.get(history_page("exemption", exemption.pk))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        f"{exemption.team_name} 제출 예외 처리 이력",
        exemption.season.name,
        "제출 예외 승인",
        director.full_name,
        "승인",
    ):
        assert text in html
    dashboard = reverse("insight:team", args=[exemption.team_id])
    assert f"{dashboard}?season={exemption.season_id}" in html


@pytest.mark.parametrize("role", ROLES)
def test_an_exemption_history_is_read_by_the_office_its_director_and_its_team(
    client, roles, exemption, role
):
    client.force_login(roles[role])
    status = client.get(history_page("exemption", exemption.pk)).status_code
    may = role in MANAGERS | {"bureau_director", "team_member", "team_leader"}
    assert status == (200 if may else 404)


def test_another_bureaus_director_gets_no_exemption_history(client, exemption):
    client.force_login(f.bureau_director(f.BureauFactory()))
    assert client.get(history_page("exemption", exemption.pk)).status_code == 404


def test_an_unknown_kind_or_object_is_not_found(client, planner, exemption):
    client.force_login(planner)
    assert client.get(history_page("nonsense", exemption.pk)).status_code == 404
    assert client.get(history_page("exemption", 10**9)).status_code == 404


def test_the_directive_history_page_reads_its_edit_before_and_after(client, directive, reviewer):
    client.force_login(reviewer)
    html = client.get(history_page("directive", directive.pk)).content.decode()
    for text in (
        "도지사 지시사항 처리 이력",
        "지시사항 기록",
        "지시사항 수정",
        "분기마다 보고할 것",
    ):
        assert text in html
    assert "매달 보고할 것" in html
    assert directive.idea.get_absolute_url() in html


@pytest.mark.parametrize("role", ROLES)
def test_every_member_of_staff_reads_a_directives_history(client, roles, directive, role):
    client.force_login(roles[role])
    assert client.get(history_page("directive", directive.pk)).status_code == 200


def test_a_deleted_directive_has_no_history_page(client, directive, planner):
    pk = directive.pk
    review_services.directive_delete(directive=directive, by=planner)
    client.force_login(planner)
    assert client.get(history_page("directive", pk)).status_code == 404


def test_the_follow_up_page_shows_the_directives_timeline_with_its_follow_up(
    client, directive, planner
):
    rollout_services.directive_follow_up(
        directive=directive,
        by=planner,
        status=DirectiveFollowUp.Status.IN_PROGRESS,
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    client.force_login(planner)
    html = client.get(reverse("rollout:directive_follow_up", args=[directive.pk])).content.decode()
    assert "처리 이력" in html
    assert "지시사항 이행 상황 기록" in html
    assert str(DirectiveFollowUp.Status.IN_PROGRESS.label) in html


def test_the_ideas_review_panel_links_each_directive_to_its_history(client, directive, planner):
    client.force_login(planner)
    html = client.get(reverse("reviews:idea_panel", args=[directive.idea.pk])).content.decode()
    assert history_page("directive", directive.pk) in html


def test_the_bureau_overview_links_a_pending_exemption_to_its_history(client, team, director):
    season = SeasonFactory(exemptions_allowed=True)
    pending = Exemption.objects.create(
        season=season,
        team=team,
        team_name=team.name,
        bureau=team.division.bureau,
        reason=Exemption.Reason.NEW_UNIT,
        filed_by=f.team_leader(team=team),
    )
    client.force_login(director)
    url = reverse("ideas:bureau_overview", args=[team.division.bureau.pk])
    html = client.get(url, {"season": season.pk}).content.decode()
    assert history_page("exemption", pending.pk) in html


def test_the_bureau_dashboard_links_a_teams_exemption_to_its_history(
    client, exemption, director, reviewer
):
    url = reverse("insight:bureau", args=[exemption.bureau_id])
    client.force_login(director)
    html = client.get(url, {"season": exemption.season_id}).content.decode()
    assert history_page("exemption", exemption.pk) in html
    # The governor's office reads the dashboards but not a team's exemptions.
    client.force_login(reviewer)
    response = client.get(url, {"season": exemption.season_id})
    assert response.status_code == 200
    assert history_page("exemption", exemption.pk) not in response.content.decode()


def test_a_plans_directives_link_to_their_history(client, leader, planner):
    from tests.rollout import factories as rof

    plan = rof.filed_plan(leader=leader)
    directive = review_services.directive_record(
        idea=plan.idea,
        by=planner,
        text="예산 확보 방안을 보고할 것",
        responsible_bureau=plan.idea.bureau,
        due_date=dt.date(2027, 3, 31),
    )
    rollout_services.directive_follow_up(
        directive=directive,
        by=planner,
        status=DirectiveFollowUp.Status.IN_PROGRESS,
        due_on=timezone.localdate() + dt.timedelta(days=30),
        plan=plan,
    )
    client.force_login(planner)
    html = client.get(reverse("rollout:plan_detail", args=[plan.pk])).content.decode()
    assert history_page("directive", directive.pk) in html


def test_a_progress_reports_timeline_is_its_steps_on_the_plan(client, leader, director):
    from insight import history
    from tests.rollout import factories as rof

    plan = rof.filed_plan(leader=leader)
    first, second = plan.reports.order_by("period_end")[:2]
    rollout_services.report_save(report=first, by=leader, done_text="실적", progress_percent=10)
    rollout_services.report_file(report=first, by=leader)
    rollout_services.report_review(report=first, by=director, accept=False, reason="수치 보완")
    rollout_services.report_save(report=second, by=leader, done_text="다음", progress_percent=20)
    steps = history.timeline(first)
    assert [s.action for s in steps] == [
        "추진 상황 보고를 저장했습니다.",
        "추진 상황 보고를 제출했습니다.",
        "실·국장이 추진 상황 보고를 보완 요청했습니다.",
    ]
    assert steps[-1].reason == "수치 보완"
    assert ("진척률(%)", "10") in steps[0].details
    client.force_login(leader)
    html = client.get(reverse("rollout:report_edit", args=[first.pk])).content.decode()
    assert "처리 이력" in html
    assert "수치 보완" in html
    assert "다음" not in html.split("처리 이력", 1)[1]
