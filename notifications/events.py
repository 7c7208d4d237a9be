"""The notices that intake and review actions send, one function per event.

The services of ``ideas`` and ``reviews`` call these inside their own transaction, after
the change: the notices are written with the change and their e-mails leave only after it
commits (see ``notifications.services.deliver``). Texts are written in the site's language
(Korean), whatever language the person acting has chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.text import with_particles
from departments.models import Position, User
from notifications.models import Notification
from notifications.services import Notice, deliver, is_silenced

if TYPE_CHECKING:
    from briefings.models import BriefingSchedule, BriefingSession
    from exports.models import ExportJob
    from ideas.models import Exemption, Idea
    from reviews.models import Assignment, ReviewRound

Kind = Notification.Kind


def _leaders_of(team_ids: Iterable[int]) -> dict[int, list[int]]:
    leaders: dict[int, list[int]] = {}
    for team_id, pk in User.objects.filter(
        team_id__in=set(team_ids), position=Position.TEAM_LEADER, is_active=True
    ).values_list("team_id", "pk"):
        leaders.setdefault(team_id, []).append(pk)
    return leaders


def idea_people(ideas: Iterable[Idea]) -> dict[int, list[int]]:
    """Who hears about an idea: its team's leaders, its author and its co-authors."""
    from ideas.models import Idea

    ideas = list(ideas)
    leaders = _leaders_of(i.team_id for i in ideas)
    co_authors: dict[int, list[int]] = {}
    for idea_id, user_id in Idea.co_authors.through.objects.filter(
        idea_id__in=[i.pk for i in ideas]
    ).values_list("idea_id", "user_id"):
        co_authors.setdefault(idea_id, []).append(user_id)
    return {
        idea.pk: list(
            dict.fromkeys(
                [*leaders.get(idea.team_id, []), idea.created_by_id, *co_authors.get(idea.pk, [])]
            )
        )
        for idea in ideas
    }


def idea_sent_back(*, idea: Idea, reason: str) -> list[Notification]:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("[보완 요청] %(ref)s %(title)s") % {
            "ref": idea.reference_number,
            "title": idea.title,
        }
        body = _("기획조정실이 아이디어를 돌려보냈습니다. 사유: %(reason)s") % {"reason": reason}
    return deliver(
        Notice(pk, Kind.IDEA_SENT_BACK, title, body, idea.get_absolute_url())
        for pk in idea_people([idea])[idea.pk]
    )


def exemption_decided(*, exemption: Exemption) -> list[Notification]:
    from ideas.models import Exemption

    approved = exemption.status == Exemption.Status.APPROVED
    with translation.override(settings.LANGUAGE_CODE):
        title = (
            _("[제출 예외 승인] %(season)s · %(team)s")
            if approved
            else _("[제출 예외 반려] %(season)s · %(team)s")
        ) % {"season": exemption.season.name, "team": exemption.team_name}
        body = (
            _("실·국장이 제출 예외를 승인했습니다. 이번 시즌에는 제출하지 않아도 됩니다.")
            if approved
            else _("실·국장이 제출 예외를 반려했습니다. 마감 전에 아이디어를 제출하세요.")
        )
        if exemption.decision_note:
            body += " " + _("의견: %(note)s") % {"note": exemption.decision_note}
    people = [exemption.filed_by_id, *_leaders_of([exemption.team_id]).get(exemption.team_id, [])]
    return deliver(
        Notice(pk, Kind.EXEMPTION_DECIDED, title, body, reverse("ideas:team_ideas"))
        for pk in dict.fromkeys(people)
    )


def reviews_assigned(*, review_round: ReviewRound, assignments: Iterable[Assignment]):
    """One notice per reviewer, however many ideas they were given."""
    counts = Counter(a.reviewer_id for a in assignments)
    url = f"{reverse('reviews:queue')}?round={review_round.pk}"
    with translation.override(settings.LANGUAGE_CODE):
        notices = [
            Notice(
                reviewer_id,
                Kind.REVIEW_ASSIGNED,
                _("[심사 배정] %(season)s %(round)s: %(count)d건")
                % {"season": review_round.season.name, "round": review_round.name, "count": n},
                _(
                    "심사할 아이디어 %(count)d건이 배정되었습니다. 심사할 아이디어 목록에서 "
                    "확인하세요."
                )
                % {"count": n},
                url,
            )
            for reviewer_id, n in sorted(counts.items())
        ]
    return deliver(notices)


