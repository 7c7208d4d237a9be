"""Forms of the review pages.

They check the shape of the input only (numbers are numbers, a reason is text). The rules
(a score within its criterion's maximum, no reviewer from the idea's own bureau, a change
of decision needs its reason, criteria frozen once scoring started) are the services';
their ``BusinessRuleError`` comes back onto these fields through ``apply_rule_error``.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.forms import apply_rule_error  # noqa: F401  (the pages import it from here)
from departments.models import Bureau, Division
from ideas.models import Idea
from reviews import selectors, services
from reviews.models import Criterion, Decision, ReviewRound

SELECT = {"class": "krds-form-select"}
INPUT = {"class": "krds-input"}


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "krds-input rv-textarea", "rows": rows})


class ScoreInput(forms.TextInput):
    """A score typed as text: whatever was typed comes back on an error (a number input
    would drop "12점" silently), and phones still offer the number pad."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "class": "krds-input rv-score__input",
                "inputmode": "decimal",
                "autocomplete": "off",
                **(attrs or {}),
            }
        )


# Rounds and criteria (planning office) -------------------------------------------------


class RoundForm(forms.Form):
    field_group_class = "rv-field"

    name = forms.CharField(
        label=_("심사 이름"),
        max_length=100,
        help_text=_("예: 1차 서면 심사, 최종 심사"),
        error_messages={"required": _("심사 이름을 입력하세요.")},
        widget=forms.TextInput(attrs=INPUT),
    )
    order = forms.IntegerField(
        label=_("차수"),
        min_value=1,
        max_value=20,
        initial=1,
        widget=forms.NumberInput(attrs=INPUT),
    )
    reviewers_per_idea = forms.IntegerField(
        label=_("아이디어당 심사위원 수"),
        min_value=1,
        max_value=20,
        initial=3,
        help_text=_("자동 배정이 아이디어마다 배정하는 심사위원 수입니다."),
        widget=forms.NumberInput(attrs=INPUT),
    )
    disagreement_threshold = forms.DecimalField(
        label=_("의견 차이 기준(표준편차)"),
        min_value=Decimal("0"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("15"),
        help_text=_(
            "심사위원 합계 점수(100점 만점)의 표준편차가 이 값을 넘으면 ‘의견 차이’로 표시합니다."
        ),
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "decimal"}),
    )

    @classmethod
    def initial_for(cls, review_round: ReviewRound) -> dict:
        return {name: getattr(review_round, name) for name in cls.base_fields}


class CriterionForm(forms.Form):
    name = forms.CharField(
        label=_("기준"),
        max_length=50,
        error_messages={"required": _("기준 이름을 입력하세요.")},
        widget=forms.TextInput(attrs=INPUT),
    )
    description = forms.CharField(
        label=_("설명"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT)
    )
    weight = forms.DecimalField(
        label=_("가중치"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"required": _("가중치를 입력하세요.")},
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "decimal"}),
    )
    max_score = forms.IntegerField(
        label=_("배점"),
        min_value=1,
        max_value=1000,
        error_messages={"required": _("배점을 입력하세요.")},
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "numeric"}),
    )

    @staticmethod
    def initial_for(criterion: Criterion) -> dict:
        return {
            "name": criterion.name,
            "description": criterion.description,
            "weight": criterion.weight,
            "max_score": criterion.max_score,
        }


