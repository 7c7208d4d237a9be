"""Files attached to progress reports: checked by the ideas' upload rules, added by the lead
team while it may edit the report, downloaded by whoever may read it (a draft's files stay
with the owning teams), on the pages and through the API; history kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import HistoryEntry
from rollout import services
from rollout.models import ReportAttachment
from tests.departments.factories import BureauFactory, TeamFactory, bureau_director, team_leader
from tests.roles import ROLES

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
OWNERS = {"team_member", "team_leader"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def report(active_plan):
    return active_plan.reports.order_by("period_end").first()


@pytest.fixture
def people(roles):
    return {
        **roles,
        "other_director": bureau_director(BureauFactory()),
        "other_leader": team_leader(team=TeamFactory()),
    }


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def attach(report, by, name="현장 사진 대장.pdf", content=PDF):
    return services.report_attachment_add(
        report=report, by=by, uploaded=SimpleUploadedFile(name, content)
    )


def test_the_team_attaches_a_file_on_the_report_page_and_sees_it_listed(client, member, report):
    client.force_login(member)
    response = client.post(
        reverse("rollout:report_attachment_upload", args=[report.pk]),
        {"file": SimpleUploadedFile("1분기 회의록.pdf", PDF)},
    )
    assert response.status_code == 302
    page = client.get(reverse("rollout:report_edit", args=[report.pk])).content.decode()
    assert "1분기 회의록.pdf" in page
    attachment = ReportAttachment.objects.get(report=report)
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == member
    entry = HistoryEntry.objects.for_object(report.plan).get(action="report_attachment_added")
    assert entry.data["file"] == "1분기 회의록.pdf"


def test_a_renamed_executable_is_refused_at_the_field_with_the_ideas_rule(client, member, report):
    client.force_login(member)
    response = client.post(
        reverse("rollout:report_attachment_upload", args=[report.pk]),
        {"file": SimpleUploadedFile("결과.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 200
    errors = response.context["attachment_form"].errors["file"]
    assert "PDF 형식이 아닙니다" in errors[0]
    assert 'id="id_file_error"' in response.content.decode()
    assert not ReportAttachment.objects.exists()


def test_a_draft_report_file_stays_with_the_owning_team(client, people, member, report):
    attachment = attach(report, member)
    url = reverse("rollout:report_attachment_download", args=[attachment.pk])
    for name, person in people.items():
        client.force_login(person)
        expected = 200 if name in OWNERS else 404
        assert client.get(url).status_code == expected, name


def test_a_filed_report_file_is_downloaded_by_every_member_of_staff(client, people, leader, report):
    attachment = attach(report, leader)
    services.report_save(report=report, by=leader, done_text="시범 운영 시작")
    services.report_file(report=report, by=leader)
    url = reverse("rollout:report_attachment_download", args=[attachment.pk])
    for name, person in people.items():
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert "filename*=utf-8''" in response["Content-Disposition"]
    # And on the plan page, the file is linked from its report.
    client.force_login(people["other_director"])
    page = client.get(reverse("rollout:plan_detail", args=[report.plan_id])).content.decode()
    assert url in page


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lead_team_adds_or_removes_files_while_the_report_is_open(
    client, roles, member, report, role
):
    attachment = attach(report, member)
    client.force_login(roles[role])
    upload = client.post(
        reverse("rollout:report_attachment_upload", args=[report.pk]),
        {"file": SimpleUploadedFile("추가.pdf", PDF)},
    )
    remove = client.post(reverse("rollout:report_attachment_delete", args=[attachment.pk]))
    if role in OWNERS:
        assert (upload.status_code, remove.status_code) == (302, 302)
        page = client.get(remove.url).content.decode()
        assert "현장 사진 대장.pdf 파일을 지웠습니다." in page
        assert list(ReportAttachment.objects.values_list("original_name", flat=True)) == [
            "추가.pdf"
        ]
    else:
        # A draft is not theirs to see: it does not exist for them.
        assert (upload.status_code, remove.status_code) == (404, 404)
        assert ReportAttachment.objects.count() == 1


def test_files_of_a_filed_report_can_no_longer_be_changed(client, leader, report):
    attachment = attach(report, leader)
    services.report_save(report=report, by=leader, done_text="실적")
    services.report_file(report=report, by=leader)
    client.force_login(leader)
    response = client.post(reverse("rollout:report_attachment_delete", args=[attachment.pk]))
    assert response.status_code == 403
    response = api(leader).post(
        reverse("progress-report-attachments", args=[report.pk]),
        {"file": SimpleUploadedFile("늦은 파일.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 403
    assert ReportAttachment.objects.count() == 1


def test_the_api_uploads_lists_downloads_and_removes_a_file(member, leader, director, report):
    response = api(member).post(
        reverse("progress-report-attachments", args=[report.pk]),
        {"file": SimpleUploadedFile("추진 실적.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_name"] == "추진 실적.pdf"
    assert body["uploaded_by"]["id"] == member.pk
    listed = api(leader).get(reverse("progress-report-attachments", args=[report.pk])).json()
    assert [a["id"] for a in listed] == [body["id"]]
    # The director does not see the draft, nor its files.
    assert api(director).get(body["download_url"]).status_code == 404
    download = api(leader).get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert api(leader).delete(body["download_url"]).status_code == 204
    assert not ReportAttachment.objects.exists()
    assert (
        HistoryEntry.objects.for_object(report.plan)
        .filter(action="report_attachment_removed")
        .exists()
    )


def test_the_api_refuses_a_bad_file_at_the_field(member, report):
    response = api(member).post(
        reverse("progress-report-attachments", args=[report.pk]),
        {"file": SimpleUploadedFile("실행파일.exe", b"MZ\x90\x00")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "올릴 수 없는 파일 형식" in response.json()["file"][0]


def test_the_page_and_api_downloads_send_the_same_safety_headers(client, leader, report):
    attachment = attach(report, leader)
    client.force_login(leader)
    page = client.get(reverse("rollout:report_attachment_download", args=[attachment.pk]))
    api_download = api(leader).get(
        f"/api/v1/progress-reports/{report.pk}/attachments/{attachment.pk}/"
    )
    for response in (page, api_download):
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-cache"
