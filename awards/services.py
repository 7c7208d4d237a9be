"""Every change to the award, its ledger and the verified outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import permissions, selectors
from awards.models import (
    DEFAULT_AWARD_CRITERIA,
    DEFAULT_GRADES,
    AwardCriterion,
    AwardGrade,
    AwardRound,
    Nomination,
    NominationScore,
    OutcomeMeasurement,
    PointEntry,
)
from core.errors import BusinessRuleError, ensure, ensure_allowed
from core.services import history_record
from departments.models import Bureau, Division, User
from ideas.attachments import check_upload, generated_name
from ideas.models import Idea, Season

MANAGERS_ONLY = _("기획조정실만 할 수 있습니다.")


def _not_negative(value, field: str) -> None:
    if value is not None and Decimal(value) < 0:
        raise BusinessRuleError(_("0 이상이어야 합니다. 음수는 입력할 수 없습니다."), field=field)


def grades_ensure_defaults() -> list[AwardGrade]:
    """The default grades (최우수, 우수, 공로상), created when none exist."""
    if not AwardGrade.objects.exists():
        AwardGrade.objects.bulk_create(
            AwardGrade(
                name=str(name),
                rank=rank,
                prize_krw=prize,
                unit_points=unit,
                personal_points=personal,
            )
            for name, rank, prize, unit, personal in DEFAULT_GRADES
        )
    return list(AwardGrade.objects.filter(is_active=True))


@transaction.atomic
def grade_save(
    *, by: User, name: str, rank: int, prize_krw: int, unit_points, personal_points, grade=None
) -> AwardGrade:
    ensure_allowed(permissions.manages_awards(by), MANAGERS_ONLY)
    _not_negative(unit_points, "unit_points")
    _not_negative(personal_points, "personal_points")
    _not_negative(prize_krw, "prize_krw")
    grade = grade or AwardGrade()
    grade.name, grade.rank, grade.prize_krw = name, rank, prize_krw
    grade.unit_points, grade.personal_points = unit_points, personal_points
    grade.save()
    return grade


@transaction.atomic
def round_open(
    *,
    by: User,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    nomination_deadline: dt.date,
) -> AwardRound:
    """Open a round with the default weighted criteria."""
    ensure_allowed(permissions.manages_awards(by), MANAGERS_ONLY)
    ensure(period_end >= period_start, _("대상 기간의 끝이 시작보다 빠릅니다."), field="period_end")
    award_round = AwardRound.objects.create(
        title=title,
        period_start=period_start,
        period_end=period_end,
        nomination_deadline=nomination_deadline,
        created_by=by,
    )
    AwardCriterion.objects.bulk_create(
        AwardCriterion(
            round=award_round,
            name=str(name),
            description=str(description),
            weight=weight,
            max_score=max_score,
            order=i,
        )
        for i, (name, description, weight, max_score) in enumerate(DEFAULT_AWARD_CRITERIA)
    )
    grades_ensure_defaults()
    history_record(obj=award_round, action="opened", by=by)
    return award_round


def _unit_of(*, bureau: Bureau | None, division: Division | None) -> tuple[Bureau, str]:
    if division is not None:
        return division.bureau, division.name
    if bureau is None:
        raise BusinessRuleError(_("추천할 부서를 고르세요."), field="division")
    return bureau, bureau.name


@transaction.atomic
def nomination_create(
    *,
    award_round: AwardRound,
    by: User,
    citation: str,
    division: Division | None = None,
    bureau: Bureau | None = None,
    results: str = "",
    money_secured_krw: int | None = None,
    verified_hours=None,
    evidence=None,
    visit=None,
    outcomes=(),
) -> Nomination:
    """A bureau nominates a unit (a division, or a bureau-level unit such as an agency),
    optionally for the outcome of one of its reported benchmarking visits and backed by
    verified work-reduction outcomes of the unit's tasks."""
    unit_bureau, unit_name = _unit_of(bureau=bureau, division=division)
    refusal = permissions.nomination_refusal(by, award_round, unit_bureau)
    ensure_allowed(refusal is None, refusal or "")
    evidence_name = _checked_evidence(evidence) if evidence else ""
    if visit is not None:
        _check_visit_backs(visit, unit_bureau)
    outcomes = _outcomes_backing(outcomes, bureau=unit_bureau, division=division)
    ensure(bool(citation.strip()), _("공적 내용을 적어 주세요."), field="citation")
    _not_negative(money_secured_krw, "money_secured_krw")
    _not_negative(verified_hours, "verified_hours")
    duplicate = Nomination.objects.filter(round=award_round)
    duplicate = (
        duplicate.filter(division=division)
        if division is not None
        else duplicate.filter(bureau=unit_bureau, division__isnull=True)
    )
    field = "division" if division is not None else "bureau"
    message = _(
        "%(unit)s은(는) 이 회차에 이미 추천되었습니다. 부서는 회차마다 한 번만 추천할 수 있습니다."
    ) % {"unit": unit_name}
    ensure(not duplicate.exists(), message, field=field)
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                round=award_round,
                bureau=unit_bureau,
                division=division,
                unit_name=unit_name,
                citation=citation,
                results=results,
                money_secured_krw=money_secured_krw,
                verified_hours=verified_hours,
                evidence=evidence or "",
                evidence_name=evidence_name,
                visit=visit,
                nominated_by=by,
            )
    except IntegrityError:  # a concurrent nomination of the same unit won the race
        raise BusinessRuleError(message, field=field) from None
    if outcomes:
        nomination.outcomes.set(outcomes)
    history_record(
        obj=nomination,
        action="nominated",
        by=by,
        data={"outcomes": [m.pk for m in outcomes]} if outcomes else None,
    )
    return nomination