class BaseCriterionFormSet(forms.BaseFormSet):
    def criteria(self) -> list[dict]:
        """The criteria kept (not deleted, not blank), in the order shown, for the service."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and not form.initial:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            kept.append({**data, "order": len(kept) + 1})
        return kept


CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)


# Assignments ----------------------------------------------------------------------------


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        bureau = user.bureau.name if user.bureau_id else _("소속 없음")
        return f"{user.full_name} ({bureau})"


class IdeaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, idea):
        return f"{idea.reference_number} {idea.title} ({idea.bureau_name})"


class AssignmentForm(forms.Form):
    field_group_class = "rv-field"

    idea = IdeaChoiceField(
        label=_("아이디어"),
        queryset=Idea.objects.none(),
        empty_label=_("아이디어를 고르세요"),
        error_messages={"required": _("아이디어를 고르세요.")},
        widget=forms.Select(attrs=SELECT),
    )
    reviewer = ReviewerChoiceField(
        label=_("심사위원"),
        queryset=get_user_model()._default_manager.none(),
        empty_label=_("심사위원을 고르세요"),
        error_messages={"required": _("심사위원을 고르세요.")},
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, review_round: ReviewRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = (
            Idea.objects.submitted()
            .filter(season_id=review_round.season_id)
            .order_by("reference_number")
        )
        self.fields["reviewer"].queryset = (
            services.reviewer_pool().select_related("bureau").order_by("full_name")
        )


class AutoAssignForm(forms.Form):
    field_group_class = "rv-field"

    per_idea = forms.IntegerField(
        label=_("아이디어당 심사위원 수"),
        min_value=1,
        max_value=20,
        error_messages={"required": _("아이디어당 심사위원 수를 입력하세요.")},
        widget=forms.NumberInput(attrs=INPUT),
    )


# The review screen ---------------------------------------------------------------------


def score_field_name(criterion: Criterion) -> str:
    """The field's name is the key the services use for its errors (``score_<id>``)."""
    return f"score_{criterion.pk}"


class EvaluationForm(forms.Form):
    """One input per criterion and a comment; every score optional so a draft saves part."""

    field_group_class = "rv-field"

    comment = forms.CharField(
        label=_("심사 의견"),
        required=False,
        max_length=4000,
        widget=_textarea(4),
        help_text=_("선택 사항입니다. 심사가 마감된 뒤 기획조정실과 다른 심사위원이 봅니다."),
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for criterion in criteria:
            fields[score_field_name(criterion)] = forms.DecimalField(
                label=criterion.name,
                required=False,
                max_digits=5,
                decimal_places=2,
                # The range is the service's rule; the attributes only inform the browser.
                widget=ScoreInput(attrs={"aria-describedby": f"score-help-{criterion.pk}"}),
                error_messages={
                    "invalid": _("점수는 숫자로 입력하세요. 예: 8 또는 7.5"),
                    "max_decimal_places": _("점수는 소수점 둘째 자리까지 입력하세요."),
                    "max_digits": _("점수가 너무 큽니다."),
                    "max_whole_digits": _("점수가 너무 큽니다."),
                },
            )
        # Scores first, in the criteria's order, then the comment: the Tab order of the page.
        self.fields = {**fields, "comment": self.fields["comment"]}

    @staticmethod
    def initial_for(evaluation) -> dict:
        if evaluation is None:
            return {}
        # 8.00 comes back as 8 and 7.50 as 7.5: what the reviewer typed, not the column's scale.
        initial = {
            f"score_{s.criterion_id}": s.value.quantize(Decimal(1))
            if s.value == s.value.to_integral_value()
            else s.value.normalize()
            for s in evaluation.scores.all()
        }
        initial["comment"] = evaluation.comment
        return initial

    def scores(self) -> dict[int, Decimal]:
        """The scores typed, keyed by criterion id, blanks left out (a draft may lack some)."""
        return {
            criterion.pk: self.cleaned_data[score_field_name(criterion)]
            for criterion in self.criteria
            if self.cleaned_data.get(score_field_name(criterion)) is not None
        }

    def score_rows(self):
        """(criterion, bound field) pairs, as the page lays them out."""
        return [(c, self[score_field_name(c)]) for c in self.criteria]


# Ranking and decisions -----------------------------------------------------------------


class RankingOrder(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[
                ("raw", _("평균 점수순")),
                ("normalised", _("보정 점수순(심사위원별 편차 보정)")),
            ],
            **kwargs,
        )


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, review_round):
        return f"{review_round.season.name} · {review_round.name}"


