"""The dashboards' numbers for API callers: one endpoint per panel, the pages' selectors.

Every endpoint takes the scope in the query: ``season`` (default: the latest season not
in preparation), ``bureau`` or ``team``; who may ask for which scope is the pages' rule.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as APIPermissionDenied
from rest_framework.response import Response

from insight import dashboards, history, selectors
from insight.panels import EXTRA_PANELS

SCOPE_PARAMETERS = [
    OpenApiParameter("season", int, description="시즌 id(없으면 준비 중이 아닌 최근 시즌)"),
    OpenApiParameter("bureau", int, description="실·국 id: 그 실·국만"),
    OpenApiParameter("team", int, description="팀 id: 그 팀만"),
]


class PanelIndexSerializer(serializers.Serializer):
    key = serializers.CharField()
    path = serializers.CharField(help_text="/api/v1/insight/ 아래 주소")


class StageSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FunnelSerializer(serializers.Serializer):
    stages = StageSerializer(many=True)
    returned = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    exempt_teams = serializers.IntegerField()
    pending_exemption_teams = serializers.IntegerField()
    missing_teams = serializers.IntegerField()


class ParticipationRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    division = serializers.CharField(help_text="팀 행의 과; 실·국 행은 빈 문자열")
    teams = serializers.IntegerField()
    submitted = serializers.IntegerField()
    exempt = serializers.IntegerField()
    pending_exemption = serializers.IntegerField()
    missing = serializers.IntegerField()
    ideas = serializers.IntegerField()
    representative_tasks = serializers.IntegerField()


class ParticipationTotalsSerializer(serializers.Serializer):
    teams = serializers.IntegerField()
    submitted = serializers.IntegerField()
    exempt = serializers.IntegerField()
    pending = serializers.IntegerField()
    missing = serializers.IntegerField()
    ideas = serializers.IntegerField()
    representatives = serializers.IntegerField()


class ParticipationSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=["bureau", "team"])
    rows = ParticipationRowSerializer(many=True)
    totals = ParticipationTotalsSerializer()


class RoundProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    order = serializers.IntegerField()
    ideas = serializers.IntegerField()
    evaluations_assigned = serializers.IntegerField()
    evaluations_submitted = serializers.IntegerField()
    evaluations_missing = serializers.IntegerField()
    disagreements = serializers.IntegerField(
        allow_null=True, help_text="심사 점수를 볼 수 없는 차수는 null"
    )


class TrendQuerySerializer(serializers.Serializer):
    bureau = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


MAX_ID = 2**63 - 1  # a larger number would overflow PostgreSQL's bigint (a 500, not a 404)


def _int_param(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit() or int(value) > MAX_ID:
        raise serializers.ValidationError({name: ["정수를 입력하세요."]})
    return int(value)


# A season, bureau, team, panel or object named in the query that does not exist, or that
# the caller may not see, is a 404 like an unknown id in a path.
NOT_FOUND_IN_QUERY = OpenApiResponse(description="없거나 볼 수 없는 시즌·실·국·팀·대상")


class InsightViewSet(viewsets.ViewSet):
    """현황판(대시보드)의 패널별 숫자."""

    def _scope(self, request):
        try:
            return dashboards.resolve_scope(
                request.user,
                season_id=_int_param(request, "season"),
                bureau_id=_int_param(request, "bureau"),
                team_id=_int_param(request, "team"),
            )
        except PermissionDenied:
            raise APIPermissionDenied() from None
        except Http404:
            raise NotFound() from None

    @extend_schema(
        summary="패널 목록",
        description="이 API가 답하는 패널의 key. 추진 관리·포상 앱이 더한 패널도 나옵니다.",
        responses={200: PanelIndexSerializer(many=True), 404: NOT_FOUND_IN_QUERY},
        filters=False,
    )
    def list(self, request):
        builtin = [
            ("funnel", "funnel/"),
            ("participation", "participation/"),
            ("review_progress", "review-progress/"),
        ]
        extra = [(key, f"panels/{key}/") for key in EXTRA_PANELS]
        return Response([{"key": key, "path": path} for key, path in builtin + extra])

    @extend_schema(
        summary="단계별 현황(퍼널)",
        parameters=SCOPE_PARAMETERS,
        responses={200: FunnelSerializer, 404: NOT_FOUND_IN_QUERY},
        filters=False,
    )
    @action(detail=False, methods=["get"])
    def funnel(self, request):
        scope = self._scope(request)
        from reviews.permissions import manages_reviews

        rows = selectors.participation(scope=scope)
        board = dashboards.Dashboard(
            scope=scope,
            funnel=selectors.funnel(scope=scope, published_only=not manages_reviews(request.user)),
            participation=rows,
            totals=selectors.totals(rows),
            rounds=[],
        )
        return Response(dashboards.funnel_data(board))

    @extend_schema(
        summary="참여 현황(실·국별 또는 팀별)",
        parameters=SCOPE_PARAMETERS,
        responses={200: ParticipationSerializer, 404: NOT_FOUND_IN_QUERY},
        filters=False,
    )
    @action(detail=False, methods=["get"])
    def participation(self, request):
        scope = self._scope(request)
        rows = selectors.participation(scope=scope)
        board = dashboards.Dashboard(
            scope=scope, funnel=None, participation=rows, totals=selectors.totals(rows), rounds=[]
        )
        return Response(dashboards.participation_data(board))

    @extend_schema(
        summary="심사 진행(진행 중인 차수별)",
        parameters=SCOPE_PARAMETERS,
        responses={200: RoundProgressSerializer(many=True), 404: NOT_FOUND_IN_QUERY},
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="review-progress")
    def review_progress(self, request):
        from reviews.permissions import can_view_scores_of_round

        scope = self._scope(request)
        rounds = selectors.review_progress(
            scope=scope, scores_visible=lambda r: can_view_scores_of_round(request.user, r)
        )
        board = dashboards.Dashboard(
            scope=scope, funnel=None, participation=[], totals=None, rounds=rounds
        )
        return Response(dashboards.review_data(board))

    @extend_schema(
        summary="시즌별 추이",
        description="시즌별 제출·채택 건수, 채택률, 추진 방식별 비율(실·국 지정 가능)과 "
        "실·국×시즌 채택률. 완료까지 걸린 날과 6·12개월 내 완료율은 추진 관리 기록이 생기면 "
        "채워지고, 그 전에는 null입니다.",
        parameters=[TrendQuerySerializer],
        responses={200: {"type": "object"}, 404: NOT_FOUND_IN_QUERY},
        filters=False,
    )
    @action(detail=False, methods=["get"])
    def trends(self, request):
        query = TrendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            bureau = dashboards.resolve_trends_bureau(
                request.user, query.validated_data.get("bureau")
            )
        except PermissionDenied:
            raise APIPermissionDenied() from None
        except Http404:
            raise NotFound() from None
        seasons, by_bureau = dashboards.trends(user=request.user, bureau=bureau)
        return Response(dashboards.trend_data(seasons, by_bureau))

    @extend_schema(
        summary="다른 앱이 더한 패널",
        description="추진 관리·포상 앱이 생기면 그 패널(추진 현황, 절감 시간, 포상 점수)이 "
        "여기에 key로 나옵니다.",
        parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH), *SCOPE_PARAMETERS],
        responses={200: {"type": "object"}, 404: NOT_FOUND_IN_QUERY},
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path=r"panels/(?P<key>[a-z_]+)")
    def panel(self, request, key=None):
        scope = self._scope(request)
        panel = EXTRA_PANELS.get(key)
        if panel is None or scope.kind not in panel.scopes:
            raise NotFound()
        return Response(panel.compute(scope, request.user))


class HistoryQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(history.KINDS), help_text="기록의 종류")
    id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class ChangeSerializer(serializers.Serializer):
    label = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class StepSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    action = serializers.CharField()
    reason = serializers.CharField()
    changes = ChangeSerializer(many=True)
    details = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class HistoryViewSet(viewsets.ViewSet):
    """처리 이력(누가, 언제, 무엇을, 무엇에서 무엇으로)."""

    @extend_schema(
        summary="처리 이력",
        description="아이디어, 결정, 심사 차수, 보고회, 보고회 일정, 제출 예외, 지시사항, 시즌의 "
        "처리 이력(오래된 순). 그 대상을 볼 수 있는 사람만 봅니다.",
        parameters=[HistoryQuerySerializer],
        responses={200: StepSerializer(many=True), 404: NOT_FOUND_IN_QUERY},
        filters=False,
    )
    def list(self, request):
        query = HistoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind = history.KINDS[query.validated_data["kind"]]
        obj = kind.model._default_manager.filter(pk=query.validated_data["id"]).first()
        if obj is None or not kind.may_view(request.user, obj):
            raise NotFound()
        steps = history.timeline(obj, request.user)
        return Response(StepSerializer(steps, many=True).data)


class BookSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session_id")
    status = serializers.CharField()
    progress = serializers.IntegerField()
    pages = serializers.IntegerField(allow_null=True)
    built_at = serializers.DateTimeField(allow_null=True)
    pdf_url = serializers.SerializerMethodField()
    hwpx_url = serializers.SerializerMethodField()

    def _url(self, book, fmt):
        if not book.is_ready:
            return None
        from django.urls import reverse

        return reverse("insight:book_download", args=[book.session_id, fmt])

    def get_pdf_url(self, book) -> str | None:
        return self._url(book, "pdf")

    def get_hwpx_url(self, book) -> str | None:
        return self._url(book, "hwpx")


class BriefingBookViewSet(viewsets.ViewSet):
    """보고회 자료(PDF·HWPX): 보고회 id로 상태를 보고, 만들기를 요청합니다."""

    lookup_value_regex = r"\d+"

    def _session(self, request, pk):
        from briefings.models import BriefingSession

        session = BriefingSession.objects.filter(pk=pk).first() if int(pk) <= MAX_ID else None
        if session is None or not request.user.has_perm("briefings.view_session", session):
            raise NotFound()
        if not request.user.has_perm("insight.download_book", session):
            raise APIPermissionDenied()
        return session

    @extend_schema(
        summary="보고회 자료 목록",
        description="부를 수 있는 보고회 자료: 기획조정실과 심사위원(도지사실)은 모두, "
        "실·국장은 자기 실·국의 보고회 것.",
        responses=BookSerializer(many=True),
        filters=False,
    )
    def list(self, request):
        from departments.permissions import is_bureau_director
        from insight.models import BriefingBook
        from insight.permissions import sees_whole_government

        books = BriefingBook.objects.order_by("-session__date", "session__start_time")
        if sees_whole_government(request.user):
            pass
        elif is_bureau_director(request.user) and request.user.bureau_id:
            books = books.filter(session__bureaus=request.user.bureau_id)
        else:
            books = books.none()
        return Response(BookSerializer(books, many=True).data)

    @extend_schema(
        summary="보고회 자료 상태",
        description="안건이 바뀌었으면 다시 만들기를 요청하고 그 상태를 돌려줍니다. "
        "아직 요청한 적이 없으면 404.",
        responses=BookSerializer,
        filters=False,
    )
    def retrieve(self, request, pk=None):
        from insight import services

        book = services.book_refresh_if_stale(session=self._session(request, pk))
        if book is None:
            raise NotFound()
        return Response(BookSerializer(book).data)

    @extend_schema(
        summary="보고회 자료 만들기 요청",
        description="기획조정실, 심사위원(도지사실)과 그 보고회의 실·국장.",
        request=None,
        responses={202: BookSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"])
    def build(self, request, pk=None):
        from insight import services

        book = services.book_request(session=self._session(request, pk), by=request.user)
        return Response(BookSerializer(book).data, status=202)
