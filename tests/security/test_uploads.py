"""Issue 12, item 8: Office/HWPX ZIP bombs, formats without their own main part and PDFs
that are also HTML are refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import BusinessRuleError
from ideas.attachments import check_upload

MAIN = "application/vnd.openxmlformats-officedocument.%s.main+xml"


def archive(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def content_types(kind: str) -> str:
    return f'<Types><Override PartName="/x" ContentType="{MAIN % kind}"/></Types>'


DOCX = {
    "[Content_Types].xml": content_types("wordprocessingml.document"),
    "word/document.xml": "<w/>",
}
XLSX = {"[Content_Types].xml": content_types("spreadsheetml.sheet"), "xl/workbook.xml": "<w/>"}
PPTX = {"[Content_Types].xml": content_types("presentationml.presentation"), "ppt/p.xml": "<p/>"}
HWPX = {"mimetype": "application/hwp+zip", "Contents/content.hpf": "<c/>"}


@pytest.mark.parametrize(
    ("name", "entries"),
    [("a.docx", DOCX), ("a.xlsx", XLSX), ("a.pptx", PPTX), ("a.hwpx", HWPX)],
)
def test_each_office_format_with_its_own_main_part_is_accepted(name, entries):
    assert check_upload(SimpleUploadedFile(name, archive(entries))).extension == name[2:]


@pytest.mark.parametrize(
    ("name", "entries"),
    [
        ("a.docx", XLSX),  # a workbook renamed
        ("a.xlsx", DOCX),
        ("a.pptx", DOCX),
        ("a.docx", {"[Content_Types].xml": "<Types/>"}),  # no main part at all
        ("a.hwpx", {"mimetype": "application/zip"}),
    ],
)
def test_a_file_without_its_formats_main_part_is_refused(name, entries):
    with pytest.raises(BusinessRuleError, match="형식이 아닌 파일"):
        check_upload(SimpleUploadedFile(name, archive(entries)))


def test_a_zip_bomb_is_refused_by_its_declared_size(settings):
    settings.IDEA_ATTACHMENT_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = archive(DOCX | {"word/media/zeros.bin": b"\0" * (5 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    with pytest.raises(BusinessRuleError, match="압축을 풀면 너무 큰"):
        check_upload(SimpleUploadedFile("bomb.docx", bomb))


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF",
        b"%PDF-1.4\n%\xe2\xe3\n<!DOCTYPE html><body onload=x()>",
        b"%PDF-1.4\n<SVG onload=alert(1)>",
    ],
)
def test_a_pdf_that_is_also_html_is_refused(content):
    with pytest.raises(BusinessRuleError, match="HTML"):
        check_upload(SimpleUploadedFile("report.pdf", content))


def test_an_ordinary_pdf_is_accepted():
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    assert check_upload(SimpleUploadedFile("report.pdf", pdf)).content_type == "application/pdf"
