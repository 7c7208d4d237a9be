"""Demo roadmap (seed 004): 도정 혁신 로드맵 1.0 with the article's three goals and the
tasks it names, yearly targets and results, joint ventures, adopted season-1 ideas linked
to tasks, a performance report waiting for review and an open staff survey."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from departments.models import Division, User
from ideas.models import Idea
from reviews.models import Decision
from roadmap.models import (
    ActionPlan,
    Answer,
    Goal,
    IndicatorValue,
    PerformanceReport,
    Question,
    RoadmapVersion,
    Survey,
    SurveyResponse,
    Task,
    TaskIdea,
    TaskRolloutPlan,
    TaskUnit,
)
from rollout.models import RolloutPlan


@dataclass
class DemoReport:
    lines_: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return self.lines_


# (goal, [(task, indicator, unit, baseline, targets 2019–2022, units (lead first))])
GOALS = [
    (
        "사회적 가치 기반의 인사·업무 혁신",
        [
            (
                "조인트벤처 협업 과제 운영",
                "조인트벤처 과제 수",
                "건",
                0,
                [5, 10, 15, 20],
                ["정책기획관", "총무과", "인사과"],
            ),
            (
                "게시판 행정으로 업무자료 공유",
                "게시판 공유 자료 비율",
                "%",
                20,
                [50, 70, 85, 95],
                ["정보화정책과", "총무과"],
            ),
            (
                "회계·표창 결재 단계 줄이기",
                "결재 단계 단축 업무 수",
                "건",
                0,
                [3, 6, 9, 12],
                ["회계과", "인사과"],
            ),
        ],
    ),
    (
        "도민과 함께하는 열린 도정혁신",
        [
            (
                "원스톱 복지서비스(경남형 통합 복지전달체계)",
                "원스톱 플랫폼 읍·면·동 수",
                "곳",
                0,
                [3, 60, 180, 305],
                ["사회복지과", "노인복지과", "보건의료과"],
            ),
            (
                "실사구시 간부회의",
                "간부회의 토론 안건 비율",
                "%",
                10,
                [30, 50, 60, 70],
                ["정책기획관"],
            ),
            (
                "주요 민원 공동관리제",
                "민원 처리 기간",
                "일",
                14,
                [12, 10, 8, 7],
                ["자치행정과", "총무과"],
            ),
        ],
    ),
    (
        "지속 가능한 자율 혁신체계 구축",
        [
            (
                "찾아가는 사전 컨설팅 감사",
                "사전 컨설팅 건수",
                "건",
                40,
                [80, 120, 160, 200],
                ["법무행정과"],
            ),
            (
                "적극행정 면책제도",
                "면책 심사 처리 건수",
                "건",
                2,
                [5, 10, 15, 20],
                ["법무행정과", "인사과"],
            ),
            (
                "혁신담당관 운영",
                "혁신담당관 수",
                "명",
                0,
                [23, 30, 35, 40],
                ["정책기획관", "인사과"],
            ),
        ],
    ),
]
ACTUALS_UNTIL = 2021  # results are known up to this year; 2022 is a target only


def is_loaded() -> bool:
    return RoadmapVersion.objects.exists()


def _demo_task(goal, number, row, responsible, divisions, rng) -> Task:
    """One task of the demo roadmap with its units, yearly targets (and actuals) and plans."""
    title, indicator, unit, baseline, targets, unit_names = row
    task = Task.objects.create(
        goal=goal,
        number=number,
        title=title,
        description=f"{title}: 도정혁신추진단과 추진 부서가 함께 추진합니다.",
        status=Task.Status.IN_PROGRESS,
        responsible=responsible,
        indicator_name=indicator,
        indicator_unit=unit,
        indicator_baseline=Decimal(baseline),
        indicator_direction=Task.Direction.DECREASE if unit == "일" else Task.Direction.INCREASE,
    )
    for i, name in enumerate(unit_names):
        if name in divisions:
            TaskUnit.objects.create(
                task=task,
                division=divisions[name],
                is_lead=i == 0,
                part="주관: 계획과 성과 관리" if i == 0 else "협업: 현장 실행",
            )
    for year, target in zip(range(2019, 2023), targets, strict=True):
        actual = None
        if year <= ACTUALS_UNTIL:
            actual = Decimal(target) * Decimal(rng.choice([0.8, 0.9, 1.0, 1.05, 1.1]))
        IndicatorValue.objects.create(task=task, year=year, target=Decimal(target), actual=actual)
        ActionPlan.objects.create(
            task=task, year=year, content=f"{year}년: {title} 목표 {target}{unit} 달성"
        )
    return task


def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    rng = random.Random(seed)
    planner = User.objects.filter(username="planner").first()
    divisions = {}
    for division in Division.objects.filter(is_active=True).order_by("pk"):
        divisions.setdefault(division.name, division)
    people = list(User.objects.filter(is_active=True, position="division_head")[:20])
    version = RoadmapVersion.objects.create(
        number="1.0",
        title="도정 혁신 로드맵",
        vision="진정한 봉사자로 거듭나는 경남도",
        status=RoadmapVersion.Status.CURRENT,
        created_by=planner,
    )
    adopted = list(
        Idea.objects.filter(
            decisions__is_current=True,
            decisions__outcome__in=Decision.ADOPTED,
            decisions__round__decisions_published_at__isnull=False,
        )
        .distinct()
        .order_by("pk")[:9]
    )
    tasks = []
    for g_number, (goal_title, task_rows) in enumerate(GOALS, start=1):
        goal = Goal.objects.create(version=version, number=g_number, title=goal_title)
        for t_number, (title, indicator, unit, baseline, targets, unit_names) in enumerate(
            task_rows, start=1
        ):
            responsible = people[len(tasks) % len(people)] if people else None
            row = (title, indicator, unit, baseline, targets, unit_names)
            tasks.append(_demo_task(goal, t_number, row, responsible, divisions, rng))
    for task, idea in zip(tasks, adopted, strict=False):
        TaskIdea.objects.create(task=task, idea=idea, linked_by=planner)
    # The rollout plans of those ideas (rollout's demo ran first) carry the same tasks.
    plans = RolloutPlan.objects.filter(idea__in=adopted).in_bulk(field_name="idea_id")
    TaskRolloutPlan.objects.bulk_create(
        TaskRolloutPlan(task=task, plan=plans[idea.pk], linked_by=planner)
        for task, idea in zip(tasks, adopted, strict=False)
        if idea.pk in plans
    )
    if tasks and tasks[0].responsible:
        PerformanceReport.objects.create(
            task=tasks[0],
            year=2021,
            period=PerformanceReport.Period.YEAR,
            summary="조인트벤처 과제 16건 운영, 부서 간 칸막이 해소 사례 공유",
            submitted_by=tasks[0].responsible,
        )
    survey = Survey.objects.create(version=version, title="도정 혁신 로드맵 1.0 직원 설문")
    questions = Question.objects.bulk_create(
        [
            Question(survey=survey, order=1, text="로드맵의 3대 목표에 공감하십니까?"),
            Question(
                survey=survey, order=2, text="조인트벤처 방식이 부서 칸막이 해소에 도움이 됩니까?"
            ),
            Question(survey=survey, order=3, text="게시판 행정이 업무에 도움이 됩니까?"),
            Question(
                survey=survey,
                order=4,
                text="더 바꾸어야 할 업무 관행을 적어 주세요.",
                kind=Question.Kind.TEXT,
            ),
        ]
    )
    respondents = list(
        User.objects.filter(is_active=True)
        .exclude(
            username__in=["leader", "member", "divhead", "director", "reviewer", "planner", "admin"]
        )
        .order_by("pk")[: 40 * scale]
    )
    # In bulk: at --scale 227 there are 9,080 respondents (two queries each made this step
    # take most of a minute).
    responses = SurveyResponse.objects.bulk_create(
        [SurveyResponse(survey=survey, respondent=person) for person in respondents],
        batch_size=1000,
    )
    Answer.objects.bulk_create(
        [
            answer
            for response in responses
            for answer in [
                Answer(response=response, question=q, scale=rng.choice([2, 3, 4, 4, 5, 5]))
                for q in questions[:3]
            ]
            + [
                Answer(
                    response=response,
                    question=questions[3],
                    text=rng.choice(["", "보고서 간소화", "회의 줄이기"]),
                )
            ]
        ],
        batch_size=2000,
    )
    return DemoReport(
        [
            f"로드맵 {version.number}: 목표 {len(GOALS)}개, 과제 {len(tasks)}개, "
            f"연결 아이디어 {min(len(tasks), len(adopted))}건, 설문 응답 {len(respondents)}명"
        ]
    )
