from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roadmap.models import PerformanceReport, Question, Survey

INPUT = {"class": "krds-input"}


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
