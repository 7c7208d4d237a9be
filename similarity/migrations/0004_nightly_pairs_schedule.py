"""The nightly Celery beat entry that compares the ideas still waiting for it.

Each submission and edit compares its idea (similarity.tasks); this sweep catches the
rest: ideas made outside the services (imports), a new scoring version after a deploy,
and tasks lost while a worker was down. A row in django_celery_beat's tables, so that a
system admin sees and changes it in the admin (주기적 작업).
"""

from django.db import migrations

TASK = "similarity.tasks.pending_pairs_refresh_task"
NAME = "중복 의심 쌍: 아직 비교하지 않은 아이디어 비교(매일 밤)"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Seoul",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "crontab": nightly,
            "description": "제출·수정 때 비교하지 못한 아이디어(가져온 아이디어, 점수 기준이 "
            "바뀐 뒤, 작업이 끊긴 경우)를 시즌마다 다른 아이디어와 비교해 중복 의심 쌍을 "
            "저장합니다.",
        },
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("similarity", "0003_suggested_pairs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
