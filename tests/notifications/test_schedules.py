"""The reminders are django-celery-beat periodic tasks (migration 0002), editable in the admin."""

import json

import pytest
from django_celery_beat.models import PeriodicTask

from config.celery import app
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_each_reminder_kind_and_the_outbox_drain_have_a_periodic_task():
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab", "interval")}
    kinds = {
        json.loads(t.kwargs)["kind"]: t
        for t in tasks.values()
        if t.task == "notifications.tasks.send_reminders"
    }
    assert set(kinds) == {
        Notification.Kind.SUBMISSION_DEADLINE,
        Notification.Kind.BRIEFING_UPCOMING,
        Notification.Kind.REVIEWS_PENDING,
        Notification.Kind.PROGRESS_REPORT_DUE,
        Notification.Kind.VISIT_REPORT_DUE,
        Notification.Kind.DIRECTIVE_DUE,
    }
    for task in kinds.values():
        assert task.enabled
        assert task.crontab.day_of_week == "1-5"  # working-day mornings
        assert str(task.crontab.timezone) == "Asia/Seoul"
        assert task.crontab.hour == "9"
    (drain,) = [t for t in tasks.values() if t.task == "notifications.tasks.drain_outbox"]
    assert (drain.interval.every, drain.interval.period) == (1, "minutes")


def test_every_periodic_task_names_a_registered_task():
    app.loader.import_default_modules()
    for name in PeriodicTask.objects.values_list("task", flat=True):
        assert name in app.tasks, name


def test_the_tasks_are_acknowledged_late_and_take_json(settings):
    app.loader.import_default_modules()
    for name in (
        "notifications.tasks.send_reminders",
        "notifications.tasks.send_emails",
        "notifications.tasks.drain_outbox",
        "briefings.tasks.generate_schedule",
    ):
        assert app.tasks[name].acks_late, name
    assert app.tasks["notifications.tasks.send_emails"].max_retries < 10


def test_a_system_admin_edits_a_reminder_schedule_in_the_admin(client, sysadmin, leader):
    task = PeriodicTask.objects.get(name="알림: 보고회 D-7, D-1")
    sysadmin.is_staff = True
    sysadmin.save(update_fields=["is_staff"])
    client.force_login(sysadmin)
    page = client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/")
    assert page.status_code == 200
    crontab_url = f"/admin/django_celery_beat/crontabschedule/{task.crontab_id}/change/"
    assert client.get(crontab_url).status_code == 200
    response = client.post(
        crontab_url,
        {
            "minute": "30",
            "hour": "8",
            "day_of_week": "1-5",
            "day_of_month": "*",
            "month_of_year": "*",
            "timezone": "Asia/Seoul",
            # The admin lists the periodic tasks using this schedule in an inline.
            "periodictask_set-TOTAL_FORMS": "0",
            "periodictask_set-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    task.crontab.refresh_from_db()
    assert (task.crontab.hour, task.crontab.minute) == ("8", "30")

    leader.is_staff = True
    leader.save(update_fields=["is_staff"])
    client.force_login(leader)
    page = client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/")
    assert page.status_code == 403
