"""Evidence behind a nomination: uploaded on the nomination page or through the API,
checked like an idea's attachments (a refused file saves nothing), and downloaded by
whoever may read the nomination."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from awards import services
from awards.models import Nomination
from core.models import HistoryEntry
from tests.awards.factories import open_round

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()]


def nominate_on_page(client, award_round, director, name, content):
    return client.post(
        f"/awards/{award_round.pk}/nominate/",
        {
            "bureau": director.bureau.pk,
            "citation": "규제 과제 482건 발굴",
            "evidence": SimpleUploadedFile(name, content),
        },
    )


def test_a_director_attaches_evidence_on_the_page_and_the_round_links_it(
    planner, director, client, media
):
    award_round = open_round(planner)
    client.force_login(director)
    response = nominate_on_page(client, award_round, director, "성과 보고서.pdf", PDF)
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.evidence_name == "성과 보고서.pdf"
    assert "성과 보고서" not in nomination.evidence.name  # stored under a generated name
    page = client.get(f"/awards/{award_round.pk}/")
    assert f"/awards/nominations/{nomination.pk}/evidence/" in page.content.decode()
    download = client.get(f"/awards/nominations/{nomination.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content"),
    [("setup.exe", EXE), ("성과 보고서.pdf", EXE)],
    ids=["executable", "fake-pdf"],
)
def test_a_refused_file_on_the_page_is_named_at_the_field_and_nothing_is_saved(
    planner, director, client, media, name, content
):
    award_round = open_round(planner)
    client.force_login(director)
    response = nominate_on_page(client, award_round, director, name, content)
    assert response.status_code == 200
    message = response.context["form"].errors["evidence"][0]
    assert name in message
    assert "올릴 수 없" in message
    assert not Nomination.objects.exists()
    assert stored_files(media) == []


def test_a_director_uploads_evidence_through_the_api(planner, director, media):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=director, bureau=director.bureau, citation="성과"
    )
    response = as_user(director).post(
        f"/api/v1/nominations/{nomination.pk}/evidence/",
        {"evidence": SimpleUploadedFile("증빙.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["evidence_name"] == "증빙.pdf"
    url = response.json()["evidence_url"]
    assert url == f"/awards/nominations/{nomination.pk}/evidence/"
    assert HistoryEntry.objects.filter(action="evidence_added").count() == 1


def test_a_fake_pdf_through_the_api_is_refused_at_evidence_and_nothing_is_saved(
    planner, director, media
):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=director, bureau=director.bureau, citation="성과"
    )
    response = as_user(director).post(
        f"/api/v1/nominations/{nomination.pk}/evidence/",
        {"evidence": SimpleUploadedFile("증빙.pdf", EXE)},
        format="multipart",
    )
    assert response.status_code == 400
    assert "PDF 형식이 아닙니다" in response.json()["evidence"][0]
    nomination.refresh_from_db()
    assert not nomination.evidence
    assert nomination.evidence_name == ""
    assert stored_files(media) == []


def test_only_who_may_nominate_the_unit_uploads_and_json_is_refused(
    planner, director, leader, media
):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round, by=director, bureau=director.bureau, citation="성과"
    )
    url = f"/api/v1/nominations/{nomination.pk}/evidence/"
    refused = as_user(leader).post(
        url, {"evidence": SimpleUploadedFile("증빙.pdf", PDF)}, format="multipart"
    )
    assert refused.status_code in (403, 404)
    as_json = as_user(director).post(url, {"evidence": "x"}, format="json")
    assert as_json.status_code == 415
    assert stored_files(media) == []


def test_the_evidence_is_downloaded_by_who_may_read_the_nomination_only(
    planner, director, leader, client, media
):
    award_round = open_round(planner)
    nomination = services.nomination_create(
        award_round=award_round,
        by=director,
        bureau=director.bureau,
        citation="성과",
        evidence=SimpleUploadedFile("증빙.pdf", PDF),
    )
    url = f"/awards/nominations/{nomination.pk}/evidence/"
    client.force_login(planner)
    assert client.get(url).status_code == 200
    client.force_login(leader)  # the round is not announced: staff do not read it
    refused = client.get(url)
    assert refused.status_code == 403
    client.logout()
    assert client.get(url).status_code in (302, 403)
