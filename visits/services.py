"""Every change to benchmarking visits: plan, approve, report, derive ideas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import BusinessRuleError, PermissionRefused, ensure, ensure_allowed
from core.services import history_record
from departments.models import User
from ideas import services as idea_services
from ideas.attachments import store_upload
from ideas.models import Idea, Season
from visits import permissions
from visits.models import MAX_GROUP_SIZE, Visit, VisitAttachment, VisitMember, VisitProgramme


@transaction.atomic
def programme_create(
    *,
    by: User,
    name: str,
    year: int,
    window_start: dt.date,
    window_end: dt.date,
    report_due_days: int = 14,
    points_per_adopted_idea=0,
) -> VisitProgramme:
    ensure_allowed(permissions.manages_visits(by), _("기획조정실만 할 수 있습니다."))
    ensure(window_end >= window_start, _("기간의 끝이 시작보다 빠릅니다."), field="window_end")
    ensure(points_per_adopted_idea >= 0, _("0 이상이어야 합니다."), field="points_per_adopted_idea")
    return VisitProgramme.objects.create(
        name=name,
        year=year,
        window_start=window_start,
        window_end=window_end,
        report_due_days=report_due_days,
        points_per_adopted_idea=points_per_adopted_idea,
    )


def _check_group(members: Sequence[User]) -> list[User]:
    members = list(dict.fromkeys(members))
    ensure(bool(members), _("방문 인원을 한 명 이상 고르세요."), field="members")
    ensure(
        len(members) <= MAX_GROUP_SIZE,
        _("방문 인원은 최대 %(max)d명입니다. %(count)d명을 골랐습니다.")
        % {"max": MAX_GROUP_SIZE, "count": len(members)},
        field="members",
    )
    inactive = [m.full_name for m in members if not m.is_active]
    ensure(
        not inactive,
        _("재직 중이 아닌 직원: %(names)s") % {"names": ", ".join(inactive)},
        field="members",
    )
    return members


@transaction.atomic
def visit_plan(
    *,
    programme: VisitProgramme,
    by: User,
    members: Sequence[User],
    institution: str,
    institution_kind: str,
    location: str,
    policy_area: str,
    purpose: str,
    starts_on: dt.date,
    ends_on: dt.date,
    budget_krw: int = 0,
) -> Visit:
    """A team plans a visit of two to three days within the programme's window."""
    team = by.team
    if team is None or not permissions.can_plan_visit(by):
        raise PermissionRefused(_("팀에 소속된 직원만 방문을 계획할 수 있습니다."))
    members = _check_group(members)
    ensure(ends_on >= starts_on, _("복귀일이 출발일보다 빠릅니다."), field="ends_on")
    days = (ends_on - starts_on).days + 1
    ensure(2 <= days <= 3, _("방문 기간은 2~3일입니다."), field="ends_on")
    ensure(
        programme.window_start <= starts_on and ends_on <= programme.window_end,
        _("방문은 %(start)s부터 %(end)s 사이에 다녀와야 합니다.")
        % {"start": programme.window_start, "end": programme.window_end},
        field="starts_on",
    )
    ensure(budget_krw is None or budget_krw >= 0, _("0 이상이어야 합니다."), field="budget_krw")
    visit = Visit.objects.create(
        programme=programme,
        team=team,
        division=team.division,
        bureau=team.division.bureau,
        team_name=team.name,
        institution=institution,
        institution_kind=institution_kind,
        location=location,
        policy_area=policy_area,
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        budget_krw=budget_krw or 0,
        planned_by=by,
    )
    VisitMember.objects.bulk_create(
        VisitMember(visit=visit, person=person, place=i) for i, person in enumerate(members, 1)
    )
    history_record(obj=visit, action="planned", by=by)
    return visit


@transaction.atomic
def visit_add_member(*, visit: Visit, by: User, person: User) -> VisitMember:
    """Add one person to the group; the database refuses a fifth place."""
    ensure_allowed(
        permissions.can_add_member(by, visit),
        _("계획한 사람이나 그 팀만, 다녀오기 전에 인원을 더할 수 있습니다."),
    )
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    ensure(person.is_active, _("재직 중이 아닌 직원입니다."), field="members")
    ensure(
        not visit.members.filter(person=person).exists(),
        _("%(name)s 님은 이미 방문 인원입니다.") % {"name": person.full_name},
        field="members",
    )
    taken = set(visit.members.values_list("place", flat=True))
    free = [p for p in range(1, MAX_GROUP_SIZE + 1) if p not in taken]
    message = _("방문 인원은 최대 %(max)d명입니다. 이미 %(max)d명이 정해졌습니다.") % {
        "max": MAX_GROUP_SIZE
    }
    ensure(bool(free), message, field="members")
    try:
        with transaction.atomic():
            member = VisitMember.objects.create(visit=visit, person=person, place=free[0])
    except IntegrityError:
        raise BusinessRuleError(message, field="members") from None
    history_record(obj=visit, action="member_added", by=by, data={"person": person.pk})
    return member


