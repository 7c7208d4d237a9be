"""Reorganisation through the HR import: a renamed or moved unit stays the same unit, so its
team keeps its drafts, exemptions and history; what was submitted keeps its old names."""

import pytest
from django.urls import reverse

from departments import services
from departments.models import Division, Team, User
from departments.reorganisation import renames_from
from ideas import services as idea_services
from ideas.models import Exemption, Idea
from tests.departments.conftest import HEADER, build_xlsx
from tests.ideas.factories import SeasonFactory, complete_content

pytestmark = pytest.mark.django_db

CODED = [*HEADER, "실·국 코드", "과 코드", "팀 코드"]


def coded_rows(team="금융지원팀", division="투자금융과", team_code="T100"):
    return [
        ["기업유치지원실", division, team, "2019001", "김하나", "", "팀장", "B1", "D10", team_code],
        ["기업유치지원실", division, team, "2019002", "이두리", "", "팀원", "B1", "D10", team_code],
        [
            "기업유치지원실",
            "기업유치과",
            "유치기획팀",
            "2019003",
            "박셋",
            "",
            "팀장",
            "B1",
            "D20",
            "T200",
        ],
    ]


def plain_rows(team="금융지원팀", leader="2019001"):
    return [
        ["기업유치지원실", "투자금융과", team, leader, "김하나", "", "팀장"],
        ["기업유치지원실", "투자금융과", team, "2019002", "이두리", "", "팀원"],
        ["기업유치지원실", "기업유치과", "유치기획팀", "2019003", "박셋", "", "팀장"],
    ]


def run(rows, header=CODED, **kwargs):
    result = services.orgchart_import(file=build_xlsx(rows, header=header), by=None, **kwargs)
    assert result.ok, result.errors
    return result


@pytest.fixture
def team_with_work():
    """The team as the first sheet made it, with a draft, a submitted idea and an exemption."""
    run(coded_rows())
    leader = User.objects.get(employee_number="2019001")
    season = SeasonFactory()
    draft = idea_services.idea_create_draft(season=season, by=leader, title="작성 중인 아이디어")
    submitted = idea_services.idea_save(
        season=SeasonFactory(), by=leader, submit=True, **complete_content()
    )
    exemption = Exemption.objects.create(
        season=SeasonFactory(),
        team=leader.team,
        team_name=leader.team.name,
        bureau=leader.bureau,
        reason=Exemption.Reason.STATUTORY_DUTIES,
        filed_by=leader,
    )
    return leader, draft, submitted, exemption


def test_a_sheet_with_unit_codes_renames_the_team_instead_of_closing_it(client, team_with_work):
    leader, draft, submitted, exemption = team_with_work
    team_pk = leader.team_id

    result = run(coded_rows(team="금융혁신팀"))

    assert result.units_created == 0
    assert result.units_deactivated == 0
    assert [(r.level, r.old_name, r.new_name) for r in result.renamed] == [
        ("team", "기업유치지원실 투자금융과 금융지원팀", "기업유치지원실 투자금융과 금융혁신팀")
    ]
    assert "이름 변경·이동 1개" in result.summary()
    team = Team.objects.get(pk=team_pk)
    assert (team.name, team.is_active, team.code) == ("금융혁신팀", True, "T100")
    leader.refresh_from_db()
    assert leader.team_id == team_pk
    # The leader still opens the team's own draft, which now carries the new name.
    client.force_login(leader)
    assert client.get(reverse("ideas:idea_detail", args=[draft.pk])).status_code == 200
    draft.refresh_from_db()
    assert (draft.team_id, draft.team_name) == (team_pk, "금융혁신팀")
    # What was submitted or filed under the old name keeps it.
    submitted.refresh_from_db()
    exemption.refresh_from_db()
    assert (submitted.team_id, submitted.team_name) == (team_pk, "금융지원팀")
    assert (exemption.team_id, exemption.team_name) == (team_pk, "금융지원팀")


def test_a_team_moved_to_another_division_takes_its_draft_along(team_with_work):
    leader, draft, submitted, _exemption = team_with_work
    team_pk = leader.team_id
    rows = coded_rows(division="기업유치과")
    for row in rows[:2]:
        row[8] = "D20"

    result = run(rows)

    team = Team.objects.get(pk=team_pk)
    assert team.division.name == "기업유치과"
    assert result.moved == 2  # the leader and the member, with their team
    assert Division.objects.get(code="D10").is_active is False  # nobody left in it
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft.division_id, draft.division_name) == (team.division_id, "기업유치과")
    assert submitted.division_name == "투자금융과"


def test_the_first_sheet_with_codes_gives_the_existing_units_their_codes():
    run(plain_rows(), header=HEADER)
    team_pk = Team.objects.get(name="금융지원팀").pk

    result = run(coded_rows())

    assert result.units_created == 0
    assert result.renamed == []
    assert Team.objects.get(pk=team_pk).code == "T100"
    assert Team.objects.get(name="유치기획팀").code == "T200"


def test_two_teams_may_swap_their_names_by_code():
    run(coded_rows(team="가팀"))
    first = Team.objects.get(code="T100")
    rows = coded_rows(team="나팀")
    rows.append(
        ["기업유치지원실", "투자금융과", "가팀", "2019004", "최넷", "", "팀장", "B1", "D10", "T300"]
    )
    run(rows)
    second = Team.objects.get(code="T300")

    swapped = [
        r[:9] + ["T100" if r[9] == "T300" else "T300" if r[9] == "T100" else r[9]] for r in rows
    ]
    run(swapped)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, second.name) == ("가팀", "나팀")
    assert User.objects.get(employee_number="2019004").team == first


