"""Staff taking part: comments (one level of replies) and endorsements (공감) on library
ideas and roadmap tasks. Both point at their target through a generic relation, so
rollout plans (issue 11) join by adding one entry to ``participation.targets.TARGETS``
with no migration here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

MAX_COMMENT_LENGTH = 3000

models.CharField.register_lookup(Length)
models.TextField.register_lookup(Length)


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("게시")
        HIDDEN = "hidden", _("숨김")
        DELETED = "deleted", _("삭제")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("원 의견"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("의견"), max_length=MAX_COMMENT_LENGTH)
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    hidden_reason = models.CharField(_("숨긴 사유"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("작성 일시"), auto_now_add=True)
    edited_at = models.DateTimeField(_("수정 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("의견")
        verbose_name_plural = _("의견")
        ordering = ["created_at", "pk"]
        indexes = [
            # A target's comments, and the library's count per idea on the page:
            # WHERE content_type_id = ? AND object_id = ? AND status = 'visible'
            models.Index(fields=["content_type", "object_id", "status"], name="comment_target_idx"),
            # The rate limit: WHERE author_id = ? AND created_at > ?
            models.Index(fields=["author", "created_at"], name="comment_author_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(body__length__lte=MAX_COMMENT_LENGTH), name="comment_body_max_length"
            ),
            models.CheckConstraint(
                condition=~Q(status="hidden") | ~Q(hidden_reason=""),
                name="comment_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.body[:30]}"

    @property
    def is_hidden(self) -> bool:
        return self.status == self.Status.HIDDEN

    @property
    def is_deleted(self) -> bool:
        return self.status == self.Status.DELETED


class CommentReport(models.Model):
    """A person's report of a comment (신고), once per person."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("신고 사유"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("의견 신고")
        verbose_name_plural = _("의견 신고")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="comment_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id} ← {self.reporter_id}"


class Endorsement(models.Model):
    """공감: one per person and target."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("공감")
        verbose_name_plural = _("공감")
        constraints = [
            # One per person; its index also serves the count per target:
            # WHERE content_type_id = ? AND object_id = ?
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="endorsement_one_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"
