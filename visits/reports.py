"""The year-end benchmarking report: a PDF (WeasyPrint, with a Korean font embedded) and an
Excel workbook, compiled from the year's visits, lessons and derived ideas."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl.workbook import Workbook

from exports.cells import Column, SheetWriter
from visits import selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_CANDIDATES = [
    Path(settings.BASE_DIR) / "static/vendor/krds/fonts/PretendardGOV-Regular.subset.woff2",
    Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
]


def _font_urls() -> list[str]:
    return [p.as_uri() for p in FONT_CANDIDATES if p.exists()]


def year_report_pdf(*, year: int) -> bytes:
    from weasyprint import HTML

    context = selectors.year_report(year=year) | {"font_urls": _font_urls()}
    for visit in context["visits"]:
        for idea in visit.ideas:
            idea.outcome_label = selectors.idea_outcome(idea)
    html = render_to_string("visits/year_report_pdf.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def year_report_pdf_response(*, year: int) -> HttpResponse:
    response = HttpResponse(year_report_pdf(year=year), content_type="application/pdf")
    filename = _("벤치마킹_성과보고서_%(year)d.pdf") % {"year": year}
    response["Content-Disposition"] = f"inline; filename*=utf-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def year_report_xlsx_response(*, year: int) -> FileResponse:
    report = selectors.year_report(year=year)
    workbook = Workbook(write_only=True)
    sheet = SheetWriter(
        workbook,
        _("방문"),
        [
            Column(_("출발일"), 12, "yyyy-mm-dd"),
            Column(_("팀"), 16),
            Column(_("방문 기관"), 24),
            Column(_("기관 유형"), 12),
            Column(_("방문 지역"), 14),
            Column(_("정책 분야"), 14),
            Column(_("우리 현안에 맞는 점"), 40),
            Column(_("파생 아이디어"), 40),
        ],
        preamble=[_("%(year)d년 벤치마킹 성과보고서") % {"year": year}],
    )
    for visit in report["visits"]:
        ideas = "; ".join(f"{i.title} ({selectors.idea_outcome(i)})" for i in visit.ideas)
        sheet.append(
            [
                visit.starts_on,
                visit.team_name,
                visit.institution,
                visit.get_institution_kind_display(),
                visit.location,
                visit.policy_area,
                visit.report_fit,
                ideas,
            ]
        )
    sheet.finish()
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_("벤치마킹_성과보고서_%(year)d.xlsx") % {"year": year},
        content_type=XLSX,
    )