def test_contradicting_codes_are_errors_at_the_row_and_nothing_changes():
    rows = coded_rows()
    rows[1][9] = "T999"  # the same team with another code
    rows[2][9] = "T100"  # another team with the first team's code

    result = services.orgchart_import(file=build_xlsx(rows, header=CODED), by=None)

    assert [(e.row, e.field) for e in result.errors] == [(3, "team_code"), (4, "team_code")]
    assert "한 조직에는 한 코드만" in result.errors[0].message
    assert "한 코드는 한 조직에만" in result.errors[1].message
    assert not Team.objects.exists()


def test_without_codes_a_rename_is_proposed_and_nothing_is_saved_until_confirmed(
    client, team_with_work
):
    leader, draft, submitted, _exemption = team_with_work
    Team.objects.update(code="")  # an HR export without the code columns
    team_pk = leader.team_id

    waiting = services.orgchart_import(
        file=build_xlsx(plain_rows(team="금융혁신팀"), header=HEADER), by=None
    )

    assert waiting.ok
    assert waiting.needs_confirmation
    assert [(p.level, p.unit_pk, p.new_path) for p in waiting.proposals] == [
        ("team", team_pk, ("기업유치지원실", "투자금융과", "금융혁신팀"))
    ]
    assert not Team.objects.filter(name="금융혁신팀").exists()  # nothing saved yet

    applied = services.orgchart_import(
        file=build_xlsx(plain_rows(team="금융혁신팀"), header=HEADER),
        by=None,
        renames=renames_from(waiting.proposals),
    )

    assert not applied.needs_confirmation
    assert applied.units_created == 0
    assert Team.objects.get(pk=team_pk).name == "금융혁신팀"
    client.force_login(leader)
    assert client.get(reverse("ideas:idea_detail", args=[draft.pk])).status_code == 200
    submitted.refresh_from_db()
    assert submitted.team_name == "금융지원팀"


def test_without_codes_the_same_leader_pairs_a_team_whose_name_changed_entirely():
    run(plain_rows(), header=HEADER)
    old = Team.objects.get(name="금융지원팀")

    waiting = services.orgchart_import(
        file=build_xlsx(plain_rows(team="투자유치전략팀"), header=HEADER), by=None
    )

    [proposal] = waiting.proposals
    assert (proposal.unit_pk, proposal.new_name) == (
        old.pk,
        "기업유치지원실 투자금융과 투자유치전략팀",
    )
    assert "같은 장" in proposal.reason


def test_a_rejected_proposal_closes_the_old_team_and_opens_a_new_one():
    run(plain_rows(), header=HEADER)
    old = Team.objects.get(name="금융지원팀")

    result = services.orgchart_import(
        file=build_xlsx(plain_rows(team="금융혁신팀"), header=HEADER), by=None, renames={}
    )

    assert result.ok
    assert not result.needs_confirmation
    old.refresh_from_db()
    assert not old.is_active
    assert Team.objects.get(name="금융혁신팀", is_active=True).pk != old.pk


def test_an_unrelated_new_team_is_not_proposed():
    run(plain_rows(), header=HEADER)
    rows = plain_rows(team="도로관리팀", leader="2019009")

    result = services.orgchart_import(file=build_xlsx(rows, header=HEADER), by=None)

    assert result.proposals == []
    assert not result.needs_confirmation
    assert Team.objects.get(name="도로관리팀").is_active
    assert Idea.objects.count() == 0


def test_the_planning_office_confirms_the_proposed_rename_on_the_import_page(client, planner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.departments.test_import_page import row_of

    def upload(team):
        rows = [*plain_rows(team=team), row_of(planner)]
        return SimpleUploadedFile("hr.xlsx", build_xlsx(rows, header=HEADER).getvalue())

    client.force_login(planner)
    client.post(reverse("departments:import"), {"file": upload("금융지원팀")})
    team_pk = Team.objects.get(name="금융지원팀").pk

    preview = client.post(reverse("departments:import"), {"file": upload("금융혁신팀")})

    assert preview.status_code == 200
    assert "이름이 바뀐 조직인지 확인해 주세요" in preview.text
    assert "기업유치지원실 투자금융과 금융지원팀" in preview.text
    assert "기업유치지원실 투자금융과 금융혁신팀" in preview.text
    assert not Team.objects.filter(name="금융혁신팀").exists()

    done = client.post(reverse("departments:import_confirm"), {"accept": ["0"]}, follow=True)

    assert "조직도를 가져왔습니다" in done.text
    assert "이름 변경·이동 1개" in done.text
    assert Team.objects.get(pk=team_pk).name == "금융혁신팀"
    # The sheet is not kept once applied: confirming again asks for the file.
    again = client.post(reverse("departments:import_confirm"), {"accept": ["0"]}, follow=True)
    assert "인사 자료 파일을 다시 올려 주세요" in again.text


def test_the_command_line_saves_nothing_until_told_what_to_do_with_the_proposals(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    run(plain_rows(), header=HEADER)
    team_pk = Team.objects.get(name="금융지원팀").pk
    path = tmp_path / "hr.xlsx"
    path.write_bytes(build_xlsx(plain_rows(team="금융혁신팀"), header=HEADER).getvalue())

    with pytest.raises(CommandError, match="--renames=accept"):
        call_command("import_orgchart", str(path))
    assert Team.objects.get(pk=team_pk).name == "금융지원팀"

    call_command("import_orgchart", str(path), renames="accept")
    assert Team.objects.get(pk=team_pk).name == "금융혁신팀"
