"""The dashboards' panels that other apps add once their data exists.

The three panels of ideas and reviews (funnel, participation, review progress) are always
there (``insight.dashboards``). Rollout (rollout status, overdue milestones, reports and
directives; work hours freed) and recognition (award points by bureau) register theirs from
their ``AppConfig.ready()``::

    from insight.panels import Panel, register
    register(Panel(key="rollout_status", title=_("추진 현황"),
                   template="rollout/insight_panel.html",
                   compute=rollout.selectors.status_counts))

``compute(scope, user)`` returns JSON-ready data (one query, in the database); the page
renders it with ``template`` (a chart, the same numbers as a table, a summary), the API
answers it at ``/api/v1/insight/panels/<key>/``, and the Excel download writes its
``table(data)`` rows. The funnel's later stages (추진 중, 완료) come in the same way through
``insight.selectors.FUNNEL_STAGES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

SCOPES = frozenset({"government", "bureau", "team"})


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    template: str
    compute: Callable[..., Any]  # (scope, user) -> JSON-ready data
    # (data) -> (headers, rows) for the Excel download; None: not in the workbook.
    table: Callable[[Any], tuple[list[str], list[list]]] | None = None
    scopes: frozenset[str] = field(default=SCOPES)


EXTRA_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    EXTRA_PANELS[panel.key] = panel


def panels_for(kind: str) -> list[Panel]:
    return [p for p in EXTRA_PANELS.values() if kind in p.scopes]
