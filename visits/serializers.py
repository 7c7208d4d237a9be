"""Shapes of the visits API."""

from __future__ import annotations

from rest_framework import serializers

from departments.models import User
from ideas.models import Idea
from visits.models import MAX_GROUP_SIZE, Visit, VisitAttachment, VisitProgramme


class VisitProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitProgramme
        fields = ["id", "name", "year", "window_start", "window_end", "report_due_days"]
        read_only_fields = fields


class VisitSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    members = serializers.SerializerMethodField()
    derived_ideas = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "programme",
            "team",
            "team_name",
            "institution",
            "institution_kind",
            "location",
            "policy_area",
            "purpose",
            "starts_on",
            "ends_on",
            "budget_krw",
            "status",
            "status_label",
            "members",
            "decided_at",
            "decision_note",
            "report_seen",
            "report_fit",
            "report_proposals",
            "reported_at",
            "derived_ideas",
        ]
        read_only_fields = fields

    def get_members(self, visit) -> list[int]:
        return [m.person_id for m in visit.members.all()]

    def get_derived_ideas(self, visit) -> list[int]:
        return [link.idea_id for link in visit.derived_links.all()]


class VisitPlanSerializer(serializers.Serializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=VisitProgramme.objects.all())
    members = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        many=True,
        help_text=f"방문 인원(최대 {MAX_GROUP_SIZE}명)의 직원 id.",
    )
    institution = serializers.CharField(max_length=200)
    institution_kind = serializers.ChoiceField(choices=Idea.SourceType.choices)
    location = serializers.CharField(max_length=200)
    policy_area = serializers.CharField(max_length=100)
    purpose = serializers.CharField(max_length=5000)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    budget_krw = serializers.IntegerField(min_value=0, max_value=10**13, required=False, default=0)


class VisitDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class VisitReportSerializer(serializers.Serializer):
    seen = serializers.CharField(max_length=20000, allow_blank=True)
    fit = serializers.CharField(max_length=20000, allow_blank=True)
    proposals = serializers.CharField(max_length=20000, allow_blank=True)


class DeriveSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DerivedIdeaSerializer(serializers.Serializer):
    idea = serializers.IntegerField()
    title = serializers.CharField()
    season = serializers.IntegerField()


class VisitAttachmentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    download_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = VisitAttachment
        fields = [
            "id",
            "visit",
            "kind",
            "kind_label",
            "original_name",
            "size",
            "content_type",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields


class VisitAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="PDF, HWP/HWPX, Office 문서 또는 이미지; 형식은 파일 내용으로 확인합니다"
    )
    kind = serializers.ChoiceField(
        choices=VisitAttachment.Kind.choices,
        default=VisitAttachment.Kind.REPORT,
        help_text="report: 보고서 첨부, proof: 방문 증빙",
    )


class AddMemberSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), help_text=f"더할 직원 id(방문 인원은 최대 {MAX_GROUP_SIZE}명)."
    )
