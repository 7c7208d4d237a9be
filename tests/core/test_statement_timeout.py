"""Guard rails on PostgreSQL: web requests' statements are cancelled before gunicorn kills
the worker (a killed worker's query would run on), exports and demo loads may take longer,
and load_demo leaves the planner statistics behind."""

import json
import runpy
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField

from core import db
from core.management.commands import load_demo
from tests.core.test_settings import BASE_DIR, POSTGRES_URL, SECRET, start

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)

OPTIONS = """
import json
import django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps(db.get("OPTIONS", {}).get("options")))
"""


def connection_options(**env: str):
    result = start(**env, _SCRIPT=OPTIONS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_connections_cancel_statements_after_30_seconds_by_default():
    options = connection_options(DATABASE_URL=POSTGRES_URL, SECRET_KEY=SECRET)
    # (and without JIT compilation: see config/settings/base.py)
    assert options == "-c statement_timeout=30s -c jit=off"


def test_the_timeout_comes_from_the_environment_and_0_turns_it_off():
    env = {"DATABASE_URL": POSTGRES_URL, "SECRET_KEY": SECRET}
    assert connection_options(**env, DATABASE_STATEMENT_TIMEOUT="12") == (
        "-c statement_timeout=12s -c jit=off"
    )
    assert connection_options(**env, DATABASE_STATEMENT_TIMEOUT="0") == "-c jit=off"


def test_sqlite_gets_no_timeout_option():
    assert connection_options() is None


def test_web_statements_stop_before_gunicorn_kills_the_worker():
    gunicorn = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert 0 < settings.DATABASE_STATEMENT_TIMEOUT < gunicorn["timeout"]
    assert settings.LONG_STATEMENT_TIMEOUT > settings.DATABASE_STATEMENT_TIMEOUT


@postgres_only
@pytest.mark.django_db
def test_a_statement_longer_than_the_timeout_is_cancelled():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '100ms'")
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(1)")
        transaction.set_rollback(True)


@postgres_only
@pytest.mark.django_db
def test_long_statements_lift_the_timeout_for_the_work_inside_only():
    def current():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    assert current() == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"
    with db.long_statements():
        assert current() == "20min"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.01)")
    assert current() == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"


@postgres_only
@pytest.mark.django_db
def test_a_count_that_takes_too_long_is_given_up_and_the_request_carries_on():
    from django.db.models.expressions import RawSQL

    from ideas.models import Season
    from tests.ideas.factories import SeasonFactory

    SeasonFactory()
    slow = Season.objects.filter(RawSQL("pg_sleep(1) IS NOT NULL", [], output_field=BooleanField()))
    assert db.count_within(slow, 0.1) is None
    # The same transaction goes on, under the connection's own timeout again.
    assert db.count_within(Season.objects.all(), 0.1) == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"


def test_the_export_task_builds_under_the_long_timeout(monkeypatch):
    from exports import tasks

    seen = []
    monkeypatch.setattr(tasks.services, "export_build", lambda **kw: seen.append(kw))
    lifted = []
    monkeypatch.setattr(tasks, "long_statements", lambda s=None: _Recorder(lifted, s))
    tasks.build_export(7)
    assert seen == [{"job_id": 7, "tell": True}]
    assert lifted == [tasks.BUILD_SOFT_LIMIT]


class _Recorder:
    def __init__(self, seen, seconds):
        self.seen, self.seconds = seen, seconds

    def __enter__(self):
        self.seen.append(self.seconds)

    def __exit__(self, *exc):
        return False


@pytest.mark.django_db
def test_load_demo_analyzes_what_it_loaded_and_nothing_when_all_was_there(monkeypatch):
    loaded = []
    step = SimpleNamespace(
        label="시험",
        load=lambda: (lambda: bool(loaded), lambda **kw: loaded.append(kw) or _Report()),
    )
    monkeypatch.setattr(load_demo, "STEPS", [step])
    analyzed = []
    monkeypatch.setattr(load_demo, "analyze", lambda *t: analyzed.append(t))
    call_command("load_demo", stdout=StringIO())
    assert loaded == [{"scale": 1, "seed": 2023}]
    assert analyzed == [()]
    call_command("load_demo", stdout=StringIO())
    assert analyzed == [()]


class _Report:
    def lines(self):
        return []


@pytest.mark.django_db
def test_analyze_runs_on_either_database():
    db.analyze("ideas_idea")
    db.analyze()
