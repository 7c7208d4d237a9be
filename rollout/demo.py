"""Demo rollout: season 1's 15 adoptions carried forward to today, in varied states.

The plans were opened by the review step (publishing season 1's final decisions opens one
plan per adoption, through ``reviews.services.decisions_publish``). This step fills them
in as their teams would have since December 2022, through ``rollout.services``:

- 도지사와 함께 가는 정책소풍 and 지역특화형 비자 시범사업 in operation (budget passed,
  ordinance in force), reports accepted every quarter, KPIs rising;
- one ordinance track waiting for the council (submitted, committee next);
- one budget track waiting for a supplementary budget;
- one late report, one report sent back, one budget cut, one target before its money;
- one "cannot implement" statement accepted; some plans done;
- the demo director's bureau has a filed report waiting for the director.

The planning office's calendars: main budgets 2023–2027 (지방자치법 제142조) with two
supplementary rounds a year, and the council's sessions. Season 2's adoptions open plans
when the planner publishes them in the demo (review pages → 결과 공개).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from departments.models import Position, User
from ideas.demo import S1_ADOPTED_TITLES
from notifications.services import silenced
from rollout import services
from rollout.models import (
    BudgetRound,
    KpiActual,
    OrdinanceStep,
    ProgressReport,
    RolloutPlan,
)


@dataclass
class DemoReport:
    plans: int = 0
    states: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        parts = ", ".join(f"{k} {v}" for k, v in self.states.items())
        return [f"실시계획 {self.plans}건 ({parts})"]


def is_loaded() -> bool:
    return BudgetRound.objects.exists()


def _calendars(planner: User, today: dt.date) -> tuple[dict, dict]:
    rounds = {}
    for year in range(2023, today.year + 2):
        rounds[(year, 0)] = services.budget_round_save(by=planner, fiscal_year=year, kind="main")
        for n, (sub, dec) in enumerate(((3, 4), (8, 9)), start=1):
            rounds[(year, n)] = services.budget_round_save(
                by=planner,
                fiscal_year=year,
                kind="supplementary",
                number=n,
                submission_date=dt.date(year, sub, 20),
                decision_date=dt.date(year, dec, 10),
            )
    sessions = {}
    number = 400
    for year in range(2023, today.year + 2):
        for month, kind, days in (
            (2, "extraordinary", 10),
            (4, "extraordinary", 12),
            (6, "regular", 20),
            (9, "extraordinary", 10),
            (11, "regular", 35),
        ):
            number += 1
            starts = dt.date(year, month, 3)
            sessions[(year, month)] = services.council_session_save(
                by=planner,
                number=number,
                kind=kind,
                starts_on=starts,
                ends_on=starts + dt.timedelta(days=days),
            )
    return rounds, sessions


def _leader(plan: RolloutPlan, planner: User) -> User:
    return (
        User.objects.filter(
            team_id=plan.lead_team_id, position=Position.TEAM_LEADER, is_active=True
        ).first()
        or planner
    )


def _director(plan: RolloutPlan) -> User | None:
    return User.objects.filter(
        bureau_id=plan.bureau_id, position=Position.BUREAU_DIRECTOR, is_active=True
    ).first()


def _reports_done(
    plan, until: dt.date, *, kpis=(), start_pct=10, step=5, leader=None, director=None
):
    """Reports up to ``until`` filed and accepted (written as the services would)."""
    reports = list(plan.reports.filter(period_end__lte=until).order_by("period_end"))
    actuals = []
    for n, report in enumerate(reports):
        report.status = ProgressReport.Status.ACCEPTED
        report.progress_percent = min(100, start_pct + step * n)
        report.done_text = (
            f"{report.period_end:%Y}년 {report.period_end.month}월까지 계획대로 추진했습니다."
        )
        report.next_steps = "다음 분기 계획대로 추진합니다."
        report.filed_by = leader
        report.filed_at = timezone.make_aware(
            dt.datetime.combine(report.due_on - dt.timedelta(days=3), dt.time(15))
        )
        report.reviewed_by = director
        report.reviewed_at = report.filed_at + dt.timedelta(days=2)
        for kpi in kpis:
            share = Decimal(n + 1) / Decimal(len(reports) + 2)
            value = kpi.baseline + (kpi.target - kpi.baseline) * share
            actuals.append(KpiActual(report=report, kpi=kpi, value=value.quantize(Decimal("1"))))
    ProgressReport.objects.bulk_update(
        reports,
        [
            "status",
            "progress_percent",
            "done_text",
            "next_steps",
            "filed_by",
            "filed_at",
            "reviewed_by",
            "reviewed_at",
        ],
    )
    KpiActual.objects.bulk_create(actuals)
    return reports


def _file(plan, leader, *, start, target, method, paths=None, schedule=""):
    fields = {"method": method, "start_date": start, "target_date": target, "schedule": schedule}
    if paths:
        fields.update(paths)
    plan = services.plan_update(plan=plan, by=leader, **fields)
    if plan.responsible_person is None or not plan.responsible_person.is_active:
        plan = services.plan_update(plan=plan, by=leader, responsible_person=leader)
    return services.plan_file(plan=plan, by=leader)


def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    planner = User.objects.filter(username="planner").first()
    if planner is None:
        raise RuntimeError("rollout demo needs the organisation: load departments.demo first")
    today = timezone.localdate()
    last_quarter_end = _quarter_end_before(today)
    report = DemoReport()
    with silenced():
        rounds, sessions = _calendars(planner, today)
        plans = {
            p.idea.title: p
            for p in RolloutPlan.objects.filter(season__code="S1")
            .select_related("idea")
            .order_by("pk")
        }
        for title in S1_ADOPTED_TITLES:
            plan = plans.get(title)
            if plan is None:
                continue
            leader = _leader(plan, planner)
            director = _director(plan)
            state = _STATES.get(title, _on_track)
            label = state(
                plan, leader, director, planner, rounds, sessions, today, last_quarter_end
            )
            report.states[label] = report.states.get(label, 0) + 1
            report.plans += 1
        # Larger scales: the other copies' plans are left as their teams' drafts.
        report.plans = RolloutPlan.objects.count()
    return report


def _quarter_end_before(day: dt.date) -> dt.date:
    month = ((day.month - 1) // 3) * 3
    if month == 0:
        return dt.date(day.year - 1, 12, 31)
    return services.add_months(dt.date(day.year, month, 1), 1) - dt.timedelta(days=1)


# One function per state: each fills the plan in and says which state it shows.


def _policy_picnic(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(2023, 1, 2),
        target=dt.date(today.year + 1, 12, 31),
        method="분기마다 도지사와 도민이 정책 현장을 함께 걷고, 현장에서 들은 제안을 실·국이 30일 안에 답합니다.",
        schedule="2023년 시범 4회 → 2024년부터 시·군 순회 정례화",
    )
    services.budget_track_save(
        plan=plan,
        by=leader,
        amount_requested=120_000_000,
        budget_round=rounds[(2023, 1)],
        status="passed",
        amount_secured=120_000_000,
    )
    kpi = services.kpi_add(
        plan=plan, by=leader, name="참여 도민 수", unit="명", baseline=0, target=3000
    )
    kpi2 = services.kpi_add(
        plan=plan, by=leader, name="현장 제안 답변률", unit="%", baseline=40, target=95
    )
    for n, (title, due) in enumerate(
        (
            ("1차 정책소풍(전주)", dt.date(2023, 4, 15)),
            ("시·군 순회 정례화", dt.date(2024, 3, 31)),
            ("14개 시·군 모두 방문", dt.date(2025, 12, 31)),
        )
    ):
        m = services.milestone_add(plan=plan, by=leader, title=title, due_on=due)
        services.milestone_done(
            milestone=m, by=leader, done_on=due - dt.timedelta(days=n), note="완료"
        )
    _reports_done(
        plan, last, kpis=[kpi, kpi2], start_pct=10, step=5, leader=leader, director=director
    )
    return "운영 중"


def _visa_pilot(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(2023, 1, 9),
        target=dt.date(today.year + 1, 6, 30),
        method="법무부 지역특화형 비자 시범사업에 참여하고 외국인 정착 지원 조례를 제정합니다.",
    )
    track = services.ordinance_track_save(
        plan=plan,
        by=leader,
        ordinance_name="전북특별자치도 외국인 주민 정착 지원 조례",
        target_session=sessions[(2023, 6)],
    )
    day = dt.date(2023, 2, 1)
    for step in track.steps.order_by("order"):
        until = (
            day + dt.timedelta(days=20)
            if step.kind == OrdinanceStep.Kind.PRE_ANNOUNCEMENT
            else None
        )
        services.ordinance_step_save(
            step=step, by=leader, planned_on=day, planned_until=until, actual_on=day
        )
        day = (until or day) + dt.timedelta(days=10)
    kpi = services.kpi_add(
        plan=plan, by=leader, name="정착 외국인 수", unit="명", baseline=0, target=500
    )
    _reports_done(plan, last, kpis=[kpi], start_pct=20, step=5, leader=leader, director=director)
    return "운영 중"


def _done(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(2023, 1, 2),
        target=dt.date(2023, 6, 30),
        method="바로 시행합니다.",
    )
    services.immediate_track_save(
        plan=plan,
        by=leader,
        done_by=dt.date(2023, 6, 30),
        done_on=dt.date(2023, 6, 20),
        evidence="시행 공문(2023. 6. 20.)",
    )
    _reports_done(
        plan, dt.date(2023, 6, 30), start_pct=50, step=50, leader=leader, director=director
    )
    services.plan_complete(plan=plan, by=planner, completed_on=dt.date(2023, 6, 30))
    return "완료"


def _director_waiting(plan, leader, director, planner, rounds, sessions, today, last):
    """The demo director's bureau: the latest report filed and waiting for the director."""
    plan = _file(
        plan,
        leader,
        start=dt.date(2023, 1, 2),
        target=dt.date(today.year + 1, 12, 31),
        method="유치 기업마다 전담 공무원 1명을 지정해 투자 협약부터 사후 관리까지 맡깁니다.",
    )
    services.immediate_track_save(
        plan=plan,
        by=leader,
        done_by=dt.date(2023, 3, 31),
        done_on=dt.date(2023, 3, 20),
        evidence="전담제 운영 지침 시행",
    )
    kpi = services.kpi_add(
        plan=plan, by=leader, name="전담 관리 기업 수", unit="개", baseline=0, target=150
    )
    reports = _reports_done(
        plan, last, kpis=[kpi], start_pct=15, step=5, leader=leader, director=director
    )
    if reports:
        latest = reports[-1]
        ProgressReport.objects.filter(pk=latest.pk).update(
            status=ProgressReport.Status.FILED, reviewed_by=None, reviewed_at=None
        )
    return "실·국장 검토 대기"


