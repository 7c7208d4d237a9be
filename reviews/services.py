"""Every state change of review and selection: rounds and criteria, assignments,
evaluations, decisions and the governor's directives.

Pages, the API, the admin and the demo call these functions; each checks the rules in
``reviews.permissions`` first, changes the database in one transaction and records the
change in the history (``core.HistoryEntry``): assignments and publishing on the round,
submissions on the evaluation, decisions on each decision version, directives on the
directive.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import attrgetter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import BusinessRuleError, ensure, ensure_allowed
from core.models import HistoryEntry
from core.services import history_record
from core.text import name_errors
from departments.models import Bureau, Division, Role, User
from ideas.models import Idea, Season
from notifications import events as notices
from reviews import permissions, standings
from reviews.models import (
    DEFAULT_CRITERIA,
    Assignment,
    Criterion,
    Decision,
    Directive,
    Evaluation,
    ReviewRound,
    Score,
)


class ReviewAction:
    """History actions of review and selection, as stored in HistoryEntry.action."""

    ROUND_CREATED = "round_created"
    ROUND_UPDATED = "round_updated"
    CRITERIA_REPLACED = "criteria_replaced"
    ROUND_OPENED = "round_opened"
    ROUND_CLOSED = "round_closed"
    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    EVALUATION_SUBMITTED = "evaluation_submitted"
    DECIDED = "decided"
    DECISION_CHANGED = "decision_changed"
    DECISIONS_PUBLISHED = "decisions_published"
    DIRECTIVE_RECORDED = "directive_recorded"
    DIRECTIVE_UPDATED = "directive_updated"
    DIRECTIVE_DELETED = "directive_deleted"


ROUND_FIELDS = {"name", "order", "reviewers_per_idea", "disagreement_threshold"}
DIRECTIVE_FIELDS = {"text", "responsible_bureau", "responsible_division", "due_date"}
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def reviewer_pool() -> Any:
    """Everyone who may be assigned: active members of the ``reviewer`` group."""
    return User.objects.filter(groups__name=Role.REVIEWER, is_active=True)


# Rounds and criteria ---------------------------------------------------------------


def _criteria_rows(criteria: Iterable[dict] | None) -> list[dict]:
    if criteria is None:
        return [
            {"name": str(n), "description": str(d), "weight": w, "max_score": m}
            for n, d, w, m in DEFAULT_CRITERIA
        ]
    return [dict(c) for c in criteria]


def _criteria_errors(rows: list[dict]) -> list[str]:
    problems: list[str] = []
    if not rows:
        return [_("심사 기준을 하나 이상 정하세요.")]
    names = [str(r.get("name") or "").strip() for r in rows]
    if any(not n for n in names):
        problems.append(_("모든 심사 기준에 이름을 입력하세요."))
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if duplicated:
        problems.append(
            _("같은 이름의 심사 기준이 있습니다: %(names)s") % {"names": ", ".join(duplicated)}
        )
    for row, name in zip(rows, names, strict=True):
        try:
            weight = Decimal(str(row.get("weight")))
            max_score = int(row.get("max_score"))  # type: ignore[arg-type]
        except (InvalidOperation, TypeError, ValueError):
            problems.append(_("%(name)s: 가중치와 배점은 숫자여야 합니다.") % {"name": name})
            continue
        if weight <= 0 or max_score <= 0:
            problems.append(_("%(name)s: 가중치와 배점은 0보다 커야 합니다.") % {"name": name})
    return problems


def _write_criteria(review_round: ReviewRound, rows: list[dict]) -> list[Criterion]:
    return Criterion.objects.bulk_create(
        Criterion(
            round=review_round,
            name=str(row["name"]).strip(),
            description=str(row.get("description") or "").strip(),
            weight=Decimal(str(row["weight"])),
            max_score=int(row["max_score"]),
            order=index,
        )
        for index, row in enumerate(rows)
    )


def _update_fields(obj, fields: dict, *, allowed: set, validate, action, by: User) -> None:
    """Change some of ``obj``'s fields, validated, and keep what they were in the history."""
    unknown = set(fields) - allowed
    ensure(not unknown, f"unknown fields: {sorted(unknown)}")
    before = {name: str(getattr(obj, name)) for name in fields}
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    validate(obj)
    obj.save()
    after = {name: str(getattr(obj, name)) for name in fields}
    history_record(obj=obj, action=action, by=by, data={"before": before, "after": after})


