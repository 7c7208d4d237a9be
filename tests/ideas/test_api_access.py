"""Who may do what through the ideas API: every role (and nobody) through every action,
in the season states that matter, asked of the same rules as the pages.

A 404 means the caller may not even read the object (another team's draft, another
bureau's exemption); a 403 that they may read it but not do this; a 400 that the rules of
the program refuse it now (a deadline, a missing field, a member submitting).
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ideas import services
from ideas.models import Exemption, Idea, Season
from tests.ideas.factories import SeasonFactory, complete_content
from tests.roles import ROLES

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def everyone(status: int, **exceptions: int) -> dict[str, int]:
    """``status`` for every role and anonymous callers 401, except where named."""
    return dict.fromkeys(ROLES, status) | {"anonymous": 401} | exceptions


def move(season: Season, state: str, *, deadline_passed: bool = False) -> None:
    fields = {"status": state}
    if deadline_passed:
        fields |= {
            "submission_opens_at": timezone.now() - dt.timedelta(days=3),
            "submission_closes_at": timezone.now() - dt.timedelta(hours=1),
        }
    Season.objects.filter(pk=season.pk).update(**fields)


class World:
    """The team's season, a draft of its member and a submitted idea of its leader."""

    def __init__(self, roles, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        self.roles = roles
        member, leader = roles["team_member"], roles["team_leader"]
        self.season = SeasonFactory(representative_per_division=True)
        self.draft = services.idea_create_draft(
            season=self.season, by=member, **complete_content(title="골목상권 지원")
        )
        self.attachment = services.attachment_add(
            idea=self.draft, by=member, uploaded=SimpleUploadedFile("보고서.pdf", PDF)
        )
        self.submitted = services.idea_submit(
            idea=services.idea_create_draft(season=self.season, by=leader, **complete_content()),
            by=leader,
        )
        self.original = services.idea_submit(
            idea=services.idea_create_draft(
                season=self.season, by=leader, **complete_content(title="원본 아이디어")
            ),
            by=leader,
        )
        self.exemption = Exemption.objects.create(
            season=self.season,
            team=leader.team,
            team_name=leader.team.name,
            bureau=leader.team.division.bureau,
            reason=Exemption.Reason.NEW_UNIT,
            filed_by=leader,
        )


@pytest.fixture
def world(roles, settings, tmp_path):
    return World(roles, settings, tmp_path)


def url(name, *args):
    return reverse(name, args=args)


# Each case: (season state, deadline passed?, request builder, expected status by role).
CASES = {
    "read a draft": (
        "open",
        False,
        lambda w: ("get", url("idea-detail", w.draft.pk), None),
        everyone(404, team_member=200, team_leader=200),
    ),
    "read the history of a draft": (
        "open",
        False,
        lambda w: ("get", url("idea-history", w.draft.pk), None),
        everyone(404, team_member=200, team_leader=200),
    ),
    "download a draft's attachment": (
        "open",
        False,
        lambda w: ("get", url("attachment-download", w.attachment.pk), None),
        everyone(404, team_member=200, team_leader=200),
    ),
    "list a draft's attachments": (
        "open",
        False,
        lambda w: ("get", url("idea-attachments", w.draft.pk), None),
        everyone(404, team_member=200, team_leader=200),
    ),
    "read a submitted idea": (
        "review",
        False,
        lambda w: ("get", url("idea-detail", w.submitted.pk), None),
        everyone(200),
    ),
    "edit a draft while the season is open": (
        "open",
        False,
        lambda w: ("patch", url("idea-detail", w.draft.pk), {"version": 1, "summary": "새 요약"}),
        everyone(404, team_member=200, team_leader=200),
    ),
    "edit a draft after the season moved to briefing": (
        "briefing",
        False,
        lambda w: ("patch", url("idea-detail", w.draft.pk), {"version": 1, "summary": "새 요약"}),
        everyone(404, team_member=403, team_leader=403),
    ),
    "edit a submitted idea": (
        "open",
        False,
        lambda w: ("patch", url("idea-detail", w.submitted.pk), {"version": 2, "summary": "x"}),
        everyone(403),
    ),
    "delete a draft's attachment": (
        "open",
        False,
        lambda w: ("delete", url("attachment-detail", w.attachment.pk), None),
        everyone(404, team_member=204, team_leader=204),
    ),
    "upload to a draft": (
        "open",
        False,
        lambda w: (
            "multipart",
            url("idea-attachments", w.draft.pk),
            {"file": SimpleUploadedFile("추가.pdf", PDF)},
        ),
        everyone(404, team_member=201, team_leader=201),
    ),
    "submit a draft before the deadline": (
        "open",
        False,
        lambda w: ("post", url("idea-submit", w.draft.pk), None),
        # A member may read it but only the leader submits: refused for the role (403, with
        # the rule's reason; issue 12, item 9).
        everyone(404, team_member=403, team_leader=200),
    ),
    "submit a draft after the deadline": (
        "open",
        True,
        lambda w: ("post", url("idea-submit", w.draft.pk), None),
        everyone(404, team_member=403, team_leader=400),
    ),
    "submit a draft during the briefing": (
        "briefing",
        False,
        lambda w: ("post", url("idea-submit", w.draft.pk), None),
        everyone(404, team_member=403, team_leader=400),
    ),
    "withdraw a submitted idea before the deadline": (
        "open",
        False,
        lambda w: ("post", url("idea-withdraw", w.submitted.pk), {}),
        everyone(403, team_leader=200),
    ),
    "withdraw a submitted idea during the briefing": (
        "briefing",
        False,
        lambda w: ("post", url("idea-withdraw", w.submitted.pk), {}),
        everyone(403),
    ),
    "send back a submitted idea during the review": (
        "review",
        False,
        lambda w: ("post", url("idea-send-back", w.submitted.pk), {"reason": "근거 보완"}),
        everyone(403, planning_office=200, system_admin=200),
    ),
    "send back a submitted idea after the season closed": (
        "closed",
        False,
        lambda w: ("post", url("idea-send-back", w.submitted.pk), {"reason": "근거 보완"}),
        everyone(403),
    ),
    "mark the division's representative task during the briefing": (
        "briefing",
        False,
        lambda w: ("post", url("idea-representative", w.submitted.pk), None),
        everyone(403, bureau_director=200),
    ),
    "mark the division's representative task during the review": (
        "review",
        False,
        lambda w: ("post", url("idea-representative", w.submitted.pk), None),
        everyone(403),
    ),
    "link a duplicate": (
        "review",
        False,
        lambda w: (
            "post",
            url("idea-duplicate-of", w.submitted.pk),
            {"original": w.original.reference_number, "reason": "같은 내용"},
        ),
        everyone(403, planning_office=200, system_admin=200),
    ),
    "start a draft while the season is open": (
        "open",
        False,
        lambda w: ("post", url("idea-list"), {"season": w.season.pk, "title": "새 아이디어"}),
        # Everyone on a team may draft; a director or division head has no team (403: who
        # they are, not what they sent).
        everyone(201, division_head=403, bureau_director=403),
    ),
    "start a draft during the briefing": (
        "briefing",
        False,
        lambda w: ("post", url("idea-list"), {"season": w.season.pk, "title": "새 아이디어"}),
        everyone(400, division_head=403, bureau_director=403),
    ),
    "create a season": (
        "open",
        False,
        lambda w: (
            "post",
            url("season-list"),
            {
                "name": "업무혁신 시즌",
                "code": "W1",
                "kind": "work_reduction",
                "submission_opens_at": "2030-03-01T09:00:00+09:00",
                "submission_closes_at": "2030-03-31T18:00:00+09:00",
            },
        ),
        everyone(403, planning_office=201, system_admin=201),
    ),
    "edit a season": (
        "open",
        False,
        lambda w: ("patch", url("season-detail", w.season.pk), {"description": "안내"}),
        everyone(403, planning_office=200, system_admin=200),
    ),
    "move a season to the briefing": (
        "open",
        False,
        lambda w: ("post", url("season-transition", w.season.pk), {"to": "briefing"}),
        everyone(403, planning_office=200, system_admin=200),
    ),
    "read a season in preparation": (
        "draft",
        False,
        lambda w: ("get", url("season-detail", w.season.pk), None),
        everyone(404, planning_office=200, system_admin=200),
    ),
    "read an open season": (
        "open",
        False,
        lambda w: ("get", url("season-detail", w.season.pk), None),
        everyone(200),
    ),
    "file an exemption": (
        "open",
        False,
        lambda w: (
            "post",
            url("exemption-list"),
            {"season": w.season.pk, "reason": "other", "reason_text": "법정 사무"},
        ),
        everyone(403, team_leader=201),
    ),
    "decide an exemption during the season": (
        "open",
        False,
        lambda w: ("post", url("exemption-decide", w.exemption.pk), {"approve": True}),
        # The team sees its own request, the planning office every request.
        everyone(
            404,
            bureau_director=200,
            team_member=403,
            team_leader=403,
            planning_office=403,
            system_admin=403,
        ),
    ),
    "decide an exemption during the review": (
        "review",
        False,
        lambda w: ("post", url("exemption-decide", w.exemption.pk), {"approve": True}),
        everyone(
            404,
            bureau_director=403,
            team_member=403,
            team_leader=403,
            planning_office=403,
            system_admin=403,
        ),
    ),
}


def send(client: APIClient, method: str, path: str, data):
    if method == "multipart":
        return client.post(path, data, format="multipart")
    return getattr(client, method)(path, data, format="json")


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("case", list(CASES))
def test_each_role_may_do_exactly_what_the_rules_allow(world, role, case):
    state, deadline_passed, build, expected = CASES[case]
    if case == "file an exemption":
        Exemption.objects.all().delete()
    move(world.season, state, deadline_passed=deadline_passed)
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.roles[role])
    method, path, data = build(world)
    response = send(client, method, path, data)
    assert response.status_code == expected[role], (case, role, response.content[:300])
    if response.status_code in (400, 403) and method != "get":
        # Refusals carry a Korean message, at a field or as the detail.
        body = response.json()
        assert body, (case, role)
        text = str(body)
        assert any("\uac00" <= ch <= "\ud7a3" for ch in text), (case, role, text)


