import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test import RequestFactory

from departments.demo import DEMO_PASSWORD, bureau_copies, generate_sheet
from departments.models import Bureau, Division, Position, Role, Team, User

pytestmark = pytest.mark.django_db


def people():
    return list(
        User.objects.exclude(employee_number=None)
        .order_by("employee_number")
        .values_list("employee_number", "full_name", "email", "position", "team__name")
    )


@pytest.fixture
def demo(loaded):
    """The demo with seed 7 and load_demo's output (the module's, tests/conftest.py)."""
    return loaded


def test_the_same_seed_gives_the_same_people(demo):
    first = people()
    if connection.vendor == "postgresql":
        # The test's transaction holds deferred foreign-key checks, and PostgreSQL will not
        # TRUNCATE (flush) under pending ones; outside a test there are none.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    call_command("load_demo", "--reset", "--seed", "7")

    assert people() == first
    assert generate_sheet(seed=7) == generate_sheet(seed=7)
    assert generate_sheet(seed=7) != generate_sheet(seed=8)


def test_the_organisation_has_19_bureaus_and_the_first_has_20_teams(demo):
    bureaus = list(Bureau.objects.order_by("display_order"))

    assert len(bureaus) == 19
    assert bureaus[0].name == "기업유치지원실"
    assert Team.objects.filter(division__bureau=bureaus[0]).count() == 20
    names = {b.name: b.kind for b in bureaus}
    assert names["기획조정실"] == Bureau.Kind.OFFICE
    assert names["문화체육관광국"] == Bureau.Kind.BUREAU
    assert names["건설교통국"] == Bureau.Kind.BUREAU
    assert names["인재개발원"] == Bureau.Kind.AGENCY
    assert names["수산기술연구소"] == Bureau.Kind.AGENCY
    assert Division.objects.filter(name="투자금융과").exists()


def test_every_team_has_a_leader_every_division_a_head_every_bureau_a_director(demo):
    leaders = Q(members__position=Position.TEAM_LEADER)
    assert not Team.objects.annotate(n=Count("members", filter=leaders)).exclude(n=1).exists()
    heads = Q(people__position=Position.DIVISION_HEAD)
    assert not Division.objects.annotate(n=Count("people", filter=heads)).exclude(n=1).exists()
    directors = Q(people__position=Position.BUREAU_DIRECTOR)
    assert not Bureau.objects.annotate(n=Count("people", filter=directors)).exclude(n=1).exists()
    per_bureau = Division.objects.values("bureau").annotate(n=Count("id"))
    assert all(3 <= row["n"] <= 6 for row in per_bureau)


def test_there_are_a_few_thousand_staff_with_unusable_passwords(demo):
    staff = User.objects.exclude(employee_number=None)

    assert 2500 <= staff.count() <= 3500
    assert (
        not staff.exclude(
            username__in=["leader", "member", "divhead", "director", "reviewer", "planner"]
        )
        .first()
        .has_usable_password()
    )


ACCOUNTS = [
    ("leader", Position.TEAM_LEADER, None),
    ("member", Position.TEAM_MEMBER, None),
    ("divhead", Position.DIVISION_HEAD, None),
    ("director", Position.BUREAU_DIRECTOR, None),
    ("reviewer", Position.TEAM_MEMBER, Role.REVIEWER),
    ("planner", Position.TEAM_MEMBER, Role.PLANNING_OFFICE),
    ("admin", "", Role.SYSTEM_ADMIN),
]


def test_each_demo_account_has_its_role_and_signs_in_with_the_demo_password(demo):
    for username, position, role in ACCOUNTS:
        user = authenticate(RequestFactory().post("/"), username=username, password=DEMO_PASSWORD)

        assert user is not None, username
        assert user.position == position
        assert user.role_names == ({role.value} if role else set())
        assert f"  {username} " in demo  # listed in the command's output


def test_the_demo_accounts_sit_where_the_scenarios_need_them(demo):
    accounts = {
        u.username: u
        for u in User.objects.filter(
            username__in=["leader", "member", "divhead", "director", "reviewer", "planner", "admin"]
        )
    }
    first_team = Team.objects.filter(division__bureau__name="기업유치지원실").first()

    assert accounts["leader"].team == first_team
    assert accounts["member"].team == first_team
    assert accounts["divhead"].division == first_team.division
    assert accounts["director"].bureau == first_team.division.bureau
    assert accounts["reviewer"].bureau.name == "기획조정실"
    assert accounts["planner"].bureau.name == "기획조정실"
    assert accounts["admin"].is_superuser
    assert accounts["admin"].is_staff
    assert accounts["planner"].is_staff  # the planning office also works in the admin
    assert not any(accounts[name].is_staff for name in ["leader", "director", "reviewer"])


def test_running_it_again_without_reset_changes_nothing(demo, capsys):
    before = (people(), Bureau.objects.count(), Team.objects.count(), User.objects.count())

    call_command("load_demo", "--seed", "99")

    assert "이미" in capsys.readouterr().out
    assert (people(), Bureau.objects.count(), Team.objects.count(), User.objects.count()) == before


def test_the_organisation_grows_with_the_square_root_of_the_scale():
    assert [bureau_copies(n) for n in [1, 2, 4, 5, 9, 227]] == [1, 2, 2, 3, 3, 16]


def test_a_larger_scale_multiplies_the_organisation():
    rows, accounts = generate_sheet(scale=2, seed=7)

    assert len({r["bureau"] for r in rows}) == 38
    assert set(accounts) == {"leader", "member", "divhead", "director", "reviewer", "planner"}
    assert len({r["employee_number"] for r in rows}) == len(rows)
