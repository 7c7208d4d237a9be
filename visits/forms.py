from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import User
from ideas.models import Idea
from visits.models import Visit, VisitProgramme

INPUT = {"class": "krds-input"}
DATE = INPUT | {"type": "date"}


class VisitPlanForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("프로그램"), queryset=VisitProgramme.objects.all(), widget=forms.Select(attrs=INPUT)
    )
    institution = forms.CharField(label=_("방문 기관"), widget=forms.TextInput(attrs=INPUT))
    institution_kind = forms.ChoiceField(
        label=_("기관 유형"), choices=Idea.SourceType.choices, widget=forms.Select(attrs=INPUT)
    )
    location = forms.CharField(label=_("방문 지역"), widget=forms.TextInput(attrs=INPUT))
    policy_area = forms.CharField(label=_("정책 분야"), widget=forms.TextInput(attrs=INPUT))
    purpose = forms.CharField(
        label=_("방문 목적"), widget=forms.Textarea(attrs=INPUT | {"rows": 2})
    )
    starts_on = forms.DateField(label=_("출발일"), widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label=_("복귀일"), widget=forms.DateInput(attrs=DATE))
    budget_krw = forms.IntegerField(
        label=_("여비(원)"), required=False, widget=forms.NumberInput(attrs=INPUT)
    )
    members = forms.ModelMultipleChoiceField(
        label=_("방문 인원(최대 4명)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.team_id:
            self.fields["members"].queryset = User.objects.filter(
                team_id=user.team_id, is_active=True
            ).order_by("full_name")


class VisitReportForm(forms.Form):
    seen = forms.CharField(label=_("본 것"), widget=forms.Textarea(attrs=INPUT | {"rows": 3}))
    fit = forms.CharField(
        label=_("우리 현안에 맞는 점"), widget=forms.Textarea(attrs=INPUT | {"rows": 3})
    )
    proposals = forms.CharField(label=_("제안"), widget=forms.Textarea(attrs=INPUT | {"rows": 3}))


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("결정"),
        choices=[("1", _("승인")), ("0", _("반려"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("의견"), required=False, widget=forms.TextInput(attrs=INPUT))


class AddMemberForm(forms.Form):
    """One more person for the group: the visit's team, not yet in it."""

    person = forms.ModelChoiceField(
        label=_("더할 직원"),
        queryset=User.objects.none(),
        widget=forms.Select(attrs=INPUT),
        help_text=_("방문 인원은 최대 4명입니다."),
    )

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            User.objects.filter(team_id=visit.team_id, is_active=True)
            .exclude(visit_memberships__visit=visit)
            .order_by("full_name")
        )
