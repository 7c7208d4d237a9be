"""Issue 12, item 6: user input never answers 500; every API error is JSON."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core.errors import BusinessRuleError
from ideas import services as idea_services
from tests.briefings.factories import BriefingSessionFactory
from tests.ideas.factories import SeasonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(planner):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=planner).key}"}


@pytest.mark.parametrize("q", ["가" * 51, "홍\x00길동", "a" * 300])
def test_the_org_chart_search_refuses_bad_input_at_the_field(client, member, q):
    client.force_login(member)
    response = client.get(reverse("departments:org_chart"), {"q": q})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_similar_ideas_page_takes_a_nul(client, member, method):
    client.force_login(member)
    response = getattr(client, method)(
        reverse("ideas:similar_ideas"), {"title": "기업\x00유치 관리", "summary": "요약\x00"}
    )
    assert response.status_code == 200


def test_a_deeply_nested_json_body_is_a_json_400(client, token):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(reverse("season-list"), body, content_type="application/json", **token)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_a_json_parse_error_is_a_json_400(client, token):
    response = client.post(reverse("season-list"), "{bad", content_type="application/json", **token)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_an_oversized_body_is_a_json_413_before_it_is_read(client, token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        reverse("season-list"), "x" * 5000, content_type="application/json", **token
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_oversized_upload_is_a_json_413(client, token, settings):
    settings.IDEA_ATTACHMENT_MAX_BYTES = 1000
    response = client.post(
        "/api/v1/ideas/1/attachments/",
        b"x" * 200_000,
        content_type="multipart/form-data; boundary=xyz",
        **token,
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("name", ["1차\n시즌", "시즌\r\nBEGIN:VEVENT", "탭\t이름", "널\x00이름"])
def test_control_characters_are_refused_in_a_season_name(planner, name):
    season = SeasonFactory()
    with pytest.raises(BusinessRuleError) as refused:
        idea_services.season_update(season=season, by=planner, name=name)
    assert "name" in refused.value.errors


def test_a_line_break_already_in_a_name_does_not_break_the_season_calendar(client, member):
    session = BriefingSessionFactory(title="보고회\r\nBEGIN:VEVENT")
    session.season.name = "시즌\nX-INJECTED:1"
    session.season.save(update_fields=["name"])
    client.force_login(member)
    response = client.get(reverse("briefings:season_ics", args=[session.season_id]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "\nX-INJECTED" not in text
    assert text.split("\r\n").count("BEGIN:VEVENT") == 1
