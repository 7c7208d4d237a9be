"""The roadmap API: versions, tasks (with units, plans and indicator values), performance
reports and surveys. Every change goes through roadmap.services, with the pages' rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.apps import apps
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import BusinessRuleError
from core.permissions import HasRulesPermission
from roadmap import selectors, services
from roadmap.models import PerformanceReport, RoadmapVersion, Survey, Task
from roadmap.serializers import (
    AnswerInputSerializer,
    IndicatorInputSerializer,
    IndicatorValueSerializer,
    LinkIdeaSerializer,
    LinkPlanSerializer,
    QuestionResultSerializer,
    ReportInputSerializer,
    ReportSerializer,
    ReviewInputSerializer,
    SurveySerializer,
    TaskDetailSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
    VersionCopySerializer,
    VersionSerializer,
)


class VersionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = VersionSerializer
    permission_classes = [HasRulesPermission]
    permission_required = {
        "list": "roadmap.view_roadmap",
        "retrieve": "roadmap.view_roadmap",
        "copy": "roadmap.manage_roadmap",
        "put_in_force": "roadmap.manage_roadmap",
    }

    def get_queryset(self):
        return RoadmapVersion.objects.prefetch_related("goals").order_by("-created_at", "-pk")

    @extend_schema(summary="이 판을 복사해 새 판 만들기", request=VersionCopySerializer)
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        data = VersionCopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.version_copy(
            source=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(
            VersionSerializer(self.get_queryset().get(pk=version.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(summary="이 판 시행", request=None)
    @action(detail=True, methods=["post"], url_path="put-in-force")
    def put_in_force(self, request, pk=None):
        version = services.version_put_in_force(version=self.get_object(), by=request.user)
        return Response(VersionSerializer(self.get_queryset().get(pk=version.pk)).data)


def _linked_id(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 1, "maximum": 2**62},
        OpenApiParameter.PATH,
        description=description,
    )


class Linked(NamedTuple):
    """What a task links to through the API: the input field (the service's keyword too),
    the model, the message when no row has the id given, and the two services."""

    field: str
    model_label: str
    missing: Promise
    link: Callable[..., object]
    unlink: Callable[..., object]

    def model(self):
        return apps.get_model(self.model_label)  # rollout imports roadmap: no import here


LINKED = {
    "idea": Linked(
        "idea",
        "ideas.Idea",
        gettext_lazy("그런 아이디어가 없습니다."),
        services.task_link_idea,
        services.task_unlink_idea,
    ),
    "plan": Linked(
        "plan",
        "rollout.RolloutPlan",
        gettext_lazy("그런 실시계획이 없습니다."),
        services.task_link_plan,
        services.task_unlink_plan,
    ),
}


def _linked_or_404(model, raw):
    """The idea or plan a path names (a number too large for the database is none)."""
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    found = model.objects.filter(pk=pk).first() if 0 < pk <= 2**62 else None
    if found is None:
        raise Http404
    return found


class TaskFilter(filters.FilterSet):
    version = filters.NumberFilter(field_name="goal__version")

    class Meta:
        model = Task
        fields = ["version", "status"]


class TaskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [HasRulesPermission]
    permission_required = {
        "list": "roadmap.view_roadmap",
        "retrieve": "roadmap.view_roadmap",
        "partial_update": "roadmap.manage_roadmap",
        "indicator": "roadmap.manage_roadmap",
        "link_idea": "roadmap.manage_roadmap",
        "unlink_idea": "roadmap.manage_roadmap",
        "link_plan": "roadmap.manage_roadmap",
        "unlink_plan": "roadmap.manage_roadmap",
    }
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = TaskFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = selectors.tasks()
        if self.action in ("retrieve", "partial_update", "link_idea", "link_plan"):
            qs = qs.prefetch_related("plans", "idea_links", "plan_links")
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return TaskDetailSerializer
        if self.action == "partial_update":
            return TaskUpdateSerializer
        return TaskSerializer

    @extend_schema(request=TaskUpdateSerializer, responses={200: TaskDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        data = TaskUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lists = {name: values.pop(name) for name in ("units", "targets", "plans") if name in values}
        if lists:
            # A list given replaces the task's; the others stay as they are.
            current = {
                "units": [
                    {"division": u.division, "is_lead": u.is_lead, "part": u.part}
                    for u in task.units.select_related("division")
                ],
                "targets": [
                    {"year": v.year, "target": v.target} for v in task.indicator_values.all()
                ],
                "plans": [{"year": p.year, "content": p.content} for p in task.plans.all()],
            }
            services.task_revise(task=task, by=request.user, **{**current, **lists}, **values)
        else:
            services.task_update(task=task, by=request.user, **values)
        return Response(TaskDetailSerializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(
        summary="연도별 목표·실적 기록",
        request=IndicatorInputSerializer,
        responses={200: IndicatorValueSerializer},
    )
    @action(detail=True, methods=["post"])
    def indicator(self, request, pk=None):
        data = IndicatorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        value = services.indicator_record(
            task=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(IndicatorValueSerializer(value).data)

    @extend_schema(
        summary="채택 아이디어 연결",
        request=LinkIdeaSerializer,
        responses={200: TaskDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="ideas")
    def link_idea(self, request, pk=None):
        return self._link(request, LINKED["idea"], LinkIdeaSerializer)

    @extend_schema(
        summary="채택 아이디어 연결 풀기",
        request=None,
        parameters=[_linked_id("idea_id", "연결을 풀 아이디어의 id")],
        responses={204: None},
    )
    @action(detail=True, methods=["delete"], url_path=r"ideas/(?P<idea_id>[0-9]+)")
    def unlink_idea(self, request, pk=None, idea_id=None):
        return self._unlink(request, LINKED["idea"], idea_id)

    @extend_schema(
        summary="실시계획 연결",
        request=LinkPlanSerializer,
        responses={200: TaskDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="rollout-plans")
    def link_plan(self, request, pk=None):
        return self._link(request, LINKED["plan"], LinkPlanSerializer)

    @extend_schema(
        summary="실시계획 연결 풀기",
        request=None,
        parameters=[_linked_id("plan_id", "연결을 풀 실시계획의 id")],
        responses={204: None},
    )
    @action(detail=True, methods=["delete"], url_path=r"rollout-plans/(?P<plan_id>[0-9]+)")
    def unlink_plan(self, request, pk=None, plan_id=None):
        return self._unlink(request, LINKED["plan"], plan_id)

    def _link(self, request, linked: Linked, input_serializer):
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = linked.model().objects.filter(pk=data.validated_data[linked.field]).first()
        if found is None:
            raise BusinessRuleError(str(linked.missing), field=linked.field)
        task = self.get_object()
        linked.link(task=task, by=request.user, **{linked.field: found})
        return Response(TaskDetailSerializer(self.get_queryset().get(pk=task.pk)).data)

    def _unlink(self, request, linked: Linked, raw_id):
        task = self.get_object()
        found = _linked_or_404(linked.model(), raw_id)
        linked.unlink(task=task, by=request.user, **{linked.field: found})
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_object(self):
        try:
            return super().get_object()
        except (ValueError, OverflowError):
            raise Http404 from None


class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReportSerializer
    permission_classes = [HasRulesPermission]
    permission_required = {
        "list": "roadmap.view_roadmap",
        "retrieve": "roadmap.view_roadmap",
        "create": "roadmap.view_roadmap",  # the service asks roadmap.report_task of the task
        "review": "roadmap.review_report",
    }
    filter_backends = [filters.DjangoFilterBackend]
    filterset_fields = ["task", "status"]

    def get_queryset(self):
        return PerformanceReport.objects.order_by("task", "-year", "period", "pk")

    @extend_schema(request=ReportInputSerializer, responses={201: ReportSerializer})
    def create(self, request, *args, **kwargs):
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        task = Task.objects.filter(pk=values.pop("task")).first()
        if task is None:
            raise BusinessRuleError("그런 과제가 없습니다.", field="task")
        report = services.report_submit(task=task, by=request.user, **values)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="성과 보고 검토", request=ReviewInputSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_review(
            report=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(ReportSerializer(report).data)


class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SurveySerializer
    permission_classes = [HasRulesPermission]
    permission_required = {
        "list": "roadmap.view_roadmap",
        "retrieve": "roadmap.view_roadmap",
        "answer": "roadmap.view_roadmap",  # the service refuses a closed survey or a repeat
        "results": "roadmap.view_survey_results",
    }

    def get_queryset(self):
        return Survey.objects.prefetch_related("questions").order_by("-created_at", "-pk")

    @extend_schema(
        summary="설문 응답 (한 사람 한 번)", request=AnswerInputSerializer, responses={201: None}
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = {}
        for key, value in data.validated_data["answers"].items():
            if not str(key).isdigit():
                raise BusinessRuleError("질문 id는 숫자입니다.", field="answers")
            answers[int(key)] = value
        services.survey_answer(survey=self.get_object(), answers=answers, by=request.user)
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(summary="설문 결과", responses={200: QuestionResultSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request, pk=None):
        return Response(selectors.survey_results(survey=self.get_object()))

    def get_object(self):
        try:
            return super().get_object()
        except (ValueError, OverflowError):
            raise Http404 from None
