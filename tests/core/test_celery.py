import importlib.util

import pytest
from celery import shared_task
from django.apps import apps
from django.conf import settings

from config.celery import app


@shared_task(name="tests.core.add")
def add(a, b):
    return a + b


def test_the_celery_app_accepts_and_sends_json_only():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"


def test_every_task_has_a_soft_time_limit_below_the_hard_one():
    assert app.conf.task_soft_time_limit
    assert app.conf.task_time_limit
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_beat_reads_its_schedule_from_the_database():
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_the_tasks_of_every_project_app_are_registered():
    app.loader.import_default_modules()  # runs autodiscovery, as a worker does at start
    project_dir = str(settings.BASE_DIR)
    modules = [
        f"{config.name}.tasks"
        for config in apps.get_app_configs()
        if config.path.startswith(project_dir) and importlib.util.find_spec(f"{config.name}.tasks")
    ]
    if not modules:
        pytest.skip("no app has a tasks module yet")
    for module in modules:
        registered = {name for name in app.tasks if name.startswith(f"{module}.")}
        assert registered, f"no task of {module} was discovered"


def test_tasks_run_eagerly_under_the_test_settings():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert app.conf.task_always_eager is True
    assert add.delay(2, 3).get(timeout=1) == 5
