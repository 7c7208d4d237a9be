"""What the intake asks of each person, for the home page (core.home).

Each provider costs at most one query and answers only for those it concerns.
"""

from __future__ import annotations

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.home import WaitingItem
from core.queries import count_of
from departments.models import Position
from departments.permissions import is_bureau_director
from ideas.models import Exemption, Idea, Season
from ideas.permissions import RESUBMISSION_STATES, manages_seasons
from ideas.selectors import submitted_count


def _deadline(season: Season) -> str:
    return timezone.localtime(season.submission_closes_at).strftime("%m/%d %H:%M")


def team_work(user) -> list[WaitingItem]:
    """Drafts to finish, ideas sent back, and a quota not yet met, per running season."""
    if not (user.is_authenticated and user.team_id):
        return []
    seasons = (
        Season.objects.filter(status__in=RESUBMISSION_STATES)
        .annotate(
            # The team in the join, not in the counts' FILTER: the join then reads the team's
            # few ideas by index instead of every idea of the season (120 ms at 200,000).
            team_ideas=FilteredRelation("ideas", condition=Q(ideas__team_id=user.team_id)),
            drafts=Count("team_ideas", filter=Q(team_ideas__status=Idea.Status.DRAFT)),
            returned=Count("team_ideas", filter=Q(team_ideas__status=Idea.Status.RETURNED)),
            submitted=submitted_count("team_ideas"),
            excused=Exists(
                Exemption.objects.filter(season=OuterRef("pk"), team_id=user.team_id).exclude(
                    status=Exemption.Status.REJECTED
                )
            ),
        )
        .order_by("submission_closes_at")
    )
    items: list[WaitingItem] = []
    team_page = reverse("ideas:team_ideas")
    for season in seasons:
        if season.returned:
            items.append(
                WaitingItem(
                    _("%(season)s: 보완 요청을 받은 아이디어가 있습니다. 고쳐서 다시 제출하세요.")
                    % {"season": season.name},
                    f"{team_page}?season={season.pk}&status={Idea.Status.RETURNED}",
                    season.returned,
                )
            )
        if not season.is_accepting_submissions():
            continue
        if season.drafts:
            items.append(
                WaitingItem(
                    _("%(season)s: 작성 중인 아이디어 (마감 %(deadline)s)")
                    % {"season": season.name, "deadline": _deadline(season)},
                    f"{team_page}?season={season.pk}&status={Idea.Status.DRAFT}",
                    season.drafts,
                )
            )
        if season.submitted < season.min_ideas_per_team and not season.excused:
            if user.position == Position.TEAM_LEADER:
                text = _(
                    "%(season)s: 우리 팀은 아직 %(min)s건을 제출하지 않았습니다 (마감 %(deadline)s)."
                )
            else:
                text = _("%(season)s: 우리 팀의 아이디어를 모으고 있습니다 (마감 %(deadline)s).")
            items.append(
                WaitingItem(
                    text
                    % {
                        "season": season.name,
                        "min": season.min_ideas_per_team,
                        "deadline": _deadline(season),
                    },
                    f"{reverse('ideas:idea_create')}?season={season.pk}",
                )
            )
    return items


def exemptions_to_decide(user) -> list[WaitingItem]:
    if not (is_bureau_director(user) and user.bureau_id):
        return []
    pending = Exemption.objects.filter(
        bureau_id=user.bureau_id, status=Exemption.Status.PENDING
    ).count()
    if not pending:
        return []
    return [
        WaitingItem(_("승인을 기다리는 제출 예외 신청"), reverse("ideas:bureau_overview"), pending)
    ]


def seasons_to_watch(user) -> list[WaitingItem]:
    if not manages_seasons(user):
        return []
    # A COUNT(*) subquery per open season, from an index (see seasons_with_idea_counts).
    submitted = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    seasons = (
        Season.objects.filter(status=Season.Status.OPEN)
        .annotate(submitted=count_of(submitted, field="season"))
        .order_by("submission_closes_at")
    )
    return [
        WaitingItem(
            _("%(season)s: 접수 중 (마감 %(deadline)s) — 제출 현황 보기")
            % {"season": season.name, "deadline": _deadline(season)},
            reverse("ideas:season_overview", args=[season.pk]),
            season.submitted,
        )
        for season in seasons
    ]
