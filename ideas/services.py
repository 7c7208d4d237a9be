"""Every state change of seasons, ideas and exemptions.

Pages, the API, the admin and the demo data all call these functions; each checks the
rules in ``ideas.permissions`` first, changes the database in one transaction and records
the change in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import BusinessRuleError, EditConflict, PermissionRefused, ensure, ensure_allowed
from core.services import history_record
from core.text import name_errors
from departments.models import User
from ideas import permissions, selectors
from ideas.attachments import store_upload
from ideas.models import Exemption, Idea, IdeaAttachment, Season
from notifications import events as notices


class IdeaAction:
    """History actions of an idea (and of an exemption), as stored in HistoryEntry.action."""

    CREATED = "created"
    EDITED = "edited"  # one entry per run of saves by one person (see _record_edit)
    SUBMITTED = "submitted"
    RESUBMITTED = "resubmitted"
    SENT_BACK = "sent_back"
    WITHDRAWN = "withdrawn"
    MARKED_REPRESENTATIVE = "marked_representative"
    UNMARKED_REPRESENTATIVE = "unmarked_representative"
    LINKED_DUPLICATE = "linked_duplicate"
    UNLINKED_DUPLICATE = "unlinked_duplicate"
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_REMOVED = "attachment_removed"
    EXEMPTION_FILED = "exemption_filed"
    EXEMPTION_APPROVED = "exemption_approved"
    EXEMPTION_REJECTED = "exemption_rejected"


# The fields a team writes; everything else is set by the services.
CONTENT_FIELDS = [
    "title",
    "summary",
    "problem",
    "proposal",
    "expected_effect",
    "source_type",
    "source_institution",
    "source_location",
    "visited_on",
    "lessons_learned",
    "implementation_path",
    "budget_estimate_krw",
    "action",
    "hours_saved_per_year",
]

SEASON_TRANSITIONS: dict[str, set[str]] = {
    Season.Status.DRAFT: {Season.Status.OPEN},
    Season.Status.OPEN: {Season.Status.BRIEFING, Season.Status.DRAFT},
    Season.Status.BRIEFING: {Season.Status.REVIEW, Season.Status.OPEN},
    Season.Status.REVIEW: {Season.Status.CLOSED, Season.Status.BRIEFING},
    Season.Status.CLOSED: {Season.Status.REVIEW},
}


# Seasons ---------------------------------------------------------------------------


@transaction.atomic
def season_create(*, by: User, **fields: Any) -> Season:
    ensure_allowed(permissions.manages_seasons(by), _("시즌은 기획조정실만 만들 수 있습니다."))
    season = Season(created_by=by, **fields)
    _validate_season(season)
    season.save()
    history_record(obj=season, action="created", by=by)
    return season


@transaction.atomic
def season_update(*, season: Season, by: User, **fields: Any) -> Season:
    ensure_allowed(permissions.manages_seasons(by), _("시즌은 기획조정실만 고칠 수 있습니다."))
    for name, value in fields.items():
        setattr(season, name, value)
    _validate_season(season)
    season.save()
    return season


def _validate_season(season: Season) -> None:
    errors: dict[str | None, list[str]] = {}
    if not season.name.strip():
        errors["name"] = [_("시즌 이름을 입력하세요.")]
    errors |= name_errors(name=season.name, code=season.code)
    if season.submission_closes_at <= season.submission_opens_at:
        errors["submission_closes_at"] = [_("접수 마감은 접수 시작보다 뒤여야 합니다.")]
    duplicate_code = Season.objects.filter(code=season.code).exclude(pk=season.pk).exists()
    if duplicate_code:
        errors["code"] = [_("이미 다른 시즌이 쓰는 접수번호 머리글입니다.")]
    elif (
        season.pk
        and season.ideas.exclude(reference_number=None)
        .exclude(reference_number__startswith=f"{season.code}-")
        .exists()
    ):
        # Staff quote reference numbers such as S2-0123; they must keep matching the season.
        errors["code"] = [_("이미 접수번호가 매겨진 아이디어가 있어 머리글을 바꿀 수 없습니다.")]
    if errors:
        raise BusinessRuleError(errors=errors)


@transaction.atomic
def season_transition(*, season: Season, to: str, by: User) -> Season:
    ensure_allowed(permissions.manages_seasons(by), _("시즌 상태는 기획조정실만 바꿀 수 있습니다."))
    ensure(
        to in SEASON_TRANSITIONS.get(season.status, set()),
        _("%(current)s 상태에서 %(target)s 상태로 바꿀 수 없습니다.")
        % {
            "current": season.get_status_display(),
            "target": Season.Status(to).label,
        },
    )
    before = season.status
    season.status = to
    season.save(update_fields=["status", "updated_at"])
    history_record(obj=season, action="status_changed", by=by, data={"from": before, "to": to})
    return season


# Ideas -----------------------------------------------------------------------------


def _unit_snapshot(user: User) -> dict[str, Any]:
    team = user.team
    division = team.division  # type: ignore[union-attr]
    bureau = division.bureau
    return {
        "team": team,
        "division": division,
        "bureau": bureau,
        "team_name": team.name,  # type: ignore[union-attr]
        "division_name": division.name,
        "bureau_name": bureau.name,
    }


def _validate_co_authors(idea: Idea, co_authors: Iterable[User]) -> list[User]:
    co_authors = list(co_authors)
    outsiders = [u.full_name for u in co_authors if u.team_id != idea.team_id or not u.is_active]
    if outsiders:
        raise BusinessRuleError(
            _("공동 작성자는 같은 팀 직원만 지정할 수 있습니다: %(names)s")
            % {"names": ", ".join(outsiders)},
            field="co_authors",
        )
    return [u for u in co_authors if u.pk != idea.created_by_id]


@transaction.atomic
def idea_create_draft(
    *, season: Season, by: User, co_authors: Iterable[User] = (), **content: Any
) -> Idea:
    """Start a draft for the author's team; it may be saved incomplete."""
    if not by.team_id:  # who the caller is, not what they sent: a 403 in the API
        raise PermissionRefused(_("팀에 소속된 직원만 아이디어를 작성할 수 있습니다."))
    ensure(
        permissions.can_draft_in(by, season),
        _("%(season)s은(는) 지금 접수 기간이 아닙니다.") % {"season": season.name},
    )
    unknown = set(content) - set(CONTENT_FIELDS)
    ensure(not unknown, f"unknown fields: {sorted(unknown)}")
    idea = Idea(season=season, created_by=by, **_unit_snapshot(by), **content)
    idea.save()
    idea.co_authors.set(_validate_co_authors(idea, co_authors))
    history_record(obj=idea, action=IdeaAction.CREATED, by=by)
    return idea


