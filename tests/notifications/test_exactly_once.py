"""Two copies of the same reminder task at the same moment still notify once (PostgreSQL:
the second INSERT … ON CONFLICT DO NOTHING waits for the first transaction, then skips)."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from notifications.models import Notification, ReminderDispatch
from notifications.tasks import send_reminders
from tests.departments.factories import TeamFactory, team_leader
from tests.ideas.factories import SeasonFactory

SEOUL = ZoneInfo("Asia/Seoul")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_two_copies_of_a_reminder_task_running_together_send_once(monkeypatch):
    season = SeasonFactory(
        submission_opens_at=dt.datetime(2025, 8, 1, 9, tzinfo=SEOUL),
        submission_closes_at=dt.datetime(2025, 9, 26, 18, tzinfo=SEOUL),
    )
    leaders = [team_leader(team=TeamFactory()) for _ in range(3)]

    # Hold both copies just before their INSERT, inside their transactions, then let
    # them go at once: neither has committed when the other inserts.
    barrier = threading.Barrier(2, timeout=20)
    insert = ReminderDispatch.objects.bulk_create

    def insert_together(*args, **kwargs):
        barrier.wait()
        return insert(*args, **kwargs)

    monkeypatch.setattr(ReminderDispatch.objects, "bulk_create", insert_together)
    sent, errors = [], []

    def copy():
        try:
            sent.append(send_reminders("submission_deadline", "2025-09-23"))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=copy) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(sent) == [0, 3]
    assert ReminderDispatch.objects.count() == 3
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        leader.pk for leader in leaders
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(leader.email for leader in leaders)
    assert season.pk  # the season the reminders were about
