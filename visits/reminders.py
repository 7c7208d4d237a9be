"""The visit report reminder: once, on the working day before a report falls due, to the
group of every approved visit whose report is not in (``notifications.services.remind``
keeps it to once per person and due date however often the task runs)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from core.workdays import WorkCalendar
from notifications.models import Notification
from notifications.reminders import Reminder


def report_due_date(visit) -> dt.date:
    return visit.ends_on + dt.timedelta(days=visit.programme.report_due_days)


def visit_reports_due(today: dt.date) -> Iterable[Reminder]:
    from visits.models import Visit, VisitMember

    visits = list(
        Visit.objects.filter(status=Visit.Status.APPROVED, ends_on__lt=today)
        .select_related("programme")
        .annotate(due_days=F("programme__report_due_days"))
    )
    if not visits:
        return
    members: dict[int, list[int]] = defaultdict(list)
    for visit_id, person_id in VisitMember.objects.filter(
        visit__in=[v.pk for v in visits], person__is_active=True
    ).values_list("visit_id", "person_id"):
        members[visit_id].append(person_id)
    calendar = WorkCalendar(today - dt.timedelta(days=60), today + dt.timedelta(days=60))
    for visit in visits:
        due = report_due_date(visit)
        # One reminder: the working day before the due date (or at once if that has passed).
        remind_on = calendar.on_or_before(due - dt.timedelta(days=1))
        if remind_on > today:
            continue
        yield Reminder(
            kind=Notification.Kind.VISIT_REPORT_DUE,
            subject=visit,
            due_date=remind_on,
            recipients=members.get(visit.pk, []),
            title=_("[벤치마킹 보고서] %(institution)s 방문 보고서를 %(due)s까지 제출하세요")
            % {"institution": visit.institution, "due": formats.date_format(due, "Y-m-d")},
            body=_("방문에서 본 것, 우리 현안에 맞는 점, 제안을 보고서로 올려 주세요."),
            url=reverse("visits:visit_detail", args=[visit.pk]),
        )
