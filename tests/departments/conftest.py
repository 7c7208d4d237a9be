"""Sheets for the org chart import, built in memory with openpyxl."""

from io import BytesIO

import pytest
from openpyxl import Workbook

HEADER = ["실·국", "과", "팀", "사번", "성명", "이메일", "직위"]


def build_xlsx(rows, *, header=HEADER, title_rows=()) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append(title)
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "orgchart.xlsx"
    return buffer


def org_rows(count: int, *, team_size: int = 10, first_number: int = 10_000) -> list[list]:
    """``count`` people in teams of ``team_size`` (the first of each a leader), five teams to
    a division and four divisions to a bureau."""
    rows = []
    for i in range(count):
        team = i // team_size
        division = team // 5
        bureau = division // 4
        rows.append(
            [
                f"시험{bureau}국",
                f"시험{division}과",
                f"시험{team}팀",
                str(first_number + i),
                f"김시험{i}",
                f"p{i}@jeonbuk.example",
                "팀장" if i % team_size == 0 else "팀원",
            ]
        )
    return rows


@pytest.fixture
def make_xlsx():
    return build_xlsx


@pytest.fixture
def make_rows():
    return org_rows
