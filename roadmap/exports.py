"""Excel of a roadmap version (goals, tasks, units, indicators by year) and of a survey's
results, through the exports app's formula-safe, write-only ``SheetWriter``."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from exports.cells import INTEGER, SCORE, Column, SheetWriter
from roadmap import selectors
from roadmap.models import RoadmapVersion, Survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def roadmap_workbook(version: RoadmapVersion) -> Workbook:
    workbook = Workbook(write_only=True)
    tasks = list(selectors.tasks(version=version))
    years = sorted({v.year for t in tasks for v in t.indicator_values.all()})
    sheet = SheetWriter(
        workbook,
        _("과제"),
        [
            Column(_("목표"), 30),
            Column(_("과제 번호"), 8),
            Column(_("과제"), 40),
            Column(_("상태"), 10),
            Column(_("추진 부서"), 30),
            Column(_("책임자"), 12),
            Column(_("연계 아이디어 수"), 10, INTEGER),
        ],
        preamble=[f"{version.title} {version.number}"],
    )
    for t in tasks:
        units = ", ".join(
            f"{u.division.name}{' (' + _('주관') + ')' if u.is_lead else ''}" for u in t.units.all()
        )
        sheet.append(
            [
                f"{t.goal.number}. {t.goal.title}",
                f"{t.goal.number}-{t.number}",
                t.title,
                t.get_status_display(),
                units,
                t.responsible.full_name if t.responsible else "",
                t.idea_count,
            ]
        )
    sheet.finish()
    columns = [
        Column(_("과제 번호"), 8),
        Column(_("성과지표"), 30),
        Column(_("단위"), 8),
        Column(_("방향"), 12),
        Column(_("기준값"), 10, SCORE),
    ]
    for year in years:
        columns += [
            Column(_("%(year)s 목표") % {"year": year}, 10, SCORE),
            Column(_("%(year)s 실적") % {"year": year}, 10, SCORE),
        ]
    indicators = SheetWriter(workbook, _("성과지표"), columns)
    for t in tasks:
        by_year = {v.year: v for v in t.indicator_values.all()}
        row = [
            f"{t.goal.number}-{t.number}",
            t.indicator_name,
            t.indicator_unit,
            t.get_indicator_direction_display(),
            t.indicator_baseline,
        ]
        for year in years:
            value = by_year.get(year)
            row += [value.target if value else None, value.actual if value else None]
        indicators.append(row)
    indicators.finish()
    return workbook


def roadmap_response(version: RoadmapVersion) -> HttpResponse:
    return _response(roadmap_workbook(version), f"로드맵_{version.number}.xlsx")


def survey_workbook(survey: Survey) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = SheetWriter(
        workbook,
        _("설문 결과"),
        [
            Column(_("번호"), 6, INTEGER),
            Column(_("질문"), 50),
            *[Column(str(i), 6, INTEGER) for i in range(1, 6)],
            Column(_("응답 수"), 8, INTEGER),
            Column(_("평균"), 8, SCORE),
        ],
        preamble=[survey.title],
    )
    texts = SheetWriter(workbook, _("서술 응답"), [Column(_("질문"), 40), Column(_("응답"), 80)])
    for result in selectors.survey_results(survey=survey):
        if result["kind"] == "scale":
            sheet.append(
                [
                    result["order"],
                    result["text"],
                    *result["counts"],
                    result["total"],
                    result["average"],
                ]
            )
        for text in result["texts"]:
            texts.append([result["text"], text])
    sheet.finish()
    texts.finish()
    return workbook


def survey_response(survey: Survey) -> HttpResponse:
    return _response(survey_workbook(survey), f"설문결과_{survey.pk}.xlsx")