@transaction.atomic
def visit_attachment_add(
    *, visit: Visit, by: User, uploaded, kind: str = VisitAttachment.Kind.REPORT
) -> VisitAttachment:
    """The group files an attachment of the report or proof of the visit, checked like an
    idea's attachments (extension, content, size) and stored under a generated name."""
    ensure_allowed(
        permissions.can_attach_to_visit(by, visit),
        _("승인된 방문의 일행만 파일을 올릴 수 있습니다."),
    )
    ensure(kind in VisitAttachment.Kind.values, _("구분을 고르세요."), field="kind")
    attachment = store_upload(VisitAttachment(visit=visit, kind=kind, uploaded_by=by), uploaded)
    history_record(
        obj=visit, action="attachment_added", by=by, data={"name": attachment.original_name}
    )
    return attachment


@transaction.atomic
def visit_decide(*, visit: Visit, by: User, approve: bool, note: str = "") -> Visit:
    ensure_allowed(
        permissions.can_decide_visit(by, visit),
        _("해외 방문은 실·국장이, 국내 방문은 과장이 승인합니다.")
        if visit.status == Visit.Status.PLANNED
        else _("이미 처리한 계획입니다."),
    )
    if not approve:
        ensure(bool(note.strip()), _("반려 사유를 적어 주세요."), field="note")
    visit.status = Visit.Status.APPROVED if approve else Visit.Status.REJECTED
    visit.decided_by, visit.decided_at, visit.decision_note = by, timezone.now(), note
    visit.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    history_record(obj=visit, action=visit.status, by=by, reason=note)
    return visit


@transaction.atomic
def visit_report(*, visit: Visit, by: User, seen: str, fit: str, proposals: str) -> Visit:
    ensure_allowed(
        permissions.can_report_visit(by, visit),
        _("승인된 방문의 일행만 보고서를 낼 수 있습니다."),
    )
    errors: dict[str | None, list[str]] = {
        name: [_("내용을 적어 주세요.")]
        for name, text in (("seen", seen), ("fit", fit), ("proposals", proposals))
        if not text.strip()
    }
    if errors:
        raise BusinessRuleError(errors=errors)
    visit.report_seen, visit.report_fit, visit.report_proposals = seen, fit, proposals
    visit.status = Visit.Status.REPORTED
    visit.reported_at = timezone.now()
    visit.save(
        update_fields=["report_seen", "report_fit", "report_proposals", "status", "reported_at"]
    )
    history_record(obj=visit, action="reported", by=by)
    return visit


def open_benchmarking_season() -> Season | None:
    return (
        Season.objects.accepting_submissions()
        .filter(kind=Season.Kind.BENCHMARKING)
        .order_by("submission_closes_at")
        .first()
    )


@transaction.atomic
def visit_derive_idea(*, visit: Visit, by: User, title: str = "") -> Idea:
    """Open a benchmarking idea draft in the open season, the visit's source filled in."""
    from visits.models import DerivedIdea

    ensure_allowed(
        permissions.can_derive_idea(by, visit),
        _("보고를 마친 방문의 일행만 아이디어를 만들 수 있습니다."),
    )
    season = open_benchmarking_season()
    if season is None:
        raise BusinessRuleError(_("지금 접수 중인 벤치마킹 시즌이 없습니다."))
    idea = idea_services.idea_create_draft(
        season=season,
        by=by,
        title=title or _("%(institution)s 벤치마킹") % {"institution": visit.institution},
        source_type=visit.institution_kind,
        source_institution=visit.institution,
        source_location=visit.location,
        visited_on=visit.starts_on,
        lessons_learned=visit.report_fit,
        proposal=visit.report_proposals,
    )
    DerivedIdea.objects.create(visit=visit, idea=idea)
    history_record(obj=visit, action="idea_derived", by=by, data={"idea": idea.pk})
    return idea