def _late_report(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(2023, 1, 2),
        target=dt.date(today.year + 1, 12, 31),
        method="보고 문서를 게시판에 올려 모든 직원이 읽게 하고 메신저 보고를 줄입니다.",
    )
    services.immediate_track_save(plan=plan, by=leader, done_by=dt.date(2023, 4, 30))
    reports = list(plan.reports.filter(period_end__lte=last).order_by("period_end"))
    _reports_done(
        plan,
        reports[-2].period_end if len(reports) > 1 else dt.date(2022, 1, 1),
        leader=leader,
        director=director,
    )
    return "보고 지연"


def _cannot(plan, leader, director, planner, rounds, sessions, today, last):
    services.plan_cannot_file(
        plan=plan,
        by=leader,
        reason="회계 의뢰는 「지방회계법」과 시행령에 정한 절차라 도 단독으로 일원화할 수 없습니다. 행정안전부에 제도 개선을 건의했습니다.",
    )
    services.plan_cannot_decide(
        plan=plan,
        by=planner,
        accept=True,
        note="법령 사항으로 확인되어 수용합니다. 중앙부처 건의 결과를 공유하세요.",
    )
    return "실시불가 수용"


def _waiting_supplementary(plan, leader, director, planner, rounds, sessions, today, last):
    year = today.year + 1
    plan = _file(
        plan,
        leader,
        start=dt.date(today.year, 7, 1),
        target=dt.date(year, 12, 31),
        method="시·군 행정복지센터에 복지·일자리·보건 통합 상담창구를 열고 상담 인력을 배치합니다.",
    )
    services.budget_track_save(
        plan=plan, by=leader, amount_requested=450_000_000, budget_round=rounds[(year, 1)]
    )
    services.milestone_add(
        plan=plan, by=leader, title=f"{year}년 제1회 추경 반영", due_on=dt.date(year, 4, 10)
    )
    _reports_done(plan, last, start_pct=10, step=5, leader=leader, director=director)
    return "추경 대기"