@transaction.atomic
def idea_update_draft(
    *,
    idea: Idea,
    by: User,
    version: int,
    co_authors: Iterable[User] | None = None,
    **content: Any,
) -> Idea:
    """Save what the team typed, refusing if someone else saved since ``version``.

    The update is conditional on the version in the database, so two people editing the
    same draft can never silently overwrite each other, however close their saves are.
    """
    ensure_allowed(
        permissions.can_edit_idea(by, idea),
        permissions.edit_refusal(by, idea) or _("이 아이디어를 고칠 수 없습니다."),
    )
    unknown = set(content) - set(CONTENT_FIELDS)
    ensure(not unknown, f"unknown fields: {sorted(unknown)}")
    updated = Idea.objects.filter(pk=idea.pk, version=version).update(
        **content, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise EditConflict(conflict_message(idea=idea, by=by))
    _record_edit(idea, by)
    idea.refresh_from_db()
    if co_authors is not None:
        idea.co_authors.set(_validate_co_authors(idea, co_authors))
    if idea.reference_number:  # an edit of a submitted idea: its terms and vector anew
        _refresh_similarity_after_commit(idea)
    return idea


def conflict_message(*, idea: Idea, by: User) -> str:
    """Why a save from a stale page is refused: whose save it missed (a teammate, named,
    or the same person in another tab), and that what they typed is kept."""
    latest = selectors.last_save(idea)
    saved = Idea.objects.filter(pk=idea.pk).values_list("updated_at", flat=True).first()
    at = timezone.localtime(saved).strftime("%H:%M") if saved else ""
    if latest is not None and latest.actor_id == by.pk:
        who = _("회원님이 다른 탭(또는 다른 기기)에서 %(time)s에 이 아이디어를 먼저 저장했습니다.")
    elif latest is not None and latest.actor is not None:
        who = _("%(name)s님이 %(time)s에 이 아이디어를 먼저 저장했습니다.")
    else:
        who = _("다른 사람이 %(time)s에 이 아이디어를 먼저 저장했습니다.")
    name = latest.actor.full_name if latest is not None and latest.actor is not None else ""
    return " ".join(
        [
            who % {"name": name, "time": at},
            _("입력하신 내용은 그대로 있습니다. 두 내용을 비교해 합치거나 내 내용으로 저장하세요."),
        ]
    )


def _record_edit(idea: Idea, by: User) -> None:
    """Record who edited, once per run of saves by one person (autosave saves every few
    seconds): the timeline says who edited, and a stale page can say whose save it lacks."""
    latest = selectors.last_save(idea)
    if latest is not None and latest.action == IdeaAction.EDITED and latest.actor_id == by.pk:
        return
    history_record(obj=idea, action=IdeaAction.EDITED, by=by)


@transaction.atomic
def idea_save(
    *,
    season: Season,
    by: User,
    idea: Idea | None = None,
    version: int = 0,
    submit: bool = False,
    co_authors: Iterable[User] = (),
    **content: Any,
) -> Idea:
    """What the team typed on the idea page: a new draft (``idea`` None) or the draft
    ``idea`` saved at ``version``, then submitted when ``submit``; all of it or nothing."""
    if idea is None:
        idea = idea_create_draft(season=season, by=by, co_authors=co_authors, **content)
    else:
        idea = idea_update_draft(
            idea=idea, by=by, version=version, co_authors=co_authors, **content
        )
    if submit:
        idea = idea_submit(idea=idea, by=by)
    return idea


def _refresh_similarity_after_commit(idea: Idea) -> None:
    """Similar ideas and library search read the idea's morphemes and sentence vector."""
    from similarity.tasks import idea_terms_refresh_task

    transaction.on_commit(lambda: idea_terms_refresh_task.delay(idea.pk))


def submission_errors(idea: Idea) -> dict[str | None, list[str]]:
    """What a submitted idea must carry, field by field, in Korean."""
    errors: dict[str | None, list[str]] = {}

    def need(field: str, message: str) -> None:
        if getattr(idea, field) in (None, ""):
            errors[field] = [message]

    need("title", _("제목을 입력하세요."))
    need("summary", _("요약을 입력하세요."))
    need("problem", _("현황 및 문제점을 입력하세요."))
    need("proposal", _("개선 방안을 입력하세요."))
    need("expected_effect", _("기대 효과를 입력하세요."))
    need("implementation_path", _("추진 방식(즉시 시행, 예산 반영, 조례·법령 개정)을 고르세요."))
    if idea.implementation_path == Idea.Path.BUDGET and not idea.budget_estimate_krw:
        errors["budget_estimate_krw"] = [_("예산이 필요한 아이디어는 소요 예산(원)을 입력하세요.")]
    if idea.season.kind == Season.Kind.BENCHMARKING:
        need("source_type", _("벤치마킹 기관 유형을 고르세요."))
        need("source_institution", _("벤치마킹한 기관을 입력하세요."))
        need("lessons_learned", _("벤치마킹에서 배운 점을 입력하세요."))
        if idea.visited_on and idea.visited_on > timezone.localdate():
            errors["visited_on"] = [_("방문일은 오늘 이전이어야 합니다.")]
    else:
        need("action", _("개선 유형(폐지, 축소, 개선)을 고르세요."))
        need("hours_saved_per_year", _("연간 절감 시간을 입력하세요."))
    return errors


@transaction.atomic
def idea_submit(*, idea: Idea, by: User) -> Idea:
    """Submit a draft (or resubmit a returned idea); numbers it on first submission."""
    idea = Idea.objects.select_for_update().select_related("season").get(pk=idea.pk)
    refusal = permissions.submission_refusal(by, idea)
    if refusal:
        # Another team's idea or a member who is not the leader: refused for the role (403);
        # a closed window or a state that does not submit: refused for now (400).
        if permissions.submission_refused_for_role(by, idea):
            raise PermissionRefused(refusal)
        raise BusinessRuleError(refusal, code="refused")
    errors = submission_errors(idea)
    if errors:
        raise BusinessRuleError(errors=errors)
    resubmission = idea.status == Idea.Status.RETURNED
    if idea.reference_number is None:
        # Lock the season row so two submissions in the same season never get one number.
        season = Season.objects.select_for_update().get(pk=idea.season_id)
        last = season.ideas.aggregate(last=Max("sequence"))["last"] or 0
        idea.sequence = last + 1
        idea.reference_number = f"{season.code}-{idea.sequence:04d}"
    idea.status = Idea.Status.SUBMITTED
    idea.submitted_by = by
    idea.submitted_at = timezone.now()
    idea.version += 1
    idea.save(
        update_fields=[
            "sequence",
            "reference_number",
            "status",
            "submitted_by",
            "submitted_at",
            "version",
            "updated_at",
        ]
    )
    history_record(
        obj=idea,
        action=IdeaAction.RESUBMITTED if resubmission else IdeaAction.SUBMITTED,
        by=by,
        data={"reference_number": idea.reference_number},
    )
    _refresh_similarity_after_commit(idea)
    return idea


@transaction.atomic
def idea_withdraw(*, idea: Idea, by: User, reason: str = "") -> Idea:
    ensure_allowed(
        permissions.can_withdraw_idea(by, idea),
        _("제출 마감 전에 팀장만 철회할 수 있습니다."),
    )
    idea.status = Idea.Status.WITHDRAWN
    idea.is_representative = False
    idea.version += 1
    idea.save(update_fields=["status", "is_representative", "version", "updated_at"])
    history_record(obj=idea, action=IdeaAction.WITHDRAWN, by=by, reason=reason)
    return idea


@transaction.atomic
def idea_send_back(*, idea: Idea, by: User, reason: str) -> Idea:
    """The planning office returns a submitted idea to its team, with the reason."""
    ensure_allowed(
        permissions.can_send_back_idea(by, idea),
        _("제출된 아이디어만 기획조정실이 보완 요청할 수 있습니다."),
    )
    ensure(bool(reason and reason.strip()), _("보완 요청 사유를 입력하세요."), field="reason")
    idea.status = Idea.Status.RETURNED
    idea.is_representative = False
    idea.version += 1
    idea.save(update_fields=["status", "is_representative", "version", "updated_at"])
    history_record(obj=idea, action=IdeaAction.SENT_BACK, by=by, reason=reason.strip())
    notices.idea_sent_back(idea=idea, reason=reason.strip())
    return idea


@transaction.atomic
def idea_mark_representative(*, idea: Idea, by: User) -> Idea:
    """The bureau director picks the division's one representative task (replacing any other)."""
    ensure_allowed(
        permissions.can_mark_representative(by, idea),
        _("대표 과제는 해당 실·국장이 제출된 과제 중에서 지정할 수 있습니다."),
    )
    previous = list(
        Idea.objects.select_for_update()
        .filter(season_id=idea.season_id, division_id=idea.division_id, is_representative=True)
        .exclude(pk=idea.pk)
    )
    for other in previous:
        other.is_representative = False
        other.save(update_fields=["is_representative", "updated_at"])
        history_record(obj=other, action=IdeaAction.UNMARKED_REPRESENTATIVE, by=by)
    idea.is_representative = True
    idea.save(update_fields=["is_representative", "updated_at"])
    history_record(obj=idea, action=IdeaAction.MARKED_REPRESENTATIVE, by=by)
    return idea


@transaction.atomic
def idea_link_duplicate(*, idea: Idea, original: Idea | None, by: User, reason: str = "") -> Idea:
    """The planning office links an idea to the one it duplicates (or clears the link)."""
    ensure_allowed(
        permissions.can_link_duplicate(by, idea), _("중복 연결은 기획조정실만 할 수 있습니다.")
    )
    if original is not None:
        ensure(
            original.pk != idea.pk,
            _("자기 자신을 중복 원본으로 지정할 수 없습니다."),
            field="duplicate_of",
        )
        ensure(
            original.reference_number is not None,
            _("제출된 아이디어만 중복 원본으로 지정할 수 있습니다."),
            field="duplicate_of",
        )
        ensure(
            original.duplicate_of_id != idea.pk,
            _("서로를 중복으로 지정할 수 없습니다."),
            field="duplicate_of",
        )
    idea.duplicate_of = original
    idea.save(update_fields=["duplicate_of", "updated_at"])
    history_record(
        obj=idea,
        action=IdeaAction.LINKED_DUPLICATE if original else IdeaAction.UNLINKED_DUPLICATE,
        by=by,
        reason=reason,
        data={"original": original.reference_number if original else None},
    )
    return idea


# Attachments -----------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, idea: Idea, by: User, uploaded) -> IdeaAttachment:
    ensure_allowed(
        permissions.can_edit_idea(by, idea), _("이 아이디어에 파일을 올릴 권한이 없습니다.")
    )
    attachment = store_upload(IdeaAttachment(idea=idea, uploaded_by=by), uploaded)
    history_record(
        obj=idea,
        action=IdeaAction.ATTACHMENT_ADDED,
        by=by,
        data={"name": attachment.original_name},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: IdeaAttachment, by: User) -> None:
    idea = attachment.idea
    ensure_allowed(permissions.can_edit_idea(by, idea), _("이 첨부 파일을 지울 권한이 없습니다."))
    name = attachment.original_name
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))  # type: ignore[arg-type]
    history_record(obj=idea, action=IdeaAction.ATTACHMENT_REMOVED, by=by, data={"name": name})


