"""Pages of the briefing sessions: the staff's schedule and agendas with their calendars,
the planning office's scheduling, moving and publishing, and recording the governor's
directives from an agenda on the day.

Each view scopes its object, asks ``briefings.permissions`` (``rules``), validates a form,
calls ``briefings.services`` (or ``reviews.services`` for a directive) and answers.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from briefings import calendars, selectors, services
from briefings.forms import ScheduleForm, SessionMoveForm, SessionSwapForm
from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from core.errors import BusinessRuleError, PermissionRefused
from core.forms import apply_rule_error
from ideas.models import Season
from reviews import services as review_services
from reviews.forms import DirectiveForm


def _require(request, perm: str, obj=None) -> None:
    # rules.has_perm, not user.has_perm: no query for Django's model permissions.
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def _can(request, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def _visible_session(request, pk: int, *, detail: bool = False) -> BriefingSession:
    """A session the person may see; a draft is a 404 to those who may not."""
    try:
        session = (
            selectors.session_detail(pk=pk)
            if detail
            else BriefingSession.objects.select_related("season").get(pk=pk)
        )
    except BriefingSession.DoesNotExist:
        raise Http404 from None
    if not _can(request, "briefings.view_session", session):
        raise Http404
    return session


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The staff's schedule -----------------------------------------------------------------


def _chosen_season(request, seasons: list[Season]) -> Season | None:
    """The season asked for; else the one whose next session is soonest (today's first);
    else the latest season with sessions."""
    wanted = request.GET.get("season", "")
    if wanted:
        chosen = next((s for s in seasons if str(s.pk) == wanted), None)
        if chosen is None:
            raise Http404
        return chosen
    upcoming = selectors.next_session_season(user=request.user, day=timezone.localdate())
    return (
        next((s for s in seasons if s.pk == upcoming), None)
        or next((s for s in seasons if s.session_count), None)
        or (seasons[0] if seasons else None)
    )


@require_GET
def schedule(request):
    """보고회 일정: a season's sessions by day, today's first, with their calendars."""
    _require(request, "briefings.view_schedule")
    seasons = list(selectors.seasons_with_sessions(user=request.user))
    season = _chosen_season(request, seasons)
    sessions = list(selectors.sessions(user=request.user, season=season)) if season else []
    today = timezone.localdate()
    days: dict = {}
    for session in sessions:
        days.setdefault(session.date, []).append(session)
    return render(
        request,
        "briefings/session_list.html",
        {
            "seasons": seasons,
            "season": season,
            "days": days,
            "today": today,
            "today_sessions": days.get(today, []),
            "has_published": any(s.is_published for s in sessions),
            "manages": _can(request, "briefings.manage_schedules"),
        },
    )


@require_GET
def session_detail(request, pk: int):
    """A session's agenda; reviewers record the governor's directives from it."""
    session = _visible_session(request, pk, detail=True)
    return render(
        request,
        "briefings/session_detail.html",
        {
            "session": session,
            "items": list(session.items.all()),
            "may_record": _can(request, "briefings.record_directive", session),
            "may_change": _can(request, "briefings.change_session", session),
            "is_today": session.date == timezone.localdate(),
        },
    )


@require_GET
def session_ics(request, pk: int):
    session = _visible_session(request, pk, detail=True)
    if not session.is_published:
        raise Http404
    return _ics(
        calendars.to_ical([session], name=session.title), calendars.session_filename(session)
    )


@require_GET
def season_ics(request, season_pk: int):
    _require(request, "briefings.view_schedule")
    season = get_object_or_404(Season.objects.exclude(status=Season.Status.DRAFT), pk=season_pk)
    sessions = selectors.sessions_with_agendas(
        BriefingSession.objects.published().of_season(season).select_related("season").in_order()
    )
    return _ics(
        calendars.to_ical(sessions, name=_("%(season)s 보고회") % {"season": season.name}),
        calendars.season_filename(season),
    )


# Directives from the agenda -------------------------------------------------------------


def directive_create(request, pk: int, item_pk: int):
    """Record what the governor said about an agenda item (the review app's directive)."""
    session = _visible_session(request, pk)
    _require(request, "briefings.record_directive", session)
    item = get_object_or_404(AgendaItem.objects.select_related("idea"), pk=item_pk, session=session)
    idea = item.idea
    form = DirectiveForm(request.POST or None, initial={"responsible_bureau": idea.bureau_id})
    if request.method == "POST" and form.is_valid():
        try:
            review_services.directive_record(idea=idea, by=request.user, **form.cleaned_data)
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(form, exc)
        else:
            messages.success(
                request,
                _("%(ref)s에 지시사항을 기록했습니다.") % {"ref": idea.reference_number},
            )
            return redirect(f"{session.get_absolute_url()}#item-{item.pk}")
    return render(
        request,
        "briefings/directive_form.html",
        {"session": session, "item": item, "idea": idea, "form": form},
        status=400 if form.errors else 200,
    )


# The planning office -------------------------------------------------------------------


@require_GET
def manage(request):
    """보고회 관리: every season's schedule state, for the planning office."""
    _require(request, "briefings.manage_schedules")
    seasons = list(selectors.seasons_with_sessions(user=request.user))
    schedules = {
        s.season_id: s for s in BriefingSchedule.objects.filter(season__in=[x.pk for x in seasons])
    }
    for season in seasons:
        season.schedule = schedules.get(season.pk)
        season.may_schedule = _can(request, "briefings.schedule_season", season)
    return render(request, "briefings/schedule_list.html", {"seasons": seasons})


def plan(request, season_pk: int):
    """A season's schedule: ask for a proposal, review it, move sessions, publish."""
    _require(request, "briefings.manage_schedules")
    season = get_object_or_404(Season, pk=season_pk)
    may_schedule = _can(request, "briefings.schedule_season", season)
    schedule_row = selectors.schedule_of(season=season)
    agendas = selectors.bureau_agendas(
        season=season,
        order=schedule_row.bureau_order if schedule_row else (),
        taken=BriefingSession.objects.filter(season=season).published(),
    )
    initial = ScheduleForm.initial_from(schedule_row)
    form = ScheduleForm(request.POST or None, agendas=agendas, initial=initial)
    if request.method == "POST":
        if not may_schedule:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.schedule_request(season=season, by=request.user, **form.service_kwargs())
            except PermissionRefused:
                raise PermissionDenied from None
            except BusinessRuleError as exc:
                apply_rule_error(form, exc)
            else:
                messages.success(request, _("일정안을 만들기 시작했습니다."))
                return redirect("briefings:plan", season_pk=season.pk)
    sessions = list(selectors.sessions(user=request.user, season=season))
    return render(
        request,
        "briefings/schedule_plan.html",
        {
            "season": season,
            "schedule": schedule_row,
            "form": form,
            "sessions": sessions,
            "may_schedule": may_schedule,
            "idea_count": sum(len(a.idea_ids) for a in agendas),
            "drafts": sum(not s.is_published for s in sessions),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def publish(request, season_pk: int):
    season = get_object_or_404(Season, pk=season_pk)
    _require(request, "briefings.schedule_season", season)
    schedule_row = get_object_or_404(BriefingSchedule, season=season)
    try:
        services.schedule_publish(schedule=schedule_row, by=request.user)
    except PermissionRefused:
        raise PermissionDenied from None
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("보고회 일정을 공개했습니다. 모든 직원이 일정과 캘린더를 봅니다.")
        )
    return redirect("briefings:plan", season_pk=season.pk)


def session_change(request, pk: int):
    """Move a session to another day or time, or swap it with another session."""
    session = _visible_session(request, pk)
    _require(request, "briefings.change_session", session)
    action = request.POST.get("action") if request.method == "POST" else None
    move_form = SessionMoveForm(
        request.POST if action == "move" else None,
        initial={"date": session.date, "start_time": session.start_time},
    )
    swap_form = SessionSwapForm(request.POST if action == "swap" else None, session=session)
    if action == "move" and move_form.is_valid():
        try:
            services.session_move(session=session, by=request.user, **move_form.cleaned_data)
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(move_form, exc)
        else:
            messages.success(request, _("보고회를 옮겼습니다."))
            return redirect(f"{reverse('briefings:plan', args=[session.season_id])}#session-{pk}")
    elif action == "swap" and swap_form.is_valid():
        try:
            services.session_swap(
                session=session, other=swap_form.cleaned_data["other"], by=request.user
            )
        except PermissionRefused:
            raise PermissionDenied from None
        except BusinessRuleError as exc:
            apply_rule_error(swap_form, exc)
        else:
            messages.success(request, _("두 보고회의 시간을 맞바꿨습니다."))
            return redirect(f"{reverse('briefings:plan', args=[session.season_id])}#session-{pk}")
    failed = bool(move_form.errors or swap_form.errors)
    return render(
        request,
        "briefings/session_change.html",
        {"session": session, "move_form": move_form, "swap_form": swap_form},
        status=400 if failed else 200,
    )


app_name = "briefings"
urlpatterns = [
    path("", schedule, name="schedule"),
    path("sessions/<int:pk>/", session_detail, name="session_detail"),
    path("sessions/<int:pk>/calendar.ics", session_ics, name="session_ics"),
    path("manage/sessions/<int:pk>/", session_change, name="session_change"),
    path(
        "sessions/<int:pk>/items/<int:item_pk>/directive/",
        directive_create,
        name="directive_create",
    ),
    path("seasons/<int:season_pk>/calendar.ics", season_ics, name="season_ics"),
    path("manage/", manage, name="manage"),
    path("manage/<int:season_pk>/", plan, name="plan"),
    path("manage/<int:season_pk>/publish/", publish, name="publish"),
]
