from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from departments.models import Bureau, User
from tests.departments.conftest import HEADER, build_xlsx

pytestmark = pytest.mark.django_db

URL = reverse("departments:import")
ROWS = [
    ["기업유치지원실", "투자금융과", "금융지원팀", "2019001", "김하나", "hana@jb.example", "팀장"],
    ["기업유치지원실", "투자금융과", "금융지원팀", "2019002", "이두리", "", "팀원"],
]


def upload(rows, name="orgchart.xlsx"):
    return SimpleUploadedFile(name, build_xlsx(rows).getvalue())


def row_of(person):
    """The importing person's own row: without it the import would retire them."""
    return [
        person.bureau.name,
        person.division.name,
        person.team.name,
        person.employee_number,
        person.full_name,
        "",
        "팀원",
    ]


def test_the_planning_office_uploads_a_sheet_and_sees_the_counts(client, planner):
    client.force_login(planner)

    response = client.post(URL, {"file": upload([*ROWS, row_of(planner)])}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "조직도를 가져왔습니다" in response.text
    assert "신규 2명" in response.text
    assert User.objects.filter(employee_number__in=["2019001", "2019002"]).count() == 2


def test_a_system_admin_may_open_the_page(client, sysadmin):
    client.force_login(sysadmin)

    response = client.get(URL)

    assert response.status_code == 200
    assert "양식 내려받기" in response.text


@pytest.mark.parametrize(
    "role", ["team_member", "team_leader", "division_head", "bureau_director", "reviewer"]
)
def test_other_staff_get_403_and_nothing_is_imported(client, roles, role):
    client.force_login(roles[role])
    before = User.objects.count()

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload(ROWS)}).status_code == 403
    assert User.objects.count() == before


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_bad_rows_are_listed_with_their_row_numbers_and_nothing_is_saved(client, planner):
    client.force_login(planner)
    rows = [*ROWS, ["기업유치지원실", "투자금융과", "", "2019003", "무팀", "", "팀원"]]
    rows.append(["기업유치지원실", "투자금융과", "금융지원팀", "2019004", "", "bad@", "주임"])

    response = client.post(URL, {"file": upload(rows)})

    assert response.status_code == 200
    assert "아무것도 저장하지 않았습니다" in response.text
    table = response.text.split('<table class="tbl">')[1]
    for expected in ("<td>4</td>", "<td>5</td>", "팀 칸이 비어 있습니다", "성명이 비어 있습니다"):
        assert expected in table
    assert "알 수 없는 직위 &#x27;주임&#x27;" in table
    assert not Bureau.objects.filter(name="기업유치지원실").exists()
    assert not User.objects.filter(employee_number="2019001").exists()


def test_the_form_asks_for_a_file(client, planner):
    client.force_login(planner)

    response = client.post(URL, {})

    assert "올릴 엑셀 파일을 선택하세요." in response.text


@pytest.mark.parametrize(
    ("name", "content"),
    [("orgchart.csv", b"a,b\n"), ("orgchart.xls", b"\xd0\xcf\x11\xe0"), ("fake.xlsx", b"a,b\n")],
)
def test_the_form_refuses_anything_but_an_xlsx(client, planner, name, content):
    client.force_login(planner)

    response = client.post(URL, {"file": SimpleUploadedFile(name, content)})

    assert "엑셀(.xlsx) 파일" in response.text
    assert not Bureau.objects.filter(name="기업유치지원실").exists()


def test_a_dry_run_shows_what_would_change_and_saves_nothing(client, planner):
    client.force_login(planner)

    response = client.post(URL, {"file": upload(ROWS), "dry_run": "on"})

    assert response.status_code == 200
    assert "저장하지 않음" in response.text
    assert "신규 직원" in response.text
    assert not Bureau.objects.filter(name="기업유치지원실").exists()


def test_the_empty_template_downloads_with_the_headers(client, planner):
    client.force_login(planner)

    response = client.get(URL, {"download": "template"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    # The unit codes are optional; with them a renamed team stays the same team.
    assert [c.value for c in sheet[1]] == [*HEADER, "실·국 코드", "과 코드", "팀 코드"]
