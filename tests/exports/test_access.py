"""Who may export what, on the page and over the API: every role (and nobody) through every
scope; and a workbook is handed out to the person who asked for it, nobody else.

Only the planning office (and system admins) export a whole season or any bureau; a bureau
director exports their own bureau; a team leader, a team member, a division head and a
reviewer export nothing. Refused requests leave no job behind.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.errors import PermissionRefused
from exports import services
from exports.models import ExportJob
from ideas.models import Season
from tests.roles import MANAGERS, ROLES

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def expected(managers: int, director: int, others: int, anonymous: int) -> dict[str, int]:
    return (
        dict.fromkeys(ROLES, others)
        | dict.fromkeys(MANAGERS, managers)
        | {"bureau_director": director, "anonymous": anonymous}
    )


def scope_of(world, scope: str):
    return {"season": None, "own bureau": world.own, "other bureau": world.other}[scope]


# The page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_the_export_page_is_for_the_planning_office_and_bureau_directors(client, roles, role):
    if role != "anonymous":
        client.force_login(roles[role])
    response = client.get(reverse("exports:job_list"))
    assert response.status_code == expected(200, 200, 403, 302)[role]


# POST from the page: 302 to the download (a small workbook is built at once); 400 when
# the form does not offer the scope (a director's form offers their own bureau only); 403
# for those who may not export at all; anonymous callers go to the log-in page (302).
PAGE_CASES = {
    "season": expected(managers=302, director=400, others=403, anonymous=302),
    "own bureau": expected(managers=302, director=302, others=403, anonymous=302),
    "other bureau": expected(managers=302, director=400, others=403, anonymous=302),
}


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("scope", list(PAGE_CASES))
def test_each_role_exports_exactly_the_scopes_the_rules_allow_on_the_page(
    client, roles, world, role, scope
):
    if role != "anonymous":
        client.force_login(roles[role])
    bureau = scope_of(world, scope)
    data = {"season": world.season.pk, "bureau": bureau.pk if bureau else ""}
    response = client.post(reverse("exports:job_list"), data)
    assert response.status_code == PAGE_CASES[scope][role], (scope, role)
    jobs = ExportJob.objects.all()
    if response.status_code == 302 and role != "anonymous":
        job = jobs.get()
        assert response.url == reverse("exports:download", args=[job.pk])
        assert (job.requested_by, job.bureau) == (roles[role], bureau)
        assert job.status == ExportJob.Status.DONE
    else:
        assert not jobs.exists()


API_CASES = {
    "season": expected(managers=201, director=403, others=403, anonymous=401),
    "own bureau": expected(managers=201, director=201, others=403, anonymous=401),
    "other bureau": expected(managers=201, director=403, others=403, anonymous=401),
}


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("scope", list(API_CASES))
def test_each_role_exports_exactly_the_scopes_the_rules_allow_over_the_api(
    roles, world, role, scope
):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(roles[role])
    bureau = scope_of(world, scope)
    data = {"season": world.season.pk, "bureau": bureau.pk if bureau else None}
    response = client.post(reverse("exportjob-list"), data, format="json")
    assert response.status_code == API_CASES[scope][role], (scope, role, response.content)
    if response.status_code == 403:
        # The refusal says why, in Korean.
        assert any("\uac00" <= ch <= "\ud7a3" for ch in response.json()["detail"])
    if response.status_code == 201:
        body = response.json()
        assert body["status"] == "done"
        assert body["download_url"] == reverse("exportjob-download", args=[body["id"]])
    else:
        assert not ExportJob.objects.exists()


def test_a_bureau_director_cannot_export_another_bureau(world, director):
    with pytest.raises(PermissionRefused, match="다른 실·국"):
        services.export_request(season=world.season, bureau=world.other, by=director)
    with pytest.raises(PermissionRefused, match="기획조정실만"):
        services.export_request(season=world.season, bureau=None, by=director)
    assert not ExportJob.objects.exists()


def test_a_team_leader_cannot_export_at_all(world, leader):
    for bureau in (None, world.own, world.other):
        with pytest.raises(PermissionRefused, match="기획조정실과 실·국장만"):
            services.export_request(season=world.season, bureau=bureau, by=leader)
    assert not ExportJob.objects.exists()


def test_a_bureau_director_cannot_export_a_season_in_preparation(world, director, planner):
    Season.objects.filter(pk=world.season.pk).update(status=Season.Status.DRAFT)
    world.season.refresh_from_db()
    with pytest.raises(PermissionRefused, match="준비 중인 시즌"):
        services.export_request(season=world.season, bureau=world.own, by=director)
    # The planning office prepares the season and may export it.
    assert services.export_request(season=world.season, by=planner).status == "done"


def test_the_director_is_offered_their_own_bureau_only(client, world, director):
    client.force_login(director)
    html = client.get(reverse("exports:job_list")).content.decode()
    bureau_select = re.search(r'<select name="bureau".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d+)"', bureau_select) == [str(world.own.pk)]
    assert "selected" in bureau_select
    assert "시즌 전체" not in bureau_select


def test_the_planning_office_is_offered_the_bureaus_in_operation_in_briefing_order(
    client, world, planner
):
    from departments.models import Bureau
    from tests.departments.factories import BureauFactory

    BureauFactory(name="폐지된국", is_active=False, deactivated_at=timezone.now())
    first = BureauFactory(name="가장앞국", display_order=0)  # made last, listed first
    client.force_login(planner)
    html = client.get(reverse("exports:job_list")).content.decode()
    bureau_select = re.search(r'<select name="bureau".*?</select>', html, re.S).group(0)
    offered = re.findall(r'<option value="(\d+)"', bureau_select)
    expected = Bureau.objects.filter(is_active=True).order_by("display_order", "name")
    assert offered == [str(pk) for pk in expected.values_list("pk", flat=True)]
    assert offered[0] == str(first.pk)
    assert "폐지된국" not in bureau_select
    assert "시즌 전체" in bureau_select


# Fetching a workbook ---------------------------------------------------------------------


@pytest.fixture
def planners_job(world, planner):
    return services.export_request(season=world.season, by=planner)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_a_download_link_works_only_for_the_person_who_asked(client, roles, planners_job, role):
    if role != "anonymous":
        client.force_login(roles[role])
    for name in ("exports:download", "exports:job_detail", "exports:job_status"):
        response = client.get(reverse(name, args=[planners_job.pk]))
        want = {"planning_office": 200, "anonymous": 302}.get(role, 404)
        assert response.status_code == want, (name, role)
        if role == "anonymous":
            assert response.url.startswith(reverse("login"))
    if role == "planning_office":
        response = client.get(reverse("exports:download", args=[planners_job.pk]))
        assert response["Content-Type"] == XLSX
        assert b"".join(response.streaming_content).startswith(b"PK")


def test_another_planner_cannot_use_a_planners_download_link(client, planners_job):
    from departments.models import Role
    from tests.departments.factories import with_role

    colleague = with_role(Role.PLANNING_OFFICE)  # same role, same rights, not the requester
    client.force_login(colleague)
    assert client.get(reverse("exports:download", args=[planners_job.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(colleague)
    assert api.get(reverse("exportjob-download", args=[planners_job.pk])).status_code == 404
    assert api.get(reverse("exportjob-detail", args=[planners_job.pk])).status_code == 404
    assert api.get(reverse("exportjob-list")).json()["count"] == 0


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_the_api_hands_a_workbook_only_to_the_person_who_asked(roles, planners_job, role):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(roles[role])
    response = client.get(reverse("exportjob-download", args=[planners_job.pk]))
    assert response.status_code == {"planning_office": 200, "anonymous": 401}.get(role, 404)
    if role == "planning_office":
        assert response["Content-Type"] == XLSX
        assert "filename*=utf-8''" in response["Content-Disposition"]
    listed = client.get(reverse("exportjob-list"))
    if role != "anonymous":
        ids = [job["id"] for job in listed.json()["results"]]
        assert ids == ([planners_job.pk] if role == "planning_office" else [])


def test_the_export_page_speaks_english_too(client, planner, settings):
    client.force_login(planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("exports:job_list")).content.decode()
    assert '<h1 class="app-title">Excel exports</h1>' in html
    assert "Download as Excel" in html
    assert "Whole season (all bureaus)" in html


def test_the_overview_pages_link_to_their_export(client, world, planner, director):
    client.force_login(planner)
    season_page = client.get(reverse("ideas:season_overview", args=[world.season.pk]))
    assert f"{reverse('exports:job_list')}?season={world.season.pk}" in season_page.content.decode()
    client.force_login(director)
    bureau_page = client.get(reverse("ideas:bureau_overview"), {"season": world.season.pk})
    link = f"{reverse('exports:job_list')}?season={world.season.pk}&amp;bureau={world.own.pk}"
    assert link in bureau_page.content.decode()
