import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory
from tests.visits.factories import plan, programme
from visits import reports, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_visits(leader, head):
    SeasonFactory()
    prog = programme(2022)
    first = plan(leader, prog=prog, institution="싱가포르 주택개발청", location="싱가포르")
    services.visit_decide(visit=first, by=head, approve=True)
    services.visit_report(
        visit=first, by=leader, seen="공공주택", fit="스마트시티", proposals="도입"
    )
    services.visit_derive_idea(visit=first, by=leader, title="스마트 주택 관리")
    plan(leader, prog=prog, institution="행정안전부", location="세종")
    plan(f.team_leader(), prog=programme(2021), institution="작년기관")
    return prog


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_the_year_end_pdf_names_the_years_visits_and_derived_ideas(year_visits, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(reports.year_report_pdf(year=2022))
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "2022년 벤치마킹 성과보고서" in text
    assert "싱가포르 주택개발청" in text
    assert "행정안전부" in text
    assert "스마트 주택 관리" in text
    assert "작년기관" not in text


def test_the_year_end_workbook_lists_the_years_visits(year_visits, client, member):
    client.force_login(member)
    response = client.get("/visits/report.xlsx?year=2022")
    assert response.status_code == 200
    import io

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "싱가포르 주택개발청" in cells
    assert "행정안전부" in cells
    assert "작년기관" not in cells


def test_every_member_of_staff_reads_the_year_end_pdf(year_visits, client, member):
    client.force_login(member)
    response = client.get("/visits/report.pdf?year=2022")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