def _checked_evidence(uploaded) -> str:
    """Check an evidence file like an idea's attachments (extension, content, size), refused
    at the field ``evidence``; rename it to a generated name and return the name it was
    uploaded with. Nothing is stored before this check passes."""
    try:
        checked = check_upload(uploaded)
    except BusinessRuleError as exc:
        raise BusinessRuleError(exc.message, field="evidence") from None
    uploaded.name = generated_name(checked.extension)
    return checked.original_name


@transaction.atomic
def nomination_attach_evidence(*, nomination: Nomination, by: User, uploaded) -> Nomination:
    """Who may nominate the unit in the round, while it takes nominations, files (or
    replaces) the nomination's evidence."""
    refusal = permissions.nomination_change_refusal(by, nomination)
    ensure_allowed(refusal is None, refusal or "")
    ensure(uploaded is not None, _("증빙 자료 파일을 고르세요."), field="evidence")
    nomination.evidence_name = _checked_evidence(uploaded)
    nomination.evidence.save(uploaded.name, uploaded, save=False)
    nomination.save(update_fields=["evidence", "evidence_name"])
    history_record(
        obj=nomination, action="evidence_added", by=by, data={"name": nomination.evidence_name}
    )
    return nomination


def _outcomes_backing(outcomes, *, bureau: Bureau, division: Division | None):
    """The measurements that may back a nomination of the unit: verified by a bureau
    director, of tasks of the nominated division (or of any division or team of the bureau
    when the unit is bureau-level). Refused at the field ``outcomes`` otherwise."""
    measurements = list(
        OutcomeMeasurement.objects.filter(pk__in=[getattr(m, "pk", m) for m in outcomes])
        .select_related("idea")
        .order_by("pk")
    )
    for m in measurements:
        ensure(
            m.status != OutcomeMeasurement.Status.MEASURED,
            _("실·국장이 검증한 성과만 추천의 근거가 될 수 있습니다: %(task)s")
            % {"task": m.idea.title},
            field="outcomes",
        )
        in_unit = (
            m.idea.division_id == division.pk
            if division is not None
            else m.idea.bureau_id == bureau.pk
        )
        ensure(
            in_unit,
            _("추천하는 부서의 과제 성과만 연결할 수 있습니다: %(task)s") % {"task": m.idea.title},
            field="outcomes",
        )
    return measurements


