"""Progress-report reminders (registered in rollout/apps.py for PROGRESS_REPORT_DUE).

A report not yet filed (a draft or one sent back) is reminded 7 days and 1 day before its
due date (moved to the working day on or before) and the day after it, overdue (moved to
the working day on or after; the bureau director hears too) — see core.workdays; notifications.services.remind's key sends each one exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.workdays import WorkCalendar
from departments.models import Position, User
from notifications.models import Notification
from notifications.reminders import Reminder, local_date_label

BEFORE = (7, 1)
AFTER = (1,)
# A report more than this overdue is no longer reminded (the board shows it late).
WINDOW_DAYS = 31


def reminder_days(due_on: dt.date, calendar: WorkCalendar) -> list[dt.date]:
    """The days to remind on: before the due date moved to the working day on or before
    (never later than promised), after it to the working day on or after (never before
    the report is actually late)."""
    days = [calendar.on_or_before(due_on - dt.timedelta(days=d)) for d in BEFORE]
    for d in AFTER:
        day = due_on + dt.timedelta(days=d)
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        days.append(day)
    return days


def progress_reports_due(today: dt.date) -> Iterable[Reminder]:
    from rollout.models import ProgressReport, RolloutPlan

    reports = list(
        ProgressReport.objects.filter(
            status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.SENT_BACK],
            plan__status=RolloutPlan.Status.ACTIVE,
            due_on__gte=today - dt.timedelta(days=WINDOW_DAYS),
            # A reminder day moved back over a long holiday (추석) comes up to ~10 days early.
            due_on__lte=today + dt.timedelta(days=max(BEFORE) + 14),
        ).select_related("plan__idea")
    )
    if not reports:
        return
    calendar = WorkCalendar(
        today - dt.timedelta(days=WINDOW_DAYS + 7), today + dt.timedelta(days=14)
    )
    team_ids = {r.plan.lead_team_id for r in reports}
    bureau_ids = {r.plan.bureau_id for r in reports}
    leaders: dict[int, list[int]] = {}
    for team_id, pk in User.objects.filter(
        team_id__in=team_ids, position=Position.TEAM_LEADER, is_active=True
    ).values_list("team_id", "pk"):
        leaders.setdefault(team_id, []).append(pk)
    directors: dict[int, list[int]] = {}
    for bureau_id, pk in User.objects.filter(
        bureau_id__in=bureau_ids, position=Position.BUREAU_DIRECTOR, is_active=True
    ).values_list("bureau_id", "pk"):
        directors.setdefault(bureau_id, []).append(pk)
    for report in reports:
        due = max((d for d in reminder_days(report.due_on, calendar) if d <= today), default=None)
        if due is None:
            continue
        plan = report.plan
        overdue = due > report.due_on
        people = [*leaders.get(plan.lead_team_id, [])]
        if plan.responsible_person_id:
            people.append(plan.responsible_person_id)
        if overdue:
            people += directors.get(plan.bureau_id, [])
        title = (
            _("[추진 상황 보고 지연] %(title)s")
            if overdue
            else _("[추진 상황 보고 %(due)s까지] %(title)s")
        ) % {"title": plan.idea.title, "due": local_date_label(report.due_on)}
        yield Reminder(
            kind=Notification.Kind.PROGRESS_REPORT_DUE,
            subject=report,
            due_date=due,
            recipients=list(dict.fromkeys(people)),
            title=title,
            body=_("%(period)s 기간의 추진 상황 보고 제출 기한은 %(due)s입니다.")
            % {"period": report.period_end.isoformat(), "due": local_date_label(report.due_on)},
            url=plan.get_absolute_url(),
        )


# Directives: 7 and 1 days before the follow-up's due date, and the day after it ---------

DIRECTIVE_BEFORE = (7, 1)


def directives_due(today: dt.date) -> Iterable[Reminder]:
    """A directive still open or in progress is reminded 7 and 1 days before its follow-up
    due date (moved to the working day on or before) and the working day after it,
    overdue, to the responsible bureau's director and the plan's team leaders."""
    from rollout.models import DirectiveFollowUp

    follow_ups = list(
        DirectiveFollowUp.objects.filter(
            status__in=[DirectiveFollowUp.Status.OPEN, DirectiveFollowUp.Status.IN_PROGRESS],
            due_on__gte=today - dt.timedelta(days=WINDOW_DAYS),
            due_on__lte=today + dt.timedelta(days=max(DIRECTIVE_BEFORE) + 14),
        ).select_related("directive__idea", "plan")
    )
    if not follow_ups:
        return
    calendar = WorkCalendar(
        today - dt.timedelta(days=WINDOW_DAYS + 7), today + dt.timedelta(days=14)
    )
    bureau_ids = {f.directive.responsible_bureau_id for f in follow_ups}
    team_ids = {f.plan.lead_team_id for f in follow_ups if f.plan}
    directors: dict[int, list[int]] = {}
    for bureau_id, pk in User.objects.filter(
        bureau_id__in=bureau_ids, position=Position.BUREAU_DIRECTOR, is_active=True
    ).values_list("bureau_id", "pk"):
        directors.setdefault(bureau_id, []).append(pk)
    leaders: dict[int, list[int]] = {}
    for team_id, pk in User.objects.filter(
        team_id__in=team_ids, position=Position.TEAM_LEADER, is_active=True
    ).values_list("team_id", "pk"):
        leaders.setdefault(team_id, []).append(pk)
    for follow_up in follow_ups:
        due = max(
            (d for d in reminder_days(follow_up.due_on, calendar) if d <= today), default=None
        )
        if due is None:
            continue
        directive = follow_up.directive
        overdue = due > follow_up.due_on
        people = [*directors.get(directive.responsible_bureau_id, [])]
        if follow_up.plan:
            people += leaders.get(follow_up.plan.lead_team_id, [])
        title = (
            _("[지시사항 이행 기한 지남] %(title)s")
            if overdue
            else _("[지시사항 이행 %(due)s까지] %(title)s")
        ) % {"title": directive.idea.title, "due": local_date_label(follow_up.due_on)}
        yield Reminder(
            kind=Notification.Kind.DIRECTIVE_DUE,
            subject=follow_up,
            due_date=due,
            recipients=list(dict.fromkeys(people)),
            title=title,
            body=_("도지사 지시사항 「%(text)s」의 이행 기한은 %(due)s입니다.")
            % {"text": directive.text[:80], "due": local_date_label(follow_up.due_on)},
            url=(follow_up.plan or directive.idea).get_absolute_url(),
        )
