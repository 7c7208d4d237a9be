"""Forms of the team's pages: the idea form (adapting to the season kind), attachments,
exemptions, and the one helper that puts a refused business rule at its fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ideas import selectors
from ideas.attachments import ALLOWED, max_attachment_bytes
from ideas.models import Exemption, Idea, Season


class KrwInput(forms.TextInput):
    """An amount in won, shown with thousands separators (1,200,000)."""

    input_type = "text"

    def format_value(self, value):
        if isinstance(value, int):
            return f"{value:,}"
        return super().format_value(value)


class KrwField(forms.IntegerField):
    """Accepts "1,200,000", "1 200 000" or "1200000원"."""

    widget = KrwInput

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[,\s원]", "", value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No min/max/step: the input is text (for the separators), not type=number.
        return {"inputmode": "numeric", "autocomplete": "off"}


COMMON_TOP = ["title", "summary"]
BENCHMARKING_FIELDS = [
    "source_type",
    "source_institution",
    "source_location",
    "visited_on",
    "lessons_learned",
]
COMMON_BODY = ["problem", "proposal", "expected_effect"]
WORK_REDUCTION_FIELDS = ["action", "hours_saved_per_year"]
PATH_FIELDS = ["implementation_path", "budget_estimate_krw"]

TEXTAREA_ROWS = {
    "summary": 3,
    "problem": 5,
    "proposal": 6,
    "expected_effect": 4,
    "lessons_learned": 4,
}

HELP_TEXTS = {
    "title": _("한 줄로 알기 쉽게 적습니다. 입력하는 동안 비슷한 아이디어를 찾아 보여 줍니다."),
    "summary": _("두세 문장으로 핵심을 적습니다."),
    "visited_on": _("예: 2024-05-14"),
    "budget_estimate_krw": _("예산 반영이 필요한 경우에만 적습니다. 예: 120,000,000"),
    "hours_saved_per_year": _("팀 전체가 한 해에 아끼는 시간(시간 단위)"),
    "co_authors": _("함께 작성한 팀원을 고릅니다. 공동 작성자도 이 아이디어를 고칠 수 있습니다."),
}


def content_fields(season: Season) -> list[str]:
    """The content fields of an idea in ``season``, in the order the form shows them."""
    if season.kind == Season.Kind.BENCHMARKING:
        return [*COMMON_TOP, *BENCHMARKING_FIELDS, *COMMON_BODY, *PATH_FIELDS]
    return [*COMMON_TOP, *COMMON_BODY, *WORK_REDUCTION_FIELDS, *PATH_FIELDS]


class IdeaForm(forms.Form):
    """What the team types; every field is optional so that a draft saves incomplete.

    The services decide what a submission needs (``ideas.services.submission_errors``); this
    form only checks types and lengths. It never saves: the views call the services.
    """

    field_group_class = "idea-field"

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        season: Season,
        team_id: int,
        idea: Idea | None = None,
        author_id: int | None = None,
        **kwargs,
    ):
        if idea is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = self.initial_for(idea, season)
        super().__init__(*args, **kwargs)
        self.season = season
        self.idea = idea
        names = content_fields(season)
        model_fields = fields_for_model(
            Idea, fields=names, formfield_callback=self._formfield, apply_limit_choices_to=False
        )
        for name in names:
            field = model_fields[name]
            field.required = False
            if name in HELP_TEXTS:
                field.help_text = HELP_TEXTS[name]
            self.fields[name] = field
        self.fields["co_authors"] = forms.ModelMultipleChoiceField(
            label=_("공동 작성자"),
            # The author is one already; the list offers the others.
            queryset=selectors.team_members(team_id=team_id).exclude(
                pk=idea.created_by_id if idea else author_id
            ),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=HELP_TEXTS["co_authors"],
        )
        # A team is small: the name says who (User.__str__ adds the employee number).
        self.fields["co_authors"].label_from_instance = lambda user: user.full_name
        self._decorate()

    @staticmethod
    def _formfield(model_field, **kwargs):
        if model_field.name == "budget_estimate_krw":
            return KrwField(label=model_field.verbose_name, min_value=0, required=False)
        if model_field.name == "visited_on":
            kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if model_field.name in ("implementation_path", "action"):
            kwargs["widget"] = forms.RadioSelect
        field = model_field.formfield(**kwargs)
        if isinstance(field, forms.TypedChoiceField):
            # Drop the "---------" choice from radios; a select keeps an explicit prompt.
            field.choices = [
                ("", _("선택하세요")) if value == "" else (value, label)
                for value, label in field.choices
            ]
            if isinstance(field.widget, forms.RadioSelect):
                field.choices = [c for c in field.choices if c[0] != ""]
        return field

    def _decorate(self) -> None:
        similar_url = reverse("ideas:similar_ideas")
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                widget.attrs.update(
                    {"class": "krds-input idea-textarea", "rows": TEXTAREA_ROWS.get(name, 4)}
                )
            elif isinstance(widget, forms.Select) and not isinstance(
                widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                widget.attrs["class"] = "krds-form-select"
            elif isinstance(widget, forms.TextInput | forms.DateInput | forms.NumberInput):
                widget.attrs["class"] = "krds-input"
            if name in ("title", "summary"):
                # Suggest similar ideas while typing (ideas:similar_ideas, an htmx partial).
                widget.attrs.update(
                    {
                        # POST: a long summary would not fit in a URL (8 KB request line).
                        "hx-post": similar_url,
                        "hx-trigger": "keyup changed delay:400ms",
                        "hx-target": "#similar-ideas",
                        "hx-include": "#id_title, #id_summary, [name=csrfmiddlewaretoken]",
                        # One request at a time for the panel, whichever field sent it: the newest wins.
                        "hx-sync": "#similar-ideas:replace",
                        "hx-vals": f'{{"exclude": "{self.idea.pk if self.idea else ""}"}}',
                    }
                )
        if "hours_saved_per_year" in self.fields:
            self.fields["hours_saved_per_year"].widget.attrs["inputmode"] = "numeric"

    @staticmethod
    def initial_for(idea: Idea, season: Season) -> dict[str, Any]:
        initial = {name: getattr(idea, name) for name in content_fields(season)}
        initial["co_authors"] = [u.pk for u in idea.co_authors.all()]
        initial["version"] = idea.version
        return initial

    def clean(self):
        """A page shown after a stale save posts how the person resolved it: ``resolve``
        "mine" saves what they typed on top of the latest version (``base_version``, the
        one they compared against); "merge" also takes the latest saved value of each
        field they chose "theirs" for (``keep_<field>``, see ``IdeaConflictForm``)."""
        cleaned = super().clean()
        resolve = self.data.get("resolve")
        if self.idea is None or resolve not in ("mine", "merge"):
            return cleaned
        base = str(self.data.get("base_version", ""))
        if base.isdigit():
            cleaned["version"] = int(base)
        if resolve == "merge":
            for name in [*content_fields(self.season), "co_authors"]:
                if self.data.get(f"keep_{name}") == IdeaConflictForm.THEIRS:
                    cleaned[name] = _saved_value(self.idea, name)
        return cleaned

    def content(self) -> dict[str, Any]:
        """The cleaned content fields, as keyword arguments for the services."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "co_authors")
        }

    @property
    def is_benchmarking(self) -> bool:
        return self.season.kind == Season.Kind.BENCHMARKING

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in titled groups, as the page shows them."""
        groups: list[tuple[str, list[str]]] = [(_("기본 내용"), COMMON_TOP)]
        if self.is_benchmarking:
            groups.append((_("벤치마킹 출처"), BENCHMARKING_FIELDS))
        groups.append((_("현황과 개선 방안"), COMMON_BODY))
        if not self.is_benchmarking:
            groups.append((_("업무 개선"), WORK_REDUCTION_FIELDS))
        groups.append((_("추진 방식과 예산"), PATH_FIELDS))
        groups.append((_("함께 쓴 사람"), ["co_authors"]))
        return [(title, [self[name] for name in names]) for title, names in groups]


def _saved_value(idea: Idea, name: str) -> Any:
    if name == "co_authors":
        return list(idea.co_authors.all())
    return getattr(idea, name)


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, list):  # co-authors
        return sorted(u.pk for u in value)
    return value


class IdeaConflictForm(forms.Form):
    """After a stale save: each field where what the person typed differs from the latest
    saved version, as a choice between the two texts shown side by side (the page keeps
    the person's text in the idea form around it; their choices post with it)."""

    MINE = "mine"
    THEIRS = "theirs"
    field_group_class = "idea-field idea-conflict"

    def __init__(self, *, typed: IdeaForm, latest: Idea, **kwargs):
        super().__init__(**kwargs)
        self.base_version = latest.version
        for name in [*content_fields(typed.season), "co_authors"]:
            mine = typed.cleaned_data.get(name)
            if name == "co_authors":
                mine = list(mine or [])
            theirs = _saved_value(latest, name)
            if _comparable(mine) == _comparable(theirs):
                continue
            field = typed.fields[name]
            self.fields[f"keep_{name}"] = forms.ChoiceField(
                label=field.label,
                choices=[
                    (self.MINE, self._option(_("내가 쓴 내용"), field, mine)),
                    (self.THEIRS, self._option(_("먼저 저장된 내용"), field, theirs)),
                ],
                initial=self.MINE,
                widget=forms.RadioSelect,
                required=False,
            )

    @staticmethod
    def _option(title, field: forms.Field, value: Any) -> str:
        return format_html(
            '<span class="idea-conflict__option"><span class="idea-conflict__who">{}</span>'
            '<span class="idea-conflict__text">{}</span></span>',
            title,
            IdeaConflictForm._shown(field, value),
        )

    @staticmethod
    def _shown(field: forms.Field, value: Any) -> str:
        """The value as the person reads it on the page."""
        if value in (None, "", []):
            return str(_("(비어 있음)"))
        if isinstance(value, list):
            return ", ".join(u.full_name for u in value)
        if isinstance(field, KrwField):
            return f"{value:,}원"
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        return str(value)


def allowed_types_label() -> str:
    return ", ".join(sorted({ext.upper() for ext in ALLOWED if ext != "jpeg"}))


def max_size_label() -> str:
    return f"{max_attachment_bytes() // (1024 * 1024)} MB"


class AttachmentForm(forms.Form):
    field_group_class = "idea-field"

    file = forms.FileField(
        label=_("올릴 파일"),
        error_messages={
            "required": _("올릴 파일을 고르세요."),
            "empty": _("빈 파일은 올릴 수 없습니다."),
        },
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in sorted(ALLOWED))}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "올릴 수 있는 형식: %(types)s · 파일 하나에 %(size)s 이하"
        ) % {"types": allowed_types_label(), "size": max_size_label()}


class WithdrawForm(forms.Form):
    field_group_class = "idea-field"

    reason = forms.CharField(
        label=_("철회 사유"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input idea-textarea"}),
        help_text=_("선택 사항입니다. 처리 이력에 남습니다."),
    )


class ExemptionForm(forms.Form):
    field_group_class = "idea-field"

    reason = forms.ChoiceField(
        label=_("예외 사유"),
        choices=Exemption.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("예외 사유를 고르세요.")},
    )
    reason_text = forms.CharField(
        label=_("사유 설명"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "krds-input idea-textarea"}),
        help_text=_("‘기타’를 고른 경우 반드시 적습니다. 실·국장이 보고 승인 여부를 정합니다."),
    )
