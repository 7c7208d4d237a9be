"""Who may comment, endorse, edit, delete, hide and report; and the reviewers' blindness:
while a review round is open, a reviewer assigned to an idea sees neither its comments nor
its endorsement count (their judgement stays their own)."""

from __future__ import annotations

import datetime as dt

import rules
from django.utils import timezone

from departments.permissions import is_planning_office, is_system_admin

EDIT_WINDOW = dt.timedelta(minutes=15)


def blind_idea_ids(user) -> set[int]:
    """Ideas ``user`` scores in an open round (one query, and only for reviewers)."""
    from departments.models import Role
    from reviews.models import Assignment, ReviewRound

    if not (user.is_authenticated and user.has_role(Role.REVIEWER)):
        return set()
    return set(
        Assignment.objects.filter(reviewer=user, round__status=ReviewRound.Status.OPEN).values_list(
            "idea_id", flat=True
        )
    )


def is_blind_to(user, target) -> bool:
    from participation.targets import kind_of

    if target is None or kind_of(target) != "idea":
        return False
    return target.pk in blind_idea_ids(user)


@rules.predicate
def can_view_target(user, target) -> bool:
    if target is None or not user.is_authenticated:
        return False
    if target._meta.model_name == "idea" and not user.has_perm("ideas.view_idea", target):
        return False
    return not is_blind_to(user, target)


@rules.predicate
def is_moderator(user) -> bool:
    return bool(is_planning_office(user) or is_system_admin(user))


@rules.predicate
def is_author(user, comment) -> bool:
    return bool(comment is not None and comment.author_id == user.pk)


@rules.predicate
def is_visible(user, comment) -> bool:
    return bool(comment is not None and comment.status == "visible")


@rules.predicate
def within_edit_window(user, comment) -> bool:
    return bool(comment is not None and timezone.now() - comment.created_at <= EDIT_WINDOW)


rules.add_perm("participation.take_part", can_view_target)
rules.add_perm("participation.change_comment", is_author & is_visible & within_edit_window)
rules.add_perm("participation.delete_comment", is_author & is_visible)
rules.add_perm("participation.hide_comment", is_moderator & is_visible)
rules.add_perm("participation.report_comment", rules.is_authenticated & ~is_author & is_visible)
rules.add_perm("participation.moderate", is_moderator)
# The admin (read-only list of comments): the planning office and system admins.
rules.add_perm("participation", is_moderator)
rules.add_perm("participation.view_comment", is_moderator)
