"""Adding a member to an existing visit (a page), and the visit's files through the API:
uploads checked like an idea's, every role walked through both."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.departments import factories as f
from tests.roles import MANAGERS, ROLES
from tests.visits.factories import group_of, plan
from visits import services
from visits.models import Visit, VisitAttachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def upload(client, visit, name="보고서.pdf", content=PDF, **data):
    return client.post(
        f"/api/v1/visits/{visit.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), **data},
        format="multipart",
    )


@pytest.fixture
def approved(leader, head):
    visit = plan(leader)
    return services.visit_decide(visit=visit, by=head, approve=True)


# Adding a member ---------------------------------------------------------------------------


def test_the_organiser_adds_a_colleague_to_the_group_on_the_page(leader, client):
    visit = plan(leader)
    colleague = f.UserFactory(team=leader.team, full_name="박동행")
    client.force_login(leader)
    page = client.get(f"/visits/{visit.pk}/members/add/")
    assert "박동행" in page.content.decode()
    response = client.post(f"/visits/{visit.pk}/members/add/", {"person": colleague.pk})
    assert response.status_code == 302
    assert list(visit.members.values_list("person", "place")) == [(leader.pk, 1), (colleague.pk, 2)]
    assert "박동행 님을 방문 인원에 더했습니다" in client.get(response.url).content.decode()


def test_a_fifth_member_is_refused_at_the_field_on_the_page_and_nothing_is_saved(leader, client):
    visit = plan(leader, members=group_of(leader, 4))
    fifth = f.UserFactory(team=leader.team)
    client.force_login(leader)
    response = client.post(f"/visits/{visit.pk}/members/add/", {"person": fifth.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors["person"]
    assert "방문 인원은 최대 4명입니다" in errors[0]
    assert visit.members.count() == 4


def test_someone_already_in_the_group_is_not_offered_again(leader, client):
    visit = plan(leader)
    client.force_login(leader)
    response = client.post(f"/visits/{visit.pk}/members/add/", {"person": leader.pk})
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert visit.members.count() == 1


def test_a_reported_visit_takes_no_new_member(leader, head, client):
    visit = plan(leader)
    services.visit_decide(visit=visit, by=head, approve=True)
    services.visit_report(visit=visit, by=leader, seen="a", fit="b", proposals="c")
    client.force_login(leader)
    assert client.get(f"/visits/{visit.pk}/members/add/").status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_member_by_role(role, roles, leader, client):
    """The organiser's team (member, leader) and the planning office; nobody else."""
    visit = plan(leader)
    newcomer = f.UserFactory(team=leader.team)
    client.force_login(roles[role])
    allowed = role in {"team_member", "team_leader"} | MANAGERS
    assert client.get(f"/visits/{visit.pk}/members/add/").status_code == (200 if allowed else 403)
    response = client.post(f"/visits/{visit.pk}/members/add/", {"person": newcomer.pk})
    assert response.status_code == (302 if allowed else 403)
    assert visit.members.filter(person=newcomer).exists() == allowed


# Files through the API ---------------------------------------------------------------------


def test_the_group_uploads_a_report_attachment_everyone_can_read(approved, leader, member, client):
    response = upload(as_user(leader), approved, kind="proof")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_name"] == "보고서.pdf"
    assert body["kind"] == "proof"
    assert body["content_type"] == "application/pdf"
    stored = VisitAttachment.objects.get()
    assert stored.file.name.endswith(".pdf")
    assert "보고서" not in stored.file.name  # stored under a generated name
    listed = as_user(member).get(f"/api/v1/visits/{approved.pk}/attachments/")
    assert [a["id"] for a in listed.json()] == [stored.pk]
    client.force_login(member)
    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-cache"
    assert "보고서.pdf" in client.get(approved.get_absolute_url()).content.decode()


def test_a_renamed_program_is_refused_with_the_reason_at_the_file(approved, leader):
    response = upload(as_user(leader), approved, name="보고서.pdf", content=b"MZ\x90\x00binary")
    assert response.status_code == 400
    assert "PDF 형식이 아닙니다" in response.json()["file"][0]
    response = upload(as_user(leader), approved, name="run.exe", content=b"MZ\x90\x00")
    assert response.status_code == 400
    assert "올릴 수 없는 파일 형식" in response.json()["file"][0]
    assert not VisitAttachment.objects.exists()


def test_an_upload_that_is_not_multipart_is_answered_415(approved, leader):
    response = as_user(leader).post(
        f"/api/v1/visits/{approved.pk}/attachments/", {"file": "x"}, format="json"
    )
    assert response.status_code == 415


def test_a_visit_not_yet_approved_takes_no_file(leader):
    visit = plan(leader)
    assert upload(as_user(leader), visit).status_code == 403


def test_an_unknown_visit_is_answered_404(leader):
    assert upload(as_user(leader), Visit(pk=987654)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_uploading_by_role(role, roles, approved):
    """Only the group (here the team leader who planned it) files the visit's files."""
    response = upload(as_user(roles[role]), approved)
    assert response.status_code == (201 if role == "team_leader" else 403)
    listed = as_user(roles[role]).get(f"/api/v1/visits/{approved.pk}/attachments/")
    assert listed.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_member_through_the_api_by_role(role, roles, leader):
    visit = plan(leader)
    newcomer = f.UserFactory(team=leader.team)
    allowed = role in {"team_member", "team_leader"} | MANAGERS
    response = as_user(roles[role]).post(
        f"/api/v1/visits/{visit.pk}/members/", {"person": newcomer.pk}, format="json"
    )
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert response.json()["members"] == [leader.pk, newcomer.pk]


def test_a_fifth_member_through_the_api_is_a_400_at_members(leader):
    visit = plan(leader, members=group_of(leader, 4))
    response = as_user(leader).post(
        f"/api/v1/visits/{visit.pk}/members/", {"person": f.UserFactory().pk}, format="json"
    )
    assert response.status_code == 400
    assert "최대 4명" in response.json()["members"][0]
    assert visit.members.count() == 4
