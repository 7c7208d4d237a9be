from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardGrade, AwardRound, Nomination, OutcomeMeasurement
from awards.permissions import manages_awards
from departments.models import Bureau, Division
from visits.models import Visit

INPUT = {"class": "krds-input"}


def outcome_label(m: OutcomeMeasurement) -> str:
    """A verified outcome as the nomination form offers it."""
    return _("%(division)s · %(task)s · %(year)s년 %(half)s · 검증 %(hours)s시간") % {
        "division": m.idea.division_name,
        "task": m.idea.title,
        "year": m.year,
        "half": m.get_half_display(),
        "hours": m.verified_hours,
    }


class NominationForm(forms.Form):
    """A unit to nominate: one of the bureau's divisions, or the bureau-level unit itself
    (an agency such as 인재개발원, which has no divisions of its own to put forward)."""

    division = forms.ModelChoiceField(
        label=_("추천 부서(과)"),
        queryset=Division.objects.none(),
        required=False,
        empty_label=_("(실·국 단위로 추천할 때는 비워 둡니다)"),
        widget=forms.Select(attrs=INPUT),
    )
    bureau = forms.ModelChoiceField(
        label=_("또는 실·국 단위(직속기관·사업소 등)"),
        queryset=Bureau.objects.none(),
        required=False,
        empty_label=_("(과를 추천할 때는 비워 둡니다)"),
        widget=forms.Select(attrs=INPUT),
        help_text=_("과가 아닌 실·국·기관 전체를 추천할 때 고릅니다."),
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
        label=_("확보 재원(원)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=INPUT),
    )
    visit = forms.ModelChoiceField(
        label=_("근거가 된 벤치마킹 방문"),
        queryset=Visit.objects.none(),
        required=False,
        empty_label=_("(없음)"),
        widget=forms.Select(attrs=INPUT),
    )
    outcomes = forms.ModelMultipleChoiceField(
        label=_("근거가 된 검증된 업무 감축 성과"),
        queryset=OutcomeMeasurement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("추천하는 부서의 과제 중 실·국장이 검증한 성과만 연결할 수 있습니다."),
    )
    evidence = forms.FileField(
        label=_("증빙 자료"),
        required=False,
        widget=forms.ClearableFileInput(attrs=INPUT),
        help_text=_("PDF, 한글(HWP·HWPX), 오피스 문서 또는 이미지 한 개."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = Division.objects.active().select_related("bureau")
        bureaus = Bureau.objects.active()
        visits = Visit.objects.filter(status=Visit.Status.REPORTED)
        # Verified outcomes of the bureaus the user may nominate in; whether one belongs to
        # the unit chosen in this same form is the service's check (refused at the field).
        outcomes = OutcomeMeasurement.objects.exclude(
            status=OutcomeMeasurement.Status.MEASURED
        ).select_related("idea")
        if user is not None and not manages_awards(user):
            divisions = divisions.filter(bureau_id=user.bureau_id)
            bureaus = bureaus.filter(pk=user.bureau_id)
            visits = visits.filter(bureau_id=user.bureau_id)
            outcomes = outcomes.filter(idea__bureau_id=user.bureau_id)
        self.fields["division"].queryset = divisions
        self.fields["bureau"].queryset = bureaus
        self.fields["visit"].queryset = visits.order_by("-starts_on", "-pk")
        self.fields["outcomes"].queryset = outcomes.order_by(
            "idea__division_name", "idea__title", "-year", "-half"
        )
        self.fields["outcomes"].label_from_instance = outcome_label
        self.fields["outcomes"].empty_text = _("연결할 수 있는 검증된 성과가 아직 없습니다.")

    def clean(self):
        data = super().clean()
        division, bureau = data.get("division"), data.get("bureau")
        if division and bureau:
            self.add_error("bureau", _("과와 실·국 단위 중 하나만 고르세요."))
        elif not division and not bureau and not self.has_error("division"):
            self.add_error("division", _("추천할 과나 실·국 단위를 고르세요."))
        return data


class NominationOutcomesForm(forms.Form):
    """The verified outcomes of the nominated unit's tasks that back the nomination (all of
    them replace the ones linked before; none unlinks them)."""

    outcomes = forms.ModelMultipleChoiceField(
        label=_("근거가 된 검증된 업무 감축 성과"),
        queryset=OutcomeMeasurement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, nomination, **kwargs):
        kwargs.setdefault("initial", {"outcomes": list(nomination.outcomes.all())})
        super().__init__(*args, **kwargs)
        outcomes = OutcomeMeasurement.objects.exclude(
            status=OutcomeMeasurement.Status.MEASURED
        ).select_related("idea")
        if nomination.division_id:
            outcomes = outcomes.filter(idea__division_id=nomination.division_id)
        else:
            outcomes = outcomes.filter(idea__bureau_id=nomination.bureau_id)
        self.fields["outcomes"].queryset = outcomes.order_by(
            "idea__division_name", "idea__title", "-year", "-half"
        )
        self.fields["outcomes"].label_from_instance = outcome_label
        self.fields["outcomes"].empty_text = _(
            "이 부서의 과제 중 실·국장이 검증한 성과가 아직 없습니다."
        )


class LinkVisitForm(forms.Form):
    """An open round's nomination of the visit's bureau to put the visit behind."""

    nomination = forms.ModelChoiceField(
        label=_("연결할 추천"),
        queryset=Nomination.objects.none(),
        empty_label=_("추천을 고르세요"),
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = (
            Nomination.objects.filter(
                bureau_id=visit.bureau_id,
                round__status=AwardRound.Status.OPEN,
                visit__isnull=True,
            )
            .select_related("round")
            .order_by("-round__period_start", "unit_name")
        )
        self.fields["nomination"].label_from_instance = lambda n: f"{n.round.title} · {n.unit_name}"


class VisitRewardsForm(forms.Form):
    points_per_adopted_idea = forms.DecimalField(
        label=_("채택 아이디어당 부서 가점"),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs=INPUT | {"step": "0.01"}),
    )
    awarded_on = forms.DateField(
        label=_("부여일"), widget=forms.DateInput(attrs=INPUT | {"type": "date"})
    )


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
