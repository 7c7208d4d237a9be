from rest_framework import serializers

from departments.models import Division
from roadmap.models import (
    ActionPlan,
    Goal,
    IndicatorValue,
    PerformanceReport,
    Question,
    RoadmapVersion,
    Survey,
    Task,
    TaskUnit,
)


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "number", "title"]


class VersionSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = RoadmapVersion
        fields = ["id", "number", "title", "vision", "status", "previous", "created_at", "goals"]


class VersionCopySerializer(serializers.Serializer):
    number = serializers.CharField(max_length=10)
    title = serializers.CharField(max_length=200)


class UnitSerializer(serializers.ModelSerializer):
    division_name = serializers.CharField(source="division.name", read_only=True)

    class Meta:
        model = TaskUnit
        fields = ["division", "division_name", "is_lead", "part"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["year", "target", "actual"]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["year", "content"]


class TaskSerializer(serializers.ModelSerializer):
    goal_number = serializers.IntegerField(source="goal.number", read_only=True)
    version = serializers.IntegerField(source="goal.version_id", read_only=True)
    units = UnitSerializer(many=True, read_only=True)
    indicator_values = IndicatorValueSerializer(many=True, read_only=True)
    idea_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "version",
            "goal",
            "goal_number",
            "number",
            "title",
            "description",
            "status",
            "responsible",
            "indicator_name",
            "indicator_unit",
            "indicator_baseline",
            "indicator_direction",
            "units",
            "indicator_values",
            "idea_count",
        ]


class TaskDetailSerializer(TaskSerializer):
    plans = PlanSerializer(many=True, read_only=True)
    ideas = serializers.SerializerMethodField()
    rollout_plans = serializers.SerializerMethodField()

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "plans", "ideas", "rollout_plans"]

    def get_ideas(self, task) -> list[int]:
        return [link.idea_id for link in task.idea_links.all()]

    def get_rollout_plans(self, task) -> list[int]:
        """The rollout plans that carry the task forward."""
        return [link.plan_id for link in task.plan_links.all()]


class UnitInputSerializer(serializers.Serializer):
    division = serializers.PrimaryKeyRelatedField(queryset=Division.objects.active())
    is_lead = serializers.BooleanField(default=False)
    part = serializers.CharField(max_length=300, allow_blank=True, default="")


class TargetInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    target = serializers.DecimalField(max_digits=14, decimal_places=2)


class PlanInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    content = serializers.CharField(max_length=4000)


class TaskUpdateSerializer(serializers.ModelSerializer):
    """The task's fields and, when given, the whole new list of its owning units (a joint
    venture: one lead, each unit's part), yearly targets or yearly action plans."""

    units = UnitInputSerializer(many=True, required=False, help_text="추진 부서 전체 (주관 하나)")
    targets = TargetInputSerializer(many=True, required=False, help_text="연도별 목표 전체")
    plans = PlanInputSerializer(many=True, required=False, help_text="연도별 실천계획 전체")

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
            "units",
            "targets",
            "plans",
        ]


class IndicatorInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)


class LinkIdeaSerializer(serializers.Serializer):
    idea = serializers.IntegerField(min_value=1, max_value=2**62)


class LinkPlanSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=2**62)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceReport
        fields = [
            "id",
            "task",
            "year",
            "period",
            "summary",
            "status",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ]
        read_only_fields = fields


class ReportInputSerializer(serializers.Serializer):
    task = serializers.IntegerField(min_value=1, max_value=2**62)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    period = serializers.ChoiceField(choices=PerformanceReport.Period.choices)
    summary = serializers.CharField(max_length=4000)


class ReviewInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "order", "text", "kind"]


class SurveySerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "version", "title", "status", "created_at", "questions"]


class AnswerInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000),
        help_text="질문 id → 답 (척도는 1–5, 서술은 글)",
    )


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    texts = serializers.ListField(child=serializers.CharField())
