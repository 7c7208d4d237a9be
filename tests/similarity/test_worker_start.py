"""A Celery worker process builds the similarity index as it starts (issue 15: the first
briefing book of a worker should not wait for it)."""

import pytest
from celery.signals import worker_process_init

from similarity import index, tasks

pytestmark = pytest.mark.django_db


def test_a_worker_process_builds_the_library_index_as_it_starts():
    index.reset()
    assert index._index.base is None
    worker_process_init.send(sender=None)
    assert index._index.base is not None


def test_a_worker_starts_even_when_the_index_cannot_be_built(monkeypatch, caplog):
    def broken():
        raise RuntimeError("database not ready")

    monkeypatch.setattr(index, "library_index", broken)
    tasks.build_library_index()
    assert "not built at worker start" in caplog.text