def _validate_round(review_round: ReviewRound) -> None:
    errors: dict[str | None, list[str]] = {}
    if not review_round.name.strip():
        errors["name"] = [_("심사 이름을 입력하세요.")]
    errors |= name_errors(name=review_round.name)
    if not review_round.reviewers_per_idea or review_round.reviewers_per_idea < 1:
        errors["reviewers_per_idea"] = [_("아이디어당 심사위원은 1명 이상이어야 합니다.")]
    if review_round.disagreement_threshold is None or review_round.disagreement_threshold < 0:
        errors["disagreement_threshold"] = [_("의견 차이 기준은 0 이상이어야 합니다.")]
    taken = (
        ReviewRound.objects.filter(season_id=review_round.season_id, order=review_round.order)
        .exclude(pk=review_round.pk)
        .exists()
    )
    if taken:
        errors["order"] = [_("이 시즌에 같은 차수의 심사가 이미 있습니다.")]
    if errors:
        raise BusinessRuleError(errors=errors)


@transaction.atomic
def round_create(
    *,
    season: Season,
    by: User,
    name: str,
    order: int = 1,
    reviewers_per_idea: int = 3,
    disagreement_threshold: Decimal = Decimal("15"),
    criteria: list[dict] | None = None,
) -> ReviewRound:
    """A new round in ``season`` with its criteria (None: the default five)."""
    ensure_allowed(permissions.manages_reviews(by), _("심사 차수는 기획조정실만 만들 수 있습니다."))
    review_round = ReviewRound(
        season=season,
        name=name.strip(),
        order=order,
        reviewers_per_idea=reviewers_per_idea,
        disagreement_threshold=Decimal(str(disagreement_threshold)),
    )
    _validate_round(review_round)
    rows = _criteria_rows(criteria)
    problems = _criteria_errors(rows)
    if problems:
        raise BusinessRuleError(errors={"criteria": problems})
    review_round.save()
    _write_criteria(review_round, rows)
    history_record(obj=review_round, action=ReviewAction.ROUND_CREATED, by=by)
    return review_round


@transaction.atomic
def round_update(
    *, review_round: ReviewRound, by: User, criteria: list[dict] | None = None, **fields: Any
) -> ReviewRound:
    """Change the round's fields, and replace its criteria too when ``criteria`` is given
    (the round page saves both or neither)."""
    ensure_allowed(
        permissions.round_is_editable(by, review_round),
        _("마감되지 않은 심사 차수만 기획조정실이 고칠 수 있습니다."),
    )
    _update_fields(
        review_round,
        fields,
        allowed=ROUND_FIELDS,
        validate=_validate_round,
        action=ReviewAction.ROUND_UPDATED,
        by=by,
    )
    if "disagreement_threshold" in fields:
        standings.mark_changed(review_round)
    if criteria is not None:
        criteria_replace(review_round=review_round, by=by, criteria=criteria)
    return review_round


@transaction.atomic
def criteria_replace(
    *, review_round: ReviewRound, by: User, criteria: list[dict]
) -> list[Criterion]:
    """Replace the round's criteria; refused once any evaluation (even a draft) exists."""
    ensure_allowed(
        permissions.round_is_editable(by, review_round),
        _("마감되지 않은 심사 차수의 기준만 기획조정실이 고칠 수 있습니다."),
    )
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    ensure(
        not review_round.evaluations.exists(),
        _("이미 평가가 시작되어 심사 기준을 바꿀 수 없습니다."),
        field="criteria",
    )
    rows = _criteria_rows(criteria)
    problems = _criteria_errors(rows)
    if problems:
        raise BusinessRuleError(errors={"criteria": problems})
    review_round.criteria.all().delete()
    created = _write_criteria(review_round, rows)
    standings.mark_changed(review_round)
    history_record(
        obj=review_round,
        action=ReviewAction.CRITERIA_REPLACED,
        by=by,
        data={"criteria": [[c.name, str(c.weight), c.max_score] for c in created]},
    )
    return created


@transaction.atomic
def round_open(*, review_round: ReviewRound, by: User) -> ReviewRound:
    ensure_allowed(permissions.manages_reviews(by), _("심사는 기획조정실만 시작할 수 있습니다."))
    ensure(
        review_round.status == ReviewRound.Status.DRAFT,
        _("준비 중인 심사만 시작할 수 있습니다."),
    )
    ensure(review_round.criteria.exists(), _("심사 기준을 먼저 정하세요."), field="criteria")
    review_round.status = ReviewRound.Status.OPEN
    review_round.opened_at = timezone.now()
    review_round.save(update_fields=["status", "opened_at"])
    history_record(obj=review_round, action=ReviewAction.ROUND_OPENED, by=by)
    return review_round


@transaction.atomic
def round_close(*, review_round: ReviewRound, by: User) -> ReviewRound:
    """Close the round: no more scoring; drafts left stay drafts (counted as missing)."""
    ensure_allowed(permissions.manages_reviews(by), _("심사는 기획조정실만 마감할 수 있습니다."))
    ensure(
        review_round.status == ReviewRound.Status.OPEN,
        _("심사 중인 차수만 마감할 수 있습니다."),
    )
    review_round.status = ReviewRound.Status.CLOSED
    review_round.closed_at = timezone.now()
    review_round.save(update_fields=["status", "closed_at"])
    history_record(obj=review_round, action=ReviewAction.ROUND_CLOSED, by=by)
    return review_round


