"""Forms of the briefing pages. They check the shape of the input; the rules (working days,
no overlap, a range long enough) are the services', whose ``BusinessRuleError`` is put back
onto these fields by ``core.forms.apply_rule_error``."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from briefings.models import BriefingSchedule, BriefingSession
from briefings.scheduler import BureauAgenda

INPUT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}
SLOT = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-~–]\s*(\d{1,2}:\d{2})\s*$")


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("날짜를 입력하세요."),
            "invalid": _("날짜를 2025-09-22처럼 입력하세요."),
        },
        **kwargs,
    )


def _time(label, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={**INPUT, "type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("시각을 입력하세요."),
            "invalid": _("시각을 10:00처럼 입력하세요."),
        },
        **kwargs,
    )


def slots_text(slots) -> str:
    return ", ".join(f"{start}-{end}" for start, end in slots)


class ScheduleForm(forms.Form):
    """The scheduler's parameters; the bureaus' order as one number field per bureau."""

    field_group_class = "rv-field"

    starts_on = _date(_("보고회 시작일"))
    ends_on = _date(_("보고회 종료일"), help_text=_("주말과 공휴일, 일정 예외일은 건너뜁니다."))
    time_slots = forms.CharField(
        label=_("보고회 시간대"),
        max_length=200,
        initial="10:00-12:00, 14:00-17:00",
        help_text=_("하루의 보고회 시간대를 쉼표로 나눠 적습니다. 예: 10:00-12:00, 14:00-17:00"),
        widget=forms.TextInput(attrs=INPUT),
    )
    sessions_per_day = forms.IntegerField(
        label=_("하루 보고회 수"),
        min_value=1,
        max_value=6,
        initial=2,
        help_text=_("시간대 중 앞에서부터 이만큼 씁니다."),
        widget=forms.NumberInput(attrs=INPUT),
    )
    minutes_per_item = forms.IntegerField(
        label=_("과제당 보고 시간(분)"),
        min_value=1,
        max_value=120,
        initial=10,
        widget=forms.NumberInput(attrs=INPUT),
    )
    merge_small_bureaus = forms.BooleanField(
        label=_("작은 실·국은 한 보고회로 묶기"),
        required=False,
        initial=True,
        help_text=_("안건이 시간대의 절반에 못 미치는 실·국끼리 이어서 한 보고회로 엽니다."),
    )
    place = forms.CharField(
        label=_("장소"),
        max_length=100,
        initial="도청 종합상황실",
        widget=forms.TextInput(attrs=INPUT),
    )

    def __init__(self, *args, agendas: list[BureauAgenda] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.agendas = list(agendas)
        for n, agenda in enumerate(self.agendas, start=1):
            self.fields[f"order_{agenda.bureau_id}"] = forms.IntegerField(
                label=agenda.name,
                min_value=1,
                max_value=999,
                initial=n,
                required=False,
                widget=forms.NumberInput(attrs={**INPUT, "class": "krds-input bf-order"}),
            )

    @property
    def bureau_order_fields(self):
        return [(self[f"order_{agenda.bureau_id}"], agenda) for agenda in self.agendas]

    def clean_time_slots(self):
        slots = []
        for part in self.cleaned_data["time_slots"].split(","):
            if not part.strip():
                continue
            match = SLOT.match(part)
            if not match:
                raise forms.ValidationError(
                    _("‘%(part)s’: 시간대는 10:00-12:00처럼 적으세요."),
                    params={"part": part.strip()},
                )
            slots.append([match.group(1).zfill(5), match.group(2).zfill(5)])
        if not slots:
            raise forms.ValidationError(_("보고회 시간대를 하나 이상 입력하세요."))
        return slots

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        numbers = {
            agenda.bureau_id: data.pop(f"order_{agenda.bureau_id}", None) for agenda in self.agendas
        }
        position = {agenda.bureau_id: n for n, agenda in enumerate(self.agendas)}
        data["bureau_order"] = sorted(
            numbers,
            key=lambda pk: (numbers[pk] is None, numbers[pk] or 0, position[pk]),
        )
        return data

    @classmethod
    def initial_from(cls, schedule: BriefingSchedule | None) -> dict:
        if schedule is None:
            return {}
        return {
            "starts_on": schedule.starts_on,
            "ends_on": schedule.ends_on,
            "time_slots": slots_text(schedule.time_slots),
            "sessions_per_day": schedule.sessions_per_day,
            "minutes_per_item": schedule.minutes_per_item,
            "merge_small_bureaus": schedule.merge_small_bureaus,
            "place": schedule.place,
        }


class SessionMoveForm(forms.Form):
    field_group_class = "rv-field"

    date = _date(_("새 날짜"))
    start_time = _time(_("새 시작 시각"), help_text=_("보고회 길이는 그대로입니다."))


class SessionSwapForm(forms.Form):
    field_group_class = "rv-field"

    other = forms.ModelChoiceField(
        label=_("맞바꿀 보고회"),
        queryset=BriefingSession.objects.none(),
        empty_label=_("보고회를 고르세요"),
        error_messages={"required": _("맞바꿀 보고회를 고르세요.")},
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, session: BriefingSession, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["other"]
        field.queryset = (
            BriefingSession.objects.filter(season_id=session.season_id)
            .exclude(pk=session.pk)
            .order_by("date", "start_time", "pk")
        )
        field.label_from_instance = lambda s: (
            f"{s.date:%Y-%m-%d} {s.start_time:%H:%M}–{s.end_time:%H:%M} {s.title}"
        )


class RegenerateForm(ScheduleForm):
    """The scheduler's parameters for a published schedule's remaining dates; the button
    that confirms posts the number of moving sessions the person was shown."""

    confirmed_moves = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data.pop("confirmed_moves", None)
        return data
