"""The rollout API (/api/v1/rollout-plans|co-owners|ordinance-steps|milestones|
progress-reports|kpis|budget-rounds|council-sessions/).

Thin, like the pages: scope, parse, call the one service, answer. The same rules
(``rollout.permissions``) decide: every member of staff reads plans (the list is the
caller's board), report drafts only the owning teams see; changes are refused by the
services with a Korean message (403/400/409).
"""

from __future__ import annotations

from functools import partial

import rules
from django.db.models import Q
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import OrderingFilter
from core.permissions import HasRulesPermission
from ideas.attachments import ALLOWED, download_response, upload_response
from ideas.serializers import AttachmentUploadSerializer
from rollout import permissions, selectors, services
from rollout import serializers as s
from rollout.filters import PlanFilter
from rollout.models import (
    BudgetRound,
    CoOwner,
    CouncilSession,
    DirectiveFollowUp,
    Kpi,
    Milestone,
    OrdinanceStep,
    ProgressReport,
    ReportAttachment,
    RolloutPlan,
)

# A download is sent as the type its upload was checked to be.
DOWNLOAD_TYPES = sorted({kind.content_type for kind in ALLOWED.values()})
ATTACHMENT_ID = OpenApiParameter(
    "attachment_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="첨부 파일 번호"
)


@extend_schema_view(
    list=extend_schema(
        summary="추진 현황(실시계획 목록)",
        description="기획조정실·도지사실은 전체, 실·국장은 소속 실·국, 팀은 자기 팀 계획.",
    ),
    retrieve=extend_schema(summary="실시계획", description="모든 직원이 읽을 수 있습니다."),
    partial_update=extend_schema(
        summary="실시계획 고치기", request=s.PlanUpdateSerializer, responses={200: s.PlanSerializer}
    ),
)
class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.PlanSerializer
    permission_classes = [HasRulesPermission]
    permission_required = "rollout.view_board"
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = PlanFilter
    ordering_fields = ["id", "target_date", "due_date"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    queryset = RolloutPlan.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RolloutPlan.objects.none()
        rows = selectors.board()
        if self.action == "list":
            return permissions.board_scope(self.request.user, rows)
        return rows

    def _respond(self, plan, code=status.HTTP_200_OK):
        return Response(s.PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=code)

    def list(self, request, *args, **kwargs):
        # Pages are cut from the plans' ids in board order (the derived status computed
        # only when filtered on); the full rows are then read for the page alone.
        light = permissions.board_scope(
            request.user,
            selectors.board_ids(RolloutPlan.objects.all(), health="health" in request.query_params),
        )
        light = self.filter_queryset(light)
        page = self.paginate_queryset(light.values_list("pk", flat=True))
        rows = selectors.board_rows(list(page))
        return self.get_paginated_response(s.PlanSerializer(rows, many=True).data)

    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = s.PlanUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = fields.pop("version")
        return self._respond(
            services.plan_update(plan=plan, by=request.user, version=version, **fields)
        )

    @extend_schema(summary="실시계획 제출", request=None, responses={200: s.PlanSerializer})
    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        return self._respond(services.plan_file(plan=self.get_object(), by=request.user))

    @extend_schema(
        summary="실시불가 사유서 제출",
        request=s.CannotReasonSerializer,
        responses={200: s.PlanSerializer},
    )
    @action(detail=True, methods=["post"])
    def cannot(self, request, pk=None):
        data = s.CannotReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            services.plan_cannot_file(
                plan=self.get_object(), by=request.user, **data.validated_data
            )
        )

    @extend_schema(
        summary="실시불가 사유서 수용·반려 (기획조정실)",
        request=s.CannotDecisionSerializer,
        responses={200: s.PlanSerializer},
    )
    @action(detail=True, methods=["post"], url_path="cannot-decision")
    def cannot_decision(self, request, pk=None):
        data = s.CannotDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            services.plan_cannot_decide(
                plan=self.get_object(), by=request.user, **data.validated_data
            )
        )

    @extend_schema(summary="완료 처리", request=None, responses={200: s.PlanSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._respond(services.plan_complete(plan=self.get_object(), by=request.user))

    @extend_schema(
        summary="예산 반영 과정 저장",
        request=s.BudgetTrackInputSerializer,
        responses={200: s.PlanSerializer},
    )
    @action(detail=True, methods=["post"])
    def budget(self, request, pk=None):
        data = s.BudgetTrackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = self.get_object()
        services.budget_track_save(plan=plan, by=request.user, **data.validated_data)
        return self._respond(plan)

    @extend_schema(
        summary="조례·법령 개정 과정 저장",
        request=s.OrdinanceTrackInputSerializer,
        responses={200: s.PlanSerializer},
    )
    @action(detail=True, methods=["post"])
    def ordinance(self, request, pk=None):
        data = s.OrdinanceTrackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = self.get_object()
        services.ordinance_track_save(plan=plan, by=request.user, **data.validated_data)
        return self._respond(plan)

    @extend_schema(
        summary="즉시 시행 과정 저장",
        request=s.ImmediateTrackInputSerializer,
        responses={200: s.PlanSerializer},
    )
    @action(detail=True, methods=["post"])
    def immediate(self, request, pk=None):
        data = s.ImmediateTrackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = self.get_object()
        services.immediate_track_save(plan=plan, by=request.user, **data.validated_data)
        return self._respond(plan)


class PlanPartFilter(DjangoFilterBackend):
    """``?plan=<id>`` on the lists of a plan's parts."""

    def filter_queryset(self, request, queryset, view):
        plan = request.query_params.get("plan")
        if plan:
            if not plan.isdigit() or len(plan) > 18:
                from rest_framework.exceptions import ValidationError

                raise ValidationError({"plan": "실시계획 번호는 숫자입니다."})
            queryset = queryset.filter(**{view.plan_lookup: int(plan)})
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "plan",
                "required": False,
                "in": "query",
                "description": "실시계획 번호",
                "schema": {"type": "integer"},
            }
        ]


