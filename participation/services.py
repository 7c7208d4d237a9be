"""Comments and endorsements: every change here, with its history entry.

The people behind a target hear about new comments and endorsements through the
notifications app's ``remind``: one notice per person, target and day, however many
comments arrive (a busy idea does not flood its team).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ensure, ensure_allowed
from core.services import history_record
from departments.models import User
from notifications.models import Notification
from notifications.services import remind
from participation.models import MAX_COMMENT_LENGTH, Comment, CommentReport, Endorsement
from participation.targets import TARGETS, kind_of

RATE_LIMIT = 5  # comments per person …
RATE_WINDOW = dt.timedelta(minutes=1)  # … in this window


def _notify_people(*, target, by: User, what: str) -> None:
    kind = kind_of(target)
    recipients = [pk for pk in TARGETS[kind].people(target) if pk != by.pk]
    if not recipients:
        return
    title = _("[의견·공감] %(target)s") % {"target": str(getattr(target, "title", target))[:150]}
    remind(
        kind=Notification.Kind.PARTICIPATION,
        subject=target,
        due_date=timezone.localdate(),
        recipients=recipients,
        title=title,
        body=_("직원들이 의견을 남기거나 공감했습니다(하루 한 번 모아 알립니다). 처음: %(what)s")
        % {"what": what},
        url=target.get_absolute_url() + "#participation",
    )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    ensure(bool(body), _("의견을 적어 주세요."), field="body")
    ensure(
        len(body) <= MAX_COMMENT_LENGTH,
        _("의견은 %(max)s자 이내로 적어 주세요.") % {"max": f"{MAX_COMMENT_LENGTH:,}"},
        field="body",
    )
    return body


@transaction.atomic
def comment_post(*, target, body: str, by: User, parent: Comment | None = None) -> Comment:
    ensure_allowed(
        by.has_perm("participation.take_part", target), _("이 글에 의견을 남길 수 없습니다.")
    )
    body = _clean_body(body)
    since = timezone.now() - RATE_WINDOW
    ensure(
        Comment.objects.filter(author=by, created_at__gt=since).count() < RATE_LIMIT,
        _("의견을 너무 자주 남겼습니다. 잠시 뒤 다시 남겨 주세요."),
        field="body",
    )
    content_type = TARGETS[kind_of(target)].content_type
    if parent is not None:
        ensure(
            parent.parent_id is None
            and parent.content_type_id == content_type.pk
            and parent.object_id == target.pk,
            _("답글에는 다시 답글을 달 수 없습니다."),
            field="parent",
        )
    comment = Comment.objects.create(
        content_type=content_type, object_id=target.pk, parent=parent, author=by, body=body
    )
    history_record(obj=comment, action="posted", by=by)
    _notify_people(target=target, by=by, what=_("의견"))
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, by: User) -> Comment:
    ensure_allowed(
        by.has_perm("participation.change_comment", comment),
        _("의견은 쓴 사람이 15분 안에만 고칠 수 있습니다."),
    )
    body = _clean_body(body)
    history_record(obj=comment, action="edited", by=by, data={"before": comment.body})
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> Comment:
    ensure_allowed(
        by.has_perm("participation.delete_comment", comment),
        _("의견은 쓴 사람만 지울 수 있습니다."),
    )
    comment.status = Comment.Status.DELETED
    comment.save(update_fields=["status"])
    history_record(obj=comment, action="deleted", by=by)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, reason: str, by: User) -> Comment:
    """The planning office hides a comment; the text stays (history), staff see 'hidden'."""
    ensure_allowed(
        by.has_perm("participation.hide_comment", comment),
        _("기획조정실만 의견을 숨길 수 있습니다."),
    )
    reason = (reason or "").strip()
    ensure(bool(reason), _("숨기는 사유를 적어 주세요."), field="reason")
    ensure(len(reason) <= 300, _("사유는 300자 이내로 적어 주세요."), field="reason")
    comment.status = Comment.Status.HIDDEN
    comment.hidden_reason = reason
    comment.save(update_fields=["status", "hidden_reason"])
    history_record(obj=comment, action="hidden", by=by, reason=reason, data={"body": comment.body})
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, reason: str, by: User) -> CommentReport:
    ensure_allowed(
        by.has_perm("participation.report_comment", comment),
        _("이 의견은 신고할 수 없습니다."),
    )
    reason = (reason or "").strip()
    ensure(bool(reason), _("신고 사유를 적어 주세요."), field="reason")
    ensure(len(reason) <= 300, _("사유는 300자 이내로 적어 주세요."), field="reason")
    ensure(
        not CommentReport.objects.filter(comment=comment, reporter=by).exists(),
        _("이미 신고한 의견입니다."),
    )
    report = CommentReport.objects.create(comment=comment, reporter=by, reason=reason)
    history_record(obj=comment, action="reported", by=by, reason=reason)
    return report


@transaction.atomic
def endorsement_add(*, target, by: User) -> Endorsement:
    """공감, once per person (a second press changes nothing; the DB constraint backs it)."""
    ensure_allowed(by.has_perm("participation.take_part", target), _("이 글에 공감할 수 없습니다."))
    content_type = TARGETS[kind_of(target)].content_type
    existing = Endorsement.objects.filter(
        content_type=content_type, object_id=target.pk, user=by
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                content_type=content_type, object_id=target.pk, user=by
            )
    except IntegrityError:  # a double click raced us
        return Endorsement.objects.get(content_type=content_type, object_id=target.pk, user=by)
    _notify_people(target=target, by=by, what=_("공감"))
    return endorsement


@transaction.atomic
def endorsement_remove(*, target, by: User) -> None:
    content_type = TARGETS[kind_of(target)].content_type
    Endorsement.objects.filter(content_type=content_type, object_id=target.pk, user=by).delete()


def target_url(comment: Comment) -> str:
    target = comment.target
    return target.get_absolute_url() + "#participation" if target else reverse("core:home")
