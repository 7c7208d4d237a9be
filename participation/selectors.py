"""Reads of comments and endorsements: a target's panel, and the engagement counts the
idea library adds to its page of rows (correlated subqueries, so PostgreSQL counts for the
rows of the page only, after ORDER BY … LIMIT, and the list stays one query)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from participation.models import Comment, CommentReport, Endorsement
from participation.targets import TARGETS, kind_of


def _count(model, content_type_id: int, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(
                content_type_id=content_type_id, object_id=OuterRef("pk"), **filters
            )
            .order_by()
            .values("object_id")
            # Counting the grouped column, not pk, lets PostgreSQL answer from the
            # (content_type, object_id) index alone (an index-only scan, no heap fetches).
            .annotate(n=Count("object_id"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def with_engagement(qs: QuerySet) -> QuerySet:
    """``endorsement_count`` and ``comment_count`` (visible comments) on each row."""
    content_type = ContentType.objects.get_for_model(qs.model)
    return qs.annotate(
        endorsement_count=_count(Endorsement, content_type.pk),
        comment_count=_count(Comment, content_type.pk, status=Comment.Status.VISIBLE),
    )


def panel(*, target, user) -> dict:
    """Everything the participation panel of a target shows to ``user``."""
    content_type = TARGETS[kind_of(target)].content_type
    on_target = {"content_type": content_type, "object_id": target.pk}
    replies = (
        Comment.objects.filter(**on_target).select_related("author").order_by("created_at", "pk")
    )
    comments = list(
        Comment.objects.filter(**on_target, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )
    endorsements = Endorsement.objects.filter(**on_target)
    return {
        "target": target,
        "kind": kind_of(target),
        "comments": comments,
        "endorsement_count": endorsements.count(),
        "endorsed": endorsements.filter(user=user).exists(),
    }


def reported_comments() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(reports__isnull=False, status=Comment.Status.VISIBLE)
        .annotate(report_count=Count("reports"))
        .select_related("author", "content_type")
        .order_by("-report_count", "-created_at")
    )


def comment_reports(comment: Comment) -> QuerySet[CommentReport]:
    return comment.reports.select_related("reporter")
