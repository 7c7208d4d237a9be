import pytest

from config.celery import app


def _reset_connections() -> None:
    """Forget the pools Celery keeps for its broker, so a changed broker URL takes effect
    (kombu keeps its own pools per URL: the old broker's stay usable for when it returns)."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Celery as deployed (tasks go to the broker), with a broker nobody answers on.

    Yields a function that brings the broker "back": tasks run in this process again, as
    a worker would run them once the broker delivers.
    """
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # port 1: connection refused at once
    _reset_connections()

    def back() -> None:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _reset_connections()

    yield back
    back()
