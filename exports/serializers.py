"""Shapes of the export API (/api/v1/exports/): a request in, a job out.

As elsewhere in the API, the input only checks types; the rules (who may export which
scope) are the service's and come back as a 403 with a Korean message.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from departments.models import Bureau
from exports.models import ExportJob
from ideas.models import Season
from ideas.serializers import _states


class ExportRequestSerializer(serializers.Serializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    bureau = serializers.PrimaryKeyRelatedField(
        queryset=Bureau.objects.all(),
        required=False,
        allow_null=True,
        help_text="비우면 시즌 전체(기획조정실만). 실·국장은 소속 실·국을 줍니다.",
    )


class ExportJobSerializer(serializers.ModelSerializer):
    season_name = serializers.CharField(source="season.name", read_only=True)
    bureau_name = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text=_states(ExportJob.Status.choices))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    progress = serializers.IntegerField(read_only=True, help_text="만든 정도(%)")
    download_url = serializers.SerializerMethodField(
        help_text="내려받을 수 있을 때(완료, 기한 전)만 있습니다. 요청한 사람만 받습니다."
    )

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "season",
            "season_name",
            "bureau",
            "bureau_name",
            "status",
            "status_label",
            "progress",
            "rows_total",
            "rows_written",
            "filename",
            "size",
            "error",
            "created_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_bureau_name(self, job: ExportJob) -> str | None:
        return job.bureau.name if job.bureau_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, job: ExportJob) -> str | None:
        if not job.is_downloadable():
            return None
        return reverse("exportjob-download", args=[job.pk])
