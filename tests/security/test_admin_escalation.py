"""Issue 12, item 1: the Django admin hands out privileges only through system administrators."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from departments.models import Role, User
from tests.departments import factories as f

pytestmark = pytest.mark.django_db


def _staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _change_form_data(user, **overrides):
    data = {
        "username": user.username,
        "employee_number": user.employee_number,
        "full_name": user.full_name,
        "email": user.email,
        "position": user.position,
        "bureau": user.bureau_id or "",
        "division": user.division_id or "",
        "team": user.team_id or "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_the_planning_office_cannot_make_itself_superuser_or_staff(client, planner):
    _staff(planner)
    client.force_login(planner)
    url = reverse("admin:departments_user_change", args=[planner.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content
    assert b'name="is_staff"' not in page.content

    sysadmin_group = Group.objects.get_or_create(name=Role.SYSTEM_ADMIN)[0]
    client.post(
        url,
        _change_form_data(planner, is_superuser="on", groups=[sysadmin_group.pk]),
    )
    planner.refresh_from_db()
    assert not planner.is_superuser
    assert not planner.groups.filter(name=Role.SYSTEM_ADMIN).exists()


def test_the_planning_office_is_not_offered_the_system_admin_group(client, planner, member):
    _staff(planner)
    client.force_login(planner)
    Group.objects.get_or_create(name=Role.SYSTEM_ADMIN)
    Group.objects.get_or_create(name=Role.REVIEWER)
    page = client.get(reverse("admin:departments_user_change", args=[member.pk]))
    choices = {g.name for g in page.context["adminform"].form.fields["groups"].queryset}
    assert str(Role.REVIEWER) in choices
    assert str(Role.SYSTEM_ADMIN) not in choices
    # … and may still appoint a reviewer.
    reviewer_group = Group.objects.get(name=Role.REVIEWER)
    response = client.post(
        reverse("admin:departments_user_change", args=[member.pk]),
        _change_form_data(member, groups=[reviewer_group.pk]),
    )
    assert response.status_code == 302
    assert member.groups.filter(name=Role.REVIEWER).exists()


def test_the_planning_office_cannot_open_a_superuser_or_a_system_admin(client, planner, sysadmin):
    _staff(planner)
    root = User.objects.create_superuser(username="root", password="pw", employee_number="1")
    client.force_login(planner)
    changelist = client.get(reverse("admin:departments_user_changelist"))
    listed = {u.pk for u in changelist.context["cl"].result_list}
    assert root.pk not in listed
    assert client.get(reverse("admin:departments_user_change", args=[root.pk])).status_code in (
        302,
        404,
    )
    # A system admin's e-mail would let the planning office take the account over.
    response = client.post(
        reverse("admin:departments_user_change", args=[sysadmin.pk]),
        _change_form_data(sysadmin, email="planner@example.go.kr"),
    )
    assert response.status_code == 403
    sysadmin.refresh_from_db()
    assert sysadmin.email != "planner@example.go.kr"


def test_a_system_admin_who_is_not_superuser_cannot_open_a_superuser(client, sysadmin):
    _staff(sysadmin)
    root = User.objects.create_superuser(username="root", password="pw", employee_number="1")
    client.force_login(sysadmin)
    changelist = client.get(reverse("admin:departments_user_changelist"))
    assert root.pk not in {u.pk for u in changelist.context["cl"].result_list}
    assert client.get(reverse("admin:departments_user_change", args=[root.pk])).status_code in (
        302,
        404,
    )


def test_a_system_admin_grants_staff_and_the_system_admin_group(client, sysadmin, member):
    _staff(sysadmin)
    client.force_login(sysadmin)
    group = Group.objects.get_or_create(name=Role.SYSTEM_ADMIN)[0]
    response = client.post(
        reverse("admin:departments_user_change", args=[member.pk]),
        _change_form_data(member, is_staff="on", groups=[group.pk]),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_staff
    assert member.groups.filter(name=Role.SYSTEM_ADMIN).exists()


def test_a_superuser_opens_another_superuser(client):
    root = User.objects.create_superuser(username="root", password="pw", employee_number="1")
    other = User.objects.create_superuser(username="root2", password="pw", employee_number="2")
    client.force_login(root)
    assert client.get(reverse("admin:departments_user_change", args=[other.pk])).status_code == 200


def test_the_planning_office_cannot_add_a_superuser(client, planner):
    _staff(planner)
    client.force_login(planner)
    team = f.TeamFactory()
    data = _change_form_data(
        f.UserFactory.build(team=team), is_superuser="on", is_staff="on", employee_number="9999"
    )
    data["username"] = "newroot"
    client.post(reverse("admin:departments_user_add"), data)
    created = User.objects.filter(username="newroot").first()
    assert created is None or not (created.is_superuser or created.is_staff)
