"""The export API (/api/v1/exports/): ask for a season's or a bureau's workbook, follow the
job, fetch the file — the same service and rules as the export page.

``POST`` answers 201 with the finished job when the workbook was small enough to build at
once, 202 with the queued job otherwise (or the caller's job of the same scope still being
made: a repeat never starts a second). Jobs are the caller's own: anyone else's is a 404,
download included.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from exports import selectors, services
from exports.models import ExportJob
from exports.serializers import ExportJobSerializer, ExportRequestSerializer
from exports.views.jobs import XLSX, workbook_response

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}}


@extend_schema_view(
    list=extend_schema(
        summary="내 엑셀 내보내기 목록",
        description="요청한 사람 본인의 작업만, 최근 순.",
    ),
    retrieve=extend_schema(summary="엑셀 내보내기 작업 하나", description="상태와 진행률."),
    create=extend_schema(
        summary="시즌·실·국 엑셀 요약 요청",
        description="기획조정실은 어느 시즌이든 전체나 실·국별로, 실·국장은 소속 실·국만. "
        "작은 파일은 바로 만들어 201(완료), 큰 파일은 백그라운드에서 만들며 202(대기)로 "
        "답합니다. 같은 범위의 작업이 아직 진행 중이면 새로 만들지 않고 그 작업을 돌려줍니다.",
        request=ExportRequestSerializer,
        responses={
            201: ExportJobSerializer,
            202: ExportJobSerializer,
            403: OpenApiResponse(response=ERROR, description="내보낼 권한이 없는 범위"),
        },
    ),
)
class ExportJobViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ExportJobSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["season", "status"]

    def get_queryset(self):
        user = self.request.user
        if not getattr(user, "pk", None):  # the schema generator
            return ExportJob.objects.none()
        return selectors.jobs_of(user=user)

    def create(self, request, *args, **kwargs):
        serializer = ExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.export_request(by=request.user, **serializer.validated_data)
        job = self.get_queryset().get(pk=job.pk)
        done = job.status == ExportJob.Status.DONE
        return Response(
            ExportJobSerializer(job).data,
            status=status.HTTP_201_CREATED if done else status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("exportjob-detail", args=[job.pk])},
        )

    @extend_schema(
        summary="엑셀 파일 내려받기",
        description="요청한 사람만, 완료된 뒤 기한 전까지. 아직 만드는 중이면 409, 기한이 "
        "지났거나 실패했으면 410.",
        responses={
            (200, XLSX): OpenApiTypes.BINARY,
            409: OpenApiResponse(response=ERROR, description="아직 만드는 중"),
            410: OpenApiResponse(response=ERROR, description="기한이 지났거나 실패함"),
        },
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def download(self, request, pk=None):
        job = self.get_object()
        if job.is_active:
            return Response(
                {"detail": _("아직 만드는 중입니다. 잠시 뒤 다시 받으세요.")},
                status=status.HTTP_409_CONFLICT,
            )
        if not job.is_downloadable():
            return Response(
                {
                    "detail": job.error
                    or _("내려받기 기한이 지나 파일을 지웠습니다. 다시 요청하세요.")
                },
                status=status.HTTP_410_GONE,
            )
        return workbook_response(job)
