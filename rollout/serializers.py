"""Shapes of the rollout API: outputs, and the inputs the services take.

Input serializers check types and ranges only; the rules are the services' and come back
as ``BusinessRuleError`` (400/403/409 with the Korean message at the field).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from departments.models import Team, User
from ideas.serializers import PersonRefSerializer
from reviews.models import Directive
from rollout.models import (
    BudgetRound,
    BudgetTrack,
    CoOwner,
    CouncilSession,
    DirectiveFollowUp,
    ImmediateTrack,
    Kpi,
    Milestone,
    OrdinanceStep,
    OrdinanceTrack,
    ProgressReport,
    ReportAttachment,
    RolloutPlan,
)

MAX_AMOUNT = 10**15


def _number(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        coerce_to_string=False, max_digits=14, decimal_places=2, **kwargs
    )


class BudgetRoundSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = BudgetRound
        fields = [
            "id",
            "name",
            "fiscal_year",
            "kind",
            "number",
            "submission_date",
            "decision_date",
            "available_on",
        ]


class BudgetRoundInputSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=BudgetRound.Kind.choices)
    number = serializers.IntegerField(min_value=0, max_value=20, default=0)
    submission_date = serializers.DateField(required=False, allow_null=True)
    decision_date = serializers.DateField(required=False, allow_null=True)


class CouncilSessionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = CouncilSession
        fields = ["id", "name", "number", "kind", "starts_on", "ends_on", "submission_deadline"]


class CouncilSessionInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=32767)
    kind = serializers.ChoiceField(choices=CouncilSession.Kind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    submission_deadline = serializers.DateField(required=False, allow_null=True)


class CoOwnerSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = CoOwner
        fields = ["id", "plan", "team", "team_name", "share_percent", "role"]


class CoOwnerInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=RolloutPlan.objects.all())
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    share_percent = serializers.IntegerField(min_value=1, max_value=99)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ImmediateTrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImmediateTrack
        fields = ["done_by", "done_on", "evidence"]


class BudgetTrackSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = BudgetTrack
        fields = ["amount_requested", "budget_round", "status", "amount_secured", "warning"]


class BudgetTrackInputSerializer(serializers.Serializer):
    amount_requested = serializers.IntegerField(min_value=1, max_value=MAX_AMOUNT)
    budget_round = serializers.PrimaryKeyRelatedField(
        queryset=BudgetRound.objects.all(), required=False, allow_null=True
    )
    status = serializers.ChoiceField(
        choices=BudgetTrack.Status.choices, default=BudgetTrack.Status.REQUESTED
    )
    amount_secured = serializers.IntegerField(
        min_value=0, max_value=MAX_AMOUNT, required=False, allow_null=True
    )


class OrdinanceStepSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    plan = serializers.IntegerField(source="track.plan_id", read_only=True)

    class Meta:
        model = OrdinanceStep
        fields = [
            "id",
            "plan",
            "kind",
            "kind_label",
            "order",
            "planned_on",
            "planned_until",
            "actual_on",
        ]
        read_only_fields = ["kind", "order"]


class OrdinanceStepInputSerializer(serializers.Serializer):
    planned_on = serializers.DateField(required=False, allow_null=True)
    planned_until = serializers.DateField(required=False, allow_null=True)
    actual_on = serializers.DateField(required=False, allow_null=True)


class OrdinanceTrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrdinanceTrack
        fields = ["ordinance_name", "target_session", "warning"]


class OrdinanceTrackInputSerializer(serializers.Serializer):
    ordinance_name = serializers.CharField(max_length=200)
    target_session = serializers.PrimaryKeyRelatedField(
        queryset=CouncilSession.objects.all(), required=False, allow_null=True
    )


class ImmediateTrackInputSerializer(serializers.Serializer):
    done_by = serializers.DateField(required=False, allow_null=True)
    done_on = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="RolloutPlan")
class PlanSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="idea.title", read_only=True)
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    health = serializers.CharField(read_only=True)
    health_label = serializers.SerializerMethodField()
    health_reason = serializers.SerializerMethodField()
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    lead_team_name = serializers.CharField(source="lead_team.name", read_only=True)
    last_progress = serializers.IntegerField(read_only=True, allow_null=True)
    budget = BudgetTrackSerializer(read_only=True, allow_null=True)
    ordinance = OrdinanceTrackSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RolloutPlan
        fields = [
            "id",
            "idea",
            "title",
            "season",
            "bureau",
            "bureau_name",
            "lead_team",
            "lead_team_name",
            "responsible_person",
            "path_immediate",
            "path_budget",
            "path_ordinance",
            "status",
            "status_label",
            "health",
            "health_label",
            "health_reason",
            "start_date",
            "target_date",
            "goal",
            "method",
            "schedule",
            "budget_text",
            "expected_effect",
            "adopted_on",
            "due_date",
            "cannot_reason",
            "completed_on",
            "version",
            "last_progress",
            "budget",
            "ordinance",
        ]

    def get_health_label(self, plan) -> str:
        return str(RolloutPlan.Health(plan.health).label)

    def get_health_reason(self, plan) -> str:
        from rollout.selectors import health_reason

        return health_reason(plan)

    def to_representation(self, plan):
        data = super().to_representation(plan)
        from rollout.selectors import _has

        data["budget"] = BudgetTrackSerializer(plan.budget).data if _has(plan, "budget") else None
        data["ordinance"] = (
            OrdinanceTrackSerializer(plan.ordinance).data if _has(plan, "ordinance") else None
        )
        return data


class PlanUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    path_immediate = serializers.BooleanField(required=False)
    path_budget = serializers.BooleanField(required=False)
    path_ordinance = serializers.BooleanField(required=False)
    start_date = serializers.DateField(required=False, allow_null=True)
    target_date = serializers.DateField(required=False, allow_null=True)
    goal = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    method = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    schedule = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    budget_text = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    expected_effect = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class CannotReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class CannotDecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "plan", "order", "title", "due_on", "done_on", "note", "evidence"]


class MilestoneInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=RolloutPlan.objects.all())
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class MilestoneDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    evidence = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class KpiSerializer(serializers.ModelSerializer):
    baseline = _number()
    target = _number()
    direction = serializers.CharField(read_only=True)

    class Meta:
        model = Kpi
        fields = ["id", "plan", "name", "unit", "baseline", "target", "direction"]


class KpiInputSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=RolloutPlan.objects.all())
    name = serializers.CharField(max_length=100)
    unit = serializers.CharField(max_length=20)
    baseline = _number()
    target = _number()
    direction = serializers.ChoiceField(choices=Kpi.Direction.choices, default=Kpi.Direction.HIGHER)


class KpiActualSerializer(serializers.Serializer):
    kpi = serializers.IntegerField(source="kpi_id")
    value = _number()


@extend_schema_serializer(component_name="ProgressReport")
class ReportSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    actuals = KpiActualSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "plan",
            "period_end",
            "due_on",
            "status",
            "status_label",
            "progress_percent",
            "done_text",
            "problems",
            "next_steps",
            "filed_at",
            "reviewed_at",
            "send_back_reason",
            "version",
            "actuals",
        ]


class ReportAttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = PersonRefSerializer(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = [
            "id",
            "report",
            "original_name",
            "size",
            "content_type",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, attachment: ReportAttachment) -> str:
        return f"/api/v1/progress-reports/{attachment.report_id}/attachments/{attachment.pk}/"


class ReportUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    progress_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    done_text = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    problems = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    next_steps = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    actuals = serializers.DictField(child=_number(allow_null=True), required=False)


class ReportReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DirectiveFollowUpSerializer(serializers.ModelSerializer):
    idea = serializers.IntegerField(source="directive.idea_id", read_only=True)
    text = serializers.CharField(source="directive.text", read_only=True)

    class Meta:
        model = DirectiveFollowUp
        fields = [
            "id",
            "directive",
            "idea",
            "text",
            "plan",
            "status",
            "due_on",
            "notes",
            "drop_reason",
            "updated_at",
        ]


class DirectiveFollowUpInputSerializer(serializers.Serializer):
    directive = serializers.PrimaryKeyRelatedField(queryset=Directive.objects.all())
    status = serializers.ChoiceField(choices=DirectiveFollowUp.Status.choices)
    due_on = serializers.DateField()
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    drop_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    plan = serializers.PrimaryKeyRelatedField(
        queryset=RolloutPlan.objects.all(), required=False, allow_null=True, default=None
    )
