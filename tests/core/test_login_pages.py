import pytest
from django.urls import reverse

from tests.departments import factories as f

pytestmark = pytest.mark.django_db

FAILED = "사번(아이디) 또는 비밀번호가 올바르지 않습니다. 다시 확인해 주세요."


def log_in(client, login, password="pw", **extra):  # noqa: S107 (the factories' password)
    return client.post(reverse("login"), {"username": login, "password": password, **extra})


def test_the_log_in_page_asks_for_employee_number_or_username_in_korean(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html
    assert "<title>로그인 | 도정혁신 아이디어</title>" in html
    assert '<label for="id_username">사번 또는 아이디</label>' in html
    assert '<label for="id_password">비밀번호</label>' in html
    # A plain form: it works without JavaScript.
    assert f'<form class="app-form" method="post" action="{reverse("login")}">' in html


def test_a_person_signs_in_with_the_employee_number(client, leader):
    response = log_in(client, leader.employee_number)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(leader.pk)


def test_a_person_signs_in_with_the_username(client, leader):
    response = log_in(client, leader.username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(leader.pk)


def test_signing_in_returns_to_the_page_asked_for(client, leader):
    asked = reverse("departments:org_chart")
    assert client.get(asked).url == f"{reverse('login')}?next={asked}"
    response = log_in(client, leader.username, next=asked)
    assert response.url == asked


@pytest.mark.parametrize(
    ("login", "password"),
    [("user-who-does-not-exist", "pw"), ("{username}", "wrong"), ("{employee_number}", "wrong")],
)
def test_a_failed_log_in_says_the_same_thing_whatever_was_wrong(client, member, login, password):
    login = login.format(username=member.username, employee_number=member.employee_number)
    response = log_in(client, login, password)
    html = response.content.decode()
    assert response.status_code == 200
    assert FAILED in html
    assert 'role="alert"' in html
    assert "_auth_user_id" not in client.session


def test_an_inactive_person_is_refused_with_the_same_message(client):
    retired = f.UserFactory(is_active=False)
    response = log_in(client, retired.employee_number)
    assert FAILED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_who_opens_the_log_in_page_goes_home(client, member):
    client.force_login(member)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_logging_out_takes_a_post_and_ends_the_session(client, member):
    client.force_login(member)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("core:logged_out")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("core:home")).status_code == 302  # back to the log-in page


def test_logging_out_by_get_is_refused(client, member):
    client.force_login(member)
    assert client.get(reverse("logout")).status_code == 405
    assert client.session["_auth_user_id"] == str(member.pk)


def test_the_logged_out_page_says_so_in_korean(client):
    response = client.get(reverse("core:logged_out"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "로그아웃되었습니다." in html
    assert f'href="{reverse("login")}"' in html


def test_every_page_of_a_signed_in_person_has_a_log_out_button(client, member):
    client.force_login(member)
    html = client.get(reverse("core:home")).content.decode()
    assert f'<form class="app-logout" method="post" action="{reverse("logout")}">' in html
    assert "csrfmiddlewaretoken" in html.split('class="app-logout"')[1].split("</form>")[0]