@transaction.atomic
def nomination_set_outcomes(*, nomination: Nomination, outcomes, by: User) -> Nomination:
    """Change the verified outcomes behind a nomination while its round takes nominations
    (who may nominate the unit may change them); an empty list unlinks them all."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("round", "bureau", "division")
        .get(pk=nomination.pk)
    )
    refusal = permissions.nomination_refusal(by, nomination.round, nomination.bureau)
    ensure_allowed(refusal is None, refusal or "")
    measurements = _outcomes_backing(
        outcomes, bureau=nomination.bureau, division=nomination.division
    )
    nomination.outcomes.set(measurements)
    history_record(
        obj=nomination,
        action="outcomes_linked",
        by=by,
        data={"outcomes": [m.pk for m in measurements]},
    )
    return nomination


def _check_visit_backs(visit, bureau: Bureau) -> None:
    from visits.models import Visit

    ensure(
        visit.status == Visit.Status.REPORTED,
        _("보고를 마친 방문만 추천의 근거가 될 수 있습니다."),
        field="visit",
    )
    ensure(
        visit.bureau_id == bureau.pk,
        _("추천하는 부서가 속한 실·국의 방문만 연결할 수 있습니다."),
        field="visit",
    )


@transaction.atomic
def nomination_link_visit(*, nomination: Nomination, visit, by: User) -> Nomination:
    """Put a reported visit's outcome behind an existing nomination of its bureau."""
    nomination = (
        Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
    )
    ensure_allowed(
        permissions.can_put_forward_visit(by, visit),
        _("방문한 팀의 실·국장이나 기획조정실만 방문을 추천에 연결할 수 있습니다."),
    )
    refusal = permissions.nomination_refusal(by, nomination.round, nomination.bureau)
    ensure(refusal is None, refusal or "", field="nomination")
    _check_visit_backs(visit, nomination.bureau)
    ensure(
        nomination.visit_id in (None, visit.pk),
        _("이 추천에는 이미 다른 방문이 연결되어 있습니다."),
        field="nomination",
    )
    nomination.visit = visit
    nomination.save(update_fields=["visit"])
    history_record(obj=nomination, action="visit_linked", by=by, data={"visit": visit.pk})
    return nomination


@transaction.atomic
def nomination_score(
    *, nomination: Nomination, by: User, scores: dict[int, Any], grade: AwardGrade | None = None
) -> Nomination:
    """The planning office scores a nomination on the round's criteria and may grade it."""
    ensure_allowed(permissions.manages_awards(by), MANAGERS_ONLY)
    award_round = nomination.round
    ensure(
        award_round.status != AwardRound.Status.ANNOUNCED,
        _("발표된 회차는 고칠 수 없습니다."),
    )
    criteria = {c.pk: c for c in award_round.criteria.all()}
    errors: dict[str | None, list[str]] = {}
    total = Decimal(0)
    for criterion_id, raw in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            errors.setdefault("scores", []).append(_("이 회차의 기준이 아닙니다."))
            continue
        value = Decimal(str(raw))
        if value < 0 or value > criterion.max_score:
            errors.setdefault(f"score_{criterion.pk}", []).append(
                _("0에서 %(max)d 사이로 입력하세요.") % {"max": criterion.max_score}
            )
            continue
        total += criterion.weight * value / criterion.max_score
        NominationScore.objects.update_or_create(
            nomination=nomination, criterion=criterion, defaults={"value": value}
        )
    if errors:
        raise BusinessRuleError(errors=errors)
    if award_round.status == AwardRound.Status.OPEN:
        award_round.status = AwardRound.Status.SCREENING
        award_round.save(update_fields=["status"])
    nomination.score = total.quantize(Decimal("0.01")) if scores else nomination.score
    nomination.grade = grade
    nomination.save(update_fields=["score", "grade"])
    history_record(
        obj=nomination,
        action="screened",
        by=by,
        data={"score": str(nomination.score), "grade": grade.name if grade else None},
    )
    return nomination


def unit_members(nomination: Nomination):
    """The people of the nominated unit today (the snapshot is taken at announcement)."""
    people = User.objects.filter(is_active=True)
    if nomination.division_id:
        return people.filter(division_id=nomination.division_id)
    return people.filter(bureau_id=nomination.bureau_id)


def _ledger_entries_for(nomination: Nomination, award_date: dt.date, by) -> list[PointEntry]:
    grade = cast(AwardGrade, nomination.grade)  # only graded nominations are announced
    reason = f"{nomination.round.title} {grade.name}"
    entries = [
        PointEntry(
            kind=PointEntry.Kind.UNIT,
            bureau_id=nomination.bureau_id,
            division_id=nomination.division_id,
            unit_name=nomination.unit_name,
            nomination=nomination,
            awarded_on=award_date,
            year=award_date.year,
            points=grade.unit_points,
            prize_krw=grade.prize_krw,
            reason=reason,
            created_by=by,
        )
    ]
    if grade.personal_points:
        for person in unit_members(nomination).only("pk", "full_name", "employee_number"):
            entries.append(
                PointEntry(
                    kind=PointEntry.Kind.PERSONAL,
                    person=person,
                    person_name=person.full_name,
                    employee_number=person.employee_number or "",
                    bureau_id=nomination.bureau_id,
                    division_id=nomination.division_id,
                    unit_name=nomination.unit_name,
                    nomination=nomination,
                    awarded_on=award_date,
                    year=award_date.year,
                    points=grade.personal_points,
                    reason=reason,
                    created_by=by,
                )
            )
    return entries