def test_a_late_submission_says_when_the_deadline_was(world):
    move(world.season, "open", deadline_passed=True)
    client = APIClient()
    client.force_authenticate(world.roles["team_leader"])
    response = client.post(url("idea-submit", world.draft.pk))
    assert response.status_code == 400
    assert "제출 마감" in response.json()["detail"]
    assert "지나 제출할 수 없습니다" in response.json()["detail"]
    world.draft.refresh_from_db()
    assert world.draft.status == Idea.Status.DRAFT


def test_a_member_is_told_to_ask_the_team_leader(world):
    client = APIClient()
    client.force_authenticate(world.roles["team_member"])
    response = client.post(url("idea-submit", world.draft.pk))
    assert response.status_code == 403  # refused for the role (issue 12, item 9)
    assert "팀장" in response.json()["detail"]


def test_the_list_shows_the_library_and_only_the_callers_own_drafts(world):
    client = APIClient()
    for role, sees_draft in [
        ("team_member", True),
        ("reviewer", False),
        ("planning_office", False),
    ]:
        client.force_authenticate(world.roles[role])
        ids = {row["id"] for row in client.get(url("idea-list")).json()["results"]}
        assert {world.submitted.pk, world.original.pk} <= ids, role
        assert (world.draft.pk in ids) is sees_draft, role