def _waiting_council(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(today.year, 3, 2),
        target=dt.date(today.year + 1, 6, 30),
        method="감사 전에 사업 부서를 찾아가 사전 컨설팅하는 근거를 감사 규칙에 둡니다.",
    )
    target = next(s for (y, m), s in sorted(sessions.items()) if s.submission_deadline > today)
    track = services.ordinance_track_save(
        plan=plan, by=leader, ordinance_name="전북특별자치도 자체감사 규칙", target_session=target
    )
    day = dt.date(today.year, 6, 1)
    for step in track.steps.order_by("order"):
        until = (
            day + dt.timedelta(days=20)
            if step.kind == OrdinanceStep.Kind.PRE_ANNOUNCEMENT
            else None
        )
        done = step.kind in (
            OrdinanceStep.Kind.DRAFTING,
            OrdinanceStep.Kind.CONSULTATION,
            OrdinanceStep.Kind.PRE_ANNOUNCEMENT,
            OrdinanceStep.Kind.LEGAL_REVIEW,
            OrdinanceStep.Kind.SUBMISSION,
        )
        if not done:
            day = max(day, target.starts_on)
        services.ordinance_step_save(
            step=step,
            by=leader,
            planned_on=day,
            planned_until=until,
            actual_on=day if done else None,
        )
        day = (until or day) + dt.timedelta(days=12)
    _reports_done(plan, last, start_pct=20, step=10, leader=leader, director=director)
    return "도의회 심사 대기"


