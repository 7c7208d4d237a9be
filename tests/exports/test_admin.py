"""The export jobs admin: the planning office and system admins read it; nobody changes it there."""

import pytest
from django.urls import reverse

from exports.models import ExportJob
from tests.ideas.factories import SeasonFactory
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_and_system_admins_open_the_export_jobs_admin(
    client, roles, role, planner
):
    job = ExportJob.objects.create(requested_by=planner, season=SeasonFactory())
    client.force_login(staff(roles[role]))
    expected = 200 if role in MANAGERS else 403
    for url in [
        reverse("admin:exports_exportjob_changelist"),
        reverse("admin:exports_exportjob_change", args=[job.pk]),
    ]:
        assert client.get(url).status_code == expected, url


def test_export_jobs_are_read_only_in_the_admin(client, planner):
    client.force_login(staff(planner))
    assert client.get(reverse("admin:exports_exportjob_add")).status_code == 403
