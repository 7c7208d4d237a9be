"""notify, remind and the outbox: inbox rows with the action, e-mail after commit, once."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core.errors import PermissionRefused
from notifications import services
from notifications.models import Notification, Outbox, ReminderDispatch
from notifications.tasks import drain_outbox, send_emails
from tests.departments.factories import UserFactory
from tests.ideas.factories import SeasonFactory

pytestmark = pytest.mark.django_db

KIND = Notification.Kind.SUBMISSION_DEADLINE
DAY = dt.date(2025, 9, 24)


def remind(subject, recipients, due_date=DAY):
    return services.remind(
        kind=KIND,
        subject=subject,
        due_date=due_date,
        recipients=recipients,
        title="[제출 마감 D-3] 시즌",
        body="마감 전에 제출하세요.",
        url="/ideas/",
    )


def test_a_notice_lands_in_the_inbox_and_its_e_mail_leaves_after_commit(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        (notice,) = services.notify(
            recipients=[member], kind=KIND, title="제목", body="본문", url="/ideas/"
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert Notification.objects.for_recipient(member).unread().get() == notice

    for callback in callbacks:
        callback()

    (email,) = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "제목"
    assert "본문" in email.body
    assert "http://127.0.0.1:8000/ideas/" in email.body
    notice.refresh_from_db()
    assert notice.emailed_at is not None
    assert Outbox.objects.get().sent_at is not None


def test_nothing_is_notified_or_sent_when_the_action_rolls_back(
    member, django_capture_on_commit_callbacks
):
    def failing_action():
        with transaction.atomic():
            services.notify(recipients=[member], kind=KIND, title="제목")
            raise RuntimeError("the action failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_action()

    assert not Notification.objects.exists()
    assert not Outbox.objects.exists()
    assert mail.outbox == []


def test_people_without_an_address_get_the_notice_but_no_e_mail(
    django_capture_on_commit_callbacks,
):
    nobody = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[nobody], kind=KIND, title="제목")
    assert Notification.objects.filter(recipient=nobody).count() == 1
    assert mail.outbox == []


def test_people_who_left_are_not_notified():
    gone = UserFactory(is_active=False)
    assert services.notify(recipients=[gone], kind=KIND, title="제목") == []


def test_a_reminder_run_twice_notifies_once(member, leader, django_capture_on_commit_callbacks):
    season = SeasonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = remind(season, [member, leader])
        again = remind(season, [member, leader])

    assert len(first) == 2
    assert again == []
    assert Notification.objects.count() == 2
    assert ReminderDispatch.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_reminder_reaches_only_those_not_yet_reminded(member, leader):
    season = SeasonFactory()
    remind(season, [member])

    added = remind(season, [member, leader])

    assert [n.recipient for n in added] == [leader]


def test_the_key_is_kind_object_recipient_and_due_date(member):
    season, other = SeasonFactory(), SeasonFactory()
    remind(season, [member])

    assert len(remind(season, [member], due_date=DAY + dt.timedelta(days=2))) == 1  # D-1
    assert len(remind(other, [member])) == 1
    assert (
        len(
            services.remind(
                kind=Notification.Kind.REVIEWS_PENDING,
                subject=season,
                due_date=DAY,
                recipients=[member],
                title="다른 종류",
            )
        )
        == 1
    )
    assert Notification.objects.filter(recipient=member).count() == 4


def test_a_failed_send_is_kept_and_tried_again_after_a_bounded_back_off(member, monkeypatch):
    services.notify(recipients=[member], kind=KIND, title="제목")
    row = Outbox.objects.get()

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    before = timezone.now()
    assert services.outbox_send(outbox_id=row.pk) is False

    row.refresh_from_db()
    assert row.sent_at is None
    assert row.attempts == 1
    assert "mail server went away" in row.last_error
    assert before + dt.timedelta(seconds=59) < row.next_attempt_at
    assert drain_outbox() == 0  # not yet due

    monkeypatch.undo()
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert drain_outbox() == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert row.attempts == 2
    assert len(mail.outbox) == 1


def test_the_back_off_doubles_and_stays_below_the_brokers_visibility_timeout(settings):
    waits = [services.backoff_seconds(n) for n in range(1, services.MAX_ATTEMPTS + 1)]
    assert waits[:4] == [60, 120, 240, 480]
    assert waits == sorted(waits)
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert max(waits) < visibility


def test_a_sent_e_mail_is_never_sent_again(member):
    services.notify(recipients=[member], kind=KIND, title="제목")
    row = Outbox.objects.get()

    assert services.outbox_send(outbox_id=row.pk) is True
    assert services.outbox_send(outbox_id=row.pk) is None
    send_emails.delay([row.pk])
    assert drain_outbox() == 0
    assert len(mail.outbox) == 1


def test_an_e_mail_that_failed_too_often_is_given_up(member):
    services.notify(recipients=[member], kind=KIND, title="제목")
    Outbox.objects.update(attempts=services.MAX_ATTEMPTS)

    assert drain_outbox() == 0
    assert mail.outbox == []


def test_marking_read_is_for_the_recipient_only(member, leader):
    (notice,) = services.notify(recipients=[member], kind=KIND, title="제목")

    with pytest.raises(PermissionRefused):
        services.notification_mark_read(notification=notice, by=leader)
    services.notification_mark_read(notification=notice, by=member)

    notice.refresh_from_db()
    assert notice.read_at is not None


def test_mark_all_read_touches_only_ones_own_unread_notices(member, leader):
    services.notify(recipients=[member, leader], kind=KIND, title="하나")
    services.notify(recipients=[member], kind=KIND, title="둘")

    assert services.notifications_mark_all_read(by=member) == 2
    assert services.notifications_mark_all_read(by=member) == 0
    assert Notification.objects.for_recipient(leader).unread().count() == 1


def test_nothing_is_told_while_silenced(member):
    notice = services.Notice(member.pk, Notification.Kind.IDEA_SENT_BACK, "지난 일")
    with services.silenced():
        assert services.deliver([notice]) == []
    assert not Notification.objects.exists()
    assert not Outbox.objects.exists()
    services.deliver([services.Notice(member.pk, Notification.Kind.IDEA_SENT_BACK, "지금 일")])
    assert Notification.objects.get().title == "지금 일"
