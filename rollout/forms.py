"""The rollout forms; every one hands its cleaned data to one service."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.models import Team, User
from ideas.forms.team import AttachmentForm
from rollout.models import (
    BudgetRound,
    BudgetTrack,
    CouncilSession,
    DirectiveFollowUp,
    Kpi,
    RolloutPlan,
)
from rollout.services import owner_staff

TEXT = {"class": "krds-input"}
AREA = {"class": "krds-input", "rows": 3}
DATE = {"class": "krds-input", "type": "date"}
SELECT = {"class": "krds-form-select"}


class PlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RolloutPlan
        fields = [
            "responsible_person",
            "path_immediate",
            "path_budget",
            "path_ordinance",
            "start_date",
            "target_date",
            "goal",
            "method",
            "schedule",
            "budget_text",
            "expected_effect",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "target_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "goal": forms.Textarea(attrs=AREA),
            "method": forms.Textarea(attrs=AREA),
            "schedule": forms.Textarea(attrs=AREA),
            "budget_text": forms.Textarea(attrs=AREA),
            "expected_effect": forms.Textarea(attrs=AREA),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        # The staff of the owning units (and whoever is named now, should they have moved).
        plan = self.instance
        people = owner_staff(plan) | User.objects.filter(pk=plan.responsible_person_id)
        field = self.fields["responsible_person"]
        field.queryset = people.select_related("team").order_by("team__name", "full_name")
        field.label_from_instance = lambda u: (
            f"{u.full_name} ({u.team.name})" if u.team else u.full_name
        )
        field.help_text = _("주관 팀과 협업 팀의 직원 가운데 고릅니다.")
        field.widget.attrs.update(SELECT)

    def _post_clean(self):
        # The service validates and saves; the form only parses.
        pass


class CannotForm(forms.Form):
    reason = forms.CharField(
        label=_("실시불가 사유"), max_length=5000, widget=forms.Textarea(attrs=AREA)
    )


class CannotDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("검토 결과"), choices=[("accept", _("수용")), ("overrule", _("반려"))]
    )
    note = forms.CharField(
        label=_("검토 의견"), required=False, max_length=5000, widget=forms.Textarea(attrs=AREA)
    )


class BudgetTrackForm(forms.Form):
    amount_requested = forms.IntegerField(
        label=_("요구액(원)"), min_value=1, max_value=10**15, widget=forms.NumberInput(attrs=TEXT)
    )
    budget_round = forms.ModelChoiceField(
        label=_("반영 목표 예산"),
        queryset=BudgetRound.objects.order_by("decision_date"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("예산 상태"), choices=BudgetTrack.Status.choices, widget=forms.Select(attrs=SELECT)
    )
    amount_secured = forms.IntegerField(
        label=_("확보액(원)"),
        min_value=0,
        max_value=10**15,
        required=False,
        widget=forms.NumberInput(attrs=TEXT),
    )


class OrdinanceTrackForm(forms.Form):
    ordinance_name = forms.CharField(
        label=_("조례·규칙 이름"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    target_session = forms.ModelChoiceField(
        label=_("목표 회기"),
        queryset=CouncilSession.objects.order_by("starts_on"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )


class ImmediateTrackForm(forms.Form):
    done_by = forms.DateField(
        label=_("완료 예정일"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    done_on = forms.DateField(label=_("완료일"), required=False, widget=forms.DateInput(attrs=DATE))
    evidence = forms.CharField(
        label=_("완료 증빙"), required=False, max_length=2000, widget=forms.TextInput(attrs=TEXT)
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("내용"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    due_on = forms.DateField(label=_("기한"), widget=forms.DateInput(attrs=DATE))


class MilestoneDoneForm(forms.Form):
    note = forms.CharField(
        label=_("완료 메모"), required=False, max_length=2000, widget=forms.TextInput(attrs=TEXT)
    )


class KpiForm(forms.Form):
    name = forms.CharField(label=_("지표 이름"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    unit = forms.CharField(label=_("단위"), max_length=20, widget=forms.TextInput(attrs=TEXT))
    baseline = forms.DecimalField(
        label=_("기준값"), max_digits=14, decimal_places=2, widget=forms.NumberInput(attrs=TEXT)
    )
    target = forms.DecimalField(
        label=_("목표값"), max_digits=14, decimal_places=2, widget=forms.NumberInput(attrs=TEXT)
    )
    direction = forms.ChoiceField(
        label=_("방향"), choices=Kpi.Direction.choices, widget=forms.Select(attrs=SELECT)
    )


class CoOwnerForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("협업 팀"),
        queryset=Team.objects.active().select_related("division"),
        widget=forms.Select(attrs=SELECT),
    )
    share_percent = forms.IntegerField(
        label=_("분담 비율(%)"), min_value=1, max_value=99, widget=forms.NumberInput(attrs=TEXT)
    )
    role = forms.CharField(
        label=_("맡은 일"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT)
    )


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    progress_percent = forms.IntegerField(
        label=_("진척률(%)"), min_value=0, max_value=100, widget=forms.NumberInput(attrs=TEXT)
    )
    done_text = forms.CharField(
        label=_("추진 실적"), required=False, max_length=10000, widget=forms.Textarea(attrs=AREA)
    )
    problems = forms.CharField(
        label=_("문제점"), required=False, max_length=10000, widget=forms.Textarea(attrs=AREA)
    )
    next_steps = forms.CharField(
        label=_("향후 계획"), required=False, max_length=10000, widget=forms.Textarea(attrs=AREA)
    )

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = list(report.plan.kpis.all()) if report is not None else []
        current = {a.kpi_id: a.value for a in report.actuals.all()} if report is not None else {}
        for kpi in self.kpis:
            self.fields[f"kpi_{kpi.pk}"] = forms.DecimalField(
                label=f"{kpi.name} ({kpi.unit})",
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=current.get(kpi.pk),
                widget=forms.NumberInput(attrs=TEXT),
            )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        actuals = {kpi.pk: data.pop(f"kpi_{kpi.pk}", None) for kpi in self.kpis}
        return {**data, "actuals": actuals}


class ReportAttachmentForm(AttachmentForm):
    """The ideas' upload field (its help text and accepted types); the service checks the
    file with the ideas' upload checks."""

    field_group_class = "app-field"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("승인")), ("send_back", _("보완 요청"))])
    reason = forms.CharField(
        label=_("보완 요청 사유"),
        required=False,
        max_length=5000,
        widget=forms.TextInput(attrs=TEXT),
    )


