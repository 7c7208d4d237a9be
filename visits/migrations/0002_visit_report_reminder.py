"""The visit report reminder as a django-celery-beat periodic task (working-day mornings)."""

import json

from django.db import migrations

NAME = "알림: 벤치마킹 보고서 제출"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="9",
        day_of_week="1-5",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Seoul",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "notifications.tasks.send_reminders",
            "kwargs": json.dumps({"kind": "visit_report_due"}),
            "crontab": crontab,
            "description": "보고서 기한 전 근무일에 한 번, 승인된 방문의 일행에게.",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
        ("notifications", "0002_reminder_schedules"),
    ]

    operations = [migrations.RunPython(create, remove)]
