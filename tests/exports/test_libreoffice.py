"""The workbook opens in a real spreadsheet program, not only in the library that wrote it:
LibreOffice Calc (Debian's ``libreoffice-calc-nogui``, installed by ``make test`` and
``.ci/run``) converts it headless to PDF and to CSV, and reads the formula-like title as
the text it is."""

import csv
import io
import os
import re
import shutil
import subprocess

import pytest

from exports.workbooks import build_workbook
from tests.exports.conftest import HYPERLINK

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice")


@pytest.fixture
def soffice(tmp_path):
    """Run ``soffice --headless`` with a profile of its own, so parallel tests (and a
    LibreOffice open on the desktop) do not share one."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    profile = (tmp_path / "lo-profile").as_uri()

    def convert(source, target: str):
        result = subprocess.run(  # noqa: S603 (fixed program, our own file names)
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path / "out"),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return tmp_path / "out"

    return convert


@pytest.fixture
def xlsx(world, planner, tmp_path):
    path = tmp_path / "시즌요약.xlsx"
    with path.open("wb") as out:
        build_workbook(scope=world.scope(), user=planner, out=out)
    return path


def test_libreoffice_converts_the_workbook_to_pdf(soffice, xlsx):
    out = soffice(xlsx, "pdf")
    pdf = (out / "시즌요약.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    # The summary's table and its charts, then at least a page for each other sheet.
    assert len(pages) >= 6


def test_libreoffice_reads_every_sheet_and_keeps_a_formula_like_title_as_text(soffice, xlsx, world):
    # Filter options: comma-separated, UTF-8 (76), one file per sheet (the last -1).
    out = soffice(
        xlsx, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    )
    sheets = {path.stem.split("-", 1)[1]: path for path in out.glob("*.csv")}
    assert set(sheets) == {
        "요약",
        "아이디어",
        "심사 평가 1차",
        "도지사 지시사항",
        "제출 예외",
        "추진 현황",
    }
    ideas = list(csv.reader(io.StringIO(sheets["아이디어"].read_text(encoding="utf-8"))))
    assert ideas[0][:5] == ["접수번호", "실·국", "과", "팀", "제목"]
    titles = [row[4] for row in ideas[1:]]
    assert titles == [idea.title for idea in world.ideas]
    # Calc did not run it: the cell shows the formula's text, not the link text "y".
    assert HYPERLINK in titles
    summary = sheets["요약"].read_text(encoding="utf-8")
    assert world.season.name in summary
    assert world.own.name in summary
