"""The visits API: programmes, visit plans, decisions, reports and derived ideas, with the
same rules (``visits.permissions``) and services as the pages."""

from __future__ import annotations

from functools import partial

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ideas.attachments import upload_response
from visits import services
from visits.models import Visit, VisitMember, VisitProgramme
from visits.serializers import (
    AddMemberSerializer,
    DerivedIdeaSerializer,
    DeriveSerializer,
    VisitAttachmentSerializer,
    VisitAttachmentUploadSerializer,
    VisitDecisionSerializer,
    VisitPlanSerializer,
    VisitProgrammeSerializer,
    VisitReportSerializer,
    VisitSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="벤치마킹 프로그램"),
    retrieve=extend_schema(summary="프로그램 하나"),
)
class VisitProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = VisitProgrammeSerializer
    queryset = VisitProgramme.objects.order_by("-year", "-window_start")
    filterset_fields = ["year"]


@extend_schema_view(
    list=extend_schema(summary="벤치마킹 방문", description="모든 직원이 읽습니다."),
    retrieve=extend_schema(summary="방문 하나"),
    create=extend_schema(
        summary="방문 계획",
        request=VisitPlanSerializer,
        description="팀 직원이 계획합니다. 최대 4명, 2~3일, 프로그램 기간 안.",
    ),
)
class VisitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = VisitSerializer
    filterset_fields = ["programme", "status", "bureau"]

    def get_queryset(self):
        return (
            Visit.objects.select_related("programme")
            .prefetch_related(
                Prefetch("members", VisitMember.objects.order_by("place")), "derived_links"
            )
            .order_by("-starts_on", "-pk")
        )

    def _respond(self, visit, code=status.HTTP_200_OK):
        return Response(VisitSerializer(self.get_queryset().get(pk=visit.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = VisitPlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        visit = services.visit_plan(by=request.user, **serializer.validated_data)
        return self._respond(visit, status.HTTP_201_CREATED)

    @extend_schema(
        summary="방문 승인·반려",
        description="국내 방문은 팀이 속한 과의 과장, 해외 방문은 실·국장이 결정합니다.",
        request=VisitDecisionSerializer,
        responses=VisitSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        visit = self.get_object()
        serializer = VisitDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        visit = services.visit_decide(visit=visit, by=request.user, **serializer.validated_data)
        return self._respond(visit)

    @extend_schema(
        summary="방문 보고서 제출",
        description="승인된 방문의 일행이 본 것, 우리 현안에 맞는 점, 제안을 냅니다.",
        request=VisitReportSerializer,
        responses=VisitSerializer,
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        visit = self.get_object()
        serializer = VisitReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        visit = services.visit_report(visit=visit, by=request.user, **serializer.validated_data)
        return self._respond(visit)

    @extend_schema(
        summary="방문 인원 더하기",
        description="계획한 사람이나 그 팀(기획조정실도)이, 보고 전까지 한 명을 더합니다. "
        "다섯 번째 인원은 `members`에 이유와 함께 거절됩니다.",
        request=AddMemberSerializer,
        responses=VisitSerializer,
    )
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        visit = self.get_object()
        serializer = AddMemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.visit_add_member(
            visit=visit, by=request.user, person=serializer.validated_data["person"]
        )
        return self._respond(visit)

    @extend_schema(
        methods=["get"],
        summary="방문 첨부 파일 목록",
        description="모든 직원이 읽습니다. 파일은 `download_url`에서 내려받습니다.",
        responses=VisitAttachmentSerializer(many=True),
        filters=False,
    )
    @extend_schema(
        methods=["post"],
        summary="방문 첨부 파일 올리기(보고서 첨부·방문 증빙)",
        description="multipart/form-data의 `file` 하나와 `kind`. 아이디어 첨부와 같은 검사(확장자, "
        "파일 내용, 크기)를 거치며, 거절되면 `file`에 이유를 돌려줍니다. 승인된(또는 보고를 마친) "
        "방문의 일행만.",
        request={"multipart/form-data": VisitAttachmentUploadSerializer},
        responses={
            201: VisitAttachmentSerializer,
            415: OpenApiResponse(description="multipart/form-data가 아닌 요청입니다."),
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, pk=None):
        visit = self.get_object()
        if request.method == "GET":
            return Response(VisitAttachmentSerializer(visit.attachments.all(), many=True).data)
        return upload_response(
            request,
            upload_serializer=VisitAttachmentUploadSerializer,
            store=partial(services.visit_attachment_add, visit=visit, by=request.user),
            output_serializer=VisitAttachmentSerializer,
        )

    @extend_schema(
        summary="파생 아이디어 만들기",
        description="접수 중인 벤치마킹 시즌에, 방문 내용을 채운 아이디어 초안을 엽니다.",
        request=DeriveSerializer,
        responses={201: DerivedIdeaSerializer},
    )
    @action(detail=True, methods=["post"], url_path="derive-idea")
    def derive_idea(self, request, pk=None):
        visit = self.get_object()
        serializer = DeriveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = services.visit_derive_idea(visit=visit, by=request.user, **serializer.validated_data)
        return Response(
            {"idea": idea.pk, "title": idea.title, "season": idea.season_id},
            status=status.HTTP_201_CREATED,
        )
