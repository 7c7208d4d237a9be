"""A season to export: two bureaus, ideas with hostile titles, a round with two reviewers'
evaluations, decisions, directives and exemptions.

``own`` is the bureau of the ``roles`` fixture's team (its ``bureau_director`` is the
director), ``other`` a second bureau. The round is closed and its decisions published
unless a test moves it (``world.move``).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import openpyxl
import pytest
from django.utils import timezone

from departments.models import Bureau
from exports.permissions import ExportScope
from exports.workbooks import build_workbook
from ideas.models import Exemption, Idea, Season
from reviews.models import Decision, Directive, ReviewRound
from tests.departments.factories import TeamFactory, team_leader
from tests.ideas.factories import IdeaFactory
from tests.reviews import factories as rf

HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE_TITLES = [HYPERLINK, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTab", "#N/A"]


@dataclass
class World:
    season: Season
    own: Bureau
    other: Bureau
    round: ReviewRound
    ideas: list[Idea] = field(default_factory=list)  # submitted, in reference-number order
    draft: Idea | None = None
    reviewers: list = field(default_factory=list)

    def scope(self, bureau: Bureau | None = None) -> ExportScope:
        return ExportScope(season=self.season, bureau=bureau)

    def move(self, status: str, *, published: bool = False) -> None:
        now = timezone.now()
        ReviewRound.objects.filter(pk=self.round.pk).update(
            status=status,
            closed_at=now if status == ReviewRound.Status.CLOSED else None,
            decisions_published_at=now if published else None,
        )
        self.round.refresh_from_db()

    def ideas_of(self, bureau: Bureau) -> list[Idea]:
        return [idea for idea in self.ideas if idea.bureau_id == bureau.pk]


def build_world(roles, *, extra_ideas: int = 0, code: str = "EX") -> World:
    """``extra_ideas`` more evaluated ideas in the other bureau (for query counts)."""
    leader = roles["team_leader"]
    own = leader.team.division.bureau
    other_team = TeamFactory()
    other_leader = team_leader(team=other_team)
    review_round = rf.ReviewRoundFactory(
        name="1차 서면 심사",
        order=1,
        status=ReviewRound.Status.CLOSED,
        closed_at=timezone.now(),
        decisions_published_at=timezone.now(),
        season__status=Season.Status.REVIEW,
        season__code=code,
        season__name="도정혁신 벤치마킹 시즌9",
    )
    season = review_round.season
    world = World(season=season, own=own, other=other_team.division.bureau, round=review_round)
    for title in HOSTILE_TITLES:
        world.ideas.append(rf.submitted_idea(season, leader=leader, title=title))
    world.ideas.append(
        rf.submitted_idea(
            season,
            leader=leader,
            title="기업유치 관리시스템 구축",
            implementation_path=Idea.Path.BUDGET,
            budget_estimate_krw=120_000_000,
        )
    )
    for index in range(2 + extra_ideas):
        world.ideas.append(
            rf.submitted_idea(
                season, leader=other_leader, title=f"골목상권 활성화 지원사업 {index}"
            )
        )
    world.draft = IdeaFactory(season=season, created_by=leader, title="작성 중인 초안")
    world.reviewers = [rf.reviewer(full_name="가심사"), rf.reviewer(full_name="나심사")]
    for position, idea in enumerate(world.ideas):
        for offset, reviewer in enumerate(world.reviewers):
            assignment = rf.AssignmentFactory(round=review_round, idea=idea, reviewer=reviewer)
            score = (position + 3 * offset) % 11
            rf.evaluate(assignment, score, 10 - score, 5, score // 2, 7)
    planner = roles["planning_office"]
    adopted, rejected, elsewhere = world.ideas[6], world.ideas[0], world.ideas[7]
    for idea, outcome in [
        (adopted, Decision.Outcome.ADOPT),
        (rejected, Decision.Outcome.NOT_ADOPTED),
        (elsewhere, Decision.Outcome.ADOPT),
    ]:
        Decision.objects.create(
            round=review_round,
            idea=idea,
            outcome=outcome,
            implementation_path=idea.implementation_path,
            reason="심사 결과",
            decided_by=planner,
        )
    Directive.objects.create(
        idea=adopted,
        text="=1+1 다음 달까지 시범 운영",
        responsible_bureau=own,
        due_date=dt.date(2030, 1, 31),
        recorded_by=planner,
    )
    # The governor asks the own bureau to act on the other bureau's idea …
    Directive.objects.create(
        idea=elsewhere,
        text="기업유치지원실과 함께 추진",
        responsible_bureau=own,
        due_date=dt.date(2030, 2, 28),
        recorded_by=planner,
    )
    # … and the other bureau on its own idea: not in the own bureau's workbook.
    Directive.objects.create(
        idea=world.ideas[8],
        text="예산 반영 검토",
        responsible_bureau=world.other,
        due_date=dt.date(2030, 3, 31),
        recorded_by=planner,
    )
    exempt_team = TeamFactory(division=leader.team.division)
    Exemption.objects.create(
        season=season,
        team=exempt_team,
        team_name=exempt_team.name,
        bureau=own,
        reason=Exemption.Reason.NEW_UNIT,
        status=Exemption.Status.APPROVED,
        filed_by=team_leader(team=exempt_team),
        decided_by=roles["bureau_director"],
        decided_at=timezone.now(),
    )
    pending_team = TeamFactory(division=other_team.division)
    Exemption.objects.create(
        season=season,
        team=pending_team,
        team_name=pending_team.name,
        bureau=world.other,
        reason=Exemption.Reason.OTHER,
        reason_text="@팀장 장기 교육",
        filed_by=team_leader(team=pending_team),
    )
    return world


@pytest.fixture
def world(roles) -> World:
    return build_world(roles)


def workbook_of(world: World, user, bureau: Bureau | None = None):
    """Build the workbook of ``world`` as ``user`` sees it and open it with openpyxl."""
    out = io.BytesIO()
    build_workbook(scope=world.scope(bureau), user=user, out=out)
    out.seek(0)
    return openpyxl.load_workbook(out)


def rows(ws, first: int = 1) -> list[tuple]:
    return list(ws.iter_rows(min_row=first, values_only=True))
