"""Shapes of the award API. Inputs check types and ranges; the rules are the services'."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from awards.models import AwardGrade, AwardRound, Nomination, OutcomeMeasurement, PointEntry
from departments.models import Bureau, Division
from ideas.models import Idea
from visits.models import Visit

HOURS = {"max_digits": 9, "decimal_places": 1, "min_value": Decimal("0")}
POINTS = {"max_digits": 6, "decimal_places": 2, "min_value": Decimal("0")}
OUTCOMES_HELP = (
    "추천을 뒷받침하는 업무 감축 성과 측정 id 목록: 실·국장이 검증한, 추천하는 과(실·국 "
    "단위 추천이면 그 실·국)의 과제 성과만."
)
KRW = {"min_value": 0, "max_value": 10**13}


class AwardGradeSerializer(serializers.ModelSerializer):
    unit_points = serializers.DecimalField(**POINTS)
    personal_points = serializers.DecimalField(**POINTS)
    prize_krw = serializers.IntegerField(**KRW)
    rank = serializers.IntegerField(min_value=1, max_value=100)

    class Meta:
        model = AwardGrade
        fields = ["id", "name", "rank", "prize_krw", "unit_points", "personal_points"]


class AwardRoundSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = AwardRound
        fields = [
            "id",
            "title",
            "period_start",
            "period_end",
            "nomination_deadline",
            "award_date",
            "status",
            "status_label",
            "announcement",
            "announced_at",
            "imported",
        ]
        read_only_fields = fields


class AwardRoundCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    nomination_deadline = serializers.DateField()


class AnnounceSerializer(serializers.Serializer):
    award_date = serializers.DateField()
    announcement = serializers.CharField(required=False, allow_blank=True, default="")


class NominationSerializer(serializers.ModelSerializer):
    grade_name = serializers.CharField(source="grade.name", read_only=True, default=None)
    outcome_hours = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="연결된 검증 성과의 검증된 연간 절감 시간 합계(연결이 없으면 null).",
    )
    evidence_name = serializers.CharField(read_only=True, help_text="증빙 자료를 올린 파일 이름.")
    evidence_url = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="증빙 자료 내려받기 주소(없으면 null).")
    )
    def get_evidence_url(self, nomination) -> str | None:
        if not nomination.evidence:
            return None
        return reverse("awards:evidence_download", args=[nomination.pk])

    class Meta:
        model = Nomination
        fields = [
            "id",
            "round",
            "bureau",
            "division",
            "unit_name",
            "citation",
            "results",
            "money_secured_krw",
            "verified_hours",
            "visit",
            "outcomes",
            "outcome_hours",
            "evidence_name",
            "evidence_url",
            "grade",
            "grade_name",
            "score",
            "nominated_at",
        ]
        read_only_fields = fields


class NominationCreateSerializer(serializers.Serializer):
    round = serializers.PrimaryKeyRelatedField(queryset=AwardRound.objects.all())
    division = serializers.PrimaryKeyRelatedField(
        queryset=Division.objects.all(), required=False, allow_null=True
    )
    bureau = serializers.PrimaryKeyRelatedField(
        queryset=Bureau.objects.all(),
        required=False,
        allow_null=True,
        help_text="과가 아닌 실·국급 단위(직속기관 등)를 추천할 때.",
    )
    citation = serializers.CharField(max_length=5000)
    results = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    money_secured_krw = serializers.IntegerField(required=False, allow_null=True, **KRW)
    verified_hours = serializers.DecimalField(required=False, allow_null=True, **HOURS)
    visit = serializers.PrimaryKeyRelatedField(
        queryset=Visit.objects.all(),
        required=False,
        allow_null=True,
        help_text="이 추천이 내세우는 벤치마킹 방문(보고를 마친, 같은 실·국의 방문).",
    )
    outcomes = serializers.PrimaryKeyRelatedField(
        queryset=OutcomeMeasurement.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text=OUTCOMES_HELP,
    )


class NominationEvidenceSerializer(serializers.Serializer):
    evidence = serializers.FileField(
        help_text="PDF, HWP/HWPX, Office 문서 또는 이미지; 형식은 파일 내용으로 확인합니다"
    )


class NominationOutcomesSerializer(serializers.Serializer):
    outcomes = serializers.PrimaryKeyRelatedField(
        queryset=OutcomeMeasurement.objects.all(),
        many=True,
        allow_empty=True,
        help_text=OUTCOMES_HELP + " 빈 목록이면 연결을 모두 풉니다.",
    )


class LinkVisitSerializer(serializers.Serializer):
    visit = serializers.PrimaryKeyRelatedField(
        queryset=Visit.objects.all(), help_text="보고를 마친, 추천과 같은 실·국의 방문."
    )


class GradeAssignSerializer(serializers.Serializer):
    grade = serializers.PrimaryKeyRelatedField(
        queryset=AwardGrade.objects.all(), allow_null=True, help_text="비우면 등급을 뺍니다."
    )
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2),
        required=False,
        default=dict,
        help_text="기준 id → 점수(0 ~ 만점).",
    )

    def validate_scores(self, value):
        if any(not str(key).isdigit() for key in value):
            raise serializers.ValidationError("기준 id는 숫자입니다.")
        return {int(k): v for k, v in value.items()}


class PointEntrySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    corrected = serializers.SerializerMethodField()

    class Meta:
        model = PointEntry
        fields = [
            "id",
            "kind",
            "kind_label",
            "person",
            "person_name",
            "employee_number",
            "bureau",
            "division",
            "unit_name",
            "nomination",
            "awarded_on",
            "year",
            "points",
            "prize_krw",
            "reason",
            "corrects",
            "corrected",
            "created_at",
        ]
        read_only_fields = fields

    def get_corrected(self, entry) -> bool:
        return getattr(entry, "is_corrected", False)


class CorrectionSerializer(serializers.Serializer):
    points = serializers.DecimalField(**POINTS)
    reason = serializers.CharField(max_length=200)


class OutcomeMeasurementSerializer(serializers.ModelSerializer):
    idea_title = serializers.CharField(source="idea.title", read_only=True)
    team_name = serializers.CharField(source="idea.team_name", read_only=True)
    bureau_name = serializers.CharField(source="idea.bureau_name", read_only=True)

    class Meta:
        model = OutcomeMeasurement
        fields = [
            "id",
            "idea",
            "idea_title",
            "team_name",
            "bureau_name",
            "year",
            "half",
            "declared_hours",
            "measured_hours",
            "note",
            "status",
            "verified_hours",
            "verification_reason",
            "measured_at",
            "verified_at",
        ]
        read_only_fields = fields


class MeasureSerializer(serializers.Serializer):
    idea = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    half = serializers.ChoiceField(choices=OutcomeMeasurement.Half.choices)
    measured_hours = serializers.DecimalField(**HOURS)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class VerifySerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    verified_hours = serializers.DecimalField(required=False, allow_null=True, **HOURS)
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
