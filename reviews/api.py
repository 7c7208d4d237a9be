"""The review API (/api/v1/review-rounds|assignments|evaluations|decisions|directives/).

Thin, like the ideas API and the review pages: scope the object to the caller, parse the
input, call the service or selector, answer. Who may do what is decided by the rules in
``reviews.permissions`` (blind review among them) — asked here through ``has_perm`` for
reads and by the services for every change, whose refusals (``BusinessRuleError``)
``core.api.exception_handler`` turns into 400/403 with the Korean message at its field.
An object the caller may not even read (a round they are not assigned in, another
reviewer's evaluation before the round closes) is a 404, never a 403.

Questions about the caller alone go to ``rules.has_perm`` directly (see ideas/api.py: no
model-permission queries).
"""

from __future__ import annotations

import rules
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import OrderingFilter
from core.permissions import HasRulesPermission
from ideas.models import Idea
from reviews import selectors, services
from reviews.filters import (
    AssignmentFilter,
    DecisionFilter,
    DirectiveFilter,
    EvaluationFilter,
    ReviewRoundFilter,
)
from reviews.models import (
    Assignment,
    Criterion,
    Decision,
    DecisionQuerySet,
    Directive,
    Evaluation,
    ReviewRound,
    Score,
)
from reviews.serializers import (
    AssignmentCreateSerializer,
    AssignmentsAutoSerializer,
    AssignmentSerializer,
    CriteriaReplaceSerializer,
    DecisionHistoryQuerySerializer,
    DecisionInputSerializer,
    DecisionSerializer,
    DirectiveInputSerializer,
    DirectiveSerializer,
    DirectiveUpdateSerializer,
    EvaluationInputSerializer,
    EvaluationSerializer,
    ProgressQuerySerializer,
    QueueProgressSerializer,
    RankingQuerySerializer,
    RankingRowSerializer,
    ReviewRoundInputSerializer,
    ReviewRoundSerializer,
    ReviewRoundUpdateSerializer,
    SelectTopSerializer,
)

MANAGE = "reviews.manage_reviews"
REFUSED = OpenApiResponse(
    response={"type": "object", "additionalProperties": {}},
    description="규칙상 안 됩니다: 필드별 메시지(점수는 `score_<기준 id>`), 상태·권한 문제는 "
    "`detail`.",
)


def manages_reviews(user) -> bool:
    return rules.has_perm(MANAGE, user)


# Rounds ----------------------------------------------------------------------------


def rounds_visible_to(user) -> QuerySet[ReviewRound]:
    """The planning office sees every round, a reviewer the rounds they are assigned in."""
    qs = ReviewRound.objects.select_related("season").prefetch_related(
        Prefetch("criteria", Criterion.objects.order_by("order", "pk"))
    )
    if manages_reviews(user):
        return qs
    if not getattr(user, "pk", None):  # the schema generator
        return qs.none()
    return qs.filter(pk__in=Assignment.objects.filter(reviewer=user).values("round_id"))


