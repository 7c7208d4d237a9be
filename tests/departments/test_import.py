import math
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import PermissionRefused
from departments import services
from departments.models import Bureau, Division, Position, Team, User
from tests.departments import factories as f
from tests.departments.conftest import HEADER, build_xlsx, org_rows

pytestmark = pytest.mark.django_db


def run(rows, **kwargs):
    return services.orgchart_import(file=build_xlsx(rows, **kwargs), by=None)


def counts():
    return {
        "users": User.objects.count(),
        "active_users": User.objects.filter(is_active=True).count(),
        "bureaus": Bureau.objects.count(),
        "divisions": Division.objects.count(),
        "teams": Team.objects.count(),
        "active_teams": Team.objects.active().count(),
    }


SMALL = [
    ["기업유치지원실", "투자금융과", "금융지원팀", "2019001", "김하나", "hana@jb.example", "팀장"],
    ["기업유치지원실", "투자금융과", "금융지원팀", "2019002", "이두리", "duri@jb.example", "팀원"],
    ["기업유치지원실", "투자금융과", "", "2019003", "박과장", "", "과장"],
    ["기업유치지원실", "", "", "2019004", "최실장", "", "실·국장"],
    ["문화체육관광국", "관광산업과", "관광마케팅팀", "2019005", "정여행", "", "팀원"],
    ["인재개발원", "교육기획과", "교육기획팀", "2019006", "강배움", "", "팀원"],
]


def test_a_valid_sheet_creates_the_units_and_the_people():
    result = run(SMALL)

    assert result.ok, result.errors
    assert (result.created, result.updated, result.moved, result.deactivated) == (6, 0, 0, 0)
    assert result.units_created == 3 + 3 + 3  # bureaus, divisions, teams
    leader = User.objects.get(employee_number="2019001")
    assert leader.username == "2019001"
    assert leader.position == Position.TEAM_LEADER
    assert leader.team.name == "금융지원팀"
    assert leader.division == leader.team.division
    assert leader.bureau.name == "기업유치지원실"
    assert not leader.has_usable_password()
    head = User.objects.get(employee_number="2019003")
    assert (head.position, head.division.name, head.team) == (
        Position.DIVISION_HEAD,
        "투자금융과",
        None,
    )
    director = User.objects.get(employee_number="2019004")
    assert (director.position, director.division, director.team) == (
        Position.BUREAU_DIRECTOR,
        None,
        None,
    )


def test_the_kind_of_a_bureau_comes_from_its_name_and_its_order_from_the_sheet():
    f.BureauFactory(name="기존국", display_order=7)
    run(SMALL)

    kinds = dict(Bureau.objects.values_list("name", "kind"))
    assert kinds["기업유치지원실"] == Bureau.Kind.OFFICE
    assert kinds["문화체육관광국"] == Bureau.Kind.BUREAU
    assert kinds["인재개발원"] == Bureau.Kind.AGENCY
    new = list(Bureau.objects.exclude(name="기존국").values_list("name", flat=True))
    assert new == ["기업유치지원실", "문화체육관광국", "인재개발원"]
    assert Bureau.objects.get(name="기업유치지원실").display_order == 8


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_saved(member):
    rows = [
        *SMALL[:2],
        ["기업유치지원실", "투자금융과", "금융지원팀", "2019010", "오직위", "", "대리"],  # row 4
        ["기업유치지원실", "투자금융과", "금융지원팀", "2019011", "남중복", "", "팀원"],  # row 5
        ["기업유치지원실", "투자금융과", "금융지원팀", "2019011", "여중복", "", "팀원"],  # row 6
        ["기업유치지원실", "투자금융과", "", "2019012", "무팀", "", "팀원"],  # row 7
        ["기업유치지원실", "투자금융과", "금융지원팀", "2019013", "이메일", "not-an-email", "팀원"],
        ["기업유치지원실", "투자금융과", "금융지원팀", "2019014", "", "", "팀원"],  # row 9
    ]
    before = counts()

    result = run(rows)

    assert not result.ok
    found = {(e.row, e.field) for e in result.errors}
    assert found == {
        (4, "position"),
        (5, "employee_number"),
        (6, "employee_number"),
        (7, "team"),
        (8, "email"),
        (9, "name"),
    }
    messages = {(e.row, e.field): e.message for e in result.errors}
    assert "알 수 없는 직위 '대리'" in messages[(4, "position")]
    assert "6행에도 있습니다" in messages[(5, "employee_number")]
    assert "팀 칸이 비어 있습니다" in messages[(7, "team")]
    assert "형식이 올바르지 않습니다" in messages[(8, "email")]
    assert "성명이 비어 있습니다" in messages[(9, "name")]
    assert result.error_rows == [4, 5, 6, 7, 8, 9]
    assert counts() == before
    member.refresh_from_db()
    assert member.is_active


