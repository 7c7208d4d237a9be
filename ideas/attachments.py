"""Checking uploaded files before they are stored: extension, signature and size.

A benchmarking report is a PDF, an HWP/HWPX (한글) file, an Office document or an image.
The extension alone is not trusted: the first bytes must match the format, so a renamed
executable is refused. Stored names are generated; the user's name is kept only as data.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import BusinessRuleError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # HWP 5, .doc, .xls, .ppt
ZIP = b"PK\x03\x04"  # HWPX and Office Open XML


@dataclass(frozen=True)
class FileKind:
    content_type: str
    signatures: tuple[bytes, ...]
    zip_member: str | None = None  # an entry an OOXML/HWPX archive must contain


ALLOWED: dict[str, FileKind] = {
    "pdf": FileKind("application/pdf", (b"%PDF-",)),
    "hwp": FileKind("application/x-hwp", (OLE,)),
    "hwpx": FileKind("application/hwp+zip", (ZIP,), "mimetype"),
    "doc": FileKind("application/msword", (OLE,)),
    "xls": FileKind("application/vnd.ms-excel", (OLE,)),
    "ppt": FileKind("application/vnd.ms-powerpoint", (OLE,)),
    "docx": FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
        "[Content_Types].xml",
    ),
    "xlsx": FileKind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (ZIP,),
        "[Content_Types].xml",
    ),
    "pptx": FileKind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (ZIP,),
        "[Content_Types].xml",
    ),
    "jpg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    "png": FileKind("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def max_attachment_bytes() -> int:
    return getattr(settings, "IDEA_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


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
    if kind.zip_member:
        uploaded.seek(0)
        try:
            with zipfile.ZipFile(uploaded) as archive:
                ok = kind.zip_member in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        if not ok:
            raise _refuse(
                _("%(name)s: 손상되었거나 %(ext)s 형식이 아닌 파일입니다.")
                % {"name": name, "ext": extension.upper()}
            )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(name, extension, kind.content_type, uploaded.size, digest.hexdigest())


def generated_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"
