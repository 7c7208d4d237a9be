"""Who may do what with seasons, ideas and exemptions, in which season state.

This is the one place that answers those questions: services call these predicates
before changing anything, views and the API ask ``user.has_perm("ideas.…", obj)``, and
templates use ``{% has_perm %}``. Each predicate is also usable on its own.
"""

from __future__ import annotations

import rules
from django.db.models import Q
from django.utils import timezone

from core import refusals
from core.text import with_particles
from departments.models import Position
from departments.permissions import (
    is_director_of_bureau,
    is_planning_office,
    is_reviewer,
    is_system_admin,
)
from ideas.models import Exemption, Idea, Season

# What each season state allows (the rest of the rules add who).
DRAFTING_STATES = {Season.Status.OPEN}
RESUBMISSION_STATES = {Season.Status.OPEN, Season.Status.BRIEFING}
SEND_BACK_STATES = {Season.Status.OPEN, Season.Status.BRIEFING, Season.Status.REVIEW}
REPRESENTATIVE_STATES = {Season.Status.OPEN, Season.Status.BRIEFING}
EXEMPTION_DECISION_STATES = {Season.Status.OPEN, Season.Status.BRIEFING}


def _in_team(user, team_id) -> bool:
    return bool(user.is_authenticated and user.is_active and team_id and user.team_id == team_id)


def _is_leader_of(user, team_id) -> bool:
    return _in_team(user, team_id) and user.position == Position.TEAM_LEADER


@rules.predicate
def manages_seasons(user) -> bool:
    return bool(is_planning_office(user) or is_system_admin(user))


@rules.predicate
def can_draft_in(user, season: Season | None) -> bool:
    """Any member of a team may start a draft while the season accepts submissions."""
    return bool(
        season is not None
        and user.is_authenticated
        and user.team_id
        and season.is_accepting_submissions()
    )


@rules.predicate
def can_view_idea(user, idea: Idea | None) -> bool:
    if idea is None or not user.is_authenticated:
        return False
    if idea.status == Idea.Status.DRAFT and idea.reference_number is None:
        # Drafts are the team's own until submitted.
        return _in_team(user, idea.team_id)
    return True  # submitted ideas are read by all staff: no silos


def edit_refusal(user, idea: Idea) -> str | None:
    """Why ``user`` may not edit ``idea``, or None: the author, the co-authors and the team
    leader edit a draft (while the season takes them) or a returned idea. A submitted idea
    says it was submitted, not that the person lacks permission."""
    from django.utils.translation import gettext as _

    if not _in_team(user, idea.team_id):
        return _("다른 팀의 아이디어는 고칠 수 없습니다.")
    season = idea.season
    if idea.status == Idea.Status.SUBMITTED:
        submitted = idea.submitted_at and timezone.localtime(idea.submitted_at)
        if submitted:
            return _(
                "%(at)s에 제출한 아이디어입니다. 제출한 아이디어는 고칠 수 없습니다. 고칠 "
                "내용이 있으면 기획조정실에 보완 요청을 부탁하세요."
            ) % {"at": submitted.strftime("%Y-%m-%d %H:%M")}
        return _(
            "제출한 아이디어입니다. 제출한 아이디어는 고칠 수 없습니다. 고칠 내용이 있으면 "
            "기획조정실에 보완 요청을 부탁하세요."
        )
    if idea.status == Idea.Status.WITHDRAWN:
        return _("철회한 아이디어는 고칠 수 없습니다.")
    if idea.status == Idea.Status.DRAFT and not season.is_accepting_submissions():
        return closed_reason(season)
    if idea.status == Idea.Status.RETURNED and season.status not in RESUBMISSION_STATES:
        return _("보완 제출 기간이 지나 고칠 수 없습니다.")
    if not (
        idea.created_by_id == user.pk
        or user.position == Position.TEAM_LEADER
        or any(a.pk == user.pk for a in idea.co_authors.all())
    ):
        return _("아이디어는 작성자, 공동 작성자와 팀장만 고칠 수 있습니다.")
    return None


can_edit_idea = refusals.add_perm("ideas.change_idea", edit_refusal)


