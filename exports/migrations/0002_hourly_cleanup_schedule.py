"""The hourly Celery beat entry that deletes workbooks past their download time.

A row in django_celery_beat's tables (the DatabaseScheduler), so the planning office can
see and change the schedule in the admin like every other periodic task.
"""

from django.db import migrations

TASK = "exports.tasks.delete_expired_exports"
NAME = "엑셀 내보내기: 기한이 지난 파일 지우기"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": every_hour,
            "description": "요청한 사람이 내려받을 수 있는 기한(24시간)이 지난 엑셀 파일을 지웁니다.",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