def test_a_division_head_needs_a_division_and_a_director_a_bureau():
    result = run(
        [
            ["기업유치지원실", "", "", "2019003", "박과장", "", "과장"],
            ["", "", "", "2019004", "최실장", "", "국장"],
        ]
    )

    assert {(e.row, e.field) for e in result.errors} == {(2, "division"), (3, "bureau")}


def test_reimporting_the_same_sheet_changes_nothing():
    run(SMALL)
    before = counts()

    result = run(SMALL)

    assert result.ok
    assert (result.created, result.updated, result.moved, result.deactivated) == (0, 0, 0, 0)
    assert (result.units_created, result.units_deactivated, result.unchanged) == (0, 0, 6)
    assert not result.changed
    assert counts() == before


def test_a_person_who_moved_team_is_moved_not_duplicated():
    run(SMALL)
    person = User.objects.get(employee_number="2019002")
    rows = [list(r) for r in SMALL]
    rows[1][2] = "벤처투자팀"

    result = run(rows)

    assert (result.moved, result.created, result.updated) == (1, 0, 0)
    assert User.objects.filter(employee_number="2019002").count() == 1
    person.refresh_from_db()
    assert person.team.name == "벤처투자팀"
    assert person.team.division.name == "투자금융과"


def test_a_changed_name_or_position_is_an_update():
    run(SMALL)
    rows = [list(r) for r in SMALL]
    rows[1][4] = "이두리나"
    rows[4][6] = "팀장"

    result = run(rows)

    assert (result.updated, result.moved, result.unchanged) == (2, 0, 4)
    assert User.objects.get(employee_number="2019005").position == Position.TEAM_LEADER


def test_a_person_missing_from_the_sheet_is_deactivated_not_deleted():
    admin = f.UserFactory(
        username="root", employee_number=None, position="", team=None, is_superuser=True
    )
    run(SMALL)

    result = run([r for r in SMALL if r[3] != "2019005"])

    assert result.deactivated == 1
    gone = User.objects.get(employee_number="2019005")
    assert gone.is_active is False
    assert gone.team.name == "관광마케팅팀"  # the record keeps its last place
    # The bureau, division and team that had only that person are closed, not deleted.
    assert result.units_deactivated == 3
    closed = Team.objects.get(name="관광마케팅팀")
    assert closed.is_active is False
    assert closed.deactivated_at is not None
    assert not Bureau.objects.get(name="문화체육관광국").is_active
    admin.refresh_from_db()
    assert admin.is_active


def test_a_unit_that_still_holds_an_account_the_import_does_not_manage_stays_open():
    run(SMALL)
    team = Team.objects.get(name="관광마케팅팀")
    f.UserFactory(employee_number=None, position="", team=team)  # e.g. a service account

    result = run([r for r in SMALL if r[3] != "2019005"])

    assert result.units_deactivated == 0
    team.refresh_from_db()
    assert team.is_active
    assert team.division.is_active
    assert team.division.bureau.is_active


def test_a_returning_person_and_their_closed_team_are_reopened():
    run(SMALL)
    run([r for r in SMALL if r[3] != "2019005"])

    result = run(SMALL)

    assert (result.reactivated, result.units_reactivated, result.units_created) == (1, 3, 0)
    person = User.objects.get(employee_number="2019005")
    assert person.is_active
    assert person.team.is_active
    assert Team.objects.filter(name="관광마케팅팀").count() == 1


def test_an_employee_number_held_by_an_account_outside_the_org_chart_is_refused():
    f.UserFactory(username="admin", employee_number="2019002", position="", team=None)

    result = run(SMALL)

    assert [(e.row, e.field) for e in result.errors] == [(3, "employee_number")]
    assert "조직도에 없는 계정(admin)" in result.errors[0].message
    assert not Bureau.objects.exists()


def test_a_username_taken_by_another_account_is_refused():
    f.UserFactory(username="2019006", employee_number="9999999")

    result = run(SMALL)

    assert [(e.row, e.field) for e in result.errors] == [(7, "employee_number")]


