"""The readable history of every kind of object that records one: who, when, what, and
before → after; on the object's page and from the API, only for those who may see it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.services import history_record
from ideas import services as idea_services
from ideas.models import Exemption, Season
from insight import history
from reviews import services as review_services
from reviews.models import Decision, Directive
from tests.briefings.factories import BriefingSessionFactory
from tests.departments import factories as f
from tests.ideas.factories import complete_content

pytestmark = pytest.mark.django_db


def api_history(user, kind: str, pk: int):
    api = APIClient()
    api.force_authenticate(user)
    return api.get("/api/v1/history/", {"kind": kind, "id": pk})


def test_a_round_edit_reads_as_each_field_before_and_after(world):
    review_services.round_update(
        review_round=world.round, by=world.planner, disagreement_threshold=Decimal("20")
    )
    [*_, step] = history.timeline(world.round)
    assert step.action == "심사 차수 수정"
    assert step.actor == world.planner.full_name
    [change] = step.changes
    assert (change.label, change.before, change.after) == (
        "의견 차이 기준(표준편차)",
        "15",
        "20",
    )


def test_a_season_move_reads_its_states_by_their_labels(world):
    Season.objects.filter(pk=world.season.pk).update(status=Season.Status.OPEN)
    world.season.refresh_from_db()
    idea_services.season_transition(
        season=world.season, to=Season.Status.BRIEFING, by=world.planner
    )
    [step] = history.timeline(world.season)
    assert step.action == "상태 변경"
    assert [(c.label, c.before, c.after) for c in step.changes] == [("상태", "접수 중", "보고회")]


def test_an_idea_timeline_says_who_submitted_it_and_its_reference_number(world):
    leader = f.team_leader(team=world.t4)
    idea = idea_services.idea_create_draft(
        season=world.season, by=leader, **complete_content(title="새 아이디어")
    )
    idea_services.idea_submit(idea=idea, by=leader)
    idea.refresh_from_db()
    steps = history.timeline(idea)
    assert [s.action for s in steps] == ["작성 시작", "제출"]
    assert steps[1].details == [("접수번호", idea.reference_number)]
    body = api_history(world.planner, "idea", idea.pk).json()
    assert [s["action"] for s in body] == ["작성 시작", "제출"]


def test_a_decision_timeline_keeps_the_reason_of_a_change(world):
    decision = Decision.objects.get(idea=world.idea1)
    history_record(
        obj=decision,
        action="decision_changed",
        by=world.planner,
        reason="예산 확보",
        data={"idea": world.idea1.pk, "outcome": "adopt"},
    )
    [step] = history.timeline(decision)
    assert (step.action, step.reason) == ("결정 변경", "예산 확보")
    assert ("결과", "채택") in step.details


def test_a_session_move_reads_from_and_to(world):
    session = BriefingSessionFactory(season=world.season)
    history_record(
        obj=session,
        action="session_moved",
        by=world.planner,
        data={"from": "2025-09-22 10:00–12:00", "to": "2025-09-23 14:00–16:00"},
    )
    [step] = history.timeline(session)
    assert [(c.before, c.after) for c in step.changes] == [
        ("2025-09-22 10:00–12:00", "2025-09-23 14:00–16:00")
    ]


def test_an_exemption_timeline_shows_the_decision_and_its_note(world):
    exemption = Exemption.objects.get(team=world.t3)
    history_record(
        obj=exemption, action="exemption_approved", by=world.director_a, reason="신설 부서"
    )
    [step] = history.timeline(exemption)
    assert (step.action, step.actor, step.reason) == (
        "제출 예외 승인",
        world.director_a.full_name,
        "신설 부서",
    )


def test_a_directive_edit_reads_before_and_after(world):
    directive = Directive.objects.create(
        idea=world.idea1,
        text="분기마다 보고",
        responsible_bureau=world.a,
        due_date=dt.date(2026, 3, 31),
        recorded_by=world.planner,
    )
    review_services.directive_update(directive=directive, by=world.planner, text="매달 보고")
    [step] = history.timeline(directive)
    assert [(c.label, c.before, c.after) for c in step.changes] == [
        ("지시 내용", "분기마다 보고", "매달 보고")
    ]


def test_the_api_hides_the_timeline_of_what_the_caller_may_not_see(world):
    exemption = Exemption.objects.get(team=world.t3)
    other_team_member = f.UserFactory(team=world.t4)
    assert api_history(other_team_member, "exemption", exemption.pk).status_code == 404
    assert api_history(world.director_a, "exemption", exemption.pk).status_code == 200
    # An unpublished decision is the planning office's alone.
    decision = Decision.objects.get(idea=world.idea1)
    assert api_history(world.director_a, "decision", decision.pk).status_code == 404
    assert api_history(world.planner, "decision", decision.pk).status_code == 200
    assert api_history(world.planner, "decision", 10**9).status_code == 404
    assert api_history(world.planner, "nonsense", 1).status_code == 400


def test_the_pages_show_the_timeline_to_those_who_see_the_object(client, world):
    review_services.round_update(review_round=world.round, by=world.planner, name="본심사")
    client.force_login(world.planner)
    html = client.get(reverse("reviews:round_edit", args=[world.round.pk])).content.decode()
    for text in ("처리 이력", "심사 차수 수정", "본심사"):
        assert text in html
    session = BriefingSessionFactory(season=world.season, bureaus=[world.a])
    history_record(
        obj=session,
        action="session_moved",
        by=world.planner,
        data={"from": "9월 22일", "to": "9월 23일"},
    )
    html = client.get(session.get_absolute_url()).content.decode()
    assert "보고회 일정 변경" in html
    assert "9월 23일" in html
