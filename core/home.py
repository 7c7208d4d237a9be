"""What is waiting for the signed-in person, as the home page lists it.

Apps add to the home page by registering a provider: a function that takes the user and
returns the ``WaitingItem``s for them (an empty list when nothing waits). Register it from
the app's ``AppConfig.ready()`` so that it is in place before the first request::

    # ideas/apps.py
    def ready(self):
        from core.home import register_waiting
        from ideas.home import drafts_to_submit

        register_waiting(drafts_to_submit)

A provider decides for itself whom it concerns (ask the app's ``rules``) and should cost at
most one query; the home page pins its query count in ``tests/core/test_navigation.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import rules
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class WaitingItem:
    text: str | Promise
    url: str
    count: int | None = None  # shown as a badge when given (e.g. 3 ideas to review)


WaitingProvider = Callable[..., Iterable[WaitingItem]]

_providers: list[WaitingProvider] = []


def register_waiting(provider: WaitingProvider) -> WaitingProvider:
    """Add ``provider`` to the home page (once, however often it is registered)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def waiting_for(user) -> list[WaitingItem]:
    """Everything waiting for ``user``, in the order the providers were registered."""
    return [item for provider in _providers for item in provider(user)]


@register_waiting
def org_chart_to_import(user) -> list[WaitingItem]:
    """Until the HR sheet is imported nothing else works: tell those who can import it."""
    if not rules.has_perm("departments.import_orgchart", user):
        return []
    if get_user_model()._default_manager.filter(bureau__isnull=False).exists():
        return []
    return [
        WaitingItem(
            _("아직 조직도를 가져오지 않았습니다. 인사 자료(엑셀)로 조직도와 직원을 가져오세요."),
            reverse("departments:import"),
        )
    ]