def submission_refusal(user, idea: Idea) -> str | None:
    """Why ``user`` may not submit ``idea`` now, or None; the message is shown as is."""
    from django.utils.translation import gettext as _

    if not _in_team(user, idea.team_id):
        return _("다른 팀의 아이디어는 제출할 수 없습니다.")
    if user.position != Position.TEAM_LEADER:
        return _("제출은 팀장만 할 수 있습니다. 팀장에게 제출을 요청하세요.")
    if idea.status == Idea.Status.RETURNED:
        if idea.season.status not in RESUBMISSION_STATES:
            return _("보완 제출 기간이 지났습니다.")
        return None
    if idea.status != Idea.Status.DRAFT:
        return _("작성 중인 아이디어만 제출할 수 있습니다.")
    season = idea.season
    if season.status != Season.Status.OPEN or timezone.now() >= season.submission_closes_at:
        closes = timezone.localtime(season.submission_closes_at)
        return _("제출 마감(%(closes)s)이 지나 제출할 수 없습니다.") % {
            "closes": closes.strftime("%Y-%m-%d %H:%M")
        }
    if timezone.now() < season.submission_opens_at:
        return _("아직 접수가 시작되지 않았습니다.")
    return None


def submission_refused_for_role(user, idea: Idea) -> bool:
    """Whether ``submission_refusal`` is about who the user is (another team, not the
    leader) rather than about the idea or the season's window."""
    return not _in_team(user, idea.team_id) or user.position != Position.TEAM_LEADER


can_submit_idea = refusals.add_perm("ideas.submit_idea", submission_refusal)


@rules.predicate
def can_withdraw_idea(user, idea: Idea | None) -> bool:
    """The team leader may withdraw a submitted idea before the deadline."""
    return bool(
        idea is not None
        and _is_leader_of(user, idea.team_id)
        and idea.status in (Idea.Status.SUBMITTED, Idea.Status.RETURNED)
        and idea.season.is_accepting_submissions()
    )


@rules.predicate
def can_send_back_idea(user, idea: Idea | None) -> bool:
    return bool(
        idea is not None
        and manages_seasons(user)
        and idea.status == Idea.Status.SUBMITTED
        and idea.season.status in SEND_BACK_STATES
    )


@rules.predicate
def can_mark_representative(user, idea: Idea | None) -> bool:
    return bool(
        idea is not None
        and idea.season.representative_per_division
        and idea.season.status in REPRESENTATIVE_STATES
        and idea.status == Idea.Status.SUBMITTED
        and is_director_of_bureau(user, idea.bureau)
    )


@rules.predicate
def can_link_duplicate(user, idea: Idea | None) -> bool:
    return bool(idea is not None and manages_seasons(user) and idea.reference_number)


@rules.predicate
def can_view_attachment(user, idea: Idea | None) -> bool:
    return can_view_idea(user, idea)


def closed_reason(season: Season) -> str:
    """Why a season takes no drafts now: not yet open, or past its deadline."""
    from django.utils.translation import gettext as _

    def at(moment) -> str:
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")

    if timezone.now() < season.submission_opens_at:
        return with_particles(
            _("%(season)s은(는) 아직 접수를 시작하지 않았습니다. 접수 시작: %(opens)s")
            % {"season": season.name, "opens": at(season.submission_opens_at)}
        )
    return _(
        "%(season)s의 제출이 마감되었습니다(마감 %(closes)s). 더 이상 작성하거나 제출할 수 없습니다."
    ) % {"season": season.name, "closes": at(season.submission_closes_at)}


def exemption_refusal(user, season: Season) -> str | None:
    """Why ``user`` may not ask that their team be exempt in ``season``, or None."""
    from django.utils.translation import gettext as _

    if not season.exemptions_allowed:
        return with_particles(
            _("%(season)s은(는) 제출 예외를 받지 않습니다.") % {"season": season.name}
        )
    if not season.is_accepting_submissions():
        return closed_reason(season)
    if not (user.is_authenticated and user.position == Position.TEAM_LEADER and user.team_id):
        return _("제출 예외는 팀장만 신청할 수 있습니다.")
    return None


