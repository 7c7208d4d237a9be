from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardGrade
from departments.models import Division

INPUT = {"class": "krds-input"}


class NominationForm(forms.Form):
    division = forms.ModelChoiceField(
        label=_("추천 부서(과)"), queryset=Division.objects.none(), widget=forms.Select(attrs=INPUT)
    )
    citation = forms.CharField(
        label=_("공적 내용"), widget=forms.Textarea(attrs=INPUT | {"rows": 3})
    )
    results = forms.CharField(
        label=_("측정 가능한 성과"),
        required=False,
        widget=forms.Textarea(attrs=INPUT | {"rows": 2}),
    )
    money_secured_krw = forms.IntegerField(
        label=_("확보 재원(원)"), required=False, widget=forms.NumberInput(attrs=INPUT)
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = Division.objects.active().select_related("bureau")
        if user is not None and user.position == "bureau_director":
            divisions = divisions.filter(bureau_id=user.bureau_id)
        self.fields["division"].queryset = divisions


class GradeForm(forms.Form):
    grade = forms.ModelChoiceField(
        label=_("등급"),
        queryset=AwardGrade.objects.filter(is_active=True),
        required=False,
        widget=forms.Select(attrs=INPUT),
    )


class AnnounceForm(forms.Form):
    award_date = forms.DateField(
        label=_("시상일"), widget=forms.DateInput(attrs=INPUT | {"type": "date"})
    )
    announcement = forms.CharField(
        label=_("발표문"), required=False, widget=forms.Textarea(attrs=INPUT | {"rows": 2})
    )


class VerifyForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("검증"),
        choices=[("1", _("인정")), ("0", _("조정"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    verified_hours = forms.DecimalField(
        label=_("조정한 시간"), required=False, widget=forms.NumberInput(attrs=INPUT)
    )
    reason = forms.CharField(
        label=_("조정 사유"), required=False, widget=forms.TextInput(attrs=INPUT)
    )


class PastWinnersImportForm(forms.Form):
    file = forms.FileField(
        label=_("엑셀 파일(.xlsx)"), widget=forms.ClearableFileInput(attrs=INPUT)
    )