# Assignments -----------------------------------------------------------------------


def _ensure_can_assign(review_round: ReviewRound, by: User) -> None:
    ensure_allowed(
        permissions.manages_reviews(by), _("심사위원 배정은 기획조정실만 할 수 있습니다.")
    )
    ensure(
        review_round.status != ReviewRound.Status.CLOSED,
        _("마감된 심사에는 심사위원을 배정할 수 없습니다."),
    )


def _history_entries(obj_type, rows: Iterable[tuple[int, str, dict]], by: User) -> None:
    """Many history entries in one insert (automatic assignment writes hundreds)."""
    HistoryEntry.objects.bulk_create(
        HistoryEntry(content_type=obj_type, object_id=pk, action=action, actor=by, data=data)
        for pk, action, data in rows
    )


@transaction.atomic
def assignment_create(
    *, review_round: ReviewRound, idea: Idea, reviewer: User, by: User
) -> Assignment:
    """Assign ``reviewer`` to ``idea`` by hand; refuses conflicts of interest."""
    _ensure_can_assign(review_round, by)
    ensure(
        reviewer.is_active and reviewer.has_role(Role.REVIEWER),
        _("심사위원으로 지정된 직원만 배정할 수 있습니다."),
        field="reviewer",
    )
    ensure(
        idea.season_id == review_round.season_id and idea.status == Idea.Status.SUBMITTED,
        _("이 시즌에 제출된 아이디어만 배정할 수 있습니다."),
        field="idea",
    )
    conflict = permissions.conflict_of_interest(reviewer, idea)
    ensure(conflict is None, conflict or "", field="reviewer")
    ensure(
        not Assignment.objects.filter(round=review_round, idea=idea, reviewer=reviewer).exists(),
        _("이미 이 아이디어에 배정된 심사위원입니다."),
        field="reviewer",
    )
    standings.mark_changed(review_round)
    assignment = Assignment.objects.create(
        round=review_round,
        idea=idea,
        reviewer=reviewer,
        method=Assignment.Method.MANUAL,
        assigned_by=by,
    )
    history_record(
        obj=review_round,
        action=ReviewAction.ASSIGNED,
        by=by,
        data={"idea": idea.pk, "reviewer": reviewer.pk, "method": assignment.method},
    )
    notices.reviews_assigned(review_round=review_round, assignments=[assignment])
    return assignment


def round_ideas(review_round: ReviewRound) -> Any:
    """The ideas a round reviews when none are named: the first round takes every idea
    submitted in the season; a later round the ideas the round before sent on
    (current decision 추가 심사)."""
    earlier = (
        ReviewRound.objects.filter(season_id=review_round.season_id, order__lt=review_round.order)
        .order_by("-order")
        .first()
    )
    ideas = Idea.objects.filter(season_id=review_round.season_id, status=Idea.Status.SUBMITTED)
    if earlier is not None:
        ideas = ideas.filter(
            decisions__round=earlier,
            decisions__is_current=True,
            decisions__outcome=Decision.Outcome.FURTHER_REVIEW,
        )
    return ideas


@transaction.atomic
def assignments_auto(
    *,
    review_round: ReviewRound,
    by: User,
    per_idea: int | None = None,
    ideas: Iterable[Idea] | None = None,
) -> list[Assignment]:
    """Give every idea of the round ``per_idea`` reviewers (default: the round's number),
    spreading the load evenly over the reviewer pool and never creating a conflict of
    interest. Existing assignments count towards both. All or nothing: if some idea cannot
    get enough reviewers without a conflict, nothing is assigned.

    Ideas with the fewest eligible reviewers are served first and each takes the least
    loaded reviewers it may have, so a reviewer barred from many ideas (their own bureau's)
    still ends up with a fair share: the loads differ by at most one in practice.
    """
    _ensure_can_assign(review_round, by)
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    new = [
        Assignment(
            round=review_round,
            idea_id=idea_id,
            reviewer_id=reviewer_id,
            method=Assignment.Method.AUTOMATIC,
            assigned_by=by,
        )
        for idea_id, reviewer_id in assignments_planned(
            review_round=review_round, by=by, per_idea=per_idea, ideas=ideas
        )
    ]
    created = Assignment.objects.bulk_create(new, batch_size=1000)
    standings.mark_changed(review_round)
    _history_entries(
        ContentType.objects.get_for_model(ReviewRound),
        (
            (
                review_round.pk,
                ReviewAction.ASSIGNED,
                {"idea": a.idea_id, "reviewer": a.reviewer_id, "method": a.method},
            )
            for a in created
        ),
        by,
    )
    notices.reviews_assigned(review_round=review_round, assignments=created)
    return created


