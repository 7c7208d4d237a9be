import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from departments.models import User
from tests.departments.conftest import build_xlsx

pytestmark = pytest.mark.django_db

ROWS = [
    ["기업유치지원실", "투자금융과", "금융지원팀", "2019001", "김하나", "", "팀장"],
    ["기업유치지원실", "투자금융과", "금융지원팀", "2019002", "이두리", "", "팀원"],
]


@pytest.fixture
def sheet_file(tmp_path):
    def write(rows):
        path = tmp_path / "orgchart.xlsx"
        path.write_bytes(build_xlsx(rows).getvalue())
        return str(path)

    return write


def test_the_command_imports_and_prints_the_counts(sheet_file, capsys):
    call_command("import_orgchart", sheet_file(ROWS))

    assert "신규 2명" in capsys.readouterr().out
    assert User.objects.filter(employee_number="2019001").exists()


def test_a_dry_run_prints_the_counts_and_saves_nothing(sheet_file, capsys):
    call_command("import_orgchart", sheet_file(ROWS), "--dry-run")

    assert "저장하지 않음" in capsys.readouterr().out
    assert not User.objects.exists()


def test_bad_rows_are_printed_and_the_command_exits_non_zero(sheet_file, capsys, monkeypatch):
    path = sheet_file(
        [*ROWS, ["기업유치지원실", "투자금융과", "금융지원팀", "2019002", "", "", "팀원"]]
    )

    # run_from_argv closes every connection when done, the test's own included.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_orgchart", path])

    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "3행 [사번]" in err
    assert "4행 [성명] 성명이 비어 있습니다." in err
    assert "아무것도 저장하지 않았습니다" in err
    assert not User.objects.exists()


def test_a_missing_file_is_a_command_error():
    with pytest.raises(CommandError, match="파일을 열 수 없습니다"):
        call_command("import_orgchart", "/nonexistent/orgchart.xlsx")
