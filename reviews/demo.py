"""Demo review and selection, as seed 000 tells it.

- Season 1 (closed): every submitted idea scored by three reviewers in 1차 서면 심사, the
  best sent on (추가 심사) to 최종 심사, again three reviewers each, and 15 adopted with a
  path and a reason (``ideas.demo.S1_ADOPTED``: "최종 15개를 도정에 접목"). One adoption
  was first conditional and then changed, so the decision history has two versions to
  show. Both rounds are closed and their decisions published; the governor's directives
  on the adopted ideas are recorded.
- Season 2 (open): 1차 서면 심사 is open, every submitted idea has three reviewers and
  part of the queue is done — the demo ``reviewer`` has about a third submitted and two
  drafts.
- The work-reduction season (briefing): the governor's directives from its briefings on
  representative tasks.

The reviewer pool is the demo ``reviewer`` plus staff from other bureaus (9 per copy of the
organisation). One of them scores harshly and one leniently, so the normalised ranking has
something to even out. Scores follow a hidden quality per idea, the reviewer's bias and
noise; the adopted ideas are the best ones.

Assignments are planned by ``services.assignments_planned`` (balanced, no conflict of
interest: the rules ``assignments_auto`` applies when the planning office assigns);
they, evaluations, scores and decisions are written in bulk as the services would write
them (COPY on PostgreSQL), with their history, at 2022's dates.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.db import insert_objects, insert_plain
from core.models import HistoryEntry
from departments.demo import bureau_copies
from departments.models import Position, Role, User
from ideas.demo import S1_ADOPTED_TITLES, _local, _office_time, _timestamps_as_given
from ideas.models import Idea, Season
from notifications import events as notices
from notifications.services import silenced
from reviews import services, standings
from reviews.models import Assignment, Decision, Directive, Evaluation, ReviewRound, Score
from reviews.selectors import ranking
from reviews.services import ReviewAction, weighted_total

BATCH = 5_000
# Columns of an evaluation as _Writer.evaluate builds them.
EVALUATION_FIELDS = [
    "assignment_id",
    "round_id",
    "idea_id",
    "reviewer_id",
    "status",
    "comment",
    "total",
    "submitted_at",
    "updated_at",
]
POOL_PER_COPY = 9
SENT_ON_SHARE = 45 / 268  # season 1: about 45 of 268 ideas reached the final review
ADOPTED_PER_SCALE = 15

# Reviewer biases on the 0–1 quality scale: one harsh, one lenient, the rest close to fair.
HARSH, LENIENT = -0.2, 0.2

COMMENTS_GOOD = [
    "현장 수요가 분명하고 바로 적용할 수 있습니다.",
    "다른 실·국과 시·군으로 넓혀 쓸 수 있는 좋은 제안입니다.",
    "벤치마킹 기관의 성과 자료가 구체적입니다.",
    "도민이 체감할 효과가 큽니다.",
]
COMMENTS_FAIR = [
    "취지는 좋으나 소요 예산 근거를 보완해야 합니다.",
    "기존 사업과 겹치는 부분을 정리하면 좋겠습니다.",
    "추진 일정이 구체적이지 않습니다.",
    "",
]
COMMENTS_WEAK = [
    "이미 시행 중인 사업과 차별점이 약합니다.",
    "우리 도 여건에 맞는지 검토가 더 필요합니다.",
    "효과를 측정할 지표가 없습니다.",
]
ADOPT_REASONS = {
    Idea.Path.IMMEDIATE: "즉시 시행할 수 있는 과제로, 담당 부서가 바로 추진하고 분기마다 추진 상황을 보고합니다.",
    Idea.Path.BUDGET: "효과가 크나 예산이 필요합니다. 다음 연도 본예산에 반영하도록 조속히 검토합니다.",
    Idea.Path.ORDINANCE: "조례 개정이 필요한 과제로, 입법 절차를 바로 시작해 신속히 추진합니다.",
}  # fmt: skip
NOT_ADOPTED_FIRST = "1차 서면 심사 점수가 최종 심사 진출 기준에 미치지 못했습니다."
NOT_ADOPTED_FINAL = "최종 심사 결과 채택 순위에 들지 못했습니다. 내용을 보완해 다음 시즌에 다시 제안할 수 있습니다."  # fmt: skip
SENT_ON = "1차 서면 심사 상위 아이디어로 최종 심사에 올립니다."
# The adoption that was first conditional (two versions in its history).
CHANGED_TITLE = "지역특화형 비자 시범사업"
CHANGED_CONDITIONS = "법무부 시범사업 대상 지역 선정 결과에 따라 추진합니다."
CHANGE_REASON = "법무부가 시범사업 대상 지역으로 선정해 조건이 충족되었습니다."

# What the governor said at the briefings (도지사 지시사항), by idea title.
S1_DIRECTIVES = {
    "도지사와 함께 가는 정책소풍": "분기마다 한 번 이상 시·군을 돌며 열고, 현장에서 나온 건의는 2주 안에 답하세요.",
    "1기업 1공무원 전담제 도입": "즉시 시행하세요. 전담 공무원의 기업 방문 결과를 매달 기업유치지원실장이 점검하세요.",
    "찾아가는 현장 규제 상담창구 운영": "시·군과 함께 운영하고 해결한 규제 건수를 성과로 관리하세요.",
    "업무보고 게시판 행정 전환": "다음 달부터 메신저 쪽지 보고를 멈추고 모든 보고서를 게시판에 올리세요.",
    "복지·일자리·보건 원스톱 통합 상담창구": "경남 사례를 참고해 시범 시·군 두 곳을 먼저 정하고 내년 예산에 반영하세요.",
    "전북형 농촌 일손 중개 플랫폼": "농번기 전에 문을 열 수 있도록 추경 예산 확보를 검토하세요.",
    "도민 안전 알림 문자 다국어 서비스": "외국인 주민이 많은 시·군부터 바로 시행하세요.",
    "이차전지 기업 인력 양성 협약": "새만금 입주 기업과 도내 대학이 함께하는 협약으로 넓히세요.",
}  # fmt: skip
W1_DIRECTIVES = {
    "전북자치도청 전시실 운영 개선": "대관 신청은 이번 달부터 온라인으로 받고, 비는 기간은 도민 작가에게 여세요.",
    "지방건설 기술심의 대상 사업 축소": "조례 개정안을 다음 도의회 회기에 낼 수 있게 준비하세요.",
    "공사·용역 회계 의뢰 절차 축소(2회→1회)": "즉시 시행하고 다른 실·국에도 알리세요.",
    "나열식 간부회의 보고자료 폐지": "다음 간부회의부터 쟁점 위주 한 장 보고로 바꾸세요.",
}  # fmt: skip


class _AssignmentRow(NamedTuple):
    """An assignment as ``assignments_auto`` writes it: a row for ``insert_plain`` that
    also reads as an assignment where its notice counts them (``reviewer_id``)."""

    round_id: int
    idea_id: int
    reviewer_id: int
    method: str
    assigned_by_id: int
    assigned_at: dt.datetime


@dataclass
class RoundLine:
    label: str
    counts: Counter = field(default_factory=Counter)


@dataclass
class DemoReport:
    reviewers: int = 0
    harsh: str = ""
    lenient: str = ""
    rounds: list[RoundLine] = field(default_factory=list)
    directives: int = 0

    def lines(self) -> list[str]:
        out = [f"심사위원 {self.reviewers}명 (엄격: {self.harsh}, 후함: {self.lenient})"]
        for line in self.rounds:
            parts = ", ".join(f"{label} {n}" for label, n in line.counts.items() if n)
            out.append(f"{line.label}: {parts}")
        out.append(f"도지사 지시사항 {self.directives}건")
        return out


def is_loaded() -> bool:
    return ReviewRound.objects.filter(season__code__in=["S1", "S2"]).exists()


def _as_given(*models_fields):
    """bulk_create writes the given times (the services' own writes keep auto_now)."""
    return _timestamps_as_given(*(m._meta.get_field(f) for m, f in models_fields))


# The pool --------------------------------------------------------------------------------


@dataclass
class _Pool:
    reviewers: list[User]
    bias: dict[int, float]
    harsh: User
    lenient: User


def _pool(rng: random.Random, scale: int, planner: User) -> _Pool:
    """The demo reviewer and staff of other bureaus, one bureau each, added to the group."""
    demo = User.objects.filter(username="reviewer").first()
    size = POOL_PER_COPY * bureau_copies(scale)
    people = list(
        User.objects.filter(is_active=True, position=Position.TEAM_MEMBER)
        .exclude(username__in=["reviewer", "member"])
        .exclude(bureau_id=getattr(demo, "bureau_id", None))
        .order_by("employee_number")
        .values_list("pk", "bureau_id")
    )
    by_bureau: dict[int, list[int]] = {}
    for pk, bureau_id in people:
        by_bureau.setdefault(bureau_id, []).append(pk)
    bureaus = sorted(by_bureau)
    rng.shuffle(bureaus)
    chosen = [rng.choice(by_bureau[b]) for b in bureaus[: size - (1 if demo else 0)]]
    reviewers = ([demo] if demo else []) + list(
        User.objects.filter(pk__in=chosen).order_by("employee_number")
    )
    Group.objects.get(name=Role.REVIEWER).user_set.add(*reviewers)
    others = [r for r in reviewers if r.username != "reviewer"]
    harsh, lenient = others[0], others[1]
    bias = {r.pk: rng.uniform(-0.04, 0.04) for r in reviewers}
    bias[harsh.pk], bias[lenient.pk] = HARSH, LENIENT
    if demo:
        bias[demo.pk] = 0.0
    return _Pool(reviewers, bias, harsh, lenient)


# Writing -----------------------------------------------------------------------------------


def _evaluation_plan(rows, done_share, drafts) -> dict[int, str]:
    """assignment → status: all submitted, or per reviewer the share ``done_share``
    submitted and ``drafts`` more kept as drafts."""
    if done_share is None:
        return {pk: Evaluation.Status.SUBMITTED for pk, *_ in rows}
    plan: dict[int, str] = {}
    mine: dict[int, list[int]] = {}
    for pk, _idea, reviewer_id, _title in rows:
        mine.setdefault(reviewer_id, []).append(pk)
    for reviewer_id, pks in mine.items():
        done = round(len(pks) * done_share.get(reviewer_id, 0.0))
        draft = (drafts or {}).get(reviewer_id, 0)
        for pk in pks[:done]:
            plan[pk] = Evaluation.Status.SUBMITTED
        for pk in pks[done : done + draft]:
            plan[pk] = Evaluation.Status.DRAFT
    return plan


def _comments_for(quality: float) -> list[str]:
    if quality > 0.75:
        return COMMENTS_GOOD
    return COMMENTS_FAIR if quality > 0.55 else COMMENTS_WEAK


class _Writer:
    def __init__(self, rng: random.Random, clock: random.Random, pool: _Pool, planner: User):
        # Times come from their own generator: season 2's follow today, and drawing them
        # from ``rng`` would make every score after them depend on the day.
        self.rng, self.clock, self.pool, self.planner = rng, clock, pool, planner
        self.quality: dict[int, float] = {}
        self.evaluation_type = ContentType.objects.get_for_model(Evaluation)
        self.decision_type = ContentType.objects.get_for_model(Decision)
        self.round_type = ContentType.objects.get_for_model(ReviewRound)

    def quality_of(self, idea_id: int, title: str) -> float:
        if idea_id not in self.quality:
            if title in S1_ADOPTED_TITLES:
                self.quality[idea_id] = self.rng.uniform(0.93, 0.99)
            else:
                self.quality[idea_id] = min(self.rng.betavariate(5, 3), 0.82)
        return self.quality[idea_id]

    def round(self, season: Season, *, name: str, order: int, at: dt.datetime) -> ReviewRound:
        review_round = services.round_create(
            season=season, by=self.planner, name=name, order=order, reviewers_per_idea=3
        )
        services.round_open(review_round=review_round, by=self.planner)
        self.stamp(review_round, created=at, opened=at)
        return review_round

    def stamp(self, review_round: ReviewRound, **moments) -> None:
        """Move what the services wrote now back to the round's own days."""
        created, opened = moments.get("created"), moments.get("opened")
        fields = {}
        if created:
            fields["created_at"] = created
        if opened:
            fields["opened_at"] = opened
        ReviewRound.objects.filter(pk=review_round.pk).update(**fields)
        HistoryEntry.objects.filter(content_type=self.round_type, object_id=review_round.pk).update(
            at=created or opened
        )

    def assign(self, review_round: ReviewRound, at: dt.datetime) -> int:
        """``services.assignments_auto`` at ``at``: its pairs (the same rules: balanced, no
        conflict of interest), rows, history and notices, but written in bulk at the day
        itself instead of row by row now and moved back (600,000 of them at --scale 227)."""
        planner_id, automatic = self.planner.pk, str(Assignment.Method.AUTOMATIC)
        made = [
            _AssignmentRow(review_round.pk, idea_id, reviewer_id, automatic, planner_id, at)
            for idea_id, reviewer_id in services.assignments_planned(
                review_round=review_round, by=self.planner
            )
        ]
        with _as_given((Assignment, "assigned_at"), (HistoryEntry, "at")):
            insert_plain(Assignment, list(_AssignmentRow._fields), made)
            insert_plain(
                HistoryEntry,
                ["content_type_id", "object_id", "action", "actor_id", "at", "data"],
                [
                    (
                        self.round_type.pk,
                        review_round.pk,
                        str(ReviewAction.ASSIGNED),
                        planner_id,
                        at,
                        {"idea": a.idea_id, "reviewer": a.reviewer_id, "method": automatic},
                    )
                    for a in made
                ],
            )
        standings.mark_changed(review_round)  # as assignments_auto: the ranking reads them
        notices.reviews_assigned(review_round=review_round, assignments=made)
        return len(made)

    def scores(self, quality: float, criteria: list, *, draft: bool) -> dict[int, Decimal]:
        """A reviewer's scores around the idea's quality; a draft stops part-way (the last
        criteria not scored yet)."""
        rng, values = self.rng, {}
        for criterion in criteria:
            raw = (quality + rng.gauss(0, 0.08)) * criterion.max_score
            values[criterion.pk] = Decimal(min(max(round(raw), 0), criterion.max_score))
        if draft:
            for criterion in criteria[rng.randint(2, len(criteria) - 1) :]:
                del values[criterion.pk]
        return values

    def evaluate(
        self,
        review_round: ReviewRound,
        start: dt.datetime,
        end: dt.datetime,
        *,
        done_share: dict[int, float] | None = None,
        drafts: dict[int, int] | None = None,
    ) -> Counter:
        """Evaluations of the round's assignments: all submitted, or per reviewer the
        share ``done_share`` submitted and ``drafts`` more kept as drafts."""
        rng, counts = self.rng, Counter()
        criteria = list(review_round.criteria.order_by("order"))
        rows = list(
            Assignment.objects.filter(round=review_round)
            .order_by("idea__reference_number", "reviewer_id")
            .values_list("pk", "idea_id", "reviewer_id", "idea__title")
        )
        plan = _evaluation_plan(rows, done_share, drafts)
        labels = {status: str(status.label) for status in Evaluation.Status}  # translated once
        for first in range(0, len(rows), BATCH):
            evaluations, values_of = [], []
            for pk, idea_id, reviewer_id, title in rows[first : first + BATCH]:
                status = plan.get(pk)
                if status is None:
                    continue
                quality = self.quality_of(idea_id, title) + self.pool.bias[reviewer_id]
                values = self.scores(quality, criteria, draft=status == Evaluation.Status.DRAFT)
                submitted = status == Evaluation.Status.SUBMITTED
                total = weighted_total(criteria, values) if submitted else None
                when = _office_time(self.clock, start, end)
                comments = _comments_for(quality)
                evaluations.append(
                    (
                        pk,
                        review_round.pk,
                        idea_id,
                        reviewer_id,
                        str(status),
                        rng.choice(comments),
                        total,
                        when if submitted else None,
                        when,
                    )
                )
                values_of.append(values)
                counts[labels[status]] += 1
            self.write_evaluations(evaluations, values_of)
        # Written around the services: the stored ranking is told here.
        standings.mark_changed(review_round)
        return counts

    def write_evaluations(self, evaluations: list[tuple], values_of: list[dict]) -> None:
        """Evaluations, their scores and history as plain rows (COPY on PostgreSQL): at
        --scale 227 that is 600,000 evaluations and 3,000,000 scores."""
        with _as_given((Evaluation, "updated_at")):
            ids = insert_plain(Evaluation, EVALUATION_FIELDS, evaluations)
        insert_plain(
            Score,
            ["evaluation_id", "criterion_id", "value"],
            [
                (evaluation_id, cid, value)
                for evaluation_id, values in zip(ids, values_of, strict=True)
                for cid, value in values.items()
            ],
        )
        submitted = str(Evaluation.Status.SUBMITTED)
        with _as_given((HistoryEntry, "at")):
            insert_plain(
                HistoryEntry,
                ["content_type_id", "object_id", "action", "actor_id", "at", "data"],
                [
                    (
                        self.evaluation_type.pk,
                        evaluation_id,
                        str(ReviewAction.EVALUATION_SUBMITTED),
                        row[3],
                        row[7],
                        {"total": str(row[6])},
                    )
                    for evaluation_id, row in zip(ids, evaluations, strict=True)
                    if row[4] == submitted
                ],
            )

    def history(self, entries) -> None:
        with _as_given((HistoryEntry, "at")):
            insert_objects(list(entries), batch_size=BATCH)

    def close(self, review_round: ReviewRound, at: dt.datetime) -> None:
        services.round_close(review_round=review_round, by=self.planner)
        ReviewRound.objects.filter(pk=review_round.pk).update(closed_at=at)
        HistoryEntry.objects.filter(
            content_type=self.round_type,
            object_id=review_round.pk,
            action=ReviewAction.ROUND_CLOSED,
        ).update(at=at)

    def decide(self, review_round: ReviewRound, outcomes: dict[int, tuple], at: dt.datetime):
        """Decisions (idea → (outcome, path, reason, conditions)), written in bulk."""
        decisions = [
            Decision(
                round=review_round,
                idea_id=idea_id,
                outcome=outcome,
                implementation_path=path,
                conditions=conditions,
                reason=reason,
                decided_by=self.planner,
                decided_at=_office_time(self.clock, at, at + dt.timedelta(days=2)),
            )
            for idea_id, (outcome, path, reason, conditions) in outcomes.items()
        ]
        with _as_given((Decision, "decided_at")):
            insert_objects(decisions, batch_size=BATCH)
        with _as_given((HistoryEntry, "at")):
            insert_plain(
                HistoryEntry,
                ["content_type_id", "object_id", "action", "actor_id", "at", "data"],
                [
                    (
                        self.decision_type.pk,
                        d.pk,
                        str(ReviewAction.DECIDED),
                        self.planner.pk,
                        d.decided_at,
                        {"idea": d.idea_id, "outcome": d.outcome, "previous_outcome": None},
                    )
                    for d in decisions
                ],
            )
        return decisions

    def publish(self, review_round: ReviewRound, at: dt.datetime) -> None:
        services.decisions_publish(review_round=review_round, by=self.planner)
        ReviewRound.objects.filter(pk=review_round.pk).update(decisions_published_at=at)
        HistoryEntry.objects.filter(
            content_type=self.round_type,
            object_id=review_round.pk,
            action=ReviewAction.DECISIONS_PUBLISHED,
        ).update(at=at)


def _season_one(writer: _Writer, season: Season, scale: int, report: DemoReport) -> None:
    """Two rounds, both closed and published: a first round that sends the best on, then
    the final round that adopts the articles' fifteen."""
    _season_one_first(writer, season, scale, report)
    _season_one_final(writer, season, scale, report)


def _season_one_first(writer: _Writer, season: Season, scale: int, report: DemoReport) -> None:
    first = writer.round(season, name="1차 서면 심사", order=1, at=_local(dt.date(2022, 10, 4), 9))
    line = RoundLine(f"{season.code} {first.name} (마감, 결과 공개)")
    line.counts["배정"] = writer.assign(first, _local(dt.date(2022, 10, 4), 10))
    line.counts.update(
        writer.evaluate(first, _local(dt.date(2022, 10, 5), 9), _local(dt.date(2022, 10, 21), 18))
    )
    writer.close(first, _local(dt.date(2022, 10, 24), 18))
    ranked = ranking(review_round=first, order="normalised")
    sent_on = max(ADOPTED_PER_SCALE * scale, round(len(ranked) * SENT_ON_SHARE))
    outcomes = {
        row.idea_id: (Decision.Outcome.FURTHER_REVIEW, "", SENT_ON, "")
        if index < sent_on
        else (Decision.Outcome.NOT_ADOPTED, "", NOT_ADOPTED_FIRST, "")
        for index, row in enumerate(ranked)
    }
    writer.decide(first, outcomes, _local(dt.date(2022, 10, 26), 9))
    line.counts["추가 심사"] = sent_on
    line.counts["미채택"] = len(ranked) - sent_on
    writer.publish(first, _local(dt.date(2022, 10, 28), 10))
    report.rounds.append(line)


def _final_outcomes(rng, ranked, ideas, adopted: int) -> dict:
    """The articles' 15 are adopted whatever a noisy score did to them; the rest of the
    places (at larger scales) go down the ranking."""
    chosen = [row.idea_id for row in ranked if ideas[row.idea_id].title in S1_ADOPTED_TITLES]
    chosen += [row.idea_id for row in ranked if row.idea_id not in chosen]
    chosen = set(chosen[:adopted])
    outcomes = {}
    for row in ranked:
        idea = ideas[row.idea_id]
        if idea.pk in chosen:
            path = idea.implementation_path or rng.choice(Idea.Path.values)
            outcomes[idea.pk] = (Decision.Outcome.ADOPT, path, ADOPT_REASONS[path], "")
        else:
            outcomes[idea.pk] = (Decision.Outcome.NOT_ADOPTED, "", NOT_ADOPTED_FINAL, "")
    return outcomes


def _season_one_final(writer: _Writer, season: Season, scale: int, report: DemoReport) -> None:
    rng = writer.rng
    final = writer.round(season, name="최종 심사", order=2, at=_local(dt.date(2022, 11, 1), 9))
    line = RoundLine(f"{season.code} {final.name} (마감, 결과 공개)")
    line.counts["배정"] = writer.assign(final, _local(dt.date(2022, 11, 1), 10))
    line.counts.update(
        writer.evaluate(final, _local(dt.date(2022, 11, 2), 9), _local(dt.date(2022, 11, 15), 18))
    )
    writer.close(final, _local(dt.date(2022, 11, 16), 18))
    ranked = ranking(review_round=final, order="normalised")
    adopted = ADOPTED_PER_SCALE * scale
    ideas = Idea.objects.in_bulk([row.idea_id for row in ranked])
    outcomes = _final_outcomes(rng, ranked, ideas, adopted)
    changed = next((pk for pk in outcomes if ideas[pk].title == CHANGED_TITLE), None)
    if changed is not None and outcomes[changed][0] == Decision.Outcome.ADOPT:
        # First adopted with a condition; changed once the condition was met.
        _outcome, path, reason, _c = outcomes[changed]
        outcomes[changed] = (
            Decision.Outcome.ADOPT_WITH_CONDITIONS,
            path,
            reason,
            CHANGED_CONDITIONS,
        )
    decisions = writer.decide(final, outcomes, _local(dt.date(2022, 11, 21), 9))
    if changed is not None:
        _change(writer, next(d for d in decisions if d.idea_id == changed))
    line.counts["채택"] = adopted
    line.counts["미채택"] = len(ranked) - adopted
    writer.publish(final, _local(dt.date(2022, 12, 2), 10))
    report.rounds.append(line)


def _change(writer: _Writer, first: Decision) -> None:
    """A second version of a decision, as ``decision_record`` writes a change."""
    first.is_current = False
    first.save(update_fields=["is_current"])
    at = first.decided_at + dt.timedelta(days=6)
    with _as_given((Decision, "decided_at")):
        second = Decision.objects.create(
            round=first.round,
            idea_id=first.idea_id,
            outcome=Decision.Outcome.ADOPT,
            implementation_path=first.implementation_path,
            reason=first.reason,
            change_reason=CHANGE_REASON,
            previous=first,
            decided_by=writer.planner,
            decided_at=at,
        )
    writer.history(
        [
            HistoryEntry(
                content_type=writer.decision_type,
                object_id=second.pk,
                action=ReviewAction.DECISION_CHANGED,
                actor=writer.planner,
                at=at,
                reason=CHANGE_REASON,
                data={
                    "idea": first.idea_id,
                    "outcome": second.outcome,
                    "previous_outcome": first.outcome,
                },
            )
        ]
    )


def _season_two(writer: _Writer, season: Season, report: DemoReport) -> None:
    now = timezone.now()
    opened = now - dt.timedelta(days=6)
    review_round = writer.round(season, name="1차 서면 심사", order=1, at=opened)
    line = RoundLine(f"{season.code} {review_round.name} (심사 중)")
    line.counts["배정"] = writer.assign(review_round, opened + dt.timedelta(hours=1))
    rng = writer.rng
    share = {r.pk: rng.uniform(0.25, 0.65) for r in writer.pool.reviewers}
    drafts = {r.pk: rng.randint(0, 2) for r in writer.pool.reviewers}
    demo = next((r for r in writer.pool.reviewers if r.username == "reviewer"), None)
    if demo is not None:
        share[demo.pk], drafts[demo.pk] = 0.3, 2
    line.counts.update(
        writer.evaluate(
            review_round, opened + dt.timedelta(hours=2), now, done_share=share, drafts=drafts
        )
    )
    report.rounds.append(line)


def _directives(writer: _Writer, seasons: dict[str, Season]) -> int:
    rows = []
    today = timezone.localdate()
    for code, said, recorded, due in (
        ("S1", S1_DIRECTIVES, _local(dt.date(2022, 11, 24), 15), dt.date(2023, 3, 31)),
        ("W1", W1_DIRECTIVES, None, None),
    ):
        season = seasons.get(code)
        if season is None:
            continue
        titles = list(said)
        ideas = {
            i.title: i
            for i in Idea.objects.filter(season=season, title__in=titles)
            .select_related("division")
            .order_by("reference_number")
        }
        for title in titles:
            idea = ideas.get(title)
            if idea is None:
                continue
            at = recorded or _local(today - dt.timedelta(days=writer.clock.randint(3, 15)), 15)
            rows.append(
                Directive(
                    idea=idea,
                    text=said[title],
                    responsible_bureau_id=idea.bureau_id,
                    responsible_division_id=idea.division_id,
                    due_date=due or today + dt.timedelta(days=writer.clock.choice([14, 30, 60])),
                    recorded_by=writer.pool.reviewers[0],
                    recorded_at=at,
                )
            )
    with _as_given((Directive, "recorded_at")):
        Directive.objects.bulk_create(rows)
    kind = ContentType.objects.get_for_model(Directive)
    writer.history(
        HistoryEntry(
            content_type=kind,
            object_id=d.pk,
            action=ReviewAction.DIRECTIVE_RECORDED,
            actor=d.recorded_by,
            at=d.recorded_at,
            data={"idea": d.idea_id},
        )
        for d in rows
    )
    return len(rows)


@transaction.atomic
def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    """Review rounds, evaluations, decisions and directives for the demo seasons."""
    rng = random.Random(f"reviews:{seed}")  # noqa: S311  (demo data, not secrets)
    seasons = {s.code: s for s in Season.objects.filter(code__in=["S1", "S2", "W1"])}
    planner = User.objects.filter(username="planner").first()
    if "S1" not in seasons or planner is None:
        raise RuntimeError("reviews demo needs the ideas demo: load ideas.demo first")
    pool = _pool(rng, scale, planner)
    clock = random.Random(f"reviews-times:{seed}")  # noqa: S311
    writer = _Writer(rng, clock, pool, planner)
    report = DemoReport(
        reviewers=len(pool.reviewers), harsh=pool.harsh.full_name, lenient=pool.lenient.full_name
    )
    # Season 1 is 2022's: what its assignments and results told people then is no news now.
    with silenced():
        _season_one(writer, seasons["S1"], scale, report)
    if "S2" in seasons:
        _season_two(writer, seasons["S2"], report)
    report.directives = _directives(writer, seasons)
    return report
