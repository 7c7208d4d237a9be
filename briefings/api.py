"""The briefing API: sessions with their agendas (/api/v1/briefing-sessions/) and each
season's schedule and calendar (/api/v1/briefing-schedules/{season}/).

Thin, like the pages: scope to the caller (a draft session is the planning office's, a
404 to anyone else), parse, call the service, answer. Who may change what is decided by
``briefings.permissions``, asked by the services; their refusals become 400/403 with the
Korean message through ``core.api.exception_handler``.
"""

from __future__ import annotations

import rules
from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from briefings import calendars, selectors, services
from briefings.filters import BriefingSessionFilter
from briefings.models import BriefingSchedule, BriefingSession
from briefings.serializers import (
    BriefingScheduleSerializer,
    BriefingSessionSerializer,
    ScheduleRequestSerializer,
    SessionCreateSerializer,
    SessionMoveSerializer,
    SessionSwapSerializer,
)
from core.permissions import HasRulesPermission

MANAGE = "briefings.manage_schedules"
REFUSED = OpenApiResponse(
    response={"type": "object", "additionalProperties": {}},
    description="규칙상 안 됩니다(주말·공휴일, 다른 보고회와 겹침, 기간 부족 등): 필드별 메시지.",
)
ICS = OpenApiResponse(response=OpenApiTypes.BINARY, description="iCalendar(.ics), Asia/Seoul")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@extend_schema_view(
    list=extend_schema(
        summary="보고회 목록(안건 포함)",
        description="공개된 보고회와 안건(발표 순서, 시간, 아이디어). 기획조정실은 공개 전 "
        "보고회도 봅니다. 날짜·시작 순.",
    ),
    retrieve=extend_schema(summary="보고회 하나(안건 포함)"),
    create=extend_schema(
        summary="보고회 직접 만들기",
        description="기획조정실만. 고른 실·국의 아직 배정되지 않은 안건이 들어가며, 일정을 "
        "다시 공개할 때까지 공개 전입니다.",
        request=SessionCreateSerializer,
        responses={201: BriefingSessionSerializer, 400: REFUSED},
    ),
)
class BriefingSessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BriefingSessionSerializer
    permission_classes = [HasRulesPermission]
    permission_required = {"create": MANAGE}
    filter_backends = [DjangoFilterBackend]
    filterset_class = BriefingSessionFilter

    def get_queryset(self):
        user = self.request.user
        if not getattr(user, "pk", None):  # the schema generator
            return BriefingSession.objects.none()
        return selectors.sessions_with_agendas(selectors.sessions(user=user)).distinct()

    def _respond(self, session, status_code=status.HTTP_200_OK) -> Response:
        session = self.get_queryset().get(pk=session.pk)
        return Response(BriefingSessionSerializer(session).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = SessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_create(by=request.user, **serializer.validated_data)
        return self._respond(session, status.HTTP_201_CREATED)

    @extend_schema(
        summary="보고회 옮기기",
        description="기획조정실만. 다른 날짜·시작 시각으로(길이와 안건은 그대로). 주말·공휴일과 "
        "다른 보고회와 겹치는 시간은 거절합니다. 캘린더 UID는 그대로, SEQUENCE가 늘어납니다.",
        request=SessionMoveSerializer,
        responses={200: BriefingSessionSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def move(self, request, pk=None):
        serializer = SessionMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_move(
            session=self.get_object(), by=request.user, **serializer.validated_data
        )
        return self._respond(session)

    @extend_schema(
        summary="두 보고회 맞바꾸기",
        description="기획조정실만. 서로의 시작 시각으로 옮깁니다(각자 길이는 그대로).",
        request=SessionSwapSerializer,
        responses={200: BriefingSessionSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def swap(self, request, pk=None):
        serializer = SessionSwapSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        other = serializer.validated_data["other"]
        if not rules.has_perm("briefings.view_session", request.user, other):
            raise NotFound
        session, _other = services.session_swap(
            session=self.get_object(), other=other, by=request.user
        )
        return self._respond(session)

    @extend_schema(
        summary="보고회 캘린더(.ics)",
        description="공개된 보고회 하나를 iCalendar로. UID는 보고회마다 고정입니다.",
        responses={(200, "text/calendar"): ICS},
    )
    @action(detail=True, methods=["get"], url_path="calendar", filter_backends=[])
    def calendar(self, request, pk=None):
        session = self.get_object()
        if not session.is_published:
            raise NotFound
        return _ics(
            calendars.to_ical([session], name=session.title, viewer=request.user),
            calendars.session_filename(session),
        )


@extend_schema_view(
    list=extend_schema(
        summary="시즌별 보고회 일정",
        description="기획조정실은 모든 일정(만드는 중, 검토 중, 거절, 공개), 다른 직원은 "
        "공개된 일정만. `sessions`는 그 시즌의 보고회(직원에게는 공개된 것만).",
    ),
    retrieve=extend_schema(
        summary="시즌의 보고회 일정",
        description="경로의 값은 시즌 id입니다. 일정안 생성 상태와 거절 사유도 여기서 봅니다.",
    ),
    create=extend_schema(
        summary="보고회 일정안 만들기",
        description="기획조정실만. 변수를 저장하고 일정안 생성을 시작합니다(Celery 작업). "
        "202로 답하며, 결과(`proposed` 또는 거절 사유와 함께 `refused`)는 이 시즌의 일정을 "
        "다시 읽어 확인합니다. 주말과 공휴일(음력·대체·선거일 포함), 일정 예외일은 건너뜁니다.",
        request=ScheduleRequestSerializer,
        responses={202: BriefingScheduleSerializer, 400: REFUSED},
    ),
)
class BriefingScheduleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BriefingScheduleSerializer
    permission_classes = [HasRulesPermission]
    permission_required = {"create": MANAGE}
    lookup_field = "season"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        if not getattr(user, "pk", None):  # the schema generator
            return BriefingSchedule.objects.none()
        qs = BriefingSchedule.objects.select_related("season").order_by("-starts_on", "pk")
        if not rules.has_perm(MANAGE, user):
            qs = qs.filter(status=BriefingSchedule.Status.PUBLISHED)
        return qs

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["sessions"] = getattr(self, "_sessions", {})
        return context

    def _load_sessions(self, schedules) -> None:
        """The seasons' sessions in one query, for the ``sessions`` of each schedule."""
        sessions: dict[int, list] = {}
        qs = selectors.sessions(user=self.request.user).filter(
            season_id__in=[s.season_id for s in schedules]
        )
        for session in qs.order_by("date", "start_time", "pk").prefetch_related(None):
            sessions.setdefault(session.season_id, []).append(session)
        self._sessions = sessions

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._load_sessions(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        schedule = self.get_object()
        self._load_sessions([schedule])
        return Response(self.get_serializer(schedule).data)

    def create(self, request, *args, **kwargs):
        serializer = ScheduleRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        schedule = services.schedule_request(by=request.user, **serializer.validated_data)
        schedule = BriefingSchedule.objects.select_related("season").get(pk=schedule.pk)
        self._load_sessions([schedule])
        return Response(self.get_serializer(schedule).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="보고회 일정 공개",
        description="기획조정실만. 시즌의 공개 전 보고회를 모두 공개합니다.",
        request=None,
        responses={200: BriefingScheduleSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, season=None):
        schedule = services.schedule_publish(schedule=self.get_object(), by=request.user)
        self._load_sessions([schedule])
        return Response(self.get_serializer(schedule).data)

    @extend_schema(
        summary="시즌 보고회 캘린더(.ics)",
        description="그 시즌의 공개된 보고회 전부를 iCalendar로.",
        responses={(200, "text/calendar"): ICS},
    )
    @action(detail=True, methods=["get"], url_path="calendar")
    def calendar(self, request, season=None):
        schedule = self.get_object()
        sessions = selectors.sessions_with_agendas(
            BriefingSession.objects.published()
            .of_season(schedule.season_id)
            .select_related("season")
            .in_order()
        )
        return _ics(
            calendars.to_ical(sessions, name=f"{schedule.season.name} 보고회", viewer=request.user),
            calendars.season_filename(schedule.season),
        )
