"""Demo award data, as seed 002 tells it, and verified work-reduction outcomes.

- The 2021 January–February round of 이달의 으뜸 도정상, announced on 9 March 2021 with the
  article's citations: 최우수 투자금융과 and 일자리경제정책관; 우수 법무행정과, 인재개발원
  and 수산기술연구소; 공로상 자원봉사센터 (a unit the org chart lacks: added as a division
  of 자치행정국, so the demo keeps its 19 bureaus). The
  announcement writes the ledger through the service: unit points to each unit, personal
  points to everybody in it that day.
- An open round for this month, so the planning office has something to screen.
- Half-year follow-ups of some of the 291 work-reduction tasks: re-measured by the teams,
  most verified by their bureau directors (accepted, or adjusted with a reason).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from awards import services
from awards.models import AwardRound, OutcomeMeasurement, PointEntry
from departments.models import Bureau, Division, Position, User
from ideas.models import Idea, Season
from notifications.services import silenced

ROUND_2021 = "2021년 1~2월 이달의 으뜸 도정상"
WINNERS = [
    # (bureau, division or None for a bureau-level unit, grade, citation, results)
    (
        "기업유치지원실",
        "투자금융과",
        "최우수",
        "‘전북 탄소소재·부품·장비 특화단지’ 공모 선정을 위해 탄소융합기술원, 효성 등과 TF를 "
        "꾸려 특화단지 건립의 기틀을 마련했습니다. 전국 최초 6년 연속 산업부 지방투자촉진사업 "
        "우수기관으로 국비 5% 상향 인센티브를 받았습니다.",
        "2024년까지 탄소 기업 110개 유치, 4,692억 원 규모 사업 추진",
    ),
    (
        "기업유치지원실",
        "일자리경제정책관",
        "최우수",
        "상생형 일자리 협약식을 시작으로 전북 군산형 일자리 공모에 선정되었습니다.",
        "인센티브 3,500억 원 확보, 투자 5,171억 원, 직접고용 1,704명, 전기차 24만여 대 생산",
    ),
    (
        "기획조정실",
        "법무행정과",
        "우수",
        "지방규제혁신 우수기관 2년 연속 으뜸 기관으로 선정되었습니다.",
        "규제 과제 482건 발굴, 72건 해결, 기업체 35곳 방문, 재정인센티브 3천만 원 확보",
    ),
    (
        "인재개발원",
        None,
        "우수",
        "남원시와 업무협약을 맺어 장애인기업·여성기업 등 지역상품 애용과 지역민 고용, "
        "지역상권 이용의 날을 운영했습니다.",
        "남원시 상생 협력 사업",
    ),
    (
        "수산기술연구소",
        None,
        "우수",
        "한국판 뉴딜 ‘전북형 첨단 스마트 양식 시스템 구축’ 공모에 선정되었습니다.",
        "사업비 70억 원 규모 흰다리새우 스마트양식 실증연구시설 건립",
    ),
    (
        # The volunteer centre answers to 자치행정국 here; the org chart has no unit for it.
        "자치행정국",
        "자원봉사센터",
        "공로상",
        "14개 시·군 센터와 협력해 선제적 방역활동과 릴레이 방역활동을 펼쳤고, 마스크 제작, "
        "농촌일손돕기, 수해복구 봉사에 앞장섰습니다.",
        "46,000곳 34,142명 방역, 취약시설 7,293개소 4,660명 릴레이 방역",
    ),
]
MEASURED_TASKS = 24


@dataclass
class DemoReport:
    rounds: int = 0
    winners: int = 0
    entries: int = 0
    measured: int = 0
    verified: int = 0

    def lines(self) -> list[str]:
        return [
            f"으뜸 도정상: 회차 {self.rounds}개, 수상 부서 {self.winners}개, 가점 기록 {self.entries}건",
            f"업무 감축 성과: 재측정 {self.measured}건, 검증 {self.verified}건",
        ]


def is_loaded() -> bool:
    return AwardRound.objects.exists()


def _unit(bureau_name: str, division_name: str | None):
    bureau = Bureau.objects.filter(name=bureau_name).order_by("pk").first()
    if bureau is None:
        top = Bureau.objects.order_by("-display_order").first()
        bureau = Bureau.objects.create(
            name=bureau_name,
            kind=Bureau.Kind.AGENCY,
            display_order=(top.display_order + 1) if top else 0,
        )
    division = None
    if division_name:
        division, created = Division.objects.get_or_create(
            bureau=bureau, name=division_name, is_active=True, defaults={"display_order": 99}
        )
        if created:  # every division of the demo has its head
            User.objects.create(
                username="volunteer-head",
                employee_number="V0000001",
                full_name="한봉사",
                position=Position.DIVISION_HEAD,
                bureau=bureau,
                division=division,
            )
    return bureau, division


@transaction.atomic
def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    rng = random.Random(seed)
    report = DemoReport()
    planner = (
        User.objects.filter(username="planner").first()
        or User.objects.filter(groups__name="planning_office").first()
    )
    with silenced():
        award_round = services.round_open(
            by=planner,
            title=ROUND_2021,
            period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2021, 2, 28),
            nomination_deadline=dt.date(2021, 3, 3),
        )
        criteria = list(award_round.criteria.all())
        grades = {g.name: g for g in services.grades_ensure_defaults()}
        nominations = []
        for bureau_name, division_name, grade, citation, results in WINNERS:
            bureau, division = _unit(bureau_name, division_name)
            nomination = services.nomination_create(
                award_round=award_round,
                by=planner,
                bureau=bureau,
                division=division,
                citation=citation,
                results=results,
            )
            nominations.append((nomination, grade))
        for nomination, grade in nominations:  # screening closes the nominations
            top = grade == "최우수"
            scores = {c.pk: c.max_score - (0 if top else rng.randint(1, 3)) for c in criteria}
            services.nomination_score(
                nomination=nomination, by=planner, scores=scores, grade=grades[grade]
            )
            report.winners += 1
        services.round_announce(
            award_round=award_round,
            by=planner,
            award_date=dt.date(2021, 3, 9),
            notify_staff=False,
            announcement="코로나19로 어려운 여건에서도 눈부신 성과를 보인 6개 부서를 "
            "내부 선정 절차를 거쳐 최종 확정했습니다.",
        )
        today = timezone.localdate()
        first = today.replace(day=1)
        services.round_open(
            by=planner,
            title=f"{today:%Y년 %-m월} 이달의 으뜸 도정상",
            period_start=first,
            period_end=today,
            nomination_deadline=today + dt.timedelta(days=10),
        )
    report.rounds = AwardRound.objects.count()
    report.entries = PointEntry.objects.count()
    report.measured, report.verified = _outcomes(rng)
    return report


def _outcomes(rng: random.Random) -> tuple[int, int]:
    """Half-year follow-ups of submitted work-reduction tasks, written as the services would."""
    tasks = list(
        Idea.objects.filter(
            season__kind=Season.Kind.WORK_REDUCTION,
            status=Idea.Status.SUBMITTED,
            hours_saved_per_year__isnull=False,
        ).order_by("bureau__display_order", "pk")[:MEASURED_TASKS]
    )
    leaders = {
        u.team_id: u
        for u in User.objects.filter(
            position=Position.TEAM_LEADER, team__in=[t.team_id for t in tasks]
        )
    }
    directors = {u.bureau_id: u for u in User.objects.filter(position=Position.BUREAU_DIRECTOR)}
    year = timezone.localdate().year
    now = timezone.now()
    rows, verified = [], 0
    for index, task in enumerate(tasks):
        measurer = leaders.get(task.team_id) or task.created_by
        declared = Decimal(task.hours_saved_per_year)
        measured = (declared * Decimal(rng.uniform(0.6, 1.1))).quantize(Decimal("0.1"))
        row = OutcomeMeasurement(
            idea=task,
            year=year,
            half=1,
            declared_hours=declared,
            measured_hours=measured,
            note="업무 일지와 처리 건수로 다시 쟀습니다.",
            measured_by=measurer,
        )
        director = directors.get(task.bureau_id)
        if director is not None and index % 3 != 2:  # a third still waits for its director
            adjust = index % 3 == 1
            row.status = (
                OutcomeMeasurement.Status.ADJUSTED if adjust else OutcomeMeasurement.Status.ACCEPTED
            )
            row.verified_hours = (
                (measured * Decimal("0.8")).quantize(Decimal("0.1")) if adjust else measured
            )
            row.verification_reason = "다른 과제와 겹치는 시간을 뺐습니다." if adjust else ""
            row.verified_by = director
            row.verified_at = now
            verified += 1
        rows.append(row)
    OutcomeMeasurement.objects.bulk_create(rows)
    return len(rows), verified
