"""Rules that carry their refusal: a predicate that can also say why not, once, in Korean.

A *refusal* is a function ``(user, obj) -> str | None``: ``None`` when the user may act,
else the message shown to them as is. ``add_perm`` registers it as an ordinary ``rules``
permission (so ``user.has_perm``, ``{% has_perm %}``, the API and the admin keep asking it
as before) and remembers the refusal, which pages, API and templates read through
``why_not`` / ``{% why_not %}`` instead of re-deriving the message::

    def submission_refusal(user, idea) -> str | None:
        if user.position != Position.TEAM_LEADER:
            return _("제출은 팀장만 할 수 있습니다.")
        return None

    can_submit_idea = refusals.add_perm("ideas.submit_idea", submission_refusal)

A permission registered the plain way (``rules.add_perm``) has no reason of its own;
``why_not`` then answers the general ``NOT_ALLOWED`` message when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.utils.translation import gettext_lazy as _

Refusal = Callable[[Any, Any], "str | None"]

# The 403 page's own words (already in the catalogue).
NOT_ALLOWED = _("이 화면을 볼 권한이 없습니다.")

_REFUSALS: dict[str, Refusal] = {}


def predicate(refusal: Refusal) -> rules.Predicate:
    """The ``rules`` predicate that holds exactly when ``refusal`` finds nothing to say."""

    def allowed(user, obj=None) -> bool:
        return obj is not None and refusal(user, obj) is None

    return rules.predicate(allowed, name=refusal.__name__)


def add_perm(name: str, refusal: Refusal) -> rules.Predicate:
    """Register ``name`` as a rules permission decided by ``refusal``; returns the predicate."""
    pred = predicate(refusal)
    rules.add_perm(name, pred)
    _REFUSALS[name] = refusal
    return pred


def why_not(perm: str, user, obj=None) -> str | None:
    """Why ``user`` may not ``perm`` (on ``obj``), or None when they may."""
    refusal = _REFUSALS.get(perm)
    if refusal is not None:
        return refusal(user, obj) if obj is not None else str(NOT_ALLOWED)
    return None if rules.has_perm(perm, user, obj) else str(NOT_ALLOWED)
