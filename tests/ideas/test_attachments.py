import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import BusinessRuleError, PermissionRefused
from ideas import services
from tests.departments import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def idea(season, member):
    return services.idea_create_draft(season=season, by=member, title="벤치마킹 보고서 첨부")


def test_a_pdf_report_is_stored_under_a_generated_name(idea, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("경남 벤치마킹 결과보고.pdf", PDF)
    attachment = services.attachment_add(idea=idea, by=member, uploaded=upload)
    assert attachment.original_name == "경남 벤치마킹 결과보고.pdf"
    assert "경남" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert (tmp_path / attachment.file.name).read_bytes() == PDF
    assert attachment.content_type == "application/pdf"


def test_an_office_document_is_accepted(idea, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("계획.docx", docx_bytes())
    assert services.attachment_add(idea=idea, by=member, uploaded=upload).size > 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "올릴 수 없는 파일 형식"),
        ("보고서.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "PDF 형식이 아닙니다"),
        ("보고서.docx", b"PK\x03\x04not really a zip", "손상되었거나"),
        ("빈파일.pdf", b"", "빈 파일"),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(
    idea, member, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(BusinessRuleError, match=message) as caught:
        services.attachment_add(idea=idea, by=member, uploaded=SimpleUploadedFile(name, content))
    assert caught.value.field == "file"
    assert not idea.attachments.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_it_refuses_a_file_over_the_size_limit(idea, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IDEA_ATTACHMENT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("큰보고서.pdf", PDF + b"0" * 2048)
    with pytest.raises(BusinessRuleError, match="너무 큽니다"):
        services.attachment_add(idea=idea, by=member, uploaded=upload)


def test_a_user_of_another_team_cannot_attach(idea, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(PermissionRefused):
        services.attachment_add(
            idea=idea, by=f.UserFactory(), uploaded=SimpleUploadedFile("a.pdf", PDF)
        )
