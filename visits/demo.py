"""Demo benchmarking visits, modelled on Hanam's programme (seed 003): this year's August
programme, groups of up to four, two to three days each, a Singapore study trip approved
by the bureau director, reports filed, and ideas of the open season linked to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from departments.models import Position, User
from ideas.models import Idea
from notifications.services import silenced
from visits import services
from visits.models import DerivedIdea, Visit, VisitProgramme

VISITS = [
    # (institution, kind, place, policy area, start day in August, days, report or None)
    (
        "싱가포르 경제개발청(EDB)",
        Idea.SourceType.OVERSEAS,
        "싱가포르",
        "기업유치",
        17,
        3,
        (
            "기업 한 곳을 전담 관리자가 끝까지 맡는 원스톱 투자 지원 체계",
            "우리 도의 ‘1기업 1공무원’ 전담제와 맞닿아 있어 관리 시스템만 갖추면 바로 쓸 수 있습니다.",
            "투자기업 전담 관리 시스템 구축, 전담 공무원 교육 과정 신설",
        ),
    ),
    (
        "경상남도 투자유치단",
        Idea.SourceType.LOCAL_GOVERNMENT,
        "창원",
        "기업유치",
        6,
        2,
        (
            "유치 기업의 애로를 분기마다 모아 실·국이 함께 푸는 협의회",
            "투자 협약 뒤 사후관리가 약한 우리 도의 문제를 직접 풉니다.",
            "투자기업 사후관리 협의회 운영",
        ),
    ),
    (
        "행정안전부 정부혁신조직실",
        Idea.SourceType.CENTRAL_MINISTRY,
        "세종",
        "정부혁신",
        24,
        2,
        None,
    ),
    (
        "한국토지주택공사(LH)",
        Idea.SourceType.PUBLIC_AGENCY,
        "진주",
        "도시재생",
        10,
        2,
        (
            "빈 점포를 청년 창업 공간으로 바꾸는 골목상권 재생",
            "원도심 골목상권 쇠퇴 문제와 같습니다.",
            "골목상권 빈 점포 청년 창업 지원",
        ),
    ),
]


@dataclass
class DemoReport:
    visits: int = 0
    reported: int = 0
    derived: int = 0

    def lines(self) -> list[str]:
        return [
            f"벤치마킹 방문: {self.visits}건 (보고 {self.reported}건, 파생 아이디어 {self.derived}건)"
        ]


def is_loaded() -> bool:
    return VisitProgramme.objects.exists()


@transaction.atomic
def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    report = DemoReport()
    year = timezone.localdate().year
    if timezone.localdate() < dt.date(year, 9, 1):
        year -= 1  # the August programme is over, its reports in
    programme = VisitProgramme.objects.create(
        name=f"{year} 우수정책 벤치마킹",
        year=year,
        window_start=dt.date(year, 8, 1),
        window_end=dt.date(year, 8, 31),
        report_due_days=14,
    )
    leader = User.objects.get(username="leader")
    team = list(User.objects.filter(team_id=leader.team_id, is_active=True).order_by("pk"))
    group = [leader] + [u for u in team if u.pk != leader.pk][:3]  # four, the largest group
    director = User.objects.get(username="director")
    head = User.objects.get(username="divhead")
    others = list(
        User.objects.filter(position=Position.TEAM_LEADER)
        .exclude(team_id=leader.team_id)
        .order_by("pk")[:2]
    )
    with silenced():
        for index, (institution, kind, place, area, day, days, written) in enumerate(VISITS):
            planner = leader if index < 3 else others[0]
            members = group if index == 0 else [planner]
            visit = services.visit_plan(
                programme=programme,
                by=planner,
                members=members,
                institution=institution,
                institution_kind=kind,
                location=place,
                policy_area=area,
                purpose=f"{area} 우수 사례 현장 학습",
                starts_on=dt.date(year, 8, day),
                ends_on=dt.date(year, 8, day + days - 1),
                budget_krw=2_400_000 if kind == Idea.SourceType.OVERSEAS else 360_000,
            )
            report.visits += 1
            if written is None:
                continue  # waits for the division head
            approver = director if kind == Idea.SourceType.OVERSEAS else _head_of(planner, head)
            services.visit_decide(visit=visit, by=approver, approve=True)
            seen, fit, proposals = written
            services.visit_report(visit=visit, by=planner, seen=seen, fit=fit, proposals=proposals)
            report.reported += 1
            if index in (0, 3) and _link_existing_idea(visit, planner):
                report.derived += 1
    return report


def _link_existing_idea(visit: Visit, planner: User) -> bool:
    """Link one of the team's ideas of the open season to the visit, as if derived from it
    (the ideas demo's season-2 counts stay as seed 000 tells them)."""
    season = services.open_benchmarking_season()
    idea = (
        Idea.objects.filter(season=season, team_id=planner.team_id, visit_link__isnull=True)
        .order_by("pk")
        .first()
        if season
        else None
    )
    if idea is None:
        return False
    DerivedIdea.objects.create(visit=visit, idea=idea)
    return True


def _head_of(person: User, default: User) -> User:
    return (
        User.objects.filter(position=Position.DIVISION_HEAD, division_id=person.division_id)
        .order_by("pk")
        .first()
        or default
    )
