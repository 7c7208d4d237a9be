"""Issue 12, item 4: staff change their password; a system administrator sends a reset link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.errors import PermissionRefused
from departments import services
from tests.departments import factories as f

pytestmark = pytest.mark.django_db


def test_a_member_of_staff_changes_their_password(client, member):
    client.force_login(member)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "비밀번호 설정" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw",
            "new_password1": "새비밀번호-2026!",
            "new_password2": "새비밀번호-2026!",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("새비밀번호-2026!")


def test_the_menu_offers_the_password_change(client, member):
    client.force_login(member)
    assert reverse("password_change") in client.get(reverse("core:home")).content.decode()


def test_a_system_admin_sends_a_reset_link_that_sets_a_password(client, sysadmin):
    person = f.UserFactory(email="kim@example.go.kr")
    person.set_unusable_password()
    person.save()
    services.user_send_password_reset(user=person, by=sysadmin)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kim@example.go.kr"]
    link = re.search(r"https?://\S+|/accounts/reset/\S+", mail.outbox[0].body).group(0)
    path = link[link.index("/accounts/") :]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    response = client.post(
        form_url, {"new_password1": "새비밀번호-2026!", "new_password2": "새비밀번호-2026!"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("새비밀번호-2026!")


@pytest.mark.parametrize("role", ["planning_office", "team_leader"])
def test_only_a_system_admin_sends_reset_links(roles, role):
    person = f.UserFactory(email="kim@example.go.kr")
    with pytest.raises(PermissionRefused):
        services.user_send_password_reset(user=person, by=roles[role])
    assert not mail.outbox


def test_the_admin_offers_the_reset_action_to_system_admins_only(client, sysadmin, planner):
    person = f.UserFactory(email="kim@example.go.kr")
    for user in (sysadmin, planner):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    client.force_login(planner)
    page = client.get(reverse("admin:departments_user_changelist"))
    assert "send_password_reset" not in page.content.decode()
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:departments_user_changelist"),
        {"action": "send_password_reset", "_selected_action": [person.pk]},
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["kim@example.go.kr"]
