"""Who sees which dashboard, once, for pages, the API and the Excel downloads.

The planning office, system admins and the governor's office reviewers see the whole
government; a bureau director sees their bureau (and its teams); the people of a team see
their team, and a division head the teams of their division. The numbers a dashboard
shows of decisions and scores follow the review rules (``insight.selectors`` asks
``reviews.permissions``): unpublished decisions and open rounds' disagreement flags only
for those allowed to see them.
"""

from __future__ import annotations

import rules

from departments.models import Bureau, Position, Team
from departments.permissions import is_bureau_director, is_director_of_bureau, is_reviewer
from ideas.permissions import manages_seasons, proposer_hidden


@rules.predicate
def sees_whole_government(user) -> bool:
    return bool(manages_seasons(user) or is_reviewer(user))


@rules.predicate
def uses_dashboards(user) -> bool:
    """Who has a dashboard at all (the menu entry)."""
    return bool(
        user.is_authenticated
        and (
            sees_whole_government(user)
            or is_bureau_director(user)
            or user.team_id
            or user.position == Position.DIVISION_HEAD
        )
    )


@rules.predicate
def can_view_bureau_dashboard(user, bureau: Bureau | None) -> bool:
    if bureau is None or not user.is_authenticated:
        return False
    return bool(sees_whole_government(user) or is_director_of_bureau(user, bureau))


@rules.predicate
def can_view_team_dashboard(user, team: Team | None) -> bool:
    if team is None or not user.is_authenticated:
        return False
    if sees_whole_government(user) or user.team_id == team.pk:
        return True
    if user.position == Position.DIVISION_HEAD and user.division_id == team.division_id:
        return True
    return bool(is_director_of_bureau(user, team.division.bureau))


@rules.predicate
def can_view_trends(user, bureau: Bureau | None) -> bool:
    """Season over season: the whole government and any bureau for those who see the whole
    government; their own bureau for a bureau director."""
    if sees_whole_government(user):
        return True
    return bool(bureau is not None and is_director_of_bureau(user, bureau))


@rules.predicate
def uses_trends(user) -> bool:
    return bool(sees_whole_government(user) or is_bureau_director(user))


@rules.predicate
def _agenda_hidden(user, session) -> bool:
    """Whether the proposer of an idea on the session's agenda is hidden from ``user``
    (ideas.permissions' rule): the agenda as prefetched, else one query."""
    if "items" in getattr(session, "_prefetched_objects_cache", {}):
        items = session.items.all()
    else:
        items = session.items.select_related("idea__season")
    return any(proposer_hidden(user, item.idea) for item in items)


def can_download_book(user, session) -> bool:
    """The governor's briefing book: the planning office, the governor's office (reviewers)
    and the bureau directors of the session's bureaus."""
    if session is None or not user.is_authenticated:
        return False
    if sees_whole_government(user):
        # Blind to the proposer: the book names every idea's team and bureau, so a reviewer
        # does not get it while an idea on the agenda is hidden from them.
        return not _agenda_hidden(user, session)
    return bool(
        is_bureau_director(user)
        and user.bureau_id is not None
        and session.bureaus.filter(pk=user.bureau_id).exists()
    )


rules.add_perm("insight.use_dashboards", uses_dashboards)
rules.add_perm("insight.download_book", can_download_book)
rules.add_perm("insight.use_trends", uses_trends)
rules.add_perm("insight.view_trends", can_view_trends)
rules.add_perm("insight.view_government_dashboard", sees_whole_government)
rules.add_perm("insight.view_bureau_dashboard", can_view_bureau_dashboard)
rules.add_perm("insight.view_team_dashboard", can_view_team_dashboard)
