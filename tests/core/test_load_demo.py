"""load_demo's own behaviour, with a stand-in step (the real steps have their tests):
its notices go to the inboxes without e-mails, and --reset keeps the reminders' schedules."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from core.management.commands import load_demo
from notifications.models import Notification, Outbox
from notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_step(monkeypatch, member):
    """load_demo with a single step that tells a person something, as the demo steps do."""

    def build(*, scale, seed):
        notify(recipients=[member], kind=Notification.Kind.IDEA_SENT_BACK, title="보완 요청")
        return SimpleNamespace(lines=list)

    step = SimpleNamespace(label="시험", load=lambda: (lambda: False, build))
    monkeypatch.setattr(load_demo, "STEPS", [step])
    return member


def test_the_demo_writes_its_notices_to_the_inbox_without_e_mails(
    one_step, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())

    assert Notification.objects.filter(recipient=one_step).count() == 1
    assert not Outbox.objects.exists()
    assert mail.outbox == []


def test_outside_the_demo_the_same_notice_is_e_mailed(member):
    notify(recipients=[member], kind=Notification.Kind.IDEA_SENT_BACK, title="보완 요청")
    assert Outbox.objects.count() == 1


def test_reset_keeps_the_reminders_schedules(monkeypatch):
    monkeypatch.setattr(load_demo, "STEPS", [])
    schedules = {
        (t.name, t.task, str(t.crontab) if t.crontab else None, t.enabled)
        for t in PeriodicTask.objects.select_related("crontab")
    }
    assert any(name.startswith("알림") for name, *_ in schedules)
    tuned = PeriodicTask.objects.filter(crontab__isnull=False).first()
    tuned.enabled = False  # the planning office switched one off in the admin
    tuned.save()
    schedules = {
        (t.name, t.task, str(t.crontab) if t.crontab else None, t.enabled)
        for t in PeriodicTask.objects.select_related("crontab")
    }
    if connection.vendor == "postgresql":
        # PostgreSQL will not TRUNCATE (flush) under the test's pending deferred checks.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    call_command("load_demo", "--reset", stdout=StringIO())

    assert {
        (t.name, t.task, str(t.crontab) if t.crontab else None, t.enabled)
        for t in PeriodicTask.objects.select_related("crontab")
    } == schedules
    assert CrontabSchedule.objects.exists()
