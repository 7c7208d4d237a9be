"""Issue 12, item 14 (the parts done here): a favicon; the API documentation link for
system administrators only (the menu tests in tests/core/test_navigation.py walk the roles)."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_names_a_favicon_that_exists(client, member):
    for response in (client.get(reverse("login")), None):
        if response is None:
            client.force_login(member)
            response = client.get(reverse("core:home"))
        html = response.content.decode()
        assert '<link rel="icon" href="/static/img/favicon.svg"' in html
    assert finders.find("img/favicon.svg")


@pytest.mark.parametrize(
    ("role", "shown"), [("system_admin", True), ("planning_office", False), ("team_leader", False)]
)
def test_the_api_documentation_link_is_for_system_administrators(client, roles, role, shown):
    client.force_login(roles[role])
    html = client.get(reverse("core:home")).content.decode()
    assert (f'href="{reverse("api-docs")}"' in html) is shown
