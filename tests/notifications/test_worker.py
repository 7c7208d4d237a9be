"""A real Celery worker and beat against the real Redis deliver a due reminder once.

Runs wherever ``REDIS_URL`` is set (CI sets it) on PostgreSQL: the worker and beat are
separate processes on pytest-django's test database, so the test commits its rows
(transaction=True). Beat fires the reminder task every second from a django-celery-beat
entry; the test waits (no fixed sleeps: it polls until a deadline) until the worker has run
the task several times, then checks that one notice and one e-mail went out.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from core.models import CalendarDay
from notifications.models import Notification, Outbox, ReminderDispatch
from tests.departments.factories import TeamFactory, team_leader
from tests.ideas.factories import SeasonFactory

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY = str(Path(sys.executable).with_name("celery"))
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (the local SQLite run)"),
    # The worker is another process: it needs a database it can reach, not SQLite's
    # in-memory test database. CI sets REDIS_URL and runs on PostgreSQL.
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def celery_env() -> dict[str, str]:
    """The deployed settings, on the test database and the given Redis, e-mail printed."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "CELERY_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "worker-test",
        "DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOG_LEVEL": "INFO",
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("EMAIL_URL", None)
    return env


def wait_for(condition, *, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)  # polling interval, not a wait for something to happen
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{tail}")


@pytest.fixture
def start(tmp_path):
    """Start ``celery -A config <args>`` with its output in a log file; stopped at the end."""
    started: list[tuple[subprocess.Popen, Path]] = []

    def run(name: str, *args: str) -> Path:
        log = tmp_path / f"{name}.log"
        process = subprocess.Popen(  # noqa: S603  (our own celery, fixed arguments)
            [CELERY, "-A", "config", *args],
            cwd=ROOT,
            env=celery_env(),
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        return log

    yield run
    for process, _log in reversed(started):
        process.send_signal(signal.SIGTERM)
    for process, _log in reversed(started):
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def test_a_real_worker_and_beat_deliver_a_due_reminder_exactly_once(start, tmp_path):
    subprocess.run(  # noqa: S603  (drop what an earlier, interrupted run left queued)
        [CELERY, "-A", "config", "purge", "-f"],
        cwd=ROOT,
        env=celery_env(),
        check=True,
        capture_output=True,
        timeout=60,
    )
    # Today is a working day (whatever the calendar says), the deadline tomorrow: the D-1
    # reminder is due today, to the leader of the one team with nothing submitted.
    today = timezone.localdate()
    CalendarDay.objects.create(date=today, is_holiday=False, reason="시험: 근무일")
    season = SeasonFactory(
        submission_closes_at=timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=1), dt.time(18))
        )
    )
    leader = team_leader(team=TeamFactory(), email="late.leader@example.go.kr")
    PeriodicTask.objects.update(enabled=False)  # only ours fires during the test
    PeriodicTask.objects.create(
        name="시험: 제출 마감 알림 매초",
        task="notifications.tasks.send_reminders",
        kwargs=json.dumps({"kind": "submission_deadline"}),
        interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS),
    )

    worker = start(
        "worker",
        "worker",
        "-P",
        "solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "info",
        "-n",
        f"test-{os.getpid()}@%h",
    )
    wait_for(
        lambda: " ready." in worker.read_text(errors="replace"),
        timeout=60,
        what="the worker",
        log=worker,
    )
    beat = start(
        "beat",
        "beat",
        "-l",
        "info",
        "--pidfile=",
        "-s",
        str(tmp_path / "beat-schedule"),
    )

    def runs() -> int:
        return len(
            re.findall(
                r"Task notifications\.tasks\.send_reminders\[[^\]]+\] succeeded",
                worker.read_text(errors="replace"),
            )
        )

    # Beat sends the task every second; wait until the worker has run it three times and
    # the e-mail of the first run has gone out.
    wait_for(lambda: runs() >= 3, timeout=90, what="three reminder runs", log=worker)
    wait_for(
        lambda: Outbox.objects.filter(sent_at__isnull=False).exists(),
        timeout=60,
        what="the e-mail",
        log=worker,
    )

    assert "Scheduler: Sending due task 시험: 제출 마감 알림 매초" in beat.read_text(
        errors="replace"
    )
    notice = Notification.objects.get()
    assert notice.recipient == leader
    assert notice.kind == Notification.Kind.SUBMISSION_DEADLINE
    assert notice.title == f"[제출 마감 D-1] {season.name}"
    assert ReminderDispatch.objects.get().due_date == today
    assert Outbox.objects.get().sent_at is not None
    log = worker.read_text(errors="replace")
    assert log.count("To: late.leader@example.go.kr") == 1
    assert re.search(r"Task notifications\.tasks\.send_emails\[[^\]]+\] succeeded", log)
