"""Rollout in Excel: the sheet of the season workbook and the board's own workbook."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rollout import services
from tests.departments.factories import BureauFactory, bureau_director
from tests.rollout import factories as rof

pytestmark = pytest.mark.django_db


def sheet_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = workbook["추진 현황"]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_rollout_workbook_lists_the_callers_plans_with_kpis_and_last_report(
    client, leader, director, active_plan
):
    kpi = services.kpi_add(
        plan=active_plan, by=leader, name="참여 인원", unit="명", baseline=0, target=100
    )
    report = active_plan.reports.first()
    services.report_save(
        report=report, by=leader, done_text="실적", progress_percent=40, actuals={kpi.pk: 35}
    )
    services.report_file(report=report, by=leader)
    rof.filed_plan()  # another bureau's
    client.force_login(director)
    header, *data = sheet_rows(client.get(reverse("rollout:board_workbook")))
    assert header[4] == "아이디어 제목"
    assert len(data) == 1
    assert data[0][13] == 40
    assert data[0][15] == "참여 인원 35/100명"


def test_a_formula_like_title_stays_text(client, planner):
    decision = rof.published_adoption()
    idea = decision.idea
    idea.title = '=HYPERLINK("http://x","y")'
    idea.save()
    client.force_login(planner)
    header, *data = sheet_rows(client.get(reverse("rollout:board_workbook")))
    assert data[0][4] == '=HYPERLINK("http://x","y")'
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("rollout:board_workbook")).streaming_content))
    )
    assert workbook["추진 현황"]["E2"].data_type == "s"


def test_someone_with_no_plans_gets_an_empty_sheet(client):
    client.force_login(bureau_director(BureauFactory()))
    rof.filed_plan()
    header, *data = sheet_rows(client.get(reverse("rollout:board_workbook")))
    assert data == []