@extend_schema_view(
    list=extend_schema(
        summary="심사 차수 목록",
        description="기획조정실은 모든 차수, 심사위원은 배정받은 차수를 봅니다. 시즌, 차수 순.",
    ),
    retrieve=extend_schema(summary="심사 차수 하나", description="심사 기준과 함께."),
    create=extend_schema(
        summary="심사 차수 만들기",
        description="기획조정실만. 준비 상태로 만들어지며, `criteria`가 없으면 기본 심사 "
        "기준(창의성, 실현가능성, 효과성, 적용범위, 계속성)이 들어갑니다.",
        request=ReviewRoundInputSerializer,
        responses={201: ReviewRoundSerializer},
    ),
    partial_update=extend_schema(
        summary="심사 차수 고치기",
        description="기획조정실만, 마감 전에. 기준은 `PUT …/criteria/`로 바꿉니다.",
        request=ReviewRoundUpdateSerializer,
        responses={200: ReviewRoundSerializer, 400: REFUSED},
    ),
)
class ReviewRoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReviewRoundSerializer
    permission_classes = [HasRulesPermission]
    permission_required = dict.fromkeys(
        ["create", "partial_update", "criteria", "open", "close", "publish", "select_top"],
        MANAGE,
    )
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReviewRoundFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "ranking":
            # Any round, so that the rule answers (403) rather than the scope (404).
            return ReviewRound.objects.select_related("season")
        return rounds_visible_to(self.request.user).order_by("-season_id", "order", "pk")

    def _respond(self, review_round, status_code: int = status.HTTP_200_OK) -> Response:
        review_round = rounds_visible_to(self.request.user).get(pk=review_round.pk)
        return Response(ReviewRoundSerializer(review_round).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = ReviewRoundInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review_round = services.round_create(by=request.user, **serializer.validated_data)
        return self._respond(review_round, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        review_round = self.get_object()
        serializer = ReviewRoundUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        review_round = services.round_update(
            review_round=review_round, by=request.user, **serializer.validated_data
        )
        return self._respond(review_round)

    @extend_schema(
        summary="심사 기준 바꾸기",
        description="기획조정실만, 채점이 시작되기 전에. 보낸 목록이 그 차수의 기준 전체가 "
        "됩니다(순서대로).",
        request=CriteriaReplaceSerializer,
        responses={200: ReviewRoundSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["put"])
    def criteria(self, request, pk=None):
        review_round = self.get_object()
        serializer = CriteriaReplaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.criteria_replace(
            review_round=review_round,
            by=request.user,
            criteria=serializer.validated_data["criteria"],
        )
        return self._respond(review_round)

    @extend_schema(
        summary="심사 시작",
        description="준비 → 심사 중. 기획조정실만.",
        request=None,
        responses={200: ReviewRoundSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        review_round = services.round_open(review_round=self.get_object(), by=request.user)
        return self._respond(review_round)

    @extend_schema(
        summary="심사 마감",
        description="심사 중 → 마감. 마감하면 심사위원들도 서로의 점수와 순위를 봅니다. "
        "기획조정실만.",
        request=None,
        responses={200: ReviewRoundSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        review_round = services.round_close(review_round=self.get_object(), by=request.user)
        return self._respond(review_round)

    @extend_schema(
        summary="결과 공개",
        description="차수의 현재 결정을 모든 직원에게 공개합니다. 기획조정실만.",
        request=None,
        responses={200: ReviewRoundSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        review_round = self.get_object()
        services.decisions_publish(review_round=review_round, by=request.user)
        return self._respond(review_round)

    @extend_schema(
        summary="순위",
        description="제출된 평가로 매긴 아이디어 순위: 가중 합계 평균, 심사위원별 표준화 점수, "
        "제출·미제출 평가 수, 표준편차와 의견 차이. 기획조정실은 언제나, 심사위원은 마감 "
        "후에 봅니다(그 밖에는 403).",
        parameters=[RankingQuerySerializer],
        responses=RankingRowSerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def ranking(self, request, pk=None):
        review_round = self.get_object()
        if not request.user.has_perm("reviews.view_scores_of_round", review_round):
            raise PermissionDenied
        query = RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.ranking(review_round=review_round, **query.validated_data)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(RankingRowSerializer(page, many=True).data)

    @extend_schema(
        summary="상위 아이디어 일괄 결정",
        description="순위(`order`)에서 상위 `n`건에 같은 결과와 사유로 결정을 기록합니다. "
        "평가가 덜 끝난 아이디어는 `include_incomplete`가 참일 때만 채택합니다. "
        "기획조정실만, 마감 후에.",
        request=SelectTopSerializer,
        responses={200: DecisionSerializer(many=True), 400: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="select-top", pagination_class=None)
    def select_top(self, request, pk=None):
        review_round = self.get_object()
        serializer = SelectTopSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decisions = services.decisions_select_top(
            review_round=review_round, by=request.user, **serializer.validated_data
        )
        decisions = decision_list().filter(pk__in=[d.pk for d in decisions])
        return Response(DecisionSerializer(decisions, many=True).data)


# Assignments -----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="심사 배정 목록", description="기획조정실만."),
    retrieve=extend_schema(summary="심사 배정 하나", description="기획조정실만."),
    create=extend_schema(
        summary="심사위원 배정",
        description="기획조정실만, 마감 전에. 이해충돌(심사위원 소속 실·국·팀의 아이디어, "
        "본인이 작성·제출·공동 작성한 아이디어)이면 400으로 거절됩니다.",
        request=AssignmentCreateSerializer,
        responses={201: AssignmentSerializer, 400: REFUSED},
    ),
    destroy=extend_schema(summary="배정 취소", description="기획조정실만, 평가가 시작되기 전에."),
)
class AssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AssignmentSerializer
    permission_classes = [HasRulesPermission]
    permission_required = MANAGE
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = AssignmentFilter
    ordering_fields = ["assigned_at", "id"]

    def get_queryset(self):
        return Assignment.objects.select_related(
            "round", "idea", "reviewer", "assigned_by"
        ).order_by("round_id", "idea_id", "pk")

    def create(self, request, *args, **kwargs):
        serializer = AssignmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = services.assignment_create(
            review_round=serializer.validated_data["round"],
            idea=serializer.validated_data["idea"],
            reviewer=serializer.validated_data["reviewer"],
            by=request.user,
        )
        assignment = self.get_queryset().get(pk=assignment.pk)
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.assignment_remove(assignment=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="자동 배정",
        description="차수의 아이디어마다 심사위원을 `per_idea`명(빠지면 차수의 설정)까지 "
        "이해충돌 없이 고르게 배정합니다. 만들어진 배정을 돌려줍니다. 기획조정실만.",
        request=AssignmentsAutoSerializer,
        responses={201: AssignmentSerializer(many=True), 400: REFUSED},
    )
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def auto(self, request):
        serializer = AssignmentsAutoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.assignments_auto(
            review_round=serializer.validated_data["round"],
            by=request.user,
            per_idea=serializer.validated_data.get("per_idea"),
        )
        created = self.get_queryset().filter(pk__in=[a.pk for a in created])
        return Response(
            AssignmentSerializer(created, many=True).data, status=status.HTTP_201_CREATED
        )


# Evaluations -----------------------------------------------------------------------


def with_evaluations(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments with what an evaluation row shows: round, idea, reviewer, the
    evaluation and its scores with their criteria."""
    return qs.select_related("round", "idea", "reviewer", "evaluation").prefetch_related(
        Prefetch("evaluation__scores", Score.objects.select_related("criterion"))
    )


def as_evaluation(assignment: Assignment) -> Evaluation:
    """The assignment's evaluation, or an unsaved one standing for "not started", so that
    ``reviews.view_evaluation`` answers either way."""
    try:
        return assignment.evaluation
    except Evaluation.DoesNotExist:
        # By ids: ``assignment=assignment`` would cache this unsaved evaluation as
        # ``assignment.evaluation``, and the serializer would then read its scores.
        return Evaluation(
            assignment_id=assignment.pk,
            round=assignment.round,
            idea_id=assignment.idea_id,
            reviewer_id=assignment.reviewer_id,
        )


@extend_schema_view(
    list=extend_schema(
        summary="심사 목록(내 평가)",
        description="심사위원에게는 배정받은 아이디어와 내 평가(시작 전·임시 저장·제출), "
        "기획조정실에게는 모든 심사위원의 평가. 다른 사람은 빈 목록입니다. "
        "`id`는 배정 id입니다.",
    ),
    retrieve=extend_schema(
        summary="평가 하나",
        description="본인 평가, 기획조정실, 그리고 마감 후 다른 심사위원만 봅니다(그 밖에는 404).",
    ),
    update=extend_schema(
        summary="평가 임시 저장",
        description="배정된 심사위원이 심사 중에. 일부 기준만 보내도 됩니다. 점수가 배점을 "
        "넘는 등 틀리면 `score_<기준 id>`에 메시지를 돌려줍니다.",
        request=EvaluationInputSerializer,
        responses={200: EvaluationSerializer, 400: REFUSED},
    ),
)
class EvaluationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = EvaluationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EvaluationFilter
    lookup_url_kwarg = "assignment_id"
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.action != "list":
            # One evaluation: reviews.view_evaluation decides (get_object).
            return with_evaluations(Assignment.objects.all())
        if manages_reviews(user):
            return with_evaluations(Assignment.objects.all()).order_by("round_id", "idea_id", "pk")
        if not getattr(user, "pk", None):  # the schema generator
            return Assignment.objects.none()
        asked = EvaluationFilter(self.request.query_params, queryset=Assignment.objects.none())
        asked = asked.form.cleaned_data if asked.is_valid() else {}
        review_round, idea = asked.get("round"), asked.get("idea")
        if review_round is not None and idea is not None:
            # One idea: every evaluation the caller may see (blind review, by the selector).
            seen = selectors.evaluations_for_idea(idea=idea, review_round=review_round, user=user)
            qs = Assignment.objects.filter(
                Q(reviewer=user, round=review_round, idea=idea) | Q(evaluation__in=seen)
            ).order_by("pk")
        else:
            qs = selectors.reviewer_queue(reviewer=user, review_round=review_round)
        return with_evaluations(qs)

    def get_object(self) -> Assignment:
        assignment = super().get_object()
        if not self.request.user.has_perm("reviews.view_evaluation", as_evaluation(assignment)):
            raise Http404
        return assignment

    def _respond(self, assignment: Assignment) -> Response:
        assignment = with_evaluations(Assignment.objects.all()).get(pk=assignment.pk)
        return Response(EvaluationSerializer(assignment).data)

    def update(self, request, *args, **kwargs):
        assignment = self.get_object()
        serializer = EvaluationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.evaluation_save_draft(
            assignment=assignment, by=request.user, **serializer.validated_data
        )
        return self._respond(assignment)

    @extend_schema(
        summary="평가 제출",
        description="모든 기준의 점수와 함께 제출합니다. 제출하면 가중 합계가 매겨지고 더 "
        "고칠 수 없습니다. 틀린 점수는 `score_<기준 id>`에 메시지를 돌려줍니다.",
        request=EvaluationInputSerializer,
        responses={200: EvaluationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, assignment_id=None):
        assignment = self.get_object()
        serializer = EvaluationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.evaluation_submit(
            assignment=assignment, by=request.user, **serializer.validated_data
        )
        return self._respond(assignment)

    @extend_schema(
        summary="내 심사 진행 상황",
        description="한 차수에서 배정받은 아이디어 수와 제출한 평가 수.",
        parameters=[ProgressQuerySerializer],
        responses=QueueProgressSerializer,
        filters=False,
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def progress(self, request):
        query = ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        review_round = query.validated_data["round"]
        submitted, assigned = selectors.queue_progress(
            reviewer=request.user, review_round=review_round
        )
        data = {"round": review_round.pk, "submitted": submitted, "assigned": assigned}
        return Response(QueueProgressSerializer(data).data)


# Decisions -------------------------------------------------------------------------


def decision_list() -> DecisionQuerySet:
    return Decision.objects.select_related("round", "idea", "decided_by")


def decisions_visible_to(user) -> QuerySet[Decision]:
    """Current decisions: every one for the planning office, the published ones for
    everybody else (``reviews.view_decision``, as a query)."""
    qs = decision_list().current()
    if manages_reviews(user):
        return qs
    return qs.filter(round__decisions_published_at__isnull=False)


@extend_schema_view(
    list=extend_schema(
        summary="선정 결정 목록",
        description="아이디어마다 현재 결정. 결과가 공개된 차수의 것은 모든 직원이, 공개 "
        "전의 것은 기획조정실만 봅니다.",
    ),
    retrieve=extend_schema(
        summary="선정 결정 하나", description="이전 버전도 볼 수 있습니다(공개된 차수의 것)."
    ),
    create=extend_schema(
        summary="결정 기록·변경",
        description="기획조정실만. 차수에서 이미 결정된 아이디어라면 새 버전이 되며 "
        "`change_reason`이 필요합니다(이전 결정은 이력으로 남습니다). 채택·조건부 채택은 "
        "`implementation_path`, 조건부 채택은 `conditions`가 필요합니다.",
        request=DecisionInputSerializer,
        responses={201: DecisionSerializer, 400: REFUSED},
    ),
)
class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DecisionSerializer
    permission_classes = [HasRulesPermission]
    permission_required = {"create": MANAGE}
    filter_backends = [DjangoFilterBackend]
    filterset_class = DecisionFilter

    def get_queryset(self):
        user = self.request.user
        # One decision (any version): reviews.view_decision decides (get_object).
        qs = decisions_visible_to(user) if self.action == "list" else decision_list()
        return qs.order_by("round_id", "idea_id", "-decided_at", "-pk")

    def get_object(self) -> Decision:
        decision = super().get_object()
        if not self.request.user.has_perm("reviews.view_decision", decision):
            raise Http404
        return decision

    def create(self, request, *args, **kwargs):
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        decision = services.decision_record(review_round=data.pop("round"), by=request.user, **data)
        decision = decision_list().get(pk=decision.pk)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="아이디어의 결정 이력",
        description="한 아이디어의 모든 결정(모든 차수, 바뀐 버전 포함, 최근 순). 볼 수 있는 "
        "결정만.",
        parameters=[DecisionHistoryQuerySerializer],
        responses={
            200: DecisionSerializer(many=True),
            404: OpenApiResponse(description="그런 아이디어가 없거나 볼 수 없습니다."),
        },
        filters=False,
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request):
        query = DecisionHistoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        idea = Idea.objects.filter(pk=query.validated_data["idea"]).first()
        if idea is None or not request.user.has_perm("ideas.view_idea", idea):
            raise Http404
        versions = [
            d
            for d in selectors.decision_history(idea=idea).select_related("idea")
            if request.user.has_perm("reviews.view_decision", d)
        ]
        return Response(DecisionSerializer(versions, many=True).data)


# Directives ------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="도지사 지시사항 목록",
        description="모든 직원이 봅니다. `idea`로 한 아이디어의 것만. 처리 기한 순.",
    ),
    retrieve=extend_schema(summary="지시사항 하나"),
    create=extend_schema(
        summary="지시사항 기록",
        description="심사위원(도지사실)과 기획조정실.",
        request=DirectiveInputSerializer,
        responses={201: DirectiveSerializer, 400: REFUSED},
    ),
    partial_update=extend_schema(
        summary="지시사항 고치기",
        description="기록한 사람과 기획조정실.",
        request=DirectiveUpdateSerializer,
        responses={200: DirectiveSerializer, 400: REFUSED},
    ),
    destroy=extend_schema(summary="지시사항 지우기", description="기록한 사람과 기획조정실."),
)
class DirectiveViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DirectiveSerializer
    permission_classes = [HasRulesPermission]
    # Changing and deleting ask reviews.change_directive of the directive (the service).
    permission_required = {"create": "reviews.record_directive"}
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = DirectiveFilter
    ordering_fields = ["due_date", "recorded_at", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        # Only directives on submitted ideas: a draft's title, team and bureau stay the team's.
        return (
            Directive.objects.filter(idea__in=Idea.objects.visible_in_library())
            .select_related("idea", "responsible_bureau", "responsible_division", "recorded_by")
            .order_by("due_date", "pk")
        )

    def _respond(self, directive: Directive, status_code=status.HTTP_200_OK) -> Response:
        directive = self.get_queryset().get(pk=directive.pk)
        return Response(DirectiveSerializer(directive).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = DirectiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        directive = services.directive_record(by=request.user, **serializer.validated_data)
        return self._respond(directive, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        directive = self.get_object()
        serializer = DirectiveUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        directive = services.directive_update(
            directive=directive, by=request.user, **serializer.validated_data
        )
        return self._respond(directive)

    def destroy(self, request, *args, **kwargs):
        services.directive_delete(directive=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
