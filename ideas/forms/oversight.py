"""Forms of the planning office's and bureau directors' pages.

They check the shape of the input only; the rules (window order, unique code, a reason
for a send-back or a rejection) are the services', whose ``BusinessRuleError`` is put
back onto the form's fields by ``apply_rule_error``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ideas.models import Idea, Season

# <input type="datetime-local"> sends and expects this format, in the site's time zone.
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def messages_of(form: forms.Form) -> list[str]:
    """Every error of a form as plain sentences, for pages that show them as messages."""
    return [message for errors in form.errors.values() for message in errors]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "krds-input", **(attrs or {})}, format=DATETIME_LOCAL)


class SeasonForm(forms.Form):
    """A season's settings; the window is entered in Asia/Seoul (the site's time zone)."""

    name = forms.CharField(
        label=_("시즌 이름"),
        max_length=100,
        help_text=_("예: 도정혁신 벤치마킹 시즌2"),
        error_messages={"required": _("시즌 이름을 입력하세요.")},
        widget=forms.TextInput(attrs={"class": "krds-input"}),
    )
    code = forms.RegexField(
        label=_("접수번호 머리글"),
        max_length=10,
        regex=r"^[A-Za-z0-9]+$",
        help_text=_("영문과 숫자만 씁니다. 예: S2 → 접수번호 S2-0123"),
        error_messages={
            "required": _("접수번호 머리글을 입력하세요. 예: S2"),
            "invalid": _("접수번호 머리글은 영문과 숫자로만 적으세요."),
        },
        widget=forms.TextInput(attrs={"class": "krds-input", "autocapitalize": "characters"}),
    )
    kind = forms.ChoiceField(
        label=_("구분"),
        choices=Season.Kind.choices,
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    description = forms.CharField(
        label=_("안내"),
        required=False,
        help_text=_("팀장이 제출 화면에서 읽는 안내입니다."),
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 4}),
    )
    submission_opens_at = forms.DateTimeField(
        label=_("접수 시작"),
        input_formats=[DATETIME_LOCAL],
        widget=DateTimeLocalInput(),
        error_messages={
            "required": _("접수 시작 일시를 입력하세요."),
            "invalid": _("접수 시작 일시를 2025-09-01 09:00처럼 입력하세요."),
        },
    )
    submission_closes_at = forms.DateTimeField(
        label=_("접수 마감"),
        input_formats=[DATETIME_LOCAL],
        widget=DateTimeLocalInput(),
        error_messages={
            "required": _("접수 마감 일시를 입력하세요."),
            "invalid": _("접수 마감 일시를 2025-09-30 18:00처럼 입력하세요."),
        },
    )
    min_ideas_per_team = forms.IntegerField(
        label=_("팀별 최소 제출 건수"),
        min_value=0,
        max_value=100,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "krds-input"}),
    )
    exemptions_allowed = forms.BooleanField(label=_("제출 예외 허용"), required=False)
    representative_per_division = forms.BooleanField(
        label=_("과별 대표 과제 1건만 보고"), required=False
    )
    blind_to_proposer = forms.BooleanField(
        label=_("심사 중 제안 팀·작성자 가리기"),
        required=False,
        help_text=_(
            "심사 차수가 열려 있는 동안 심사위원에게 팀, 실·국, 작성자를 보여 주지 않습니다."
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].upper()

    @classmethod
    def initial_for(cls, season: Season) -> dict:
        return {name: getattr(season, name) for name in cls.base_fields}


class SeasonTransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Season.Status.choices)


class SendBackForm(forms.Form):
    # Required by the service (one message for pages and API), not here.
    reason = forms.CharField(
        label=_("보완 요청 사유"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "krds-input", "rows": 3}),
    )


class DuplicateLinkForm(forms.Form):
    """``original`` is a reference number (S1-0012) of any season; empty clears the link."""

    original = forms.CharField(label=_("중복 원본 접수번호"), required=False, max_length=20)
    reason = forms.CharField(label=_("사유"), required=False, max_length=2000)

    def clean_original(self) -> Idea | None:
        number = self.cleaned_data["original"].strip().upper()
        if not number:
            return None
        original = Idea.objects.visible_in_library().filter(reference_number=number).first()
        if original is None:
            raise forms.ValidationError(
                _("접수번호 %(number)s인 아이디어를 찾을 수 없습니다. 번호를 확인하세요."),
                params={"number": number},
                code="unknown",
            )
        return original


class ExemptionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("결정"),
        choices=[
            ("approve", pgettext_lazy("action", "승인")),
            ("reject", pgettext_lazy("action", "반려")),
        ],
        error_messages={"required": _("승인 또는 반려를 고르세요.")},
    )
    # A rejection needs a note; the service says so (decision_note), not this form.
    note = forms.CharField(label=_("의견"), required=False, max_length=2000)


# The library's sort options, in words the staff use (the FilterSet's own labels are generic).
LIBRARY_ORDERINGS = [
    ("", _("최근 제출 순")),
    ("submitted_at", _("오래된 제출 순")),
    ("reference_number", _("접수번호 순")),
    ("-reference_number", _("접수번호 역순")),
    ("title", _("제목 가나다 순")),
    ("bureau_name", _("실·국 가나다 순")),
]


def style_filter_form(form: forms.Form) -> None:
    """Dress the shared IdeaFilter's form for the library page (the API never renders it).

    KRDS classes on the widgets, "전체" for no choice, no "작성 중" state (drafts are never
    in the library) and Korean sort options.
    """
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "krds-form-select"
        else:
            widget.attrs["class"] = "krds-input"
        if hasattr(field, "empty_label"):
            field.empty_label = _("전체")
            if not hasattr(field, "queryset"):
                # django-filter's ChoiceField hands the widget its choices when they are set.
                field.choices = [c for c in field.choices if c[0] != ""]
    form.fields["q"].widget.input_type = "search"
    form.fields["q"].widget.attrs["placeholder"] = _("제목·요약의 낱말 일부, 예: 혁신, 복지")
    form.fields["status"].choices = [c for c in Idea.Status.choices if c[0] != Idea.Status.DRAFT]
    ordering = form.fields["ordering"]
    ordering.empty_label = None  # LIBRARY_ORDERINGS names the default itself
    ordering.choices = LIBRARY_ORDERINGS