def decisions_published(*, review_round: ReviewRound) -> list[Notification]:
    """The teams of the decided ideas hear their outcome."""
    if is_silenced():  # nothing would be delivered: spare reading a whole round's ideas
        return []
    decisions = list(review_round.decisions.current().select_related("idea").order_by("idea_id"))
    people = idea_people(d.idea for d in decisions)
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for decision in decisions:
            idea = decision.idea
            title = _("[심사 결과] %(ref)s %(title)s: %(outcome)s") % {
                "ref": idea.reference_number,
                "title": idea.title,
                "outcome": decision.get_outcome_display(),
            }
            body = _("%(round)s 결과가 공개되었습니다. 사유: %(reason)s") % {
                "round": review_round.name,
                "reason": decision.reason,
            }
            notices += [
                Notice(pk, Kind.DECISIONS_PUBLISHED, title, body, idea.get_absolute_url())
                for pk in people[idea.pk]
            ]
    return deliver(notices)


def decision_changed(*, decision, previous=None) -> list[Notification]:
    """A decision recorded or changed after the round's results were published: the idea's
    team hears the new outcome (and what it was), as they heard the first one."""
    idea, review_round = decision.idea, decision.round
    with translation.override(settings.LANGUAGE_CODE):
        title = _("[심사 결과 변경] %(ref)s %(title)s: %(outcome)s") % {
            "ref": idea.reference_number,
            "title": idea.title,
            "outcome": decision.get_outcome_display(),
        }
        if previous is not None:
            body = _(
                "%(round)s 결과가 %(before)s에서 %(after)s(으)로 바뀌었습니다. 변경 사유: %(why)s"
            ) % {
                "round": review_round.name,
                "before": previous.get_outcome_display(),
                "after": decision.get_outcome_display(),
                "why": decision.change_reason,
            }
        else:
            body = _("%(round)s 결과가 공개되었습니다. 사유: %(reason)s") % {
                "round": review_round.name,
                "reason": decision.reason,
            }
        body = with_particles(body)
    people = idea_people([idea])
    return deliver(
        Notice(pk, Kind.DECISIONS_PUBLISHED, title, body, idea.get_absolute_url())
        for pk in people[idea.pk]
    )


def schedule_proposed(*, schedule: BriefingSchedule, ready: bool) -> list[Notification]:
    """The planner who asked for a briefing schedule hears that it is ready, or why not."""
    season = schedule.season
    if ready:
        title = _("[보고회 일정안] %(season)s 일정안이 만들어졌습니다") % {"season": season.name}
        body = _("일정안을 검토하고 필요하면 보고회를 옮기거나 바꾼 뒤 공개하세요.")
    else:
        title = _("[보고회 일정안] %(season)s 일정안을 만들지 못했습니다") % {"season": season.name}
        body = schedule.refusal
    url = reverse("briefings:plan", args=[season.pk])
    return deliver([Notice(schedule.requested_by_id, Kind.SCHEDULE_READY, title, body, url)])


def session_moved(*, session: BriefingSession, before: str, after: str) -> list[Notification]:
    """A published session moved: its presenters and bureau directors hear the new time."""
    from briefings.reminders import session_people

    with translation.override("ko"):
        title = _("[보고회 일정 변경] %(title)s") % {"title": session.title}
        body = _("%(before)s → %(after)s, %(place)s") % {
            "before": before,
            "after": after,
            "place": session.place,
        }
    return deliver(
        Notice(pk, Kind.BRIEFING_CHANGED, title, body, session.get_absolute_url())
        for pk in session_people([session])[session.pk]
    )


def export_ready(*, job: ExportJob, rows: int) -> list[Notification]:
    """The person who asked for a large workbook hears it is ready to download."""
    from django.utils import timezone

    return deliver(
        [
            Notice(
                job.requested_by_id,
                Kind.EXPORT_READY,
                _("[엑셀 준비 완료] %(scope)s") % {"scope": job.scope_label},
                _("요청한 엑셀 파일이 준비되었습니다. %(rows)s행, 내려받기는 %(until)s까지입니다.")
                % {
                    "rows": f"{rows:,}",
                    "until": timezone.localtime(job.expires_at).strftime("%Y-%m-%d %H:%M"),
                },
                job.get_absolute_url(),
            )
        ]
    )
