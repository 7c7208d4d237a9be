"""Readable history: the timeline of any object that records history through
``core.services.history_record`` — who, when, what, and what changed from what to what.

One place says, per kind of object, who may read its timeline (the same rule as reading
the object itself) and how its actions read in Korean. The page partial
(``{% timeline obj %}``) and the API (``/api/v1/history/?kind=…&id=…``) both use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from briefings.models import BriefingSchedule, BriefingSession
from core.models import HistoryEntry
from departments.permissions import is_bureau_director, is_reviewer
from ideas.models import Exemption, Idea, Season
from ideas.permissions import manages_seasons, proposer_hidden
from insight.models import BriefingBook
from reviews.models import Decision, Directive, ReviewRound

ACTION_LABELS = {
    # ideas (IdeaAction) and seasons
    "created": _("작성·등록"),
    "edited": _("고침"),
    "submitted": _("제출"),
    "resubmitted": _("보완 제출"),
    "sent_back": _("보완 요청"),
    "withdrawn": _("철회"),
    "marked_representative": _("과 대표 과제 지정"),
    "unmarked_representative": _("과 대표 과제 해제"),
    "linked_duplicate": _("중복 아이디어로 연결"),
    "unlinked_duplicate": _("중복 연결 해제"),
    "attachment_added": _("파일 첨부"),
    "attachment_removed": _("첨부 파일 삭제"),
    "exemption_filed": _("제출 예외 신청"),
    "exemption_approved": _("제출 예외 승인"),
    "exemption_rejected": _("제출 예외 반려"),
    "status_changed": _("상태 변경"),
    # reviews (ReviewAction)
    "round_created": _("심사 차수 등록"),
    "round_updated": _("심사 차수 수정"),
    "criteria_replaced": _("심사 기준 변경"),
    "round_opened": _("심사 시작"),
    "round_closed": _("심사 마감"),
    "assigned": _("심사위원 배정"),
    "unassigned": _("심사위원 배정 취소"),
    "evaluation_submitted": _("평가 제출"),
    "decided": _("선정 결정"),
    "decision_changed": _("결정 변경"),
    "decisions_published": _("결과 공개"),
    "directive_recorded": _("지시사항 기록"),
    "directive_updated": _("지시사항 수정"),
    "directive_deleted": _("지시사항 삭제"),
    "directive_followed_up": _("지시사항 이행 상황 기록"),
    # briefings (BriefingAction)
    "schedule_requested": _("일정안 요청"),
    "schedule_proposed": _("일정안 완성"),
    "schedule_refused": _("일정안을 만들지 못함"),
    "schedule_published": _("일정 공개"),
    "session_created": _("보고회 등록"),
    "session_moved": _("보고회 일정 변경"),
    "session_swapped": _("보고회 순서 맞바꿈"),
    # the briefing book (this app)
    "book_requested": _("보고 자료 만들기 요청"),
    "book_built": _("보고 자료 완성"),
    "book_failed": _("보고 자료를 만들지 못함"),
}

# Where a kind reads an action its own way.
KIND_ACTION_LABELS = {
    "idea": {"created": _("작성 시작")},
    "season": {"created": _("시즌 등록")},
}

# Keys of ``data`` that are not fields of the model, in Korean.
DATA_LABELS = {
    "from": pgettext_lazy("history", "이전"),
    "to": pgettext_lazy("history", "이후"),
    "reference_number": _("접수번호"),
    "name": _("파일"),
    "original": _("중복 원본"),
    "total": _("가중 합계(100점)"),
    "sessions": _("보고회 수"),
    "starts_on": _("보고회 시작일"),
    "ends_on": _("보고회 종료일"),
    "criteria": _("심사 기준"),
    "reviewer": _("심사위원"),
    "method": _("배정 방식"),
    "idea": _("아이디어"),
    "outcome": _("결과"),
    "implementation_path": _("추진 방식"),
    "pages": _("쪽수"),
    "status": _("상태"),
    "due_on": _("이행 기한"),
    "text": _("내용"),
    "progress": _("진척률(%)"),
}

# Keys of ``data`` that only link entries together (a plan's entry to its report).
HIDDEN_DATA = {"report"}


@dataclass(frozen=True)
class Kind:
    """A kind of object with a timeline: its model and who may read it.

    ``entries`` finds the object's entries where they are not recorded on the object itself
    (a progress report's are on its plan); ``labels`` reads the kind's own actions."""

    key: str
    model: type[models.Model]
    label: str
    entries: Callable[[Any], QuerySet] | None = None
    labels: Callable[[], dict] | None = None

    def may_view(self, user, obj) -> bool:
        return _VIEW_RULES[self.key](user, obj)


def _can_view_round(user, _obj) -> bool:
    return bool(manages_seasons(user) or is_reviewer(user))


def may_view_exemptions_of(user, *, bureau_id: int | None, team_id: int | None) -> bool:
    """A team's exemptions are read by the planning office, the team's bureau director and
    the team itself (no query: the user's groups are cached)."""
    if not user.is_authenticated:
        return False
    return bool(
        manages_seasons(user)
        or (is_bureau_director(user) and bureau_id is not None and user.bureau_id == bureau_id)
        or (team_id is not None and user.team_id == team_id)
    )


def _can_view_exemption(user, exemption: Exemption) -> bool:
    return may_view_exemptions_of(user, bureau_id=exemption.bureau_id, team_id=exemption.team_id)


def _can_view_book(user, book) -> bool:
    from insight.permissions import can_download_book

    return can_download_book(user, book.session)


_VIEW_RULES = {
    "idea": lambda user, obj: user.has_perm("ideas.view_idea", obj),
    "decision": lambda user, obj: user.has_perm("reviews.view_decision", obj),
    "review-round": _can_view_round,
    "briefing-session": lambda user, obj: user.has_perm("briefings.view_session", obj),
    "briefing-schedule": lambda user, obj: user.has_perm("briefings.manage_schedules"),
    "exemption": _can_view_exemption,
    "directive": lambda user, obj: user.is_authenticated,
    "season": lambda user, obj: manages_seasons(user),
    "briefing-book": _can_view_book,
}

KINDS = {
    k.key: k
    for k in (
        Kind("idea", Idea, _("아이디어")),
        Kind("decision", Decision, _("선정 결정")),
        Kind("review-round", ReviewRound, _("심사 차수")),
        Kind("briefing-session", BriefingSession, _("보고회")),
        Kind("briefing-schedule", BriefingSchedule, _("보고회 일정")),
        Kind("exemption", Exemption, _("제출 예외")),
        Kind("directive", Directive, _("도지사 지시사항")),
        Kind("season", Season, _("시즌")),
        Kind("briefing-book", BriefingBook, _("보고회 자료")),
    )
}


def register_kind(kind: Kind, may_view) -> None:
    """Rollout (plans, reports) and the book add their kinds here."""
    KINDS[kind.key] = kind
    _VIEW_RULES[kind.key] = may_view


def kind_of(obj) -> Kind | None:
    return next((k for k in KINDS.values() if isinstance(obj, k.model)), None)


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Step:
    """One entry of a timeline, readable."""

    at: object
    actor: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return str(DATA_LABELS.get(name, name))


def _display(model, name: str, value) -> str:
    """A stored value as the person reads it (a choice's label rather than its code)."""
    if value is None or value == "":
        return "—"
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        f = None
    if f is not None and getattr(f, "choices", None):
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(
            " ".join(str(v) for v in item) if isinstance(item, list) else str(item)
            for item in value
        )
    return str(value)


def _follow_up_statuses() -> dict:
    """A directive's follow-up states (rollout records them on the directive)."""
    from django.apps import apps

    try:
        return dict(apps.get_model("rollout", "DirectiveFollowUp").Status.choices)
    except LookupError:
        return {}


# Values in ``data`` that name another model's choice, per kind and key.
_OTHER_CHOICES = {("directive", "status"): _follow_up_statuses}


def _changes(entry: HistoryEntry, model, data: dict) -> list[Change]:
    """The fields the entry changed, before and after: a ``before``/``after`` pair of
    field values (by field name), or a single ``from``/``to``."""
    changes: list[Change] = []
    before, after = data.get("before"), data.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        for name in sorted(set(before) | set(after)):
            changes.append(
                Change(
                    _field_label(model, name),
                    _display(model, name, before.get(name)),
                    _display(model, name, after.get(name)),
                )
            )
    elif "from" in data and "to" in data:
        # A season's state (codes), a session's date and time (already readable).
        label_field = "status" if entry.action == "status_changed" else ""
        changes.append(
            Change(
                _field_label(model, label_field) if label_field else str(_("일시")),
                _display(model, label_field, data["from"]),
                _display(model, label_field, data["to"]),
            )
        )
    return changes


def _details(model, kind: str, data: dict) -> list[tuple[str, str]]:
    """The entry's other data, labelled and readable, in the order recorded (hidden keys
    left out)."""
    details: list[tuple[str, str]] = []
    for name, value in data.items():
        if name in ("before", "after", "from", "to") or name in HIDDEN_DATA:
            continue
        shown = _display(model, name, value)
        if (kind, name) in _OTHER_CHOICES:
            shown = str(_OTHER_CHOICES[(kind, name)]().get(value, shown))
        details.append((_field_label(model, name), shown))
    return details


def readable(entry: HistoryEntry, model, kind: str = "", labels: dict | None = None) -> Step:
    data = entry.data or {}
    changes = _changes(entry, model, data)
    details = _details(model, kind, data)
    actor = entry.actor.full_name if entry.actor_id else str(_("시스템"))
    return Step(
        at=entry.at,
        actor=actor,
        action=str(
            KIND_ACTION_LABELS.get(kind, {}).get(entry.action)
            or (labels or {}).get(entry.action)
            or ACTION_LABELS.get(entry.action, entry.action)
        ),
        reason=entry.reason,
        changes=changes,
        details=details,
    )


# Kinds whose people may be hidden from the reader: an idea's actors are mostly its
# authors, hidden from a reviewer while the idea's proposer is (blind to the proposer).
_ACTORS_HIDDEN = {"idea": proposer_hidden}


def actors_hidden(user, obj) -> bool:
    """Whether ``user`` is not shown who acted on ``obj`` (ideas.permissions' rule)."""
    kind = kind_of(obj)
    rule = _ACTORS_HIDDEN.get(kind.key) if kind else None
    return bool(user is not None and rule is not None and rule(user, obj))


def timeline(obj, user=None) -> list[Step]:
    """The object's history, oldest first, readable, as ``user`` may read it (who acted is
    left out where ``actors_hidden``). One query (entries with their actor)."""
    kind = kind_of(obj)
    found = kind.entries(obj) if kind and kind.entries else HistoryEntry.objects.for_object(obj)
    labels = kind.labels() if kind and kind.labels else {}
    entries = found.select_related("actor").order_by("at", "pk")
    steps = [readable(e, type(obj), kind.key if kind else "", labels) for e in entries]
    if actors_hidden(user, obj):
        for step in steps:
            step.actor = str(_("심사 중 비공개"))
    return steps


@dataclass
class Subject:
    """What a history page is about: its heading, a few facts and where it lives."""

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""
    url_label: str = ""


def subject(kind: Kind, obj) -> Subject:
    """The heading of ``obj``'s history page. Exemptions and directives have no page of
    their own, so theirs says what they are; the rest link to their page."""
    if isinstance(obj, Exemption):
        return Subject(
            title=str(_("%(team)s 제출 예외") % {"team": obj.team_name}),
            facts=[
                (str(_("시즌")), obj.season.name),
                (str(_("사유")), obj.get_reason_display()),
                (str(_("상태")), obj.get_status_display()),
            ],
            # The team's dashboard: everyone who reads the exemption reads it.
            url=f"{reverse('insight:team', args=[obj.team_id])}?season={obj.season_id}",
            url_label=str(_("%(name)s 현황판") % {"name": obj.team_name}),
        )
    if isinstance(obj, Directive):
        return Subject(
            title=str(_("도지사 지시사항")),
            facts=[
                (str(_("내용")), obj.text),
                (str(_("담당 실·국")), obj.responsible_bureau.name),
                (str(_("기한")), obj.due_date.strftime("%Y-%m-%d")),
            ],
            url=obj.idea.get_absolute_url(),
            url_label=obj.idea.title,
        )
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return Subject(title=f"{kind.label} · {obj}", url=url, url_label=str(obj))


def history_url(obj) -> str:
    """The history page of ``obj`` ("" for a kind without a timeline)."""
    kind = kind_of(obj)
    return reverse("insight:history", args=[kind.key, obj.pk]) if kind else ""