# Exemptions ------------------------------------------------------------------------


@transaction.atomic
def exemption_file(*, season: Season, by: User, reason: str, reason_text: str = "") -> Exemption:
    """A team leader asks that the team be exempt from submitting in this season."""
    ensure_allowed(
        permissions.can_file_exemption(by, season),
        _("제출 예외는 예외를 허용하는 시즌의 접수 기간에 팀장만 신청할 수 있습니다."),
    )
    errors: dict[str | None, list[str]] = {}
    if reason not in Exemption.Reason.values:
        errors["reason"] = [_("예외 사유를 고르세요.")]
    if reason == Exemption.Reason.OTHER and not reason_text.strip():
        errors["reason_text"] = [_("기타 사유를 고른 경우 설명을 입력하세요.")]
    if errors:
        raise BusinessRuleError(errors=errors)
    team = by.team
    open_request = (
        Exemption.objects.filter(season=season, team=team)
        .exclude(status=Exemption.Status.REJECTED)
        .first()
    )
    ensure(
        open_request is None,
        _("이미 신청한 제출 예외가 있습니다(%(status)s).")
        % {"status": open_request.get_status_display() if open_request else ""},
    )
    exemption = Exemption.objects.create(  # type: ignore[misc]
        season=season,
        team=team,
        team_name=team.name,  # type: ignore[union-attr]
        bureau=team.division.bureau,  # type: ignore[union-attr]
        reason=reason,
        reason_text=reason_text.strip(),
        filed_by=by,
    )
    history_record(obj=exemption, action=IdeaAction.EXEMPTION_FILED, by=by, reason=reason_text)
    return exemption


@transaction.atomic
def exemption_decide(*, exemption: Exemption, by: User, approve: bool, note: str = "") -> Exemption:
    """The team's bureau director approves or rejects an exemption request."""
    ensure_allowed(
        permissions.can_decide_exemption(by, exemption),
        _("제출 예외는 해당 실·국장만 승인하거나 반려할 수 있습니다."),
    )
    if not approve:
        ensure(bool(note.strip()), _("반려 사유를 입력하세요."), field="decision_note")
    exemption.status = Exemption.Status.APPROVED if approve else Exemption.Status.REJECTED
    exemption.decided_by = by
    exemption.decided_at = timezone.now()
    exemption.decision_note = note.strip()
    exemption.save()
    history_record(
        obj=exemption,
        action=IdeaAction.EXEMPTION_APPROVED if approve else IdeaAction.EXEMPTION_REJECTED,
        by=by,
        reason=note,
    )
    notices.exemption_decided(exemption=exemption)
    return exemption
