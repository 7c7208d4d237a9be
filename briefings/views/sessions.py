"""Pages of the briefing sessions: the staff's schedule and agendas with their calendars,
the planning office's scheduling, moving and publishing, and recording the governor's
directives from an agenda on the day.

Each view scopes its object, asks ``briefings.permissions`` (``rules``), validates a form,
calls ``briefings.services`` (or ``reviews.services`` for a directive) and answers.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import rules
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from briefings import calendars, selectors, services
from briefings.forms import RegenerateForm, ScheduleForm, SessionMoveForm, SessionSwapForm
from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from core.actions import MultiFormAction, PageAction, picked, require
from ideas.models import Season
from ideas.permissions import proposer_hidden
from reviews import services as review_services
from reviews.forms import DirectiveForm


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


@require_GET
def schedule(request):
    """보고회 일정: a season's sessions by day, today's first, with their calendars."""
    require(request, "briefings.view_schedule")
    seasons = list(selectors.seasons_with_sessions(user=request.user))
    today = timezone.localdate()
    # The season asked for; else the one whose next session is soonest (today's first);
    # else the latest season with sessions.
    upcoming = cache(lambda: selectors.next_session_season(user=request.user, day=today))
    season = picked(request, seasons, lambda s: s.pk == upcoming(), lambda s: s.session_count)
    sessions = list(selectors.sessions(user=request.user, season=season)) if season else []
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
        calendars.to_ical([session], name=session.title, viewer=request.user),
        calendars.session_filename(session),
    )


@require_GET
def season_ics(request, season_pk: int):
    require(request, "briefings.view_schedule")
    season = get_object_or_404(Season.objects.exclude(status=Season.Status.DRAFT), pk=season_pk)
    sessions = selectors.sessions_with_agendas(
        BriefingSession.objects.published().of_season(season).select_related("season").in_order()
    )
    return _ics(
        calendars.to_ical(
            sessions, name=_("%(season)s 보고회") % {"season": season.name}, viewer=request.user
        ),
        calendars.season_filename(season),
    )


# Directives from the agenda -------------------------------------------------------------


class DirectiveCreate(PageAction):
    """Record what the governor said about an agenda item (the review app's directive)."""

    queryset = BriefingSession.objects.select_related("season")
    visible = "briefings.view_session"
    permission = "briefings.record_directive"
    form_class = DirectiveForm
    template_name = "briefings/directive_form.html"
    invalid_status = 400

    def get_form_kwargs(self):
        self.item = get_object_or_404(
            AgendaItem.objects.select_related("idea__season"),
            pk=self.kwargs["item_pk"],
            session=self.object,
        )
        # The idea's bureau, unless it is hidden from the reviewer (blind to the proposer).
        hidden = proposer_hidden(self.request.user, self.item.idea)
        initial = {"responsible_bureau": None if hidden else self.item.idea.bureau_id}
        return {**super().get_form_kwargs(), "initial": initial}

    def get_context_data(self, **kwargs):
        return {"session": self.object, "item": self.item, "idea": self.item.idea, **kwargs}

    def perform(self, form):
        return review_services.directive_record(
            idea=self.item.idea, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, form, result):
        return _("%(ref)s에 지시사항을 기록했습니다.") % {"ref": self.item.idea.reference_number}

    def get_success_url(self, result=None):
        return f"{self.object.get_absolute_url()}#item-{self.item.pk}"


# The planning office -------------------------------------------------------------------


@require_GET
def manage(request):
    """보고회 관리: every season's schedule state, for the planning office."""
    require(request, "briefings.manage_schedules")
    seasons = list(selectors.seasons_with_sessions(user=request.user))
    schedules = {
        s.season_id: s for s in BriefingSchedule.objects.filter(season__in=[x.pk for x in seasons])
    }
    for season in seasons:
        season.schedule = schedules.get(season.pk)
        season.may_schedule = _can(request, "briefings.schedule_season", season)
    return render(request, "briefings/schedule_list.html", {"seasons": seasons})


class Plan(PageAction):
    """A season's schedule: ask for a proposal, review it, move sessions, publish."""

    queryset = Season.objects.all()
    lookup_url_kwarg = "season_pk"
    form_class = ScheduleForm
    template_name = "briefings/schedule_plan.html"
    success_message = gettext_lazy("일정안을 만들기 시작했습니다.")
    invalid_status = 400

    def dispatch(self, request, *args, **kwargs):
        require(request, "briefings.manage_schedules")
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        self.may_schedule = _can(self.request, "briefings.schedule_season", self.object)
        return self.may_schedule or self.request.method != "POST"

    def get_form_kwargs(self):
        season = self.object
        self.schedule = selectors.schedule_of(season=season)
        self.agendas = selectors.bureau_agendas(
            season=season,
            order=self.schedule.bureau_order if self.schedule else (),
            taken=BriefingSession.objects.filter(season=season).published(),
        )
        initial = ScheduleForm.initial_from(self.schedule)
        return {**super().get_form_kwargs(), "agendas": self.agendas, "initial": initial}

    def perform(self, form):
        return services.schedule_request(
            season=self.object, by=self.request.user, **form.service_kwargs()
        )

    def get_success_url(self, result=None):
        return reverse("briefings:plan", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        sessions = list(selectors.sessions(user=self.request.user, season=self.object))
        return {
            "season": self.object,
            "schedule": self.schedule,
            "sessions": sessions,
            "may_schedule": self.may_schedule,
            "idea_count": sum(len(a.idea_ids) for a in self.agendas),
            "drafts": sum(not s.is_published for s in sessions),
            **kwargs,
        }


class Publish(PageAction):
    queryset = Season.objects.all()
    lookup_url_kwarg = "season_pk"
    permission = "briefings.schedule_season"
    success_message = gettext_lazy(
        "보고회 일정을 공개했습니다. 모든 직원이 일정과 캘린더를 봅니다."
    )

    def perform(self, form):
        schedule = get_object_or_404(BriefingSchedule, season=self.object)
        return services.schedule_publish(schedule=schedule, by=self.request.user)

    def get_success_url(self, result=None):
        return reverse("briefings:plan", args=[self.object.pk])


class Regenerate(PageAction):
    """Regenerate a published schedule's remaining dates: the first POST shows what would
    move and whom it tells; the confirming POST carries the number shown and regenerates."""

    queryset = Season.objects.all()
    lookup_url_kwarg = "season_pk"
    permission = "briefings.schedule_season"
    form_class = RegenerateForm
    template_name = "briefings/schedule_regenerate.html"
    invalid_status = 400
    preview: services.Regeneration | None = None

    def get_form_kwargs(self):
        season = self.object
        self.schedule = get_object_or_404(
            BriefingSchedule, season=season, status=BriefingSchedule.Status.PUBLISHED
        )
        today = timezone.localdate()
        self.agendas = selectors.bureau_agendas(
            season=season,
            order=self.schedule.bureau_order,
            taken=BriefingSession.objects.filter(season=season, date__lte=today),
        )
        initial = ScheduleForm.initial_from(self.schedule)
        initial["starts_on"] = max(self.schedule.starts_on, today + dt.timedelta(days=1))
        initial["ends_on"] = max(self.schedule.ends_on, initial["starts_on"])
        return {**super().get_form_kwargs(), "agendas": self.agendas, "initial": initial}

    def perform(self, form):
        kwargs = form.service_kwargs()
        confirmed = form.cleaned_data.get("confirmed_moves")
        if confirmed is None:  # not confirmed yet: what would happen, nothing changed
            return services.schedule_regeneration(schedule=self.schedule, **kwargs)
        return services.schedule_regenerate(
            schedule=self.schedule, by=self.request.user, confirmed_moves=confirmed, **kwargs
        )

    def succeeded(self, form, result):
        if isinstance(result, services.Regeneration):
            self.preview = result
            return self.render(form)
        return super().succeeded(form, result)

    def get_success_message(self, form, result):
        return _("남은 보고회 일정을 다시 만들었습니다. 옮겨진 보고회의 팀에 알렸습니다.")

    def get_success_url(self, result=None):
        return reverse("briefings:plan", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        preview = self.preview
        changes = []
        if preview is not None:
            for n in preview.moved:
                proposed, taker = preview.proposal[n], preview.takers[n]
                changes.append({"proposed": proposed, "taker": taker})
        return {
            "season": self.object,
            "schedule": self.schedule,
            "preview": preview,
            "changes": changes,
            "today": timezone.localdate(),
            **kwargs,
        }


class SessionChange(MultiFormAction):
    """Move a session to another day or time, or swap it with another session."""

    permission = "briefings.change_session"
    template_name = "briefings/session_change.html"

    def get_object(self):
        return _visible_session(self.request, self.kwargs["pk"])

    def get_forms(self):
        session = self.object
        return {
            "move": SessionMoveForm(
                self.data_for("move"),
                initial={"date": session.date, "start_time": session.start_time},
            ),
            "swap": SessionSwapForm(self.data_for("swap"), session=session),
        }

    def perform(self, form):
        session, user = self.object, self.request.user
        if self.action == "swap":
            return services.session_swap(session=session, other=form.cleaned_data["other"], by=user)
        return services.session_move(session=session, by=user, **form.cleaned_data)

    def get_success_message(self, form, result):
        if self.action == "swap":
            return _("두 보고회의 시간을 맞바꿨습니다.")
        return _("보고회를 옮겼습니다.")

    def get_success_url(self, result=None):
        session = self.object
        return f"{reverse('briefings:plan', args=[session.season_id])}#session-{session.pk}"

    def render(self, form, status=200):
        forms = self.all_forms
        context = {"session": self.object, "move_form": forms["move"], "swap_form": forms["swap"]}
        failed = any(f.errors for f in forms.values())
        return render(self.request, self.template_name, context, status=400 if failed else 200)