@transaction.atomic
def round_announce(
    *,
    award_round: AwardRound,
    by: User,
    award_date: dt.date,
    announcement: str = "",
    notify_staff: bool = True,
) -> AwardRound:
    """Announce the graded nominations, write the ledger (an org snapshot on the award date)
    and tell all staff (``notify_staff`` False: a past round written as history)."""
    ensure_allowed(permissions.manages_awards(by), MANAGERS_ONLY)
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    ensure(
        award_round.status != AwardRound.Status.ANNOUNCED,
        _("이미 발표한 회차입니다."),
    )
    winners = list(
        award_round.nominations.filter(grade__isnull=False).select_related("grade", "round")
    )
    ensure(bool(winners), _("등급을 정한 추천이 없습니다."), field="grade")
    entries = [e for n in winners for e in _ledger_entries_for(n, award_date, by)]
    PointEntry.objects.bulk_create(entries, batch_size=500)
    award_round.status = AwardRound.Status.ANNOUNCED
    award_round.award_date = award_date
    award_round.announcement = announcement
    award_round.announced_at = timezone.now()
    award_round.save(update_fields=["status", "award_date", "announcement", "announced_at"])
    history_record(obj=award_round, action="announced", by=by, data={"entries": len(entries)})
    if notify_staff:
        transaction.on_commit(lambda: _notify_announced(award_round.pk))
    return award_round


def _notify_announced(round_pk: int) -> None:
    from notifications.models import Notification
    from notifications.services import notify

    award_round = AwardRound.objects.get(pk=round_pk)
    winners = ", ".join(
        f"{grade} {unit}"
        for grade, unit in award_round.nominations.filter(grade__isnull=False).values_list(
            "grade__name", "unit_name"
        )
    )
    notify(
        recipients=User.objects.filter(is_active=True).values_list("pk", flat=True),
        kind=Notification.Kind.AWARD_ANNOUNCED,
        title=_("[이달의 으뜸 도정상] %(title)s 발표") % {"title": award_round.title},
        body=winners,
        url=award_round.get_absolute_url(),
        email=False,  # every member of staff: the inbox and the page, not thousands of mails
    )


@transaction.atomic
def point_entry_correct(*, entry: PointEntry, by: User, points, reason: str) -> PointEntry:
    """A correction: a new entry that replaces ``entry`` in the totals (never an edit)."""
    ensure_allowed(permissions.manages_awards(by), MANAGERS_ONLY)
    _not_negative(points, "points")
    ensure(bool(reason.strip()), _("정정 사유를 적어 주세요."), field="reason")
    entry = PointEntry.objects.select_for_update().get(pk=entry.pk)
    ensure(
        not PointEntry.objects.filter(corrects=entry).exists(),
        _("이미 정정된 기록입니다. 가장 최근 기록을 정정하세요."),
        field="corrects",
    )
    correction = PointEntry.objects.create(
        kind=entry.kind,
        person_id=entry.person_id,
        person_name=entry.person_name,
        employee_number=entry.employee_number,
        bureau_id=entry.bureau_id,
        division_id=entry.division_id,
        unit_name=entry.unit_name,
        nomination_id=entry.nomination_id,
        derived_idea_id=entry.derived_idea_id,
        awarded_on=entry.awarded_on,
        year=entry.year,
        points=points,
        prize_krw=entry.prize_krw,
        reason=reason,
        corrects=entry,
        created_by=by,
    )
    return correction


