"""Issue 12, item 4: brute-force protection of the log-in (django-axes) and of the API."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.departments import factories as f

pytestmark = pytest.mark.django_db


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def person(db):
    return f.UserFactory(username="kim")


def test_thirty_wrong_passwords_lock_the_account_even_for_the_right_one(client, person):
    for _ in range(30):
        log_in(client, "kim", "wrong")
    response = log_in(client, "kim", "pw")
    assert response.status_code == 429
    assert "로그인이 잠겼습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_counts_the_employee_number_too(client, person):
    for _ in range(5):
        log_in(client, person.employee_number, "wrong")
    assert log_in(client, person.employee_number, "pw").status_code == 429


def test_a_few_typos_then_the_right_password_sign_in(client, person):
    for _ in range(3):
        assert log_in(client, "kim", "wrong").status_code == 200
    assert log_in(client, "kim", "pw").status_code == 302


def test_a_system_admin_unlocks_an_account_in_the_admin(client, person, sysadmin):
    for _ in range(5):
        log_in(client, "kim", "wrong")
    attempt = AccessAttempt.objects.get(username="kim")
    sysadmin.is_staff = True
    sysadmin.save(update_fields=["is_staff"])
    admin = type(client)()
    admin.force_login(sysadmin)
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert log_in(client, "kim", "pw").status_code == 302


@pytest.mark.parametrize("role", ["planning_office", "reviewer"])
def test_other_staff_cannot_see_or_clear_lockouts(client, roles, role):
    user = roles[role]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_a_token_client_is_throttled(client, member, settings):
    settings.API_THROTTLE_RATES = {"user": "3/minute", "anon": "3/minute"}
    cache.clear()
    key = Token.objects.create(user=member).key
    codes = [
        client.get(reverse("team-list"), HTTP_AUTHORIZATION=f"Token {key}").status_code
        for _ in range(5)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
    cache.clear()
