import pytest
from django.test import RequestFactory
from django.urls import reverse

from core import views

pytestmark = pytest.mark.django_db


def test_an_unknown_address_shows_the_korean_404_page_with_the_menu(client, member):
    client.force_login(member)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다." in html
    assert "<title>페이지를 찾을 수 없음 | 도정혁신 아이디어</title>" in html
    assert 'class="app-nav"' in html
    assert f'href="{reverse("core:home")}"' in html


def test_the_404_page_shows_to_visitors_who_are_not_signed_in(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다." in response.content.decode()


def test_a_page_the_role_may_not_see_shows_the_korean_403_page(client, leader):
    client.force_login(leader)
    response = client.get(reverse("departments:import"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "이 화면을 볼 권한이 없습니다." in html
    assert 'class="app-nav"' in html


def test_the_500_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "일시적인 오류가 발생했습니다." in html
    assert "/static/css/app.css" in html


def test_a_crash_is_answered_with_the_500_page(client, member, monkeypatch):
    def crash(user):
        raise RuntimeError("boom")

    monkeypatch.setattr("core.views.home_page.waiting_for", crash)
    client.raise_request_exception = False
    client.force_login(member)
    response = client.get(reverse("core:home"))
    assert response.status_code == 500
    assert "일시적인 오류가 발생했습니다." in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-thing/", "/api/v1/briefing-schedules/%0Ax/calendar/", "/api/%0A"]
)
def test_an_unknown_api_address_answers_json_even_with_a_line_feed_in_it(client, member, path):
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
