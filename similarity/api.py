"""The planning office's duplicate review: /api/v1/duplicate-pairs/."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.pagination import LargeListPagination
from similarity import permissions, selectors, services
from similarity.models import SuggestedPair
from similarity.serializers import DismissSerializer, LikelyPairSerializer, PairQuerySerializer


class PairsPagination(LargeListPagination):
    """The list's pages, with ``pending``: the season's ideas not yet compared."""

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["pending"] = {
            "type": "integer",
            "description": "아직 다른 아이디어와 비교하지 않은 이 시즌 아이디어 수(그 쌍은 "
            "목록에 없습니다). compare로 비교를 시작합니다.",
        }
        return schema


class CompareStartedSerializer(serializers.Serializer):
    waiting = serializers.IntegerField(help_text="비교를 시작한 아이디어 수")


class DuplicatePairViewSet(viewsets.GenericViewSet):
    queryset = SuggestedPair.objects.none()  # the schema's model; list reads the selectors
    pagination_class = PairsPagination
    serializer_class = LikelyPairSerializer

    def _check(self, request) -> None:
        if not permissions.can_review_duplicates(request.user):
            raise PermissionDenied(_("중복 판단은 기획조정실만 할 수 있습니다."))

    @extend_schema(
        summary="시즌의 중복 의심 쌍",
        description="시즌의 아이디어와 중복일 가능성이 높은 다른 아이디어(모든 시즌)의 쌍, "
        "점수 높은 순, 한 쪽에 50쌍(page_size로 200까지). '중복 아님'으로 판단한 쌍과 이미 "
        "중복으로 연결한 쌍은 뺍니다. 아이디어를 제출·수정할 때 비교해 저장한 쌍입니다: 아직 "
        "비교하지 않은 아이디어의 쌍은 비교가 끝난 뒤 나옵니다.",
        parameters=[PairQuerySerializer],
        responses=LikelyPairSerializer(many=True),
    )
    def list(self, request):
        self._check(request)
        query = PairQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        season = query.validated_data["season"]
        rows = self.paginate_queryset(selectors.likely_pairs(season))
        pairs = selectors.likely_pairs_of(rows, season=season)
        response = self.get_paginated_response(LikelyPairSerializer(pairs, many=True).data)
        response.data["pending"] = selectors.pairs_pending(season).count()
        return response

    @extend_schema(
        summary="아직 비교하지 않은 아이디어 비교",
        description="시즌에서 아직 다른 아이디어와 비교하지 않은 아이디어(목록의 pending)의 "
        "비교를 백그라운드에서 시작합니다. 끝나는 대로 그 쌍이 목록에 나옵니다. 비교할 "
        "아이디어가 없으면 400입니다.",
        request=PairQuerySerializer,
        responses={202: CompareStartedSerializer},
    )
    @action(detail=False, methods=["post"])
    def compare(self, request):
        self._check(request)
        body = PairQuerySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        waiting = services.season_pairs_check(season=body.validated_data["season"], by=request.user)
        return Response({"waiting": waiting}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="중복 아님으로 판단",
        description="두 아이디어를 중복이 아니라고 판단합니다. 그 쌍은 다시 보이지 않습니다.",
        request=DismissSerializer,
        responses={201: None},
    )
    @action(detail=False, methods=["post"])
    def dismiss(self, request):
        self._check(request)
        body = DismissSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.pair_dismiss(by=request.user, **body.validated_data)
        return Response(status=status.HTTP_201_CREATED)
