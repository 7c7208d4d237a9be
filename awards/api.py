"""The award API: rounds, nominations, grades, the points ledger and outcome measurements,
with the same rules (``awards.permissions``) and services as the pages."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from awards import permissions, services
from awards.models import AwardGrade, AwardRound, Nomination, OutcomeMeasurement, PointEntry
from awards.serializers import (
    AnnounceSerializer,
    AwardGradeSerializer,
    AwardRoundCreateSerializer,
    AwardRoundSerializer,
    CorrectionSerializer,
    GradeAssignSerializer,
    LinkVisitSerializer,
    MeasureSerializer,
    NominationCreateSerializer,
    NominationEvidenceSerializer,
    NominationOutcomesSerializer,
    NominationSerializer,
    OutcomeMeasurementSerializer,
    PointEntrySerializer,
    VerifySerializer,
)
from core.errors import PermissionRefused


def _manages(user) -> bool:
    return bool(permissions.manages_awards(user))


def _require_manager(user) -> None:
    if not _manages(user):
        raise PermissionRefused("기획조정실만 할 수 있습니다.")


@extend_schema_view(
    list=extend_schema(summary="으뜸 도정상 등급", description="격려금과 부서·개인 가점."),
    create=extend_schema(summary="등급 추가", description="기획조정실만. 가점은 0 이상."),
)
class AwardGradeViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = AwardGradeSerializer
    queryset = AwardGrade.objects.filter(is_active=True).order_by("rank", "pk")
    filter_backends: list = []

    def create(self, request, *args, **kwargs):
        serializer = AwardGradeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        grade = services.grade_save(by=request.user, **serializer.validated_data)
        return Response(AwardGradeSerializer(grade).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="으뜸 도정상 회차",
        description="발표된 회차는 모든 직원이, 진행 중인 회차는 기획조정실과 실·국장이 봅니다.",
    ),
    retrieve=extend_schema(summary="회차 하나"),
    create=extend_schema(
        summary="회차 열기", request=AwardRoundCreateSerializer, description="기획조정실만."
    ),
)
class AwardRoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AwardRoundSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        user = self.request.user
        rounds = AwardRound.objects.order_by("-period_start", "-pk")
        if not getattr(user, "pk", None):
            return rounds.none()
        if _manages(user) or user.position == "bureau_director":
            return rounds
        return rounds.filter(status=AwardRound.Status.ANNOUNCED)

    def create(self, request, *args, **kwargs):
        serializer = AwardRoundCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        award_round = services.round_open(by=request.user, **serializer.validated_data)
        return Response(AwardRoundSerializer(award_round).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="회차 발표",
        description="등급을 정한 추천을 발표하고, 시상일 기준 조직으로 부서·개인 가점을 "
        "가점 대장에 기록하며, 전 직원에게 알립니다. 기획조정실만.",
        request=AnnounceSerializer,
        responses=AwardRoundSerializer,
    )
    @action(detail=True, methods=["post"])
    def announce(self, request, pk=None):
        award_round = self.get_object()
        serializer = AnnounceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        award_round = services.round_announce(
            award_round=award_round, by=request.user, **serializer.validated_data
        )
        return Response(AwardRoundSerializer(award_round).data)


@extend_schema_view(
    list=extend_schema(summary="추천 목록", description="볼 수 있는 회차의 추천."),
    retrieve=extend_schema(summary="추천 하나"),
    create=extend_schema(
        summary="부서 추천",
        request=NominationCreateSerializer,
        description="실·국장은 소속 실·국의 부서를, 기획조정실은 어느 부서든. 부서는 회차마다 "
        "한 번만 추천할 수 있습니다.",
    ),
)
class NominationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = NominationSerializer
    filterset_fields = ["round", "bureau"]

    def get_queryset(self):
        user = self.request.user
        nominations = (
            Nomination.objects.select_related("grade")
            .prefetch_related("outcomes")
            .order_by("round", "pk")
        )
        if not getattr(user, "pk", None):
            return nominations.none()
        if _manages(user) or user.position == "bureau_director":
            return nominations
        return nominations.filter(round__status=AwardRound.Status.ANNOUNCED, grade__isnull=False)

    def create(self, request, *args, **kwargs):
        serializer = NominationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        nomination = services.nomination_create(
            award_round=data.pop("round"), by=request.user, **data
        )
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="벤치마킹 방문 연결",
        description="추천을 받는 회차에서, 방문한 팀의 실·국장이나 기획조정실이 보고를 마친 "
        "방문을 이 추천의 근거로 연결합니다.",
        request=LinkVisitSerializer,
        responses=NominationSerializer,
    )
    @action(detail=True, methods=["post"], url_path="link-visit")
    def link_visit(self, request, pk=None):
        nomination = self.get_object()
        serializer = LinkVisitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nomination = services.nomination_link_visit(
            nomination=nomination, visit=serializer.validated_data["visit"], by=request.user
        )
        return Response(NominationSerializer(nomination).data)

    @extend_schema(
        summary="검증 성과 연결",
        description="추천을 받는 회차에서, 그 부서를 추천할 수 있는 사람(소속 실·국장, "
        "기획조정실)이 추천을 뒷받침하는 검증된 업무 감축 성과를 바꿉니다(목록 전체를 "
        "대신합니다). 검증 전 측정이나 다른 부서의 성과는 `outcomes` 필드 오류(400)입니다.",
        request=NominationOutcomesSerializer,
        responses=NominationSerializer,
    )
    @action(detail=True, methods=["post"])
    def outcomes(self, request, pk=None):
        nomination = self.get_object()
        serializer = NominationOutcomesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nomination = services.nomination_set_outcomes(
            nomination=nomination, outcomes=serializer.validated_data["outcomes"], by=request.user
        )
        nomination = self.get_queryset().get(pk=nomination.pk)
        return Response(NominationSerializer(nomination).data)

    @extend_schema(
        summary="추천 증빙 자료 올리기",
        description="multipart/form-data의 `evidence` 파일 하나. 추천을 받는 회차에서 그 부서를 "
        "추천할 수 있는 사람(소속 실·국장, 기획조정실)이 올리며, 이전 자료를 대신합니다. 아이디어 "
        "첨부와 같은 검사(확장자, 파일 내용, 크기)를 거치며, 거절되면 `evidence`에 이유를 "
        "돌려주고(400) 아무것도 저장하지 않습니다. 파일은 `evidence_url`에서 내려받습니다.",
        request={"multipart/form-data": NominationEvidenceSerializer},
        responses={
            200: NominationSerializer,
            415: OpenApiResponse(description="multipart/form-data가 아닌 요청입니다."),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        nomination = self.get_object()
        serializer = NominationEvidenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nomination = services.nomination_attach_evidence(
            nomination=nomination, by=request.user, uploaded=serializer.validated_data["evidence"]
        )
        nomination = self.get_queryset().get(pk=nomination.pk)
        return Response(NominationSerializer(nomination).data)

    @extend_schema(
        summary="심사 점수와 등급",
        description="기획조정실이 기준별 점수와 등급을 정합니다(발표 전까지).",
        request=GradeAssignSerializer,
        responses=NominationSerializer,
    )
    @action(detail=True, methods=["post"])
    def grade(self, request, pk=None):
        nomination = self.get_object()
        serializer = GradeAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nomination = services.nomination_score(
            nomination=nomination,
            by=request.user,
            scores=serializer.validated_data["scores"],
            grade=serializer.validated_data["grade"],
        )
        return Response(NominationSerializer(nomination).data)


@extend_schema_view(
    list=extend_schema(
        summary="가점 대장",
        description="본인의 개인 가점만. 기획조정실은 모든 기록(정정된 기록 포함, "
        "`corrected`가 참이면 합계에서 빠집니다).",
    ),
    retrieve=extend_schema(summary="가점 기록 하나"),
)
class PointEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PointEntrySerializer
    filterset_fields = ["year", "kind", "person"]

    def get_queryset(self):
        user = self.request.user
        entries = PointEntry.objects.annotate(
            is_corrected=Exists(PointEntry.objects.filter(corrects=OuterRef("pk")))
        ).order_by("-awarded_on", "pk")
        if not getattr(user, "pk", None):
            return entries.none()
        if _manages(user):
            return entries
        return entries.filter(person=user)

    @extend_schema(
        summary="가점 정정",
        description="기록은 고치지 않습니다. 새 기록이 이 기록을 대신합니다. 기획조정실만.",
        request=CorrectionSerializer,
        responses={201: PointEntrySerializer},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        entry = self.get_object()
        _require_manager(request.user)
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = services.point_entry_correct(
            entry=entry, by=request.user, **serializer.validated_data
        )
        return Response(PointEntrySerializer(correction).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="업무 감축 성과 측정", description="모든 직원이 읽습니다."),
    retrieve=extend_schema(summary="측정 하나"),
    create=extend_schema(
        summary="반기 재측정",
        request=MeasureSerializer,
        description="채택된 업무 혁신 과제를 낸 팀이 반기마다 절감 시간을 다시 잽니다.",
    ),
)
class OutcomeMeasurementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OutcomeMeasurementSerializer
    filterset_fields = ["year", "half", "status"]
    queryset = OutcomeMeasurement.objects.select_related("idea").order_by("-year", "-half", "pk")

    def create(self, request, *args, **kwargs):
        serializer = MeasureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measurement = services.outcome_measure(by=request.user, **serializer.validated_data)
        return Response(
            OutcomeMeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="절감 시간 검증",
        description="과제가 속한 실·국의 실·국장이 인정하거나, 시간과 사유를 적어 조정합니다.",
        request=VerifySerializer,
        responses=OutcomeMeasurementSerializer,
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        measurement = self.get_object()
        serializer = VerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measurement = services.outcome_verify(
            measurement=measurement, by=request.user, **serializer.validated_data
        )
        return Response(OutcomeMeasurementSerializer(measurement).data)