def assignments_planned(
    *,
    review_round: ReviewRound,
    by: User,
    per_idea: int | None = None,
    ideas: Iterable[Idea] | None = None,
) -> list[tuple[int, int]]:
    """The (idea id, reviewer id) pairs ``assignments_auto`` adds, under all its rules
    (who may assign, a round not closed, balance, no conflict of interest, all or
    nothing), written nowhere: for ``assignments_auto`` and the scaled demo, which writes
    hundreds of thousands of them in bulk."""
    _ensure_can_assign(review_round, by)
    per_idea = per_idea or review_round.reviewers_per_idea
    ensure(per_idea >= 1, _("아이디어당 심사위원은 1명 이상이어야 합니다."), field="per_idea")
    idea_rows = _ideas_to_assign(review_round, ideas)
    reviewers = list(reviewer_pool().only("pk", "bureau_id", "team_id").order_by("pk"))
    ensure(bool(reviewers), _("심사위원 그룹에 속한 직원이 없습니다."))
    taken, load = _assigned_so_far(review_round, reviewers)
    plans = _assignment_plans(idea_rows, reviewers, taken, per_idea)
    return _spread(plans, load)


def _ideas_to_assign(review_round: ReviewRound, ideas: Iterable[Idea] | None) -> list[Idea]:
    idea_qs = (
        round_ideas(review_round)
        if ideas is None
        else Idea.objects.filter(pk__in=[i.pk for i in ideas], season_id=review_round.season_id)
    )
    return list(
        idea_qs.only(
            "pk", "reference_number", "bureau_id", "team_id", "created_by_id", "submitted_by_id"
        ).order_by("pk")
    )


def _assigned_so_far(
    review_round: ReviewRound, reviewers: list[User]
) -> tuple[dict[int, set[int]], Counter[int]]:
    """Who already reviews each idea of the round, and each pool reviewer's load."""
    load: Counter[int] = Counter({r.pk: 0 for r in reviewers})
    taken: dict[int, set[int]] = defaultdict(set)
    for idea_id, reviewer_id in Assignment.objects.filter(round=review_round).values_list(
        "idea_id", "reviewer_id"
    ):
        taken[idea_id].add(reviewer_id)
        if reviewer_id in load:
            load[reviewer_id] += 1
    return taken, load


def _assignment_plans(
    idea_rows: list[Idea], reviewers: list[User], taken: dict[int, set[int]], per_idea: int
) -> list[tuple[int, Idea, int, list[User]]]:
    """(slack, idea, reviewers still needed, eligible reviewers) for every idea short of
    ``per_idea``, tightest first; refuses the lot when some idea cannot be served."""
    co_authors: dict[int, set[int]] = defaultdict(set)
    through = Idea.co_authors.through
    for idea_id, user_id in through.objects.filter(
        idea_id__in=[i.pk for i in idea_rows]
    ).values_list("idea_id", "user_id"):
        co_authors[idea_id].add(user_id)
    screen = permissions.ConflictScreen(reviewers)
    plans = []
    short = []
    for idea in idea_rows:
        need = per_idea - len(taken[idea.pk])
        if need <= 0:
            continue
        eligible = screen.eligible(idea, co_author_ids=co_authors[idea.pk], taken=taken[idea.pk])
        if len(eligible) < need:
            short.append(idea.reference_number or str(idea.pk))
        plans.append((len(eligible) - need, idea, need, eligible))
    if short:
        raise BusinessRuleError(
            _(
                "이해충돌이 없는 심사위원이 모자라 배정할 수 없는 아이디어가 있습니다 "
                "(%(count)d건: %(refs)s). 심사위원을 늘리거나 인원을 줄이세요."
            )
            % {"count": len(short), "refs": ", ".join(short[:10])},
            field="per_idea",
        )
    plans.sort(key=lambda p: (p[0], p[1].pk))
    return plans


def _spread(plans, load: Counter[int]) -> list[tuple[int, int]]:
    """(idea id, reviewer id) pairs: each idea takes the least loaded of its eligible."""
    pairs = []
    # The reviewer's own id field, not the pk property: read for every reviewer of every
    # idea (ten million times for a 66,000-idea round).
    pk_of = attrgetter(User._meta.pk.attname)
    for _slack, idea, need, eligible in plans:
        # Least loaded first; ties broken by a per-idea shuffle so the same reviewers do not
        # always sit together (their z-scores would then share the same ideas). One number,
        # load × 10007 + shuffle (below 10007), orders as the pair (load, shuffle) would;
        # nsmallest is sorted(…)[:need], ties kept in pool order.
        shift = idea.pk * 104729

        def spread_key(pk: int, s: int = shift) -> int:
            return load[pk] * 10007 + (pk * 7919 + s) % 10007

        chosen = heapq.nsmallest(need, map(pk_of, eligible), key=spread_key)
        for reviewer_id in chosen:
            load[reviewer_id] += 1
            pairs.append((idea.pk, reviewer_id))
    return pairs


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by: User) -> None:
    """Withdraw an assignment; refused once the reviewer has started the evaluation."""
    _ensure_can_assign(assignment.round, by)
    ensure(
        not Evaluation.objects.filter(assignment=assignment).exists(),
        _("심사위원이 이미 평가를 시작해 배정을 취소할 수 없습니다."),
    )
    data = {"idea": assignment.idea_id, "reviewer": assignment.reviewer_id}
    review_round = assignment.round
    assignment.delete()
    standings.mark_changed(review_round)
    history_record(obj=review_round, action=ReviewAction.UNASSIGNED, by=by, data=data)


