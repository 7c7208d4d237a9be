"""Dashboard pages: the whole government, a bureau, a team; each with its Excel download.

Each view resolves its scope (``insight.dashboards.resolve_scope`` asks the permissions),
computes the panels and renders them; charts are configured here and drawn by
``static/js/insight.js`` from JSON embedded with ``json_script`` (no inline script).
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.http import urlencode

from departments.models import Bureau, Position
from insight import dashboards, history

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def home(request):
    """/insight/: the dashboard of the person's widest scope."""
    user = request.user
    query = f"?{urlencode({'season': request.GET['season']})}" if request.GET.get("season") else ""
    if rules.has_perm("insight.view_government_dashboard", user):
        return redirect(reverse("insight:government") + query)
    if user.position == Position.BUREAU_DIRECTOR and user.bureau_id:
        return redirect(reverse("insight:bureau", args=[user.bureau_id]) + query)
    if user.team_id:
        return redirect(reverse("insight:team", args=[user.team_id]) + query)
    if user.position == Position.DIVISION_HEAD and user.division_id:
        team = user.division.teams.filter(is_active=True).order_by("display_order", "name").first()
        if team is not None:
            return redirect(reverse("insight:team", args=[team.pk]) + query)
    raise PermissionDenied


def _page(request, scope_kwargs: dict, url_name: str, url_args: list):
    wanted = request.GET.get("bureau", "")
    if wanted.isdigit() and int(wanted) != scope_kwargs.get("bureau_id"):
        # The bureau picker (a GET form, so it works without JavaScript).
        target = reverse("insight:bureau", args=[int(wanted)])
        return redirect(f"{target}?{urlencode({'season': request.GET.get('season', '')})}")
    seasons = dashboards.seasons_of(request.user)
    scope = dashboards.resolve_scope(
        request.user, season_id=request.GET.get("season"), seasons=seasons, **scope_kwargs
    )
    if request.GET.get("format") == "xlsx":
        return _workbook_response(request, scope)
    board = dashboards.build(scope=scope, user=request.user)
    context = {
        "board": board,
        "scope": scope,
        "title": dashboards.title_of(scope),
        "seasons": seasons,
        "here": reverse(url_name, args=url_args),
        "sees_whole": rules.has_perm("insight.view_government_dashboard", request.user),
        "sees_bureau": rules.has_perm("insight.view_bureau_dashboard", request.user, scope.bureau),
        "funnel_chart": dashboards.funnel_chart(board),
        "participation_chart": dashboards.participation_chart(board),
        "review_chart": dashboards.review_chart(board),
    }
    if scope.kind != "government":
        # Everyone who reads a bureau's exemptions reads them all (a team reads only its
        # own dashboard), so the bureau's rule answers for every row.
        context["sees_exemptions"] = history.may_view_exemptions_of(
            request.user,
            bureau_id=scope.bureau.pk,
            team_id=scope.team.pk if scope.team else None,
        )
    if scope.kind == "government":
        context["bureau_choices"] = Bureau.objects.active().order_by("display_order", "name")
    return render(request, "insight/dashboard.html", context)


def government(request):
    return _page(request, {}, "insight:government", [])


def bureau(request, pk: int):
    return _page(request, {"bureau_id": pk}, "insight:bureau", [pk])


def team(request, pk: int):
    return _page(request, {"team_id": pk}, "insight:team", [pk])


def _workbook_response(request, scope) -> HttpResponse:
    board = dashboards.build(scope=scope, user=request.user)
    response = HttpResponse(dashboards.workbook(board), content_type=XLSX)
    name = f"{dashboards.title_of(scope)} 현황.xlsx".replace("/", "_")
    response["Content-Disposition"] = f"attachment; filename*=utf-8''{escape_uri_path(name)}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def trends(request):
    """Season over season: adoption rate and implementation paths, by bureau."""
    bureau = dashboards.resolve_trends_bureau(request.user, request.GET.get("bureau"))
    seasons, by_bureau = dashboards.trends(user=request.user, bureau=bureau)
    adoption_chart, path_chart = dashboards.trend_charts(seasons)
    context = {
        "bureau": bureau,
        "seasons": seasons,
        "by_bureau": [(b, [b.rate_in(s.season_id) for s in seasons]) for b in by_bureau],
        "adoption_chart": adoption_chart,
        "path_chart": path_chart,
        "completion_known": any(s.median_days_to_done is not None for s in seasons),
        "sees_whole": rules.has_perm("insight.view_government_dashboard", request.user),
    }
    if context["sees_whole"]:
        context["bureau_choices"] = Bureau.objects.active().order_by("display_order", "name")
    return render(request, "insight/trends.html", context)


# The related objects a history page's heading names (the rest load on their own).
HISTORY_RELATED = {
    "exemption": ["season"],
    "directive": ["idea", "responsible_bureau"],
}


def history_page(request, kind: str, pk: int):
    """An object's timeline on a page of its own: for what has no page to show it on (an
    exemption, a directive), linked from the lists that show them. Who may read it is the
    API's rule (``insight.history``); anyone else gets a 404, as for an unknown object."""
    found = history.KINDS.get(kind)
    if found is None:
        raise Http404
    obj = (
        found.model._default_manager.select_related(*HISTORY_RELATED.get(kind, []))
        .filter(pk=pk)
        .first()
    )
    if obj is None or not found.may_view(request.user, obj):
        raise Http404
    context = {"subject": history.subject(found, obj), "steps": history.timeline(obj, request.user)}
    return render(request, "insight/history.html", context)