class PlanPartViewSet(viewsets.GenericViewSet):
    permission_classes = [HasRulesPermission]
    permission_required = "rollout.view_plan"
    filter_backends = [PlanPartFilter]
    plan_lookup = "plan_id"


@extend_schema_view(
    list=extend_schema(summary="협업 부서"),
    create=extend_schema(
        summary="협업 부서 지정·비율 변경",
        request=s.CoOwnerInputSerializer,
        responses={201: s.CoOwnerSerializer},
    ),
    destroy=extend_schema(summary="협업 부서 빼기"),
)
class CoOwnerViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, PlanPartViewSet
):
    serializer_class = s.CoOwnerSerializer
    queryset = CoOwner.objects.select_related("team").order_by("pk")

    def create(self, request, *args, **kwargs):
        data = s.CoOwnerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.co_owner_set(by=request.user, **data.validated_data)
        return Response(s.CoOwnerSerializer(row).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.co_owner_remove(co_owner=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="조례 개정 단계"),
    partial_update=extend_schema(
        summary="단계 일정 저장",
        request=s.OrdinanceStepInputSerializer,
        responses={200: s.OrdinanceStepSerializer},
    ),
)
class OrdinanceStepViewSet(mixins.ListModelMixin, mixins.UpdateModelMixin, PlanPartViewSet):
    serializer_class = s.OrdinanceStepSerializer
    queryset = OrdinanceStep.objects.select_related("track").order_by("track_id", "order")
    plan_lookup = "track__plan_id"
    http_method_names = ["get", "patch", "head", "options"]

    def partial_update(self, request, *args, **kwargs):
        step = self.get_object()
        data = s.OrdinanceStepInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {
            "planned_on": step.planned_on,
            "planned_until": step.planned_until,
            "actual_on": step.actual_on,
        }
        fields.update(data.validated_data)
        step = services.ordinance_step_save(step=step, by=request.user, **fields)
        return Response(s.OrdinanceStepSerializer(step).data)


