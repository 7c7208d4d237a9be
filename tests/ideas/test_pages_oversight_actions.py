"""The planning office's buttons on the idea detail page: send back and link a duplicate."""

import pytest
from django.urls import reverse

from core.models import HistoryEntry
from core.text import particle
from ideas.models import Idea, Season
from tests.ideas.factories import SeasonFactory
from tests.ideas.test_pages_oversight import submitted_idea

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def test_sending_back_needs_a_reason(client, planner, leader):
    idea = submitted_idea(SeasonFactory(), leader)
    client.force_login(planner)
    url = reverse("ideas:idea_send_back", args=[idea.pk])
    response = client.post(url, {"reason": " "})
    assert response["Location"] == reverse("ideas:idea_detail", args=[idea.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["보완 요청 사유를 입력하세요."]
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED


def test_sending_back_with_a_reason_returns_the_idea_and_records_why(client, planner, leader):
    idea = submitted_idea(SeasonFactory(), leader)
    client.force_login(planner)
    response = client.post(
        reverse("ideas:idea_send_back", args=[idea.pk]), {"reason": "예산 근거를 보완하세요."}
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"{particle(idea.reference_number, '을/를')} 팀에 보완 요청했습니다."]
    idea.refresh_from_db()
    assert idea.status == Idea.Status.RETURNED
    entry = HistoryEntry.objects.for_object(idea).get(action="sent_back")
    assert entry.reason == "예산 근거를 보완하세요."


def test_an_action_goes_back_to_next_when_it_is_on_this_site(client, planner, leader):
    idea = submitted_idea(SeasonFactory(), leader)
    client.force_login(planner)
    url = reverse("ideas:idea_send_back", args=[idea.pk])
    library = reverse("ideas:library") + "?q=%ED%98%81%EC%8B%A0"  # ?q=혁신
    response = client.post(url, {"reason": "보완", "next": library})
    assert response["Location"] == library


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:1"])
def test_an_action_never_goes_back_to_another_site(client, planner, leader, target):
    idea = submitted_idea(SeasonFactory(), leader)
    client.force_login(planner)
    response = client.post(
        reverse("ideas:idea_send_back", args=[idea.pk]), {"reason": "보완", "next": target}
    )
    assert response["Location"] == reverse("ideas:idea_detail", args=[idea.pk])


def test_a_duplicate_is_linked_by_the_reference_number_of_any_season(client, planner, leader):
    last_year = SeasonFactory(code="S1", status=Season.Status.CLOSED)
    original = submitted_idea(last_year, leader, title="기업유치 관리시스템")
    idea = submitted_idea(SeasonFactory(code="S2"), leader, title="기업 유치 관리 시스템")
    client.force_login(planner)
    response = client.post(
        reverse("ideas:idea_link_duplicate", args=[idea.pk]),
        {"original": " s1-0001 ", "reason": "시즌1과 같은 제안"},
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["S1-0001의 중복으로 연결했습니다."]
    idea.refresh_from_db()
    assert idea.duplicate_of == original


def test_an_unknown_reference_number_is_refused_in_korean(client, planner, leader):
    idea = submitted_idea(SeasonFactory(), leader)
    client.force_login(planner)
    response = client.post(
        reverse("ideas:idea_link_duplicate", args=[idea.pk]), {"original": "S9-9999"}
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["접수번호 S9-9999인 아이디어를 찾을 수 없습니다. 번호를 확인하세요."]
    idea.refresh_from_db()
    assert idea.duplicate_of is None


def test_an_idea_cannot_be_its_own_duplicate(client, planner, leader):
    idea = submitted_idea(SeasonFactory(), leader)
    client.force_login(planner)
    response = client.post(
        reverse("ideas:idea_link_duplicate", args=[idea.pk]),
        {"original": idea.reference_number},
        follow=True,
    )
    assert "자기 자신을 중복 원본으로 지정할 수 없습니다." in page_text(response)
    idea.refresh_from_db()
    assert idea.duplicate_of is None


def test_an_empty_reference_number_clears_the_link(client, planner, leader):
    season = SeasonFactory()
    original = submitted_idea(season, leader)
    idea = submitted_idea(season, leader, duplicate_of=original)
    client.force_login(planner)
    response = client.post(reverse("ideas:idea_link_duplicate", args=[idea.pk]), {"original": ""})
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["중복 연결을 해제했습니다."]
    idea.refresh_from_db()
    assert idea.duplicate_of is None
