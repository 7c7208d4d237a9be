"""Who may call the organisation API, and how: session, token, nobody."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.roles import ROLES

pytestmark = pytest.mark.django_db


def api_urls(team, person):
    return [
        reverse("api-root"),
        reverse("bureau-list"),
        reverse("bureau-detail", args=[team.division.bureau_id]),
        reverse("division-list"),
        reverse("division-detail", args=[team.division_id]),
        reverse("team-list"),
        reverse("team-detail", args=[team.pk]),
        reverse("person-list"),
        reverse("person-detail", args=[person.pk]),
        reverse("api-schema"),
        reverse("api-docs"),
    ]


def token_header(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def test_anonymous_callers_get_a_json_401_everywhere_and_never_a_redirect(client, member):
    for url in api_urls(member.team, member):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/json", url
        assert response["WWW-Authenticate"] == "Token", url
        assert "detail" in response.json(), url


def test_anonymous_callers_asking_for_html_still_get_json(client, member):
    response = client.get(reverse("api-docs"), HTTP_ACCEPT="text/html")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_a_token_caller_reads_every_endpoint(client, member):
    headers = token_header(member)
    for url in api_urls(member.team, member):
        assert client.get(url, **headers).status_code == 200, url


def test_a_session_caller_reads_every_endpoint(client, member):
    client.force_login(member)
    for url in api_urls(member.team, member):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_read_the_org_chart(client, roles, role):
    headers = token_header(roles[role])
    assert client.get(reverse("team-list"), **headers).status_code == 200
    assert client.get(reverse("person-list"), **headers).status_code == 200


def test_an_inactive_users_token_is_refused(client, member):
    headers = token_header(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = client.get(reverse("team-list"), **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_a_revoked_token_is_refused(client, member):
    headers = token_header(member)
    Token.objects.filter(user=member).delete()
    assert client.get(reverse("team-list"), **headers).status_code == 401


def test_an_unknown_token_is_refused(client, member):
    response = client.get(reverse("team-list"), HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401


def test_the_api_is_read_only(client, member):
    headers = token_header(member)
    team_url = reverse("team-detail", args=[member.team_id])
    assert client.post(reverse("team-list"), {"name": "새팀"}, **headers).status_code == 405
    assert client.delete(team_url, **headers).status_code == 405
    assert client.patch(team_url, {}, **headers).status_code == 405


def test_a_session_caller_cannot_write_without_csrf_either(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(reverse("team-list"), {"name": "새팀"}).status_code == 403


# Tokens are issued and revoked in the Django admin, by system admins only.


def test_a_system_admin_issues_and_revokes_tokens_in_the_admin(client, sysadmin, member):
    sysadmin.is_staff = True
    sysadmin.save(update_fields=["is_staff"])
    client.force_login(sysadmin)
    assert sysadmin.has_module_perms("authtoken")

    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 200
    response = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": member.pk})
    assert response.status_code == 302
    key = Token.objects.get(user=member).key
    assert client.get(reverse("team-list"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    delete_url = reverse("admin:authtoken_tokenproxy_delete", args=[member.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Token.objects.filter(user=member).exists()


@pytest.mark.parametrize("role", ["planning_office", "bureau_director", "reviewer"])
def test_other_staff_with_admin_access_cannot_touch_tokens(client, roles, role):
    user = roles[role]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    assert not user.has_module_perms("authtoken")
    assert not user.has_perm("authtoken.view_tokenproxy")

    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 403
    add = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": user.pk})
    assert add.status_code == 403
    assert not Token.objects.exists()
    assert b"authtoken" not in client.get(reverse("admin:index")).content


def test_an_unknown_api_path_is_a_json_404_and_never_an_html_page(client, member):
    headers = token_header(member)
    for url in ["/api/", "/api/v1/nothing/", "/api/v1/teams/1.5e-07/", "/api/v2/teams"]:
        response = client.get(url, **headers)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json", url
    assert client.get("/api/v1/nothing/").status_code == 401