@transaction.atomic
def visit_rewards_grant(
    *, programme, by: User, awarded_on: dt.date, points_per_adopted_idea=None
) -> list[PointEntry]:
    """Unit points, by the programme's rule, to the unit of every visit whose derived idea
    was adopted; each derived idea is rewarded once, however often this runs.

    ``points_per_adopted_idea``, when given, sets the programme's rule first (the page
    shows the rule beside the rewards it decides)."""
    ensure_allowed(permissions.manages_awards(by), MANAGERS_ONLY)
    if points_per_adopted_idea is not None:
        _not_negative(points_per_adopted_idea, "points_per_adopted_idea")
        programme.points_per_adopted_idea = points_per_adopted_idea
        programme.save(update_fields=["points_per_adopted_idea"])
    points = programme.points_per_adopted_idea
    ensure(points > 0, _("채택 아이디어당 가점을 먼저 정하세요."), field="points_per_adopted_idea")
    links = selectors.visit_rewards_pending(programme=programme)
    entries = PointEntry.objects.bulk_create(
        PointEntry(
            kind=PointEntry.Kind.UNIT,
            bureau_id=link.visit.bureau_id,
            division_id=link.visit.division_id,
            unit_name=link.visit.division.name,
            derived_idea=link,
            awarded_on=awarded_on,
            year=awarded_on.year,
            points=points,
            reason=_("벤치마킹 채택: %(title)s") % {"title": link.idea.title[:150]},
            created_by=by,
        )
        for link in links
    )
    return entries


# Verified work-reduction outcomes ---------------------------------------------------------


def _adopted_work_reduction(idea: Idea) -> bool:
    """Adopted, and published: the team must not learn of (or by trying, infer) an
    adoption before the planning office publishes the round's results."""
    from reviews.models import Decision

    return bool(
        idea.season.kind == Season.Kind.WORK_REDUCTION
        and Decision.objects.filter(
            idea=idea,
            is_current=True,
            outcome__in=Decision.ADOPTED,
            round__decisions_published_at__isnull=False,
        ).exists()
    )


@transaction.atomic
def outcome_measure(
    *, idea: Idea, by: User, year: int, half: int, measured_hours, note: str = ""
) -> OutcomeMeasurement:
    """The team re-measures the hours an adopted work-reduction task frees (half-yearly)."""
    ensure_allowed(
        permissions.can_measure_outcome(by, idea), _("과제를 낸 팀만 재측정할 수 있습니다.")
    )
    ensure(
        _adopted_work_reduction(idea),
        _("채택된 업무 혁신 과제만 성과를 측정합니다."),
        field="idea",
    )
    ensure(measured_hours is not None, _("재측정 시간을 입력하세요."), field="measured_hours")
    _not_negative(measured_hours, "measured_hours")
    ensure(half in (1, 2), _("상반기 또는 하반기를 고르세요."), field="half")
    ensure(
        not OutcomeMeasurement.objects.filter(idea=idea, year=year, half=half).exists(),
        _("이 반기의 측정이 이미 있습니다."),
        field="half",
    )
    measurement = OutcomeMeasurement.objects.create(
        idea=idea,
        year=year,
        half=half,
        declared_hours=idea.hours_saved_per_year or 0,
        measured_hours=measured_hours,
        note=note,
        measured_by=by,
    )
    history_record(obj=measurement, action="measured", by=by)
    return measurement


@transaction.atomic
def outcome_verify(
    *,
    measurement: OutcomeMeasurement,
    by: User,
    accept: bool,
    verified_hours=None,
    reason: str = "",
) -> OutcomeMeasurement:
    """The bureau director accepts the team's figure or adjusts it with a reason."""
    measurement = (
        OutcomeMeasurement.objects.select_for_update().select_related("idea").get(pk=measurement.pk)
    )
    ensure(
        measurement.status == OutcomeMeasurement.Status.MEASURED,
        _("이미 검증한 측정입니다."),
    )
    ensure_allowed(
        permissions.can_verify_outcome(by, measurement),
        _("과제가 속한 실·국의 실·국장만 검증할 수 있습니다."),
    )
    if accept:
        measurement.status = OutcomeMeasurement.Status.ACCEPTED
        measurement.verified_hours = measurement.measured_hours
    else:
        ensure(verified_hours is not None, _("조정한 시간을 입력하세요."), field="verified_hours")
        _not_negative(verified_hours, "verified_hours")
        ensure(bool(reason.strip()), _("조정 사유를 적어 주세요."), field="reason")
        measurement.status = OutcomeMeasurement.Status.ADJUSTED
        measurement.verified_hours = verified_hours
    measurement.verification_reason = reason
    measurement.verified_by = by
    measurement.verified_at = timezone.now()
    measurement.save()
    history_record(obj=measurement, action=measurement.status, by=by, reason=reason)
    return measurement
