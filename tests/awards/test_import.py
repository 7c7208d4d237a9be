import io

import pytest
from openpyxl import Workbook

from awards import importer
from awards.models import AwardRound, Nomination, PointEntry
from awards.services import grades_ensure_defaults
from tests.departments import factories as f

pytestmark = pytest.mark.django_db

HEADER = ["회차", "대상 기간 시작", "대상 기간 끝", "시상일", "실·국", "과", "등급", "공적 내용"]


def sheet(rows):
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


@pytest.fixture
def org(db):
    grades_ensure_defaults()
    office = f.BureauFactory(name="기업유치지원실")
    f.DivisionFactory(bureau=office, name="투자금융과")
    f.DivisionFactory(bureau=office, name="일자리경제정책관")
    f.BureauFactory(name="인재개발원", kind="agency")
    return office


def test_a_valid_sheet_makes_announced_rounds_with_their_winners_and_unit_points(org, planner):
    result = importer.import_past_winners(
        file=sheet(
            [
                [
                    "2017년 1월",
                    "2017-01-01",
                    "2017-01-31",
                    "2017-02-10",
                    "기업유치지원실",
                    "투자금융과",
                    "최우수",
                    "탄소",
                ],
                [
                    "2017년 1월",
                    "2017-01-01",
                    "2017-01-31",
                    "2017-02-10",
                    "인재개발원",
                    "",
                    "우수",
                    "상생",
                ],
                [
                    "2017년 2월",
                    "2017-02-01",
                    "2017-02-28",
                    "2017-03-10",
                    "기업유치지원실",
                    "일자리경제정책관",
                    "공로상",
                    "일자리",
                ],
            ]
        ),
        by=planner,
    )
    assert result.ok, result.errors
    assert result.rounds == 2
    assert result.winners == 3
    assert AwardRound.objects.filter(status="announced", imported=True).count() == 2
    assert set(Nomination.objects.values_list("unit_name", flat=True)) == {
        "투자금융과",
        "인재개발원",
        "일자리경제정책관",
    }
    assert PointEntry.objects.unit().filter(year=2017).count() == 3


def test_bad_rows_are_all_listed_and_nothing_is_saved(org, planner):
    result = importer.import_past_winners(
        file=sheet(
            [
                [
                    "2017년 1월",
                    "2017-01-01",
                    "2017-01-31",
                    "2017-02-10",
                    "기업유치지원실",
                    "투자금융과",
                    "최우수",
                    "ok",
                ],
                ["2017년 1월", "어제", "2017-01-31", "2017-02-10", "없는국", "", "대상", "x"],
                [
                    "2017년 1월",
                    "2017-01-01",
                    "2017-01-31",
                    "2017-02-10",
                    "기업유치지원실",
                    "투자금융과",
                    "우수",
                    "dup",
                ],
            ]
        ),
        by=planner,
    )
    assert not result.ok
    assert {(e.row, e.field) for e in result.errors} == {
        (3, "period_start"),
        (3, "bureau"),
        (3, "grade"),
        (4, "division"),
    }
    assert not AwardRound.objects.exists()
    assert not PointEntry.objects.exists()


def test_a_sheet_without_the_needed_columns_is_refused(org, planner):
    book = Workbook()
    book.active.append(["이름"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    result = importer.import_past_winners(file=data, by=planner)
    assert result.errors[0].field == "file"


def test_the_import_page_lists_bad_rows(org, planner, client):
    client.force_login(planner)
    upload = sheet(
        [["2017년 1월", "x", "2017-01-31", "2017-02-10", "기업유치지원실", "", "최우수", ""]]
    )
    upload.name = "past.xlsx"
    response = client.post("/awards/import/", {"file": upload})
    assert response.status_code == 400
    assert "2행" in response.content.decode()
    assert not AwardRound.objects.exists()


def test_only_the_planning_office_imports(org, member, client):
    client.force_login(member)
    assert client.get("/awards/import/").status_code == 403