@extend_schema_view(
    list=extend_schema(summary="주요 일정"),
    create=extend_schema(
        summary="주요 일정 추가",
        request=s.MilestoneInputSerializer,
        responses={201: s.MilestoneSerializer},
    ),
)
class MilestoneViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, PlanPartViewSet):
    serializer_class = s.MilestoneSerializer
    queryset = Milestone.objects.order_by("plan_id", "order")

    def create(self, request, *args, **kwargs):
        data = s.MilestoneInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.milestone_add(by=request.user, **data.validated_data)
        return Response(s.MilestoneSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="주요 일정 완료",
        request=s.MilestoneDoneSerializer,
        responses={200: s.MilestoneSerializer},
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        data = s.MilestoneDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.milestone_done(
            milestone=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(s.MilestoneSerializer(row).data)


@extend_schema_view(
    list=extend_schema(summary="성과 지표"),
    create=extend_schema(
        summary="성과 지표 추가", request=s.KpiInputSerializer, responses={201: s.KpiSerializer}
    ),
)
class KpiViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, PlanPartViewSet):
    serializer_class = s.KpiSerializer
    queryset = Kpi.objects.order_by("plan_id", "pk")

    def create(self, request, *args, **kwargs):
        data = s.KpiInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.kpi_add(by=request.user, **data.validated_data)
        return Response(s.KpiSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="추진 상황 보고", description="작성 중인 보고는 소유 팀에만 보입니다."
    ),
    retrieve=extend_schema(summary="추진 상황 보고"),
    partial_update=extend_schema(
        summary="보고 작성", request=s.ReportUpdateSerializer, responses={200: s.ReportSerializer}
    ),
)
class ReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, PlanPartViewSet
):
    serializer_class = s.ReportSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    queryset = ProgressReport.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressReport.objects.none()
        user = self.request.user
        rows = ProgressReport.objects.prefetch_related("actuals").order_by("plan_id", "period_end")
        if user.team_id:
            own = Q(plan__lead_team_id=user.team_id) | Q(plan__co_owners__team_id=user.team_id)
            return rows.filter(~Q(status=ProgressReport.Status.DRAFT) | own).distinct()
        return rows.exclude(status=ProgressReport.Status.DRAFT)

    def get_object(self):
        report = super().get_object()
        if not rules.has_perm("rollout.view_report", self.request.user, report):
            raise Http404
        return report

    def _respond(self, report):
        return Response(s.ReportSerializer(self.get_queryset().get(pk=report.pk)).data)

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        data = s.ReportUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = fields.pop("version")
        return self._respond(
            services.report_save(report=report, by=request.user, version=version, **fields)
        )

    @extend_schema(summary="보고 제출", request=None, responses={200: s.ReportSerializer})
    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        return self._respond(services.report_file(report=self.get_object(), by=request.user))

    @extend_schema(
        summary="보고 승인·보완 요청 (실·국장)",
        request=s.ReportReviewSerializer,
        responses={200: s.ReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = s.ReportReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            services.report_review(report=self.get_object(), by=request.user, **data.validated_data)
        )

    @extend_schema(
        methods=["get"],
        summary="보고 첨부 파일 목록",
        description="보고를 읽을 수 있는 사람(작성 중인 보고는 소유 팀)만.",
        responses={200: s.ReportAttachmentSerializer(many=True)},
        filters=False,
    )
    @extend_schema(
        methods=["post"],
        summary="보고에 파일 올리기",
        description="multipart/form-data의 `file` 하나. 아이디어 첨부와 같은 규칙으로 형식"
        "(확장자와 파일 내용)과 크기를 확인하며, 거절되면 `file`에 이유를 돌려줍니다. "
        "작성 중이거나 보완 요청된 보고에 주관 팀만.",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: s.ReportAttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, pk=None):
        report = self.get_object()
        if request.method == "GET":
            rows = report.attachments.select_related("uploaded_by")
            return Response(s.ReportAttachmentSerializer(rows, many=True).data)
        return upload_response(
            request,
            upload_serializer=AttachmentUploadSerializer,
            store=partial(services.report_attachment_add, report=report, by=request.user),
            output_serializer=s.ReportAttachmentSerializer,
        )

    def _attachment(self, attachment_id) -> ReportAttachment:
        report = self.get_object()
        row = report.attachments.select_related("report__plan").filter(pk=attachment_id).first()
        if row is None:
            raise Http404
        return row

    @extend_schema(
        methods=["get"],
        summary="보고 첨부 파일 내려받기",
        description="올린 때의 파일 이름으로 내려받습니다. 보고를 읽을 수 있는 사람만.",
        parameters=[ATTACHMENT_ID],
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in DOWNLOAD_TYPES},
        filters=False,
    )
    @extend_schema(
        methods=["delete"],
        summary="보고 첨부 파일 지우기",
        description="작성 중이거나 보완 요청된 보고의 파일을 주관 팀만.",
        parameters=[ATTACHMENT_ID],
        responses={204: None},
        filters=False,
    )
    @action(
        detail=True,
        methods=["get", "delete"],
        url_path=r"attachments/(?P<attachment_id>[0-9]+)",
        filter_backends=[],
        pagination_class=None,
    )
    def attachment(self, request, pk=None, attachment_id=None):
        row = self._attachment(attachment_id)
        if request.method == "DELETE":
            services.report_attachment_remove(attachment=row, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return download_response(row)


@extend_schema_view(
    list=extend_schema(summary="예산 편성 일정"),
    create=extend_schema(
        summary="예산 편성 일정 추가 (기획조정실)",
        request=s.BudgetRoundInputSerializer,
        responses={201: s.BudgetRoundSerializer},
    ),
    update=extend_schema(
        summary="예산 편성 일정 고치기 (기획조정실)",
        description="모든 항목을 다시 보냅니다. 이 예산을 겨냥한 예산 반영 과정의 경고를 다시 계산합니다.",
        request=s.BudgetRoundInputSerializer,
        responses={200: s.BudgetRoundSerializer},
    ),
)
class BudgetRoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.BudgetRoundSerializer
    queryset = BudgetRound.objects.order_by("decision_date", "pk")
    permission_classes = [HasRulesPermission]
    permission_required = "rollout.view_board"
    http_method_names = ["get", "post", "put", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = s.BudgetRoundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.budget_round_save(by=request.user, **data.validated_data)
        return Response(s.BudgetRoundSerializer(row).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        budget_round = self.get_object()
        data = s.BudgetRoundInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.budget_round_save(
            by=request.user, budget_round=budget_round, **data.validated_data
        )
        return Response(s.BudgetRoundSerializer(row).data)


@extend_schema_view(
    list=extend_schema(summary="도의회 회기"),
    create=extend_schema(
        summary="도의회 회기 추가 (기획조정실)",
        request=s.CouncilSessionInputSerializer,
        responses={201: s.CouncilSessionSerializer},
    ),
    update=extend_schema(
        summary="도의회 회기 고치기 (기획조정실)",
        description="모든 항목을 다시 보냅니다. 이 회기를 겨냥한 조례 개정 과정의 경고를 다시 계산합니다.",
        request=s.CouncilSessionInputSerializer,
        responses={200: s.CouncilSessionSerializer},
    ),
)
class CouncilSessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.CouncilSessionSerializer
    queryset = CouncilSession.objects.order_by("starts_on")
    permission_classes = [HasRulesPermission]
    permission_required = "rollout.view_board"
    http_method_names = ["get", "post", "put", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = s.CouncilSessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.council_session_save(by=request.user, **data.validated_data)
        return Response(s.CouncilSessionSerializer(row).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        session = self.get_object()
        data = s.CouncilSessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.council_session_save(by=request.user, session=session, **data.validated_data)
        return Response(s.CouncilSessionSerializer(row).data)


@extend_schema_view(
    list=extend_schema(
        summary="도지사 지시사항 이행",
        description="모든 직원이 읽습니다. ?plan=, ?status=로 거릅니다.",
    ),
    retrieve=extend_schema(summary="지시사항 이행 하나"),
    create=extend_schema(
        summary="지시사항 이행 기록·수정",
        description=(
            "담당 실·국장, 도지사실, 기획조정실이 기록합니다. 지시사항마다 하나이며 다시 "
            "보내면 고칩니다. 진행 중인 이행의 기한은 오늘 이후여야 합니다."
        ),
        request=s.DirectiveFollowUpInputSerializer,
        responses={201: s.DirectiveFollowUpSerializer},
    ),
)
class DirectiveFollowUpViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.DirectiveFollowUpSerializer
    queryset = DirectiveFollowUp.objects.select_related("directive").order_by("due_on", "pk")
    permission_classes = [HasRulesPermission]
    permission_required = "rollout.view_plan"
    filter_backends = [PlanPartFilter]
    plan_lookup = "plan_id"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in DirectiveFollowUp.Status.values:
                from rest_framework.exceptions import ValidationError

                raise ValidationError({"status": "이행 상태가 올바르지 않습니다."})
            queryset = queryset.filter(status=wanted)
        return queryset

    def create(self, request, *args, **kwargs):
        data = s.DirectiveFollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.directive_follow_up(by=request.user, **data.validated_data)
        return Response(s.DirectiveFollowUpSerializer(row).data, status=status.HTTP_201_CREATED)
