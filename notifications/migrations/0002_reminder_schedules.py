"""The reminders and the outbox drain as django-celery-beat periodic tasks.

Their schedules live in the database so that a system admin edits them in the admin
(주기적 작업); the beat scheduler (DatabaseScheduler) picks a change up within seconds.
Reminder tasks run on working-day mornings in Seoul; each decides for itself what is due
(core.workdays), so running one more often only sends what has come due.
"""

import json

from django.db import migrations

TIMEZONE = "Asia/Seoul"
REMINDERS = [
    # (name, kind, minute, hour, description)
    (
        "알림: 제출 마감 D-3, D-1",
        "submission_deadline",
        "0",
        "9",
        "아이디어도 제출 예외도 없는 팀의 팀장에게, 접수 마감 3일 전과 1일 전(주말·공휴일이면 그 전 근무일).",
    ),
    (
        "알림: 보고회 D-7, D-1",
        "briefing_upcoming",
        "0",
        "9",
        "공개된 보고회 7일 전과 1일 전(주말·공휴일이면 그 전 근무일), 발표 팀과 실·국장에게.",
    ),
    (
        "알림: 심사 독려(근무일 아침)",
        "reviews_pending",
        "30",
        "9",
        "심사 중인 차수에서 아직 제출하지 않은 심사가 있는 심사위원에게, 근무일마다.",
    ),
    (
        "알림: 추진 상황 보고",
        "progress_report_due",
        "0",
        "9",
        "추진 관리(rollout)가 등록한 보고 기한 알림. 등록 전에는 보내는 것이 없습니다.",
    ),
]
DRAIN = "알림: 이메일 발송 대기열 비우기"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, kind, minute, hour, description in REMINDERS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="1-5",
            day_of_month="*",
            month_of_year="*",
            timezone=TIMEZONE,
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": "notifications.tasks.send_reminders",
                "kwargs": json.dumps({"kind": kind}),
                "crontab": crontab,
                "description": description,
            },
        )
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=DRAIN,
        defaults={
            "task": "notifications.tasks.drain_outbox",
            "interval": every_minute,
            "description": "브로커가 받지 못했거나 실패한 이메일을 다시 보냅니다(간격을 두고 최대 8번).",
        },
    )


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[r[0] for r in REMINDERS] + [DRAIN]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
