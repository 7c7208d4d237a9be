"""Issue 12, item 7: Content-Security-Policy, Permissions-Policy and no caching of what a
signed-in person sees."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_csp_that_allows_only_local_scripts(client, member):
    client.force_login(member)
    response = client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_the_log_in_page_has_the_csp_and_a_permissions_policy(client):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_templates_hold_no_inline_script(client, member):
    client.force_login(member)
    html = client.get(reverse("core:home")).content.decode()
    import re

    scripts = re.findall(r"<script(?P<attrs>[^>]*)>", html)
    assert scripts
    assert all("src=" in attrs for attrs in scripts)


def test_signed_in_pages_are_private_and_not_stored(client, member):
    client.force_login(member)
    for url in (reverse("core:home"), reverse("ideas:library"), reverse("notifications:inbox")):
        assert client.get(url)["Cache-Control"] == "private, no-store"


def test_the_api_is_not_stored_either(client, member):
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=member).key
    response = client.get(reverse("team-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_api_docs_load_their_start_up_script_from_the_site(client, sysadmin):
    client.force_login(sysadmin)
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    script = client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