def _sent_back(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(2023, 3, 2),
        target=dt.date(today.year + 1, 12, 31),
        method="스마트양식 실증단지 입주 기업과 어가를 연결하는 협의체를 운영합니다.",
    )
    services.budget_track_save(
        plan=plan,
        by=leader,
        amount_requested=800_000_000,
        budget_round=rounds[(2024, 0)],
        status="passed",
        amount_secured=800_000_000,
    )
    reports = _reports_done(plan, last, start_pct=10, step=5, leader=leader, director=director)
    if reports:
        ProgressReport.objects.filter(pk=reports[-1].pk).update(
            status=ProgressReport.Status.SENT_BACK,
            send_back_reason="입주 기업별 연계 실적을 수치로 보완하세요.",
        )
    return "보완 요청"


def _budget_cut(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(2023, 3, 2),
        target=dt.date(today.year + 1, 12, 31),
        method="농가와 구직자를 잇는 일손 중개 플랫폼을 구축합니다.",
    )
    services.budget_track_save(
        plan=plan,
        by=leader,
        amount_requested=600_000_000,
        budget_round=rounds[(2024, 0)],
        status="cut",
        amount_secured=250_000_000,
    )
    _reports_done(plan, last, start_pct=10, step=4, leader=leader, director=director)
    return "예산 삭감"


def _money_too_late(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(today.year, 1, 2),
        target=dt.date(today.year, 12, 31),
        method="이차전지 기업과 도내 대학이 인력 양성 협약을 맺고 교육과정을 엽니다.",
    )
    services.budget_track_save(
        plan=plan, by=leader, amount_requested=300_000_000, budget_round=rounds[(today.year + 1, 0)]
    )
    _reports_done(plan, last, start_pct=10, step=10, leader=leader, director=director)
    return "예산 시기 경고"


def _on_track(plan, leader, director, planner, rounds, sessions, today, last):
    plan = _file(
        plan,
        leader,
        start=dt.date(2023, 3, 2),
        target=dt.date(today.year + 1, 12, 31),
        method="계획대로 단계별로 추진합니다.",
    )
    if plan.path_budget:
        services.budget_track_save(
            plan=plan,
            by=leader,
            amount_requested=200_000_000,
            budget_round=rounds[(2024, 0)],
            status="passed",
            amount_secured=200_000_000,
        )
    if plan.path_immediate:
        services.immediate_track_save(plan=plan, by=leader, done_by=dt.date(2023, 6, 30))
    services.milestone_add(
        plan=plan, by=leader, title="확대 시행", due_on=dt.date(today.year + 1, 6, 30)
    )
    _reports_done(plan, last, start_pct=10, step=5, leader=leader, director=director)
    return "정상 추진"


_STATES = {
    "도지사와 함께 가는 정책소풍": _policy_picnic,
    "지역특화형 비자 시범사업": _visa_pilot,
    "1기업 1공무원 전담제 도입": _director_waiting,
    "찾아가는 현장 규제 상담창구 운영": _done,
    "업무보고 게시판 행정 전환": _late_report,
    "회계 의뢰 절차 일원화": _cannot,
    "복지·일자리·보건 원스톱 통합 상담창구": _waiting_supplementary,
    "찾아가는 사전 컨설팅 감사 도입": _waiting_council,
    "스마트양식 실증단지 기업 연계": _sent_back,
    "전북형 농촌 일손 중개 플랫폼": _budget_cut,
    "도민 안전 알림 문자 다국어 서비스": _done,
    "이차전지 기업 인력 양성 협약": _money_too_late,
}