def test_header_variants_english_headers_and_position_spellings_are_accepted():
    rows = [
        ["기업유치지원실", "투자금융과", "금융지원팀", 2019001, "김하나", "", "팀장"],
        ["기업유치지원실", "", "", 2019004.0, "최실장", "", "실장"],
        ["인재개발원", "", "", "2019007", "한원장", "", "원장"],
    ]
    korean = build_xlsx(rows, header=["실ㆍ국", "부서", "팀 명", "사번", "이름", "E-mail", "직 위"])
    english = build_xlsx(
        rows,
        header=["Bureau", "Division", "Team", "employee_number", "name", "email", "position"],
        title_rows=[["2024년 조직 현황"], []],
    )

    for sheet in (korean, english):
        result = services.orgchart_import(file=sheet, by=None)
        assert result.ok, result.errors

    assert User.objects.get(employee_number="2019001").position == Position.TEAM_LEADER
    assert User.objects.get(employee_number="2019004").position == Position.BUREAU_DIRECTOR
    assert User.objects.get(employee_number="2019007").bureau.kind == Bureau.Kind.AGENCY


def test_a_missing_column_is_reported_at_the_header_row():
    result = services.orgchart_import(
        file=build_xlsx([["기업유치지원실", "투자금융과", "팀", "1", "김"]], header=HEADER[:5]),
        by=None,
    )

    assert [(e.row, e.field) for e in result.errors] == [(1, "position")]
    assert "'직위' 열이 없습니다" in result.errors[0].message


def test_a_file_that_is_not_an_xlsx_is_reported_not_raised():
    result = services.orgchart_import(file=BytesIO(b"name,team\n"), by=None)

    assert [(e.row, e.field) for e in result.errors] == [(None, "file")]
    assert "읽을 수 없습니다" in result.errors[0].message


def test_a_dry_run_counts_the_changes_and_saves_nothing():
    before = counts()

    result = services.orgchart_import(file=build_xlsx(SMALL), by=None, dry_run=True)

    assert result.ok
    assert result.dry_run
    assert result.created == 6
    assert counts() == before


def test_only_the_planning_office_and_system_admins_may_import(leader, planner):
    with pytest.raises(PermissionRefused):
        services.orgchart_import(rows=[], by=leader)

    assert services.orgchart_import(file=build_xlsx(SMALL), by=planner).ok


def _queries_for_first_import(rows: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert run(org_rows(rows, first_number=100_000 * rows)).ok
    return len(captured)


def test_the_import_runs_a_fixed_number_of_queries_whatever_the_number_of_rows():
    few = _queries_for_first_import(50)
    User.objects.all().delete()
    Team.objects.all().delete()
    Division.objects.all().delete()
    Bureau.objects.all().delete()
    many = _queries_for_first_import(500)

    # Only bulk_create's batches may grow: SQLite allows 999 variables per statement, so
    # Django splits the insert of 500 people into several. No query per row.
    fields = [fld for fld in User._meta.concrete_fields if not fld.primary_key]
    per_insert = connection.ops.bulk_batch_size(fields, [None] * 500)
    extra_batches = math.ceil(500 / min(per_insert, 1000)) - 1
    assert many <= few + extra_batches


def test_reimporting_500_people_takes_six_queries(django_assert_num_queries):
    run(org_rows(500))
    sheet = build_xlsx(org_rows(500))

    # SAVEPOINT, people, bureaus, divisions, teams, RELEASE SAVEPOINT: nothing to write.
    with django_assert_num_queries(6):
        result = services.orgchart_import(file=sheet, by=None)
    assert result.unchanged == 500


def test_moving_and_retiring_people_is_a_bulk_update_not_a_query_per_person(
    django_assert_max_num_queries,
):
    rows = org_rows(500)
    run(rows)
    for row in rows[1:100:2]:  # 50 members move to the next team (in the same division)
        row[2] = row[2] + "B"
    del rows[200:220]  # two teams leave

    # SAVEPOINT, people, bureaus, divisions, teams, insert of the new teams, UPDATE people
    # (one CASE WHEN batch), UPDATE departed people, UPDATE closed teams, RELEASE SAVEPOINT.
    with django_assert_max_num_queries(10):
        result = run(rows)
    assert (result.moved, result.deactivated, result.units_deactivated) == (50, 20, 2)
