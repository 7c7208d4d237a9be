from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from departments.models import Division
from roadmap.models import PerformanceReport, Question, Survey, Task
from rollout.models import RolloutPlan

INPUT = {"class": "krds-input"}
SELECT = {"class": "krds-form-select"}
YEAR = {
    "label": _("연도"),
    "min_value": 2000,
    "max_value": 2100,
    "error_messages": {
        "required": _("연도를 넣어 주세요."),
        "min_value": _("연도는 2000년에서 2100년 사이입니다."),
        "max_value": _("연도는 2000년에서 2100년 사이입니다."),
        "invalid": _("연도는 숫자로 넣어 주세요."),
    },
    "widget": forms.TextInput(attrs={**INPUT, "inputmode": "numeric"}),
}


class VersionCopyForm(forms.Form):
    number = forms.CharField(label=_("새 판 번호"), max_length=10, widget=forms.TextInput(INPUT))
    title = forms.CharField(label=_("이름"), max_length=200, widget=forms.TextInput(INPUT))


class IndicatorForm(forms.Form):
    year = forms.IntegerField(
        label=_("연도"), min_value=2000, max_value=2100, widget=forms.NumberInput(INPUT)
    )
    target = forms.DecimalField(
        label=_("목표값"),
        max_digits=14,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(INPUT),
    )
    actual = forms.DecimalField(
        label=_("실적값"),
        max_digits=14,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(INPUT),
    )

    def clean(self):
        data = super().clean()
        if data.get("target") is None and data.get("actual") is None:
            raise forms.ValidationError(_("목표값이나 실적값을 넣어 주세요."))
        return data


class LinkIdeaForm(forms.Form):
    reference_number = forms.CharField(
        label=_("아이디어 접수번호"), max_length=40, widget=forms.TextInput(INPUT)
    )


