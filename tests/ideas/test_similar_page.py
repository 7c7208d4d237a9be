import pytest
from django.urls import reverse

from ideas.models import Idea
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_the_form_posts_a_long_summary_and_still_gets_suggestions(client, leader, season):
    IdeaFactory(
        season=season,
        created_by=leader,
        title="기업유치 관리시스템 구축",
        status=Idea.Status.SUBMITTED,
        reference_number=f"{season.code}-0001",
    )
    client.force_login(leader)
    response = client.post(
        reverse("ideas:similar_ideas"),
        {"title": "기업 유치 관리 시스템 도입", "summary": "기업 정보를 한곳에서 " * 300},
    )
    assert response.status_code == 200
    assert "기업유치 관리시스템 구축" in response.content.decode()


def test_the_api_refuses_a_summary_too_long_for_a_url(client, leader):
    client.force_login(leader)
    response = client.get(reverse("idea-similar"), {"title": "기업유치", "summary": "가" * 401})
    assert response.status_code == 400
    assert "summary" in response.json()
