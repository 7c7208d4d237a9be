"""A dashboard: its scope chosen from the request, its panels, their charts and workbook.

Pages, API and the Excel download resolve the scope and compute the panels here, so all
three show the same numbers from the same selectors.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from departments.models import Bureau, Team
from exports.cells import INTEGER, Column, SheetWriter
from ideas.models import Idea, QuotaStatus, Season
from ideas.permissions import manages_seasons
from insight import selectors
from insight.panels import panels_for
from insight.selectors import Scope, rate
from reviews.permissions import can_view_scores_of_round, manages_reviews

# KRDS colours: primary, secondary, warning, danger, gray.
COLOURS = {
    QuotaStatus.SUBMITTED: "#256ef4",
    QuotaStatus.EXEMPT: "#6d7882",
    QuotaStatus.PENDING_EXEMPTION: "#ffb114",
    QuotaStatus.MISSING: "#de3412",
}
FUNNEL_COLOUR = "#256ef4"
SUBMITTED_COLOUR = "#256ef4"
MISSING_COLOUR = "#b1b8be"


def seasons_of(user) -> list[Season]:
    return list(selectors.seasons_for_dashboards(include_drafts=manages_seasons(user)))


def resolve_scope(
    user, *, season_id=None, bureau_id=None, team_id=None, seasons: list[Season] | None = None
) -> Scope:
    """The scope asked for, if ``user`` may see it (403 otherwise; 404 for unknown ids).

    Without a season, the latest one that is not in preparation (else the latest).
    ``seasons`` is ``seasons_of(user)`` when the caller has it already (the page's picker)."""
    season = _season_asked(seasons_of(user) if seasons is None else seasons, season_id)
    if team_id is not None:
        team = get_object_or_404(Team.objects.select_related("division__bureau"), pk=team_id)
        if not rules.has_perm("insight.view_team_dashboard", user, team):
            raise PermissionDenied
        return Scope(season=season, bureau=team.division.bureau, team=team)
    if bureau_id is not None:
        bureau = get_object_or_404(Bureau, pk=bureau_id)
        if not rules.has_perm("insight.view_bureau_dashboard", user, bureau):
            raise PermissionDenied
        return Scope(season=season, bureau=bureau)
    if not rules.has_perm("insight.view_government_dashboard", user):
        raise PermissionDenied
    return Scope(season=season)


def _season_asked(seasons: list[Season], season_id) -> Season:
    """The season asked for, or the latest not in preparation (else the latest); 404 if none."""
    if season_id not in (None, ""):
        season = next((s for s in seasons if str(s.pk) == str(season_id)), None)
        if season is None:
            raise Http404(_("시즌을 찾을 수 없습니다."))
        return season
    season = next((s for s in seasons if s.status != Season.Status.DRAFT), None) or (
        seasons[0] if seasons else None
    )
    if season is None:
        raise Http404(_("아직 열린 시즌이 없습니다."))
    return season


@dataclass
class Dashboard:
    scope: Scope
    funnel: selectors.Funnel
    participation: list[selectors.ParticipationRow]
    totals: selectors.ParticipationTotals
    rounds: list[selectors.RoundProgress]
    extra: list[tuple[Any, Any]] = field(default_factory=list)


def build(*, scope: Scope, user) -> Dashboard:
    """Every panel of the scope's dashboard: 4 queries, plus one per extra panel."""
    rows = selectors.participation(scope=scope)
    return Dashboard(
        scope=scope,
        # Unpublished decisions are the planning office's until published (review rules).
        funnel=selectors.funnel(scope=scope, published_only=not manages_reviews(user)),
        participation=rows,
        totals=selectors.totals(rows),
        rounds=selectors.review_progress(
            scope=scope, scores_visible=lambda r: can_view_scores_of_round(user, r)
        ),
        extra=[(panel, panel.compute(scope, user)) for panel in panels_for(scope.kind)],
    )


# Charts (Chart.js configurations, embedded with json_script) -----------------------------


def funnel_chart(dashboard: Dashboard) -> dict:
    stages = dashboard.funnel.stages()
    return {
        "type": "bar",
        "data": {
            "labels": [str(label) for _key, label, _n in stages],
            "datasets": [
                {
                    "label": _("아이디어 수"),
                    "data": [n for _key, _label, n in stages],
                    "backgroundColor": FUNNEL_COLOUR,
                }
            ],
        },
        "options": {
            "indexAxis": "y",
            "plugins": {"legend": {"display": False}},
            "scales": {"x": {"ticks": {"precision": 0}}},  # counts: whole numbers
        },
    }


def participation_chart(dashboard: Dashboard) -> dict:
    rows = dashboard.participation
    series = [
        (QuotaStatus.SUBMITTED, "submitted"),
        (QuotaStatus.EXEMPT, "exempt"),
        (QuotaStatus.PENDING_EXEMPTION, "pending"),
        (QuotaStatus.MISSING, "missing"),
    ]
    return {
        "type": "bar",
        "data": {
            "labels": [r.name for r in rows],
            "datasets": [
                {
                    "label": str(status.label),
                    "data": [getattr(r, attr) for r in rows],
                    "backgroundColor": COLOURS[status],
                }
                for status, attr in series
            ],
        },
        "options": {
            "indexAxis": "y",
            "scales": {"x": {"stacked": True, "ticks": {"precision": 0}}, "y": {"stacked": True}},
        },
        "height": max(160, 28 * len(rows) + 60),
    }


def review_chart(dashboard: Dashboard) -> dict:
    rounds = dashboard.rounds
    return {
        "type": "bar",
        "data": {
            "labels": [r.name for r in rounds],
            "datasets": [
                {
                    "label": _("제출된 평가"),
                    "data": [r.submitted for r in rounds],
                    "backgroundColor": SUBMITTED_COLOUR,
                },
                {
                    "label": _("남은 평가"),
                    "data": [r.missing for r in rounds],
                    "backgroundColor": MISSING_COLOUR,
                },
            ],
        },
        "options": {
            "indexAxis": "y",
            "scales": {"x": {"stacked": True, "ticks": {"precision": 0}}, "y": {"stacked": True}},
        },
        "height": max(120, 40 * len(rounds) + 60),
    }


# API shapes ----------------------------------------------------------------------------


def funnel_data(dashboard: Dashboard) -> dict:
    f = dashboard.funnel
    t = dashboard.totals
    return {
        "stages": [{"key": k, "label": str(label), "count": n} for k, label, n in f.stages()],
        "returned": f.returned,
        "withdrawn": f.withdrawn,
        "exempt_teams": t.exempt,
        "pending_exemption_teams": t.pending,
        "missing_teams": t.missing,
    }


def participation_data(dashboard: Dashboard) -> dict:
    return {
        "by": "bureau" if dashboard.scope.kind == "government" else "team",
        "rows": [
            {
                "id": r.pk,
                "name": r.name,
                "division": r.group,
                "teams": r.teams,
                "submitted": r.submitted,
                "exempt": r.exempt,
                "pending_exemption": r.pending,
                "missing": r.missing,
                "ideas": r.ideas,
                "representative_tasks": r.representatives,
            }
            for r in dashboard.participation
        ],
        "totals": vars(dashboard.totals),
    }


def review_data(dashboard: Dashboard) -> list[dict]:
    return [
        {
            "id": r.pk,
            "name": r.name,
            "order": r.order,
            "ideas": r.ideas,
            "evaluations_assigned": r.assigned,
            "evaluations_submitted": r.submitted,
            "evaluations_missing": r.missing,
            "disagreements": r.disagreements,
        }
        for r in dashboard.rounds
    ]


# Excel ---------------------------------------------------------------------------------


def title_of(scope: Scope) -> str:
    if scope.team is not None:
        where = scope.team.name
    elif scope.bureau is not None:
        where = scope.bureau.name
    else:
        where = _("도 전체")
    return f"{scope.season.name} · {where}"


def workbook(dashboard: Dashboard) -> bytes:
    """The dashboard's numbers as a workbook (the exports app's formula-safe writer)."""
    book = Workbook(write_only=True)
    title = title_of(dashboard.scope)
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    preamble = [title, _("만든 시각: %(at)s") % {"at": made}]
    sheet = SheetWriter(
        book,
        _("단계별 현황"),
        [Column(_("단계"), 24), Column(_("건수"), 12, INTEGER)],
        preamble=preamble,
    )
    data = funnel_data(dashboard)
    for stage in data["stages"]:
        sheet.append([stage["label"], stage["count"]])
    sheet.append([_("보완 요청"), data["returned"]])
    sheet.append([_("철회"), data["withdrawn"]])
    sheet.append([_("제출 예외 팀"), data["exempt_teams"]])
    sheet.append([_("예외 승인 대기 팀"), data["pending_exemption_teams"]])
    sheet.append([_("미제출 팀"), data["missing_teams"]])
    sheet.finish()

    by_bureau = dashboard.scope.kind == "government"
    sheet = SheetWriter(
        book,
        _("참여 현황"),
        [
            Column(_("실·국") if by_bureau else _("과"), 24),
            *([] if by_bureau else [Column(_("팀"), 24)]),
            Column(_("팀 수"), 10, INTEGER),
            Column(_("제출 완료"), 10, INTEGER),
            Column(_("제출 예외"), 10, INTEGER),
            Column(_("예외 승인 대기"), 12, INTEGER),
            Column(_("미제출"), 10, INTEGER),
            Column(_("제출 아이디어"), 12, INTEGER),
            Column(_("대표 과제"), 10, INTEGER),
        ],
        preamble=preamble,
    )
    for r in dashboard.participation:
        names = [r.name] if by_bureau else [r.group, r.name]
        sheet.append(
            [
                *names,
                r.teams,
                r.submitted,
                r.exempt,
                r.pending,
                r.missing,
                r.ideas,
                r.representatives,
            ]
        )
    sheet.finish()
    t = dashboard.totals
    sheet.append_total(
        [
            _("합계"),
            *([] if by_bureau else [""]),
            t.teams,
            t.submitted,
            t.exempt,
            t.pending,
            t.missing,
            t.ideas,
            t.representatives,
        ]
    )

    sheet = SheetWriter(
        book,
        _("심사 진행"),
        [
            Column(_("심사 차수"), 24),
            Column(_("아이디어"), 10, INTEGER),
            Column(_("배정된 평가"), 12, INTEGER),
            Column(_("제출된 평가"), 12, INTEGER),
            Column(_("남은 평가"), 12, INTEGER),
            Column(_("의견 차이"), 12, INTEGER),
        ],
        preamble=preamble,
    )
    for r in dashboard.rounds:
        sheet.append([r.name, r.ideas, r.assigned, r.submitted, r.missing, r.disagreements])
    sheet.finish()

    for panel, panel_data in dashboard.extra:
        if panel.table is None:
            continue
        headers, rows = panel.table(panel_data)
        sheet = SheetWriter(
            book, str(panel.title), [Column(h, 14) for h in headers], preamble=preamble
        )
        for row in rows:
            sheet.append(row)
        sheet.finish()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Season over season -------------------------------------------------------------------


def resolve_trends_bureau(user, bureau_id) -> Bureau | None:
    """The bureau the trends page is about: as asked, or a director's own."""
    if bureau_id in (None, "") and not rules.has_perm("insight.view_government_dashboard", user):
        bureau_id = user.bureau_id
    bureau = None
    if bureau_id not in (None, ""):
        if not str(bureau_id).isdigit():
            raise Http404
        bureau = get_object_or_404(Bureau, pk=int(bureau_id))
    if not rules.has_perm("insight.view_trends", user, bureau):
        raise PermissionDenied
    return bureau


def trends(*, user, bureau: Bureau | None):
    published_only = not manages_reviews(user)
    include_drafts = manages_seasons(user)
    seasons = selectors.season_trends(
        bureau=bureau, published_only=published_only, include_drafts=include_drafts
    )
    by_bureau = (
        selectors.bureau_trends(published_only=published_only, include_drafts=include_drafts)
        if bureau is None
        else []
    )
    return seasons, by_bureau


def wrapped(label: str, width: int = 10) -> list[str]:
    """A long season name on lines of about ``width`` characters (Chart.js draws a list as
    lines), so the axis neither tilts it nor cuts it off on a phone."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [label]


def trend_charts(seasons: list[selectors.SeasonTrend]) -> tuple[dict, dict]:
    labels = [wrapped(s.name) for s in seasons]
    adoption = {
        "type": "line",
        "data": {
            "labels": labels,
            "datasets": [
                {
                    "label": _("채택률(%)"),
                    "data": [float(s.adoption_rate or 0) for s in seasons],
                    "borderColor": FUNNEL_COLOUR,
                    "backgroundColor": FUNNEL_COLOUR,
                }
            ],
        },
        "options": {
            "scales": {
                "x": {"ticks": {"maxRotation": 0, "autoSkip": False}},
                "y": {"beginAtZero": True, "suggestedMax": 100},
            }
        },
    }
    path_colours = {
        "immediate": "#256ef4",
        "budget": "#ffb114",
        "ordinance": "#de3412",
        "unspecified": "#b1b8be",
    }
    path_labels = {
        "immediate": Idea.Path.IMMEDIATE.label,
        "budget": Idea.Path.BUDGET.label,
        "ordinance": Idea.Path.ORDINANCE.label,
        "unspecified": _("정하지 않음"),
    }
    paths = {
        "type": "bar",
        "data": {
            "labels": labels,
            "datasets": [
                {
                    "label": str(path_labels[key]),
                    "data": [float(s.path_share(key) or 0) for s in seasons],
                    "backgroundColor": colour,
                }
                for key, colour in path_colours.items()
            ],
        },
        "options": {
            "scales": {
                "x": {"stacked": True, "ticks": {"maxRotation": 0, "autoSkip": False}},
                "y": {"stacked": True, "max": 100},
            }
        },
    }
    return adoption, paths


def trend_data(seasons, by_bureau) -> dict:
    def dec(value):
        return None if value is None else float(value)

    return {
        "seasons": [
            {
                "id": s.season_id,
                "name": s.name,
                "submitted": s.submitted,
                "adopted": s.adopted,
                "adoption_rate": dec(s.adoption_rate),
                "paths": {
                    key: {"ideas": getattr(s, key), "share": dec(s.path_share(key))}
                    for key in ("immediate", "budget", "ordinance", "unspecified")
                },
                "median_days_to_done": s.median_days_to_done,
                "done_within_6_months": dec(s.done_within_6_months),
                "done_within_12_months": dec(s.done_within_12_months),
            }
            for s in seasons
        ],
        "bureaus": [
            {
                "id": b.bureau_id,
                "name": b.name,
                "seasons": [
                    {"season": sid, "submitted": n, "adopted": a, "adoption_rate": dec(rate(a, n))}
                    for sid, (n, a) in b.by_season.items()
                ],
            }
            for b in by_bureau
        ],
    }