# Evaluations -----------------------------------------------------------------------


def _parse_scores(
    criteria: dict[int, Criterion], scores: dict[Any, Any]
) -> tuple[dict[int, Decimal | None], dict[str | None, list[str]]]:
    """Check each given score: a number with at most two decimals, 0 ≤ value ≤ max."""
    parsed: dict[int, Decimal | None] = {}
    errors: dict[str | None, list[str]] = {}
    for key, raw in scores.items():
        try:
            criterion_id = int(key)
        except (TypeError, ValueError):
            criterion_id = None
        if criterion_id not in criteria:
            errors[None] = [_("이 심사 차수의 기준이 아닌 점수가 있습니다.")]
            continue
        field = f"score_{criterion_id}"
        if raw is None or raw == "":
            parsed[criterion_id] = None
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors[field] = [_("점수는 숫자로 입력하세요.")]
            continue
        criterion = criteria[criterion_id]
        if not value.is_finite() or value < 0 or value > criterion.max_score:
            errors[field] = [
                _("%(name)s 점수는 0점부터 %(max)d점 사이여야 합니다.")
                % {"name": criterion.name, "max": criterion.max_score}
            ]
        elif value != value.quantize(CENT):
            errors[field] = [_("점수는 소수점 둘째 자리까지 입력할 수 있습니다.")]
        else:
            parsed[criterion_id] = value
    return parsed, errors


