"""The planning office and a bureau director take their Excel summaries home, on the demo.

A small workbook downloads straight from the form; a large one shows its progress on its
own page, which follows the job (htmx polling) until the download button appears.
"""

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from departments.models import User
from exports import services
from exports.models import ExportJob
from ideas.models import Idea, Season
from tests.browser.helpers import fits_in_360_px, open_menu_item, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_planning_office_downloads_a_season_and_follows_a_large_one(
    page: Page, live_server, demo, shoot, tmp_path
):
    s1 = Season.objects.get(code="S1")
    sign_in(page, live_server.url, "planner")
    open_menu_item(page, "엑셀 내보내기")
    expect(page.get_by_role("heading", level=1)).to_have_text("엑셀 내보내기")
    page.get_by_label("시즌", exact=True).select_option(str(s1.pk))
    with page.expect_download() as download:
        page.get_by_role("button", name="엑셀로 내려받기").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("S1 도정혁신 벤치마킹 시즌1 요약(전체)")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "요약",
        "아이디어",
        "심사 평가 1차",
        "심사 평가 2차",
        "도지사 지시사항",
        "제출 예외",
        "추진 현황",
    ]
    submitted = Idea.objects.visible_in_library().filter(season=s1).count()
    assert workbook["아이디어"].max_row == submitted + 1

    # A large workbook (made here as a queued job) on its page: progress, then the file.
    planner = User.objects.get(username="planner")
    job = ExportJob.objects.create(requested_by=planner, season=s1, rows_total=5_000)
    page.reload()
    recent = page.get_by_role("table", name="내가 요청한 엑셀 파일")
    expect(recent).to_contain_text("대기 중")
    shoot("exports-list")
    assert fits_in_360_px(page) == []
    recent.get_by_role("link", name="진행 0% 보기").click()
    expect(page.get_by_role("status")).to_contain_text("차례를 기다리고 있습니다")
    shoot("exports-job-waiting")
    services.export_build(job_id=job.pk)  # the Celery worker's part
    expect(page.get_by_role("status")).to_contain_text("다 만들었습니다", timeout=10_000)
    shoot("exports-job-done")
    assert fits_in_360_px(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="엑셀 파일 내려받기").click()
    download.value.save_as(tmp_path / "large.xlsx")
    assert openpyxl.load_workbook(tmp_path / "large.xlsx")["요약"]["A1"].value == (
        "도정혁신 벤치마킹 시즌1 실·국별 요약"
    )


def test_a_bureau_director_downloads_their_own_bureau(page: Page, live_server, demo, tmp_path):
    director = User.objects.get(username="director")
    s1 = Season.objects.get(code="S1")
    sign_in(page, live_server.url, "director")
    open_menu_item(page, "엑셀 내보내기")
    page.get_by_label("시즌", exact=True).select_option(str(s1.pk))
    expect(page.get_by_label("범위", exact=True)).to_have_value(str(director.bureau_id))
    with page.expect_download() as download:
        page.get_by_role("button", name="엑셀로 내려받기").click()
    download.value.save_as(tmp_path / "bureau.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "bureau.xlsx")
    bureaus = {row[1] for row in workbook["아이디어"].iter_rows(min_row=2, values_only=True)}
    assert bureaus == {director.bureau.name}
    assert "심사 평가 1차" not in workbook.sheetnames  # scores stay blind to directors