class DirectiveFollowUpForm(forms.Form):
    """How a governor's directive is followed: status, due date, notes, the plan."""

    status = forms.ChoiceField(
        label=_("이행 상태"),
        choices=DirectiveFollowUp.Status.choices,
        widget=forms.Select(attrs=SELECT),
    )
    due_on = forms.DateField(label=_("이행 기한"), widget=forms.DateInput(attrs=DATE))
    notes = forms.CharField(
        label=_("이행 메모"), required=False, max_length=4000, widget=forms.Textarea(attrs=AREA)
    )
    drop_reason = forms.CharField(
        label=_("중단 사유"), required=False, max_length=2000, widget=forms.Textarea(attrs=AREA)
    )
    plan = forms.ModelChoiceField(
        label=_("실시계획"),
        queryset=RolloutPlan.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, directive, **kwargs):
        super().__init__(*args, **kwargs)
        plans = RolloutPlan.objects.filter(idea_id=directive.idea_id).select_related("idea")
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda p: p.idea.title


# Calendars (planning office) -------------------------------------------------------------


class CalendarForm(forms.Form):
    """A row of a calendar (``model``); changing one starts from its values."""

    model: type[models.Model]

    @classmethod
    def initial_of(cls, row: models.Model) -> dict:
        return {name: getattr(row, name) for name in cls.base_fields}


class BudgetRoundForm(CalendarForm):
    """A budget round; the service checks the dates' order and fills a main budget's
    statutory dates when they are left empty."""

    model = BudgetRound
    fiscal_year = forms.IntegerField(
        label=_("회계연도"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    kind = forms.ChoiceField(
        label=_("구분"), choices=BudgetRound.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    number = forms.IntegerField(
        label=_("추경 차수"),
        required=False,
        min_value=0,
        max_value=20,
        help_text=_("추가경정예산이면 몇 번째인지 적습니다(본예산은 비워 둡니다)."),
        widget=forms.NumberInput(attrs=TEXT),
    )
    submission_date = forms.DateField(
        label=_("의회 제출일"),
        required=False,
        help_text=_("본예산은 비워 두면 회계연도 시작 50일 전(지방자치법 제142조)입니다."),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    decision_date = forms.DateField(
        label=_("의결일"),
        required=False,
        help_text=_("본예산은 비워 두면 회계연도 시작 15일 전입니다."),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )


class CouncilSessionForm(CalendarForm):
    model = CouncilSession
    number = forms.IntegerField(
        label=_("회기"), min_value=1, max_value=9999, widget=forms.NumberInput(attrs=TEXT)
    )
    kind = forms.ChoiceField(
        label=_("구분"), choices=CouncilSession.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    starts_on = forms.DateField(
        label=_("개회일"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("폐회일"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    submission_deadline = forms.DateField(
        label=_("안건 제출 마감일"),
        required=False,
        help_text=_("비워 두면 개회일 20일 전입니다."),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