def weighted_total(criteria: Iterable[Criterion], values: dict[int, Decimal]) -> Decimal:
    """Σ(weight × score / max score) / Σ weight × 100, to two decimals (one evaluation)."""
    criteria = list(criteria)
    weights = sum((c.weight for c in criteria), Decimal(0))
    earned = sum((c.weight * values[c.pk] / c.max_score for c in criteria), Decimal(0))
    return (earned / weights * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def _save_scores(
    assignment: Assignment, by: User, scores: dict[Any, Any], comment: str
) -> tuple[Evaluation, dict[int, Criterion], dict[int, Decimal]]:
    evaluation = _open_evaluation(assignment, by)
    criteria = {c.pk: c for c in assignment.round.criteria.all()}
    parsed, errors = _parse_scores(criteria, scores or {})
    if errors:
        raise BusinessRuleError(errors=errors)
    values = _write_scores(evaluation, parsed)
    evaluation.comment = (comment or "").strip()
    evaluation.save(update_fields=["comment", "updated_at"])
    return evaluation, criteria, values


def _open_evaluation(assignment: Assignment, by: User) -> Evaluation:
    """The reviewer's draft evaluation of the assignment (made on first save)."""
    ensure_allowed(
        permissions.can_score(by, assignment),
        _("배정된 심사위원만 심사 기간에 평가할 수 있습니다."),
    )
    # Asked again at scoring time: a reorganisation may have moved the reviewer into the
    # idea's bureau or team since the assignment was made.
    conflict = permissions.conflict_of_interest(by, assignment.idea)
    ensure(
        conflict is None,
        f"{conflict} {_('기획조정실에 재배정을 요청하세요.')}" if conflict else "",
    )
    # Lock the assignment so two tabs of the same reviewer cannot create two evaluations.
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    evaluation, _created = Evaluation.objects.get_or_create(
        assignment=assignment,
        defaults={
            "round_id": assignment.round_id,
            "idea_id": assignment.idea_id,
            "reviewer_id": assignment.reviewer_id,
        },
    )
    ensure(
        evaluation.status == Evaluation.Status.DRAFT,
        _("이미 제출한 평가는 고칠 수 없습니다."),
    )
    return evaluation


def _write_scores(evaluation: Evaluation, parsed: dict[int, Decimal | None]) -> dict[int, Decimal]:
    """Store the parsed scores (None clears one); returns every score the evaluation holds."""
    existing = {s.criterion_id: s for s in evaluation.scores.all()}
    gone = [existing[cid].pk for cid, v in parsed.items() if v is None and cid in existing]
    if gone:
        Score.objects.filter(pk__in=gone).delete()
    changed, added = [], []
    for criterion_id, value in parsed.items():
        if value is None:
            continue
        if criterion_id in existing:
            existing[criterion_id].value = value
            changed.append(existing[criterion_id])
        else:
            added.append(Score(evaluation=evaluation, criterion_id=criterion_id, value=value))
    Score.objects.bulk_update(changed, ["value"])
    Score.objects.bulk_create(added)
    values = {
        cid: s.value for cid, s in existing.items() if cid not in parsed or parsed[cid] is not None
    }
    values |= {cid: v for cid, v in parsed.items() if v is not None}
    return values


@transaction.atomic
def evaluation_save_draft(
    *, assignment: Assignment, by: User, scores: dict[int, Any], comment: str = ""
) -> Evaluation:
    """Keep what the reviewer has scored so far (any subset); a draft until submitted."""
    evaluation, _criteria, _values = _save_scores(assignment, by, scores, comment)
    return evaluation


@transaction.atomic
def evaluation_submit(
    *, assignment: Assignment, by: User, scores: dict[int, Any], comment: str = ""
) -> Evaluation:
    """Submit: every criterion scored within 0..max; the weighted total is fixed here."""
    evaluation, criteria, values = _save_scores(assignment, by, scores, comment)
    missing: dict[str | None, list[str]] = {
        f"score_{c.pk}": [_("%(name)s 점수를 입력하세요.") % {"name": c.name}]
        for c in criteria.values()
        if c.pk not in values
    }
    if missing:
        raise BusinessRuleError(errors=missing)
    evaluation.total = weighted_total(criteria.values(), values)
    evaluation.status = Evaluation.Status.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.save(update_fields=["total", "status", "submitted_at", "updated_at"])
    standings.mark_changed(evaluation.round_id)
    history_record(
        obj=evaluation,
        action=ReviewAction.EVALUATION_SUBMITTED,
        by=by,
        data={"total": str(evaluation.total)},
    )
    return evaluation


# Decisions -------------------------------------------------------------------------


def _decision_errors(
    outcome: str, reason: str, implementation_path: str, conditions: str
) -> dict[str | None, list[str]]:
    errors: dict[str | None, list[str]] = {}
    if outcome not in Decision.Outcome.values:
        errors["outcome"] = [_("결과(채택, 조건부 채택, 추가 심사, 미채택)를 고르세요.")]
    if not reason.strip():
        errors["reason"] = [_("결정 사유를 입력하세요.")]
    if implementation_path and implementation_path not in Idea.Path.values:
        errors["implementation_path"] = [_("추진 방식을 목록에서 고르세요.")]
    elif outcome in Decision.ADOPTED and not implementation_path:
        errors["implementation_path"] = [
            _("채택하려면 추진 방식(즉시 시행, 예산 반영, 조례·법령 개정)을 고르세요.")
        ]
    if outcome == Decision.Outcome.ADOPT_WITH_CONDITIONS and not conditions.strip():
        errors["conditions"] = [_("조건부 채택의 조건을 입력하세요.")]
    return errors


@transaction.atomic
def decision_record(
    *,
    review_round: ReviewRound,
    idea: Idea,
    by: User,
    outcome: str,
    reason: str,
    implementation_path: str = "",
    conditions: str = "",
    change_reason: str = "",
) -> Decision:
    """Record the outcome for an idea; a change adds a new current version (with the
    reason for the change) and keeps the earlier one."""
    ensure_allowed(
        permissions.manages_reviews(by), _("선정 결정은 기획조정실만 기록할 수 있습니다.")
    )
    ensure(
        review_round.status != ReviewRound.Status.DRAFT,
        _("심사를 시작한 차수에만 결정을 기록할 수 있습니다."),
    )
    ensure(
        idea.season_id == review_round.season_id
        and permissions.idea_takes_review_records(by, idea),
        _("이 심사 차수의 시즌에 제출된 아이디어가 아닙니다."),
        field="idea",
    )
    errors = _decision_errors(outcome, reason, implementation_path, conditions)
    current = (
        Decision.objects.select_for_update().current().filter(round=review_round, idea=idea).first()
    )
    if current is not None:
        if not change_reason.strip():
            errors["change_reason"] = [_("이미 결정된 아이디어입니다. 변경 사유를 입력하세요.")]
        same = (current.outcome, current.implementation_path, current.conditions, current.reason)
        if same == (outcome, implementation_path, conditions.strip(), reason.strip()):
            errors[None] = [_("바뀐 내용이 없습니다.")]
    if errors:
        raise BusinessRuleError(errors=errors)
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    decision = Decision.objects.create(
        round=review_round,
        idea=idea,
        outcome=outcome,
        implementation_path=implementation_path,
        conditions=conditions.strip(),
        reason=reason.strip(),
        change_reason=change_reason.strip() if current else "",
        previous=current,
        decided_by=by,
    )
    history_record(
        obj=decision,
        action=ReviewAction.DECISION_CHANGED if current else ReviewAction.DECIDED,
        by=by,
        reason=decision.change_reason,
        data={
            "idea": idea.pk,
            "outcome": outcome,
            "previous_outcome": current.outcome if current else None,
        },
    )
    if review_round.decisions_published_at is not None:
        # A changed decision after publication closes or reopens the idea's rollout plan.
        from rollout.services import plan_follow_decision

        plan_follow_decision(decision=decision, by=by)
        # The team heard the published outcome; they hear the new one too.
        notices.decision_changed(decision=decision, previous=current)
    return decision


@transaction.atomic
def decisions_select_top(
    *,
    review_round: ReviewRound,
    by: User,
    n: int,
    order: str = "raw",
    outcome: str = Decision.Outcome.ADOPT,
    reason: str,
    conditions: str = "",
    include_incomplete: bool = False,
) -> list[Decision]:
    """One action for the top ``n`` of the ranking (ideas with at least one submitted
    evaluation): one decision each, the path taken from the idea itself. An idea whose
    evaluations are not all in is passed over unless ``include_incomplete``
    (``selectors.top_n``, which the confirmation page shows). Refused if any of them
    already has a decision, so nothing is overwritten without a change reason."""
    from reviews.selectors import top_n

    ensure_allowed(
        permissions.manages_reviews(by), _("선정 결정은 기획조정실만 기록할 수 있습니다.")
    )
    ensure(int(n) >= 1, _("선정할 건수는 1 이상이어야 합니다."), field="n")
    top = top_n(
        review_round=review_round, n=int(n), order=order, include_incomplete=include_incomplete
    )
    if not top.chosen and top.skipped:
        raise BusinessRuleError(
            _(
                "평가가 모두 제출된 아이디어가 없습니다. 평가가 덜 끝난 아이디어도 "
                "채택하려면 ‘평가 미완료 아이디어도 포함’을 고르세요."
            )
        )
    ensure(bool(top.chosen), _("제출된 평가가 있는 아이디어가 없습니다."))
    ensure(
        not top.decided,
        _("이미 결정된 아이디어가 있습니다: %(refs)s. 하나씩 변경 사유와 함께 고치세요.")
        % {"refs": ", ".join(top.decided)},
    )
    ids = [r.idea_id for r in top.chosen]
    ideas = Idea.objects.in_bulk(ids)
    return [
        decision_record(
            review_round=review_round,
            idea=ideas[idea_id],
            by=by,
            outcome=outcome,
            reason=reason,
            implementation_path=ideas[idea_id].implementation_path,
            conditions=conditions,
        )
        for idea_id in ids
    ]


@transaction.atomic
def decisions_record_many(
    *,
    review_round: ReviewRound,
    ideas: Iterable[Idea],
    by: User,
    outcome: str,
    reason: str,
    implementation_path: str = "",
    conditions: str = "",
    change_reason: str = "",
) -> list[Decision]:
    """One outcome with one reason for many ideas of the round (picked on the ranking):
    each gets its own decision and history entry, as ``decision_record`` writes them, and
    its team hears as it would of a single decision. An adoption without a path takes
    each idea's own. Ideas already decided need ``change_reason``; an idea whose decision
    would not change is left as it is. All or nothing."""
    ensure_allowed(
        permissions.manages_reviews(by), _("선정 결정은 기획조정실만 기록할 수 있습니다.")
    )
    ideas = sorted(ideas, key=lambda i: (i.reference_number or "", i.pk))
    ensure(bool(ideas), _("결정할 아이디어를 고르세요."), field="ideas")
    errors = _many_decision_errors(ideas, outcome, reason, implementation_path, conditions)
    current = {
        d.idea_id: d
        for d in Decision.objects.current().filter(
            round=review_round, idea_id__in=[i.pk for i in ideas]
        )
    }
    if current and not change_reason.strip():
        errors["change_reason"] = [_change_reason_missing(ideas, current)]
    if errors:
        raise BusinessRuleError(errors=errors)
    made = []
    for idea in ideas:
        path = _idea_path(idea, outcome, implementation_path)
        before = current.get(idea.pk)
        if before is not None and _decides_the_same(before, outcome, path, conditions, reason):
            continue
        made.append(
            decision_record(
                review_round=review_round,
                idea=idea,
                by=by,
                outcome=outcome,
                reason=reason,
                implementation_path=path,
                conditions=conditions,
                change_reason=change_reason if before is not None else "",
            )
        )
    return made


def _many_decision_errors(
    ideas: list[Idea], outcome: str, reason: str, implementation_path: str, conditions: str
) -> dict[str | None, list[str]]:
    """A single decision's errors, except that an adoption without a path is only a
    problem for the ideas that propose none."""
    errors = _decision_errors(outcome, reason, implementation_path, conditions)
    if outcome in Decision.ADOPTED and not implementation_path:
        # No path chosen: each idea's own, so only the ideas without one are a problem.
        errors.pop("implementation_path", None)
        pathless = [i.reference_number or "" for i in ideas if not i.implementation_path]
        if pathless:
            errors["implementation_path"] = [
                _("추진 방식을 제안하지 않은 아이디어가 있어 추진 방식을 골라야 합니다: %(refs)s")
                % {"refs": ", ".join(pathless)}
            ]
    return errors


def _change_reason_missing(ideas: list[Idea], current: dict[int, Decision]) -> str:
    refs = [i.reference_number or "" for i in ideas if i.pk in current]
    return _("이미 결정된 아이디어가 있어 변경 사유가 필요합니다: %(refs)s") % {
        "refs": ", ".join(refs)
    }


def _idea_path(idea: Idea, outcome: str, implementation_path: str) -> str:
    """The path chosen, or for an adoption without one the idea's own."""
    return implementation_path or (idea.implementation_path if outcome in Decision.ADOPTED else "")


def _decides_the_same(
    before: Decision, outcome: str, path: str, conditions: str, reason: str
) -> bool:
    return (
        before.outcome,
        before.implementation_path,
        before.conditions,
        before.reason,
    ) == (outcome, path, conditions.strip(), reason.strip())


@transaction.atomic
def decisions_publish(*, review_round: ReviewRound, by: User) -> ReviewRound:
    """Make the round's decisions visible to teams and all staff."""
    ensure_allowed(permissions.manages_reviews(by), _("결과 공개는 기획조정실만 할 수 있습니다."))
    ensure(
        review_round.status == ReviewRound.Status.CLOSED,
        _("심사를 마감한 뒤에 결과를 공개할 수 있습니다."),
    )
    ensure(review_round.decisions_published_at is None, _("이미 결과를 공개한 심사 차수입니다."))
    ensure(
        review_round.decisions.current().exists(),
        _("공개할 결정이 없습니다."),
    )
    review_round.decisions_published_at = timezone.now()
    review_round.save(update_fields=["decisions_published_at"])
    history_record(obj=review_round, action=ReviewAction.DECISIONS_PUBLISHED, by=by)
    notices.decisions_published(review_round=review_round)
    # Every adoption opens its rollout plan (실시계획), due a season-setting period later.
    from rollout.services import plans_open_for_round

    plans_open_for_round(review_round=review_round, by=by)
    return review_round


# Directives ------------------------------------------------------------------------


def _validate_directive(directive: Directive) -> None:
    errors: dict[str | None, list[str]] = {}
    if not (directive.text or "").strip():
        errors["text"] = [_("지시 내용을 입력하세요.")]
    if not directive.responsible_bureau_id:
        errors["responsible_bureau"] = [_("담당 실·국을 고르세요.")]
    elif (
        directive.responsible_division_id
        and directive.responsible_division.bureau_id != directive.responsible_bureau_id  # type: ignore[union-attr]
    ):
        errors["responsible_division"] = [_("담당 과는 담당 실·국 소속이어야 합니다.")]
    if not isinstance(directive.due_date, dt.date):
        errors["due_date"] = [_("처리 기한을 입력하세요.")]
    if errors:
        raise BusinessRuleError(errors=errors)


@transaction.atomic
def directive_record(
    *,
    idea: Idea,
    by: User,
    text: str,
    responsible_bureau: Bureau,
    due_date: dt.date,
    responsible_division: Division | None = None,
) -> Directive:
    """What the governor said about an idea at a briefing, with who acts and by when."""
    ensure_allowed(
        permissions.can_record_directive(by),
        _("지시사항은 심사위원이나 기획조정실이 기록할 수 있습니다."),
    )
    ensure(
        permissions.idea_takes_review_records(by, idea),
        _("제출된 아이디어에만 지시사항을 기록할 수 있습니다."),
        field="idea",
    )
    directive = Directive(
        idea=idea,
        text=(text or "").strip(),
        responsible_bureau=responsible_bureau,
        responsible_division=responsible_division,
        due_date=due_date,
        recorded_by=by,
    )
    _validate_directive(directive)
    directive.save()
    history_record(
        obj=directive, action=ReviewAction.DIRECTIVE_RECORDED, by=by, data={"idea": idea.pk}
    )
    return directive


@transaction.atomic
def directive_update(*, directive: Directive, by: User, **fields: Any) -> Directive:
    ensure_allowed(
        permissions.can_change_directive(by, directive),
        _("지시사항은 기록한 사람이나 기획조정실만 고칠 수 있습니다."),
    )
    _update_fields(
        directive,
        fields,
        allowed=DIRECTIVE_FIELDS,
        validate=_validate_directive,
        action=ReviewAction.DIRECTIVE_UPDATED,
        by=by,
    )
    return directive


@transaction.atomic
def directive_delete(*, directive: Directive, by: User) -> None:
    ensure_allowed(
        permissions.can_change_directive(by, directive),
        _("지시사항은 기록한 사람이나 기획조정실만 지울 수 있습니다."),
    )
    data = {"idea": directive.idea_id, "text": directive.text}
    history_record(obj=directive, action=ReviewAction.DIRECTIVE_DELETED, by=by, data=data)
    directive.delete()