class ReportForm(forms.Form):
    year = forms.IntegerField(
        label=_("연도"), min_value=2000, max_value=2100, widget=forms.NumberInput(INPUT)
    )
    period = forms.ChoiceField(
        label=_("기간"),
        choices=PerformanceReport.Period.choices,
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    summary = forms.CharField(
        label=_("추진 실적"),
        max_length=4000,
        widget=forms.Textarea({"class": "krds-input", "rows": 4}),
    )


class ReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("검토 결과"),
        choices=[("1", _("검토 완료")), ("0", _("보완 요청"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("검토 의견"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"class": "krds-input", "rows": 2}),
    )


class SurveyAnswerForm(forms.Form):
    """One field per question: 1–5 for a scale, free text for the rest."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        for q in survey.questions.order_by("order"):
            if q.kind == Question.Kind.SCALE:
                self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                    label=q.text,
                    choices=[(str(i), str(i)) for i in range(1, 6)],
                    coerce=int,
                    widget=forms.RadioSelect,
                    help_text=_("1 전혀 아니다 … 5 매우 그렇다"),
                )
            else:
                self.fields[f"q{q.pk}"] = forms.CharField(
                    label=q.text,
                    max_length=2000,
                    required=False,
                    widget=forms.Textarea({"class": "krds-input", "rows": 3}),
                )

    def answers(self) -> dict[int, object]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


# The task force's edit of a task ----------------------------------------------------------


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        unit = user.division.name if user.division_id else _("소속 없음")
        return f"{user.full_name} ({unit})"


class TaskForm(forms.ModelForm):
    """The task's own fields; its targets, units and plans are the formsets below."""

    responsible = PersonChoiceField(
        label=_("책임자"),
        queryset=get_user_model()._default_manager.none(),
        required=False,
        empty_label=_("정하지 않음"),
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "status",
            "responsible",
            "indicator_name",
            "indicator_unit",
            "indicator_baseline",
            "indicator_direction",
        ]
        widgets = {
            "title": forms.TextInput(INPUT),
            "description": forms.Textarea({"class": "krds-input", "rows": 4}),
            "status": forms.Select(attrs=SELECT),
            "indicator_name": forms.TextInput(INPUT),
            "indicator_unit": forms.TextInput(INPUT),
            "indicator_baseline": forms.TextInput(attrs={**INPUT, "inputmode": "decimal"}),
            "indicator_direction": forms.Select(attrs=SELECT),
        }
        error_messages = {
            "title": {"required": _("과제 이름을 적어 주세요.")},
            "indicator_baseline": {"invalid": _("기준값은 숫자로 넣어 주세요.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model()._default_manager.filter(is_active=True)
        if self.instance.responsible_id:
            people = people | get_user_model()._default_manager.filter(
                pk=self.instance.responsible_id
            )
        self.fields["responsible"].queryset = people.select_related("division").order_by(
            "full_name", "pk"
        )

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TargetForm(forms.Form):
    year = forms.IntegerField(**YEAR)
    target = forms.DecimalField(
        label=_("목표값"),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": _("목표값을 넣어 주세요."),
            "invalid": _("목표값은 숫자로 넣어 주세요."),
            "max_digits": _("목표값이 너무 큽니다."),
            "max_decimal_places": _("소수점 아래는 두 자리까지입니다."),
        },
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "decimal"}),
    )


class UnitForm(forms.Form):
    division = forms.ModelChoiceField(
        label=_("부서"),
        queryset=Division.objects.active().select_related("bureau"),
        empty_label=_("부서를 고르세요"),
        error_messages={"required": _("부서를 고르세요.")},
        widget=forms.Select(attrs=SELECT),
    )
    is_lead = forms.BooleanField(label=_("주관"), required=False)
    part = forms.CharField(
        label=_("맡은 일"),
        max_length=300,
        required=False,
        widget=forms.TextInput(INPUT),
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(**YEAR)
    content = forms.CharField(
        label=_("실천계획"),
        max_length=4000,
        error_messages={"required": _("실천계획을 적어 주세요.")},
        widget=forms.Textarea({"class": "krds-input", "rows": 3}),
    )


class RowsFormSet(forms.BaseFormSet):
    """Rows kept (filled in, not marked to delete), as dicts for the service; a blank
    extra row is ignored. ``key`` names the field no two rows may share."""

    key = ""
    duplicate_message = ""

    def rows(self) -> list[dict]:
        kept = []
        for form in self.forms:
            if not form.has_changed() and not form.initial:
                continue
            if self._should_delete_form(form):
                continue
            kept.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        return kept

    def clean(self):
        if any(self.errors):
            return
        seen: set = set()
        for form in self.forms:
            if not form.has_changed() and not form.initial or self._should_delete_form(form):
                continue
            value = form.cleaned_data.get(self.key)
            if value in seen:
                form.add_error(self.key, self.duplicate_message)
            seen.add(value)


class TargetFormSet(RowsFormSet):
    key = "year"
    duplicate_message = _("같은 연도가 두 번 있습니다.")


class UnitFormSet(RowsFormSet):
    key = "division"
    duplicate_message = _("같은 부서가 두 번 있습니다.")

    def _construct_form(self, i, **kwargs):
        # The divisions are read once for every row's list, not once per row.
        form = super()._construct_form(i, **kwargs)
        field = form.fields["division"]
        if not hasattr(self, "_division_choices"):
            self._division_choices = [choice for choice in field.choices]  # noqa: C416 (list() would COUNT first)
        field.choices = self._division_choices
        return form


class PlanFormSet(RowsFormSet):
    key = "year"
    duplicate_message = _("같은 연도가 두 번 있습니다.")


TargetFormSetFactory = forms.formset_factory(
    TargetForm, formset=TargetFormSet, extra=1, can_delete=True
)
UnitFormSetFactory = forms.formset_factory(UnitForm, formset=UnitFormSet, extra=1, can_delete=True)
PlanFormSetFactory = forms.formset_factory(PlanForm, formset=PlanFormSet, extra=1, can_delete=True)


# What feeds a task --------------------------------------------------------------------------


class LinkPlanForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("연결할 실시계획"),
        queryset=RolloutPlan.objects.none(),
        empty_label=_("실시계획을 고르세요"),
        error_messages={
            "required": _("실시계획을 고르세요."),
            "invalid_choice": _("고를 수 있는 실시계획이 아닙니다."),
        },
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        field.queryset = (
            RolloutPlan.objects.exclude(roadmap_links__task=task)
            .select_related("idea", "lead_team")
            .order_by("-adopted_on", "-pk")
        )
        field.label_from_instance = lambda plan: (
            f"{plan.idea.reference_number} {plan.idea.title} ({plan.lead_team.name})"
        )
