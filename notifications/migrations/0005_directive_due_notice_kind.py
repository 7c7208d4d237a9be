"""Directive follow-up reminders (rollout): their notification kind and their periodic
task on working-day mornings, like the progress-report reminders."""

import json

from django.db import migrations, models


NAME = "알림: 지시사항 이행 기한"


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
            "kwargs": json.dumps({"kind": "directive_due"}),
            "crontab": crontab,
            "description": "도지사 지시사항 이행 기한 7일 전·1일 전과 지난 다음 근무일, 담당 실·국장과 실시계획 팀장에게.",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_award_and_visit_kinds'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.RunPython(create, remove),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('idea_sent_back', '보완 요청'), ('exemption_decided', '제출 예외 결정'), ('review_assigned', '심사 배정'), ('decisions_published', '심사 결과 공개'), ('submission_deadline', '제출 마감 알림'), ('reviews_pending', '심사 독려'), ('briefing_upcoming', '보고회 알림'), ('progress_report_due', '추진 상황 보고 알림'), ('briefing_changed', '보고회 일정 변경'), ('schedule_ready', '보고회 일정안 완성'), ('export_ready', '내려받기 준비 완료'), ('participation', '의견·공감'), ('award_announced', '으뜸 도정상 발표'), ('visit_report_due', '벤치마킹 보고서 제출 알림'), ('directive_due', '지시사항 이행 알림')], max_length=30, verbose_name='종류'),
        ),
        migrations.AlterField(
            model_name='reminderdispatch',
            name='kind',
            field=models.CharField(choices=[('idea_sent_back', '보완 요청'), ('exemption_decided', '제출 예외 결정'), ('review_assigned', '심사 배정'), ('decisions_published', '심사 결과 공개'), ('submission_deadline', '제출 마감 알림'), ('reviews_pending', '심사 독려'), ('briefing_upcoming', '보고회 알림'), ('progress_report_due', '추진 상황 보고 알림'), ('briefing_changed', '보고회 일정 변경'), ('schedule_ready', '보고회 일정안 완성'), ('export_ready', '내려받기 준비 완료'), ('participation', '의견·공감'), ('award_announced', '으뜸 도정상 발표'), ('visit_report_due', '벤치마킹 보고서 제출 알림'), ('directive_due', '지시사항 이행 알림')], max_length=30, verbose_name='종류'),
        ),
    ]
