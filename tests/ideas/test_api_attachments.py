"""Attachments through the API: uploads checked by the service, downloads by the rules."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ideas import services
from ideas.models import IdeaAttachment
from tests.departments import factories as f
from tests.ideas.factories import complete_content

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def idea(season, member):
    return services.idea_create_draft(season=season, by=member, title="벤치마킹 보고서 첨부")


def upload(client, idea, name, content):
    return client.post(
        reverse("idea-attachments", args=[idea.pk]),
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_a_report_is_uploaded_listed_and_downloaded_under_its_own_name(idea, member, leader):
    response = upload(as_user(member), idea, "경남 벤치마킹 결과보고.pdf", PDF)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_name"] == "경남 벤치마킹 결과보고.pdf"
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF)
    assert body["uploaded_by"]["id"] == member.pk

    listed = as_user(leader).get(reverse("idea-attachments", args=[idea.pk])).json()
    assert [a["id"] for a in listed] == [body["id"]]

    download = as_user(leader).get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment;" in download["Content-Disposition"]
    assert "filename*=utf-8''%EA%B2%BD%EB%82%A8" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "올릴 수 없는 파일 형식"),
        ("보고서.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "PDF 형식이 아닙니다"),
        ("빈파일.pdf", b"", "비어"),  # DRF refuses an empty upload itself
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_at_the_file_field(
    idea, member, media, name, content, message
):
    response = upload(as_user(member), idea, name, content)
    assert response.status_code == 400
    assert message in " ".join(response.json()["file"])
    assert not IdeaAttachment.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_a_file_over_the_size_limit_is_refused(idea, member, settings):
    settings.IDEA_ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = upload(as_user(member), idea, "큰보고서.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "파일이 너무 큽니다" in response.json()["file"][0]
    assert not IdeaAttachment.objects.exists()


def test_an_upload_without_a_file_is_refused_at_the_file_field(idea, member):
    response = as_user(member).post(
        reverse("idea-attachments", args=[idea.pk]), {}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()


def test_another_team_cannot_see_download_or_delete_a_drafts_attachment(idea, member):
    attachment = services.attachment_add(
        idea=idea, by=member, uploaded=SimpleUploadedFile("보고서.pdf", PDF)
    )
    other = as_user(f.team_leader())
    assert other.get(reverse("attachment-download", args=[attachment.pk])).status_code == 404
    assert other.get(reverse("attachment-detail", args=[attachment.pk])).status_code == 404
    assert other.delete(reverse("attachment-detail", args=[attachment.pk])).status_code == 404
    assert other.get(reverse("attachment-list")).json()["results"] == []
    assert IdeaAttachment.objects.filter(pk=attachment.pk).exists()


def test_once_submitted_everyone_reads_but_nobody_deletes(idea, member, leader, reviewer):
    attachment = services.attachment_add(
        idea=idea, by=member, uploaded=SimpleUploadedFile("보고서.pdf", PDF)
    )
    services.idea_update_draft(idea=idea, by=member, version=idea.version, **complete_content())
    services.idea_submit(idea=idea, by=leader)
    client = as_user(reviewer)
    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 200
    refused = as_user(leader).delete(reverse("attachment-detail", args=[attachment.pk]))
    assert refused.status_code == 403
    assert "권한" in refused.json()["detail"]


def test_the_team_deletes_a_drafts_attachment(idea, member, media):
    attachment = services.attachment_add(
        idea=idea, by=member, uploaded=SimpleUploadedFile("보고서.pdf", PDF)
    )
    response = as_user(member).delete(reverse("attachment-detail", args=[attachment.pk]))
    assert response.status_code == 204
    assert not IdeaAttachment.objects.exists()


def test_a_missing_file_on_disk_is_a_404_not_a_500(idea, member, media):
    attachment = services.attachment_add(
        idea=idea, by=member, uploaded=SimpleUploadedFile("보고서.pdf", PDF)
    )
    (media / attachment.file.name).unlink()
    response = as_user(member).get(reverse("attachment-download", args=[attachment.pk]))
    assert response.status_code == 404


def test_the_api_download_sends_the_headers_of_the_page_download(idea, member, client):
    body = upload(as_user(member), idea, "결과보고.pdf", PDF).json()
    client.force_login(member)
    page = client.get(reverse("ideas:attachment_download", args=[body["id"]]))
    api = as_user(member).get(body["download_url"])
    for response in (page, api):
        assert response.status_code == 200
        # no type guessed by the browser, no copy kept by a shared cache
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-cache"
