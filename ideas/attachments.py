"""Checking uploaded files before they are stored: extension, signature and size.

A benchmarking report is a PDF, an HWP/HWPX (한글) file, an Office document or an image.
The extension alone is not trusted: the first bytes must match the format, so a renamed
executable is refused. Stored names are generated; the user's name is kept only as data.

Every kind of attached file (ideas, visits, progress reports, nomination evidence) is
checked by ``check_upload``; the API's upload actions answer through ``upload_response``
and downloads, on a page or through the API, through ``download_response``.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from core.errors import BusinessRuleError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # HWP 5, .doc, .xls, .ppt
ZIP = b"PK\x03\x04"  # HWPX and Office Open XML


@dataclass(frozen=True)
class FileKind:
    content_type: str
    signatures: tuple[bytes, ...]
    zip_member: str | None = None  # an entry an OOXML/HWPX archive must contain
    # What that entry must hold: the format's own main part (OOXML: its content type in
    # [Content_Types].xml; HWPX: the mimetype entry's text), so that a .docx is a document
    # and not a workbook or any other ZIP renamed.
    zip_marker: bytes = b""


OOXML_MAIN = "application/vnd.openxmlformats-officedocument.%s.main+xml"


ALLOWED: dict[str, FileKind] = {
    "pdf": FileKind("application/pdf", (b"%PDF-",)),
    "hwp": FileKind("application/x-hwp", (OLE,)),
    "hwpx": FileKind("application/hwp+zip", (ZIP,), "mimetype", b"application/hwp+zip"),
    "doc": FileKind("application/msword", (OLE,)),
    "xls": FileKind("application/vnd.ms-excel", (OLE,)),
    "ppt": FileKind("application/vnd.ms-powerpoint", (OLE,)),
    "docx": FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
        "[Content_Types].xml",
        (OOXML_MAIN % "wordprocessingml.document").encode(),
    ),
    "xlsx": FileKind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (ZIP,),
        "[Content_Types].xml",
        (OOXML_MAIN % "spreadsheetml.sheet").encode(),
    ),
    "pptx": FileKind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (ZIP,),
        "[Content_Types].xml",
        (OOXML_MAIN % "presentationml.presentation").encode(),
    ),
    "jpg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    "png": FileKind("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def max_attachment_bytes() -> int:
    return getattr(settings, "IDEA_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


def max_unpacked_bytes() -> int:
    """What the entries of an Office/HWPX archive may declare in all, unpacked (a ZIP bomb
    declares gigabytes in a few kilobytes)."""
    return getattr(settings, "IDEA_ATTACHMENT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)


MAX_ZIP_ENTRIES = 5000
# Read of the marker entry, at most: [Content_Types].xml is a few kilobytes.
MARKER_READ_BYTES = 1024 * 1024
# A PDF whose first bytes also read as HTML (a polyglot) would run as a page if a browser
# ever sniffed it; browsers sniff the first 512 bytes, these look a little further.
HTML_SNIFF_BYTES = 1024
HTML_MARKERS = (b"<html", b"<!doctype", b"<script", b"<body", b"<head", b"<iframe", b"<svg")


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def _refuse(message: str) -> BusinessRuleError:
    return BusinessRuleError(message, field="file")


def check_upload(uploaded) -> CheckedFile:
    """Return the facts about an acceptable upload, or raise with a Korean message."""
    name = PurePath(uploaded.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(sorted({k.upper() for k in ALLOWED}))
    if extension not in ALLOWED:
        raise _refuse(
            _("%(name)s: 올릴 수 없는 파일 형식입니다. 올릴 수 있는 형식: %(allowed)s")
            % {"name": name or _("(이름 없음)"), "allowed": allowed}
        )
    limit = max_attachment_bytes()
    if uploaded.size > limit:
        raise _refuse(
            _("%(name)s: 파일이 너무 큽니다(%(size)s MB). %(limit)s MB 이하만 올릴 수 있습니다.")
            % {
                "name": name,
                "size": f"{uploaded.size / 1024 / 1024:.1f}",
                "limit": limit // (1024 * 1024),
            }
        )
    if uploaded.size == 0:
        raise _refuse(_("%(name)s: 빈 파일은 올릴 수 없습니다.") % {"name": name})
    kind = ALLOWED[extension]
    uploaded.seek(0)
    head = uploaded.read(16)
    if not any(head.startswith(sig) for sig in kind.signatures):
        raise _refuse(
            _(
                "%(name)s: 파일 내용이 %(ext)s 형식이 아닙니다. 확장자를 바꾼 파일은 올릴 수 없습니다."
            )
            % {"name": name, "ext": extension.upper()}
        )
    if extension == "pdf":
        uploaded.seek(0)
        start = uploaded.read(HTML_SNIFF_BYTES).lower()
        if any(marker in start for marker in HTML_MARKERS):
            raise _refuse(
                _("%(name)s: HTML 문서이기도 한 PDF 파일은 올릴 수 없습니다.") % {"name": name}
            )
    if kind.zip_member:
        uploaded.seek(0)
        _check_archive(uploaded, name, extension, kind)
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(name, extension, kind.content_type, uploaded.size, digest.hexdigest())


def _check_archive(uploaded, name: str, extension: str, kind: FileKind) -> None:
    """An Office/HWPX file: a readable ZIP of bounded unpacked size holding the format's
    own main part. Only the central directory and one small entry are read."""
    corrupt = _refuse(
        _("%(name)s: 손상되었거나 %(ext)s 형식이 아닌 파일입니다.")
        % {"name": name, "ext": extension.upper()}
    )
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            declared = sum(entry.file_size for entry in entries)
            if len(entries) > MAX_ZIP_ENTRIES or declared > max_unpacked_bytes():
                raise _refuse(
                    _(
                        "%(name)s: 압축을 풀면 너무 큰 파일입니다(%(size)s MB). "
                        "%(limit)s MB 이하만 올릴 수 있습니다."
                    )
                    % {
                        "name": name,
                        "size": f"{declared / 1024 / 1024:,.0f}",
                        "limit": max_unpacked_bytes() // (1024 * 1024),
                    }
                )
            try:
                member = archive.getinfo(kind.zip_member)
            except KeyError:
                raise corrupt from None
            with archive.open(member) as handle:
                text = handle.read(MARKER_READ_BYTES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise corrupt from None
    except RuntimeError:  # an encrypted entry
        raise corrupt from None
    if kind.zip_marker and kind.zip_marker not in text:
        raise corrupt


def generated_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def store_upload(record, uploaded):
    """Check ``uploaded``, then keep it in ``record`` (an ``ideas.models.AttachedFile``)
    under a generated name, with the facts of the check, and save the row.

    The file is written before the row: a rolled-back transaction can leave an orphan file,
    never a row without its file."""
    checked = check_upload(uploaded)
    uploaded.name = generated_name(checked.extension)
    record.original_name, record.size = checked.original_name, checked.size
    record.content_type, record.sha256 = checked.content_type, checked.sha256
    record.file.save(uploaded.name, uploaded, save=False)
    record.save()
    return record


DOWNLOAD_HEADERS = {
    # A browser must not guess a type (an "image" that is really HTML), and no shared cache
    # may keep a file only some people may read.
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-cache",
}


def download_response(record) -> FileResponse:
    """The stored file under the name it was uploaded with (404 when the file is gone), with
    the same headers on every page and API download of an attached file."""
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=record.original_name,  # Django writes filename*=utf-8'' (RFC 5987)
        content_type=record.content_type or "application/octet-stream",
    )
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response


def upload_response(request, *, upload_serializer, store, output_serializer) -> Response:
    """An API upload: check the multipart form with ``upload_serializer``, keep the file
    through the service ``store(uploaded=…, **other fields)`` and answer 201 with the new
    row in ``output_serializer``. A refused file comes back at ``file`` (the service's
    ``BusinessRuleError``, through the API's exception handler)."""
    serializer = upload_serializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    fields = dict(serializer.validated_data)
    record = store(uploaded=fields.pop("file"), **fields)
    return Response(output_serializer(record).data, status=status.HTTP_201_CREATED)
