"""Shapes of the review API: outputs, and the inputs the services take.

As in ``ideas.serializers``: input serializers check types and lengths only; every rule
(who, when, conflicts of interest, score ranges, reasons for a change) is the services' and
comes back as a ``BusinessRuleError``. States in outputs are plain strings with a
``*_label`` beside them; enums are declared on inputs only.

Weights, scores and totals are JSON numbers (not DRF's default decimal strings): a client
adds and compares them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from departments.models import Bureau, Division, User
from ideas.models import Idea, Season
from ideas.serializers import PersonRefSerializer, _states
from reviews.models import Assignment, Criterion, Decision, Directive, Evaluation, ReviewRound
from reviews.selectors import NOT_STARTED


def _number(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(coerce_to_string=False, **kwargs)


class IdeaRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference_number = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    team_name = serializers.CharField()
    bureau = serializers.IntegerField(source="bureau_id")
    bureau_name = serializers.CharField()


# Rounds and criteria ---------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    weight = _number(max_digits=5, decimal_places=2, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "max_score", "order"]
        read_only_fields = fields


class ReviewRoundSerializer(serializers.ModelSerializer):
    season_name = serializers.CharField(source="season.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_states(ReviewRound.Status.choices))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    disagreement_threshold = _number(
        max_digits=5,
        decimal_places=2,
        read_only=True,
        help_text="심사위원 합계(100점 기준)의 표준편차가 이보다 크면 의견 차이로 표시",
    )
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewRound
        fields = [
            "id",
            "season",
            "season_name",
            "name",
            "order",
            "status",
            "status_label",
            "reviewers_per_idea",
            "disagreement_threshold",
            "opened_at",
            "closed_at",
            "decisions_published_at",
            "created_at",
            "criteria",
        ]
        read_only_fields = fields


class CriterionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    weight = _number(max_digits=5, decimal_places=2, min_value=0, help_text="가중치(0보다 큼)")
    max_score = serializers.IntegerField(min_value=1, max_value=1000, help_text="배점")


class CriteriaReplaceSerializer(serializers.Serializer):
    criteria = CriterionInputSerializer(
        many=True, help_text="이 차수의 기준 전체(보낸 목록으로 바뀝니다, 순서대로)"
    )


class ReviewRoundInputSerializer(serializers.ModelSerializer):
    """A round as the planning office creates it or (partially) edits it."""

    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    disagreement_threshold = _number(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="심사위원 합계(100점 기준)의 표준편차 기준; 빠지면 15",
    )
    criteria = CriterionInputSerializer(
        many=True,
        required=False,
        help_text="만들 때만: 심사 기준(빠지면 기본 기준 다섯 가지)",
    )

    class Meta:
        model = ReviewRound
        fields = [
            "season",
            "name",
            "order",
            "reviewers_per_idea",
            "disagreement_threshold",
            "criteria",
        ]
        extra_kwargs = {
            "order": {"min_value": 1, "max_value": 99},
            "reviewers_per_idea": {"min_value": 1, "max_value": 20},
        }
        # The unique order in a season is the service's rule (with its Korean message).
        validators = []


class ReviewRoundUpdateSerializer(ReviewRoundInputSerializer):
    season = None  # a round stays in its season
    criteria = None  # replaced through PUT …/criteria/

    class Meta(ReviewRoundInputSerializer.Meta):
        fields = ["name", "order", "reviewers_per_idea", "disagreement_threshold"]


# Ranking ---------------------------------------------------------------------------


class RankingQuerySerializer(serializers.Serializer):
    order = serializers.ChoiceField(
        choices=[("raw", _("원점수")), ("normalised", _("심사위원별 표준화 점수"))],
        required=False,
        default="raw",
        help_text="`raw` 가중 합계 평균 순, `normalised` 심사위원별 표준화 점수 순",
    )
    bureau = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="실·국 id"
    )
    kind = serializers.ChoiceField(choices=Season.Kind.choices, required=False)
    path = serializers.ChoiceField(choices=Idea.Path.choices, required=False, help_text="추진 방식")


class RankingRowSerializer(serializers.Serializer):
    """A line of ``selectors.ranking``."""

    rank = serializers.IntegerField(
        help_text="라운드 전체에서의 순위(같은 점수는 같은 순위, 제출된 평가가 없으면 맨 뒤)"
    )
    idea = serializers.IntegerField(source="idea_id", help_text="아이디어 id")
    reference_number = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    team_name = serializers.CharField()
    bureau = serializers.IntegerField(source="bureau_id")
    bureau_name = serializers.CharField()
    implementation_path = serializers.CharField(
        help_text=_states(Idea.Path.choices) + "; 고르지 않았으면 빈 값"
    )
    implementation_path_label = serializers.CharField()
    mean_total = _number(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text="제출된 평가의 가중 합계(100점) 평균; 제출된 평가가 없으면 null",
    )
    normalised = _number(
        max_digits=8,
        decimal_places=4,
        allow_null=True,
        help_text="심사위원마다 표준화한 점수(z 점수)의 평균: 후하거나 박한 심사위원의 차이를 "
        "덜어 냅니다",
    )
    submitted_count = serializers.IntegerField(help_text="제출된 평가 수")
    missing_count = serializers.IntegerField(help_text="배정됐지만 아직 제출되지 않은 평가 수")
    spread = _number(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text="심사위원 합계의 표준편차",
    )
    disagreement = serializers.BooleanField(help_text="표준편차가 차수의 의견 차이 기준을 넘는지")


class SelectTopSerializer(serializers.Serializer):
    n = serializers.IntegerField(min_value=1, max_value=1000, help_text="상위 몇 건")
    order = serializers.ChoiceField(
        choices=[("raw", _("원점수")), ("normalised", _("심사위원별 표준화 점수"))],
        required=False,
        default="raw",
    )
    outcome = serializers.ChoiceField(
        choices=Decision.Outcome.choices, required=False, default=Decision.Outcome.ADOPT
    )
    reason = serializers.CharField(allow_blank=True, help_text="결정 사유(모든 건에 같이 기록)")
    conditions = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="조건부 채택이면 필수"
    )
    include_incomplete = serializers.BooleanField(
        required=False,
        default=False,
        help_text="참이면 배정된 평가가 모두 제출되지 않은 아이디어도 순위대로 채택합니다 "
        "(기본: 건너뛰고 다음 순위)",
    )


# Assignments -----------------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    round_name = serializers.CharField(source="round.name", read_only=True)
    idea = IdeaRefSerializer(read_only=True)
    reviewer = PersonRefSerializer(read_only=True)
    method = serializers.CharField(read_only=True, help_text=_states(Assignment.Method.choices))
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    assigned_by = PersonRefSerializer(read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "round",
            "round_name",
            "idea",
            "reviewer",
            "method",
            "method_label",
            "assigned_by",
            "assigned_at",
        ]
        read_only_fields = fields


class AssignmentCreateSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=ReviewRound.objects.all())
    idea = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.all())
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), help_text="심사위원 직원의 id"
    )


class AssignmentsAutoSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=ReviewRound.objects.all())
    per_idea = serializers.IntegerField(
        min_value=1,
        max_value=20,
        required=False,
        help_text="아이디어당 심사위원 수(빠지면 차수의 설정)",
    )


# Evaluations -----------------------------------------------------------------------

NULLABLE_DATETIME = {"type": "string", "format": "date-time", "nullable": True}
EVALUATION_STATES = [(NOT_STARTED, _("시작 전")), *Evaluation.Status.choices]


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    criterion_name = serializers.CharField(source="criterion.name")
    value = _number(max_digits=5, decimal_places=2)


class EvaluationSerializer(serializers.Serializer):
    """A reviewer's evaluation of one idea, addressed by its assignment (``id``); before the
    reviewer saves anything it is ``not_started`` with no scores."""

    id = serializers.IntegerField(help_text="배정 id")
    round = serializers.IntegerField(source="round_id")
    round_name = serializers.CharField(source="round.name")
    round_status = serializers.CharField(
        source="round.status", help_text=_states(ReviewRound.Status.choices)
    )
    idea = IdeaRefSerializer()
    reviewer = PersonRefSerializer()
    status = serializers.SerializerMethodField(help_text=_states(EVALUATION_STATES))
    status_label = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField(help_text="제출하면 매겨지는 가중 합계(100점)")
    submitted_at = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()

    @staticmethod
    def _evaluation(assignment: Assignment) -> Evaluation | None:
        try:
            return assignment.evaluation
        except Evaluation.DoesNotExist:
            return None

    def get_status(self, assignment) -> str:
        evaluation = self._evaluation(assignment)
        return evaluation.status if evaluation else NOT_STARTED

    def get_status_label(self, assignment) -> str:
        return str(dict(EVALUATION_STATES)[self.get_status(assignment)])

    @extend_schema_field(ScoreSerializer(many=True))
    def get_scores(self, assignment) -> list:
        evaluation = self._evaluation(assignment)
        scores = evaluation.scores.all() if evaluation else []  # prefetched
        return ScoreSerializer(scores, many=True).data

    def get_comment(self, assignment) -> str:
        evaluation = self._evaluation(assignment)
        return evaluation.comment if evaluation else ""

    @extend_schema_field(
        {"type": "number", "format": "double", "nullable": True, "minimum": 0, "maximum": 100}
    )
    def get_total(self, assignment):
        evaluation = self._evaluation(assignment)
        return float(evaluation.total) if evaluation and evaluation.total is not None else None

    @extend_schema_field(NULLABLE_DATETIME)
    def get_submitted_at(self, assignment):
        evaluation = self._evaluation(assignment)
        return serializers.DateTimeField().to_representation(
            evaluation.submitted_at if evaluation else None
        )

    @extend_schema_field(NULLABLE_DATETIME)
    def get_updated_at(self, assignment):
        evaluation = self._evaluation(assignment)
        return serializers.DateTimeField().to_representation(
            evaluation.updated_at if evaluation else None
        )


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "number", "nullable": True, "minimum": 0},
        "example": {"12": 8, "13": 7.5},
    }
)
class ScoresField(serializers.DictField):
    """Criterion id → score. Each value is checked by the service (a number, 0 … the
    criterion's max score, two decimals at most), so that every refusal comes back at
    ``score_<criterion id>`` whatever was wrong with it; null clears a draft's score."""

    child = serializers.JSONField(allow_null=True)


class EvaluationInputSerializer(serializers.Serializer):
    scores = ScoresField(help_text="기준 id → 점수(0 ~ 배점). 임시 저장은 일부만 보내도 됩니다")
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text="심사 의견"
    )


class ProgressQuerySerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(
        queryset=ReviewRound.objects.all(), help_text="심사 차수 id"
    )


class QueueProgressSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    submitted = serializers.IntegerField(help_text="제출한 평가 수")
    assigned = serializers.IntegerField(help_text="배정받은 아이디어 수")


# Decisions -------------------------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer):
    round_name = serializers.CharField(source="round.name", read_only=True)
    idea = IdeaRefSerializer(read_only=True)
    outcome = serializers.CharField(read_only=True, help_text=_states(Decision.Outcome.choices))
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    implementation_path = serializers.CharField(
        read_only=True, help_text=_states(Idea.Path.choices) + "; 채택이 아니면 빈 값"
    )
    implementation_path_label = serializers.CharField(
        source="get_implementation_path_display", read_only=True
    )
    decided_by = PersonRefSerializer(read_only=True)
    is_published = serializers.SerializerMethodField(help_text="차수의 결과가 공개됐는지")

    class Meta:
        model = Decision
        fields = [
            "id",
            "round",
            "round_name",
            "idea",
            "outcome",
            "outcome_label",
            "implementation_path",
            "implementation_path_label",
            "conditions",
            "reason",
            "change_reason",
            "is_current",
            "previous",
            "decided_by",
            "decided_at",
            "is_published",
        ]
        read_only_fields = fields

    def get_is_published(self, decision: Decision) -> bool:
        return decision.round.decisions_published_at is not None


class DecisionInputSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=ReviewRound.objects.all())
    idea = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.all())
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    reason = serializers.CharField(allow_blank=True, help_text="결정 사유")
    implementation_path = serializers.ChoiceField(
        choices=Idea.Path.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="채택·조건부 채택이면 필수",
    )
    conditions = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="조건부 채택이면 필수"
    )
    change_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="이미 결정이 있는 아이디어의 결정을 바꿀 때 필수",
    )


class DecisionHistoryQuerySerializer(serializers.Serializer):
    idea = serializers.IntegerField(min_value=1, help_text="아이디어 id")


# Directives ------------------------------------------------------------------------


class DirectiveSerializer(serializers.ModelSerializer):
    idea = IdeaRefSerializer(read_only=True)
    responsible_bureau_name = serializers.CharField(
        source="responsible_bureau.name", read_only=True
    )
    responsible_division_name = serializers.CharField(
        source="responsible_division.name", read_only=True, allow_null=True
    )
    recorded_by = PersonRefSerializer(read_only=True)

    class Meta:
        model = Directive
        fields = [
            "id",
            "idea",
            "text",
            "responsible_bureau",
            "responsible_bureau_name",
            "responsible_division",
            "responsible_division_name",
            "due_date",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class DirectiveInputSerializer(serializers.Serializer):
    idea = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.all())
    text = serializers.CharField(max_length=5000, help_text="지시 내용")
    responsible_bureau = serializers.PrimaryKeyRelatedField(queryset=Bureau.objects.all())
    responsible_division = serializers.PrimaryKeyRelatedField(
        queryset=Division.objects.all(), required=False, allow_null=True, default=None
    )
    due_date = serializers.DateField(help_text="처리 기한")

    def validate_due_date(self, value):
        # A typo guard, as for season dates: RFC 3339 and the database agree in this range.
        if not 2000 <= value.year < 2100:
            raise serializers.ValidationError(_("2000년부터 2099년 사이의 날짜를 입력하세요."))
        return value


class DirectiveUpdateSerializer(DirectiveInputSerializer):
    idea = None  # a directive stays with its idea