class RankingFilterForm(forms.Form):
    """The ranking's filters. The season and round are one choice (a round belongs to one
    season, so to one kind); the rest narrow the round's rows."""

    round = RoundChoiceField(
        label=_("시즌 · 심사 차수"),
        queryset=ReviewRound.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.Select(attrs=SELECT),
    )
    order = RankingOrder(label=_("정렬"), required=False, widget=forms.Select(attrs=SELECT))
    bureau = forms.ModelChoiceField(
        label=_("실·국"),
        queryset=Bureau.objects.order_by("display_order", "name"),
        required=False,
        empty_label=_("전체"),
        widget=forms.Select(attrs=SELECT),
    )
    path = forms.ChoiceField(
        label=_("추진 방식"),
        required=False,
        choices=[("", _("전체")), *Idea.Path.choices],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rounds is not None:
            field = self.fields["round"]
            field.queryset = rounds
            # Read once: the widget would otherwise run the query for each look at its
            # choices (rendering, and again to decide on the "required" attribute).
            field.choices = [(r.pk, field.label_from_instance(r)) for r in rounds]

    def other_round(self, current: ReviewRound) -> ReviewRound | None:
        """The round chosen when it is not the one shown (the page moves there)."""
        chosen = self.cleaned_data.get("round") if self.is_valid() else None
        return chosen if chosen is not None and chosen.pk != current.pk else None

    def selection(self) -> dict:
        data = dict(self.cleaned_data) if self.is_valid() else {}
        return {
            "order": data.get("order") or "raw",
            "bureau": data.get("bureau"),
            "path": data.get("path") or None,
        }


class SelectTopForm(forms.Form):
    field_group_class = "rv-field"

    n = forms.IntegerField(
        label=_("채택할 건수"),
        min_value=1,
        max_value=1000,
        error_messages={"required": _("채택할 건수를 입력하세요.")},
        widget=forms.NumberInput(attrs=INPUT),
    )
    order = RankingOrder(label=_("순위 기준"), widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(
        label=_("사유"),
        max_length=2000,
        error_messages={"required": _("채택 사유를 입력하세요.")},
        widget=_textarea(2),
        help_text=_("예: 2022년 최종 심사 결과 상위 15건 채택"),
    )
    include_incomplete = forms.BooleanField(
        label=_("평가 미완료 아이디어도 포함"),
        required=False,
        help_text=_(
            "고르지 않으면 배정된 평가가 모두 제출되지 않은 아이디어는 건너뛰고 다음 순위를 채택합니다."
        ),
    )


class DecisionForm(forms.Form):
    field_group_class = "rv-field"

    outcome = forms.ChoiceField(
        label=_("결과"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("결과를 고르세요.")},
    )
    implementation_path = forms.ChoiceField(
        label=_("추진 방식"),
        required=False,
        choices=[("", _("선택하세요")), *Idea.Path.choices],
        widget=forms.Select(attrs=SELECT),
        help_text=_("채택·조건부 채택이면 반드시 고릅니다."),
    )
    conditions = forms.CharField(
        label=_("채택 조건"),
        required=False,
        widget=_textarea(2),
        help_text=_("조건부 채택이면 반드시 적습니다."),
    )
    reason = forms.CharField(
        label=_("사유"),
        widget=_textarea(3),
        error_messages={"required": _("결정 사유를 입력하세요.")},
    )
    change_reason = forms.CharField(
        label=_("변경 사유"),
        required=False,
        widget=_textarea(2),
        help_text=_("이미 내린 결정을 바꾸는 경우 반드시 적습니다. 이전 결정은 이력에 남습니다."),
    )

    def __init__(self, *args, changing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not changing:
            del self.fields["change_reason"]

    @staticmethod
    def initial_for(decision: Decision | None, idea: Idea) -> dict:
        if decision is None:
            return {"implementation_path": idea.implementation_path}
        return {
            "outcome": decision.outcome,
            "implementation_path": decision.implementation_path,
            "conditions": decision.conditions,
        }


class BulkDecisionForm(DecisionForm):
    """One outcome with one reason for the ideas picked on the ranking: the decision's
    fields, with the ideas to decide in front."""

    field_order = ["ideas"]

    ideas = forms.MultipleChoiceField(
        label=_("결정할 아이디어"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("결정할 아이디어를 고르세요.")},
    )

    def __init__(self, *args, review_round: ReviewRound, picked: list[int], **kwargs):
        super().__init__(*args, changing=True, **kwargs)
        path, reason = self.fields["implementation_path"], self.fields["reason"]
        path.choices = [("", _("각 아이디어가 제안한 방식")), *Idea.Path.choices]
        path.help_text = _("채택·조건부 채택에만 쓰입니다.")
        reason.help_text = _("고른 아이디어 모두에 같은 사유가 기록됩니다.")
        reason.validators.append(MaxLengthValidator(2000))
        reason.widget.attrs["maxlength"] = "2000"
        self.fields["change_reason"].help_text = _(
            "이미 결정된 아이디어가 있으면 반드시 적습니다. 이전 결정은 이력에 남습니다."
        )
        # Only the ideas picked on the ranking are offered (a round may review thousands),
        # each with its decision in force, so the page shows what the choice replaces. They
        # are read once: the posted choice is checked against them, not read again.
        ideas = list(
            selectors.round_ideas_for_decision(review_round=review_round).filter(pk__in=picked)
        )
        self.current = {
            d.idea_id: d
            for d in selectors.decisions_current(review_round=review_round).filter(
                idea_id__in=[i.pk for i in ideas]
            )
        }
        self.fields["ideas"].choices = [(str(i.pk), self._label(i)) for i in ideas]
        self.picked = ideas

    def clean_ideas(self) -> list[Idea]:
        chosen = set(self.cleaned_data["ideas"])
        return [idea for idea in self.picked if str(idea.pk) in chosen]

    def _label(self, idea: Idea) -> str:
        decision = self.current.get(idea.pk)
        now = decision.get_outcome_display() if decision else _("미정")
        return f"{idea.reference_number} {idea.title} ({_('현재')}: {now})"


# Directives ------------------------------------------------------------------------------


class DivisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, division):
        return division.name


class DirectiveForm(forms.Form):
    field_group_class = "rv-field"

    text = forms.CharField(
        label=_("지시 내용"),
        widget=_textarea(4),
        error_messages={"required": _("지시 내용을 입력하세요.")},
    )
    responsible_bureau = forms.ModelChoiceField(
        label=_("담당 실·국"),
        queryset=Bureau.objects.active().order_by("display_order", "name"),
        empty_label=_("실·국을 고르세요"),
        error_messages={"required": _("담당 실·국을 고르세요.")},
        widget=forms.Select(attrs=SELECT),
    )
    responsible_division = forms.ModelChoiceField(
        label=_("담당 과"),
        queryset=Division.objects.active().select_related("bureau"),
        required=False,
        empty_label=_("정하지 않음"),
        widget=forms.Select(attrs=SELECT),
        help_text=_("선택 사항입니다. 고른 실·국 아래의 과를 고릅니다."),
    )
    due_date = forms.DateField(
        label=_("처리 기한"),
        widget=forms.DateInput(attrs={**INPUT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("처리 기한을 입력하세요."),
            "invalid": _("처리 기한을 2025-10-31처럼 입력하세요."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_division"]
        # Grouped by bureau (<optgroup>): the list reads without JavaScript.
        groups: dict[str, list] = {}
        for division in field.queryset.order_by(
            "bureau__display_order", "bureau__name", "display_order", "name"
        ):
            groups.setdefault(division.bureau.name, []).append((division.pk, division.name))
        field.choices = [("", field.empty_label), *groups.items()]