def test_the_allowed_actions_follow_the_rules(world):
    client = APIClient()
    client.force_authenticate(world.roles["team_leader"])
    actions = client.get(url("idea-detail", world.draft.pk)).json()["allowed_actions"]
    assert actions == {
        "change": True,
        "submit": True,
        "withdraw": False,
        "send_back": False,
        "mark_representative": False,
        "link_duplicate": False,
    }
    client.force_authenticate(world.roles["planning_office"])
    actions = client.get(url("idea-detail", world.submitted.pk)).json()["allowed_actions"]
    assert actions["send_back"] is True
    assert actions["change"] is False


# Authentication: tokens and the browser session both work; nobody else gets in.


def test_a_token_caller_drafts_and_reads_an_idea(world):
    key = Token.objects.create(user=world.roles["team_member"]).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post(
        url("idea-list"), {"season": world.season.pk, "title": "토큰으로"}, format="json"
    )
    assert response.status_code == 201
    assert client.get(url("idea-detail", response.json()["id"])).status_code == 200


def test_a_session_caller_drafts_with_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))  # the log-in form sets the CSRF cookie, as in a browser
    csrf = client.cookies["csrftoken"].value
    client.force_login(world.roles["team_member"])
    data = {"season": world.season.pk, "title": "세션으로"}
    assert client.post(url("idea-list"), data, content_type="application/json").status_code == 403
    response = client.post(
        url("idea-list"), data, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 201
    assert client.get(url("idea-detail", response.json()["id"])).status_code == 200


@pytest.mark.parametrize(
    "name", ["season-list", "idea-list", "idea-similar", "attachment-list", "exemption-list"]
)
def test_anonymous_callers_get_a_json_401(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_an_unknown_token_is_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get(url("idea-list")).status_code == 401