can_file_exemption = refusals.add_perm("ideas.file_exemption", exemption_refusal)


@rules.predicate
def can_decide_exemption(user, exemption: Exemption | None) -> bool:
    return bool(
        exemption is not None
        and exemption.status == Exemption.Status.PENDING
        and exemption.season.status in EXEMPTION_DECISION_STATES
        and is_director_of_bureau(user, exemption.bureau)
    )


@rules.predicate
def can_view_bureau_overview(user, bureau) -> bool:
    return bool(is_director_of_bureau(user, bureau) or manages_seasons(user))


def _seasons_in_review(user) -> set[int]:
    """The seasons with an open review round: asked once per request (remembered on the
    signed-in user), whatever the rows."""
    if not hasattr(user, "_seasons_in_review"):
        from reviews.models import ReviewRound

        user._seasons_in_review = set(
            ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).values_list(
                "season_id", flat=True
            )
        )
    return user._seasons_in_review


def _review_open(user, season_id: int) -> bool:
    """Whether a review round of the season is open (one query per request)."""
    return season_id in _seasons_in_review(user)


def proposer_hidden(user, idea: Idea | None) -> bool:
    """Blind to the proposer: in a season that asks for it, while a review round is open,
    a reviewer (who is neither of the planning office nor of the idea's team) is not shown
    the idea's team, bureau or authors, on pages and in the API. The server keeps using
    them (conflicts of interest)."""
    return bool(
        idea is not None
        and idea.season.blind_to_proposer  # the season is loaded with the idea: asked first
        and is_reviewer(user)
        and not manages_seasons(user)
        and not _in_team(user, idea.team_id)
        and _review_open(user, idea.season_id)
    )


def proposer_hidden_q(user) -> Q | None:
    """The ideas whose proposer is hidden from ``user`` (``proposer_hidden`` as a filter),
    or None when none can be: for the lists that filter or sort by bureau, where a reviewer
    would otherwise find out whose an idea is. Asks no query for anyone but a reviewer."""
    if not is_reviewer(user) or manages_seasons(user):
        return None
    in_review = _seasons_in_review(user)
    if not in_review:
        return None
    hidden = Q(season__blind_to_proposer=True, season_id__in=in_review)
    if user.team_id:
        hidden &= ~Q(team_id=user.team_id)
    return hidden


@rules.predicate
def sees_proposer(user, idea: Idea | None) -> bool:
    return not proposer_hidden(user, idea)


rules.add_perm("ideas.manage_season", manages_seasons)
rules.add_perm("ideas.see_proposer", sees_proposer)
rules.add_perm("ideas.draft_in_season", can_draft_in)
rules.add_perm("ideas.view_idea", can_view_idea)
rules.add_perm("ideas.withdraw_idea", can_withdraw_idea)
rules.add_perm("ideas.send_back_idea", can_send_back_idea)
rules.add_perm("ideas.mark_representative", can_mark_representative)
rules.add_perm("ideas.link_duplicate", can_link_duplicate)
rules.add_perm("ideas.view_attachment", can_view_attachment)
rules.add_perm("ideas.decide_exemption", can_decide_exemption)
rules.add_perm("ideas.view_bureau_overview", can_view_bureau_overview)
rules.add_perm("ideas.view_season_overview", manages_seasons)

# Django admin (ideas/admin.py), for the planning office and system admins: seasons may be
# corrected there (their state moves only on the season pages); ideas and exemptions are
# read only, as every change to them has a service (version lock, history). Nothing is
# deleted. "ideas.view_idea"/"ideas.change_idea" are the pages' rules, so the idea admin
# asks "ideas.view_idea_in_admin" instead.
rules.add_perm("ideas", manages_seasons)
rules.add_perm("ideas.view_season", manages_seasons)
rules.add_perm("ideas.change_season", manages_seasons)
rules.add_perm("ideas.view_idea_in_admin", manages_seasons)
rules.add_perm("ideas.view_exemption", manages_seasons)
rules.add_perm("ideas.view_ideaattachment", manages_seasons)
