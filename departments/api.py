"""Read-only API of the organisation (/api/v1/bureaus|divisions|teams|people/).

Every member of staff may read the org chart (``departments.view_orgchart``), signed in
through the browser session or with a token issued in the admin. Querysets come from
``departments.selectors`` and filters from ``departments.filters``, as on the org chart page.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from core.api import OrderingFilter
from core.permissions import HasRulesPermission
from departments import selectors
from departments.filters import BureauFilter, DivisionFilter, PersonFilter, TeamFilter
from departments.serializers import (
    BureauSerializer,
    DivisionSerializer,
    PersonSerializer,
    TeamSerializer,
)


class OrgChartViewSet(viewsets.ReadOnlyModelViewSet):
    # Searching is the FilterSets' ``q`` (shared with the page), not DRF's SearchFilter.
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    permission_classes = [HasRulesPermission]
    permission_required = "departments.view_orgchart"


@extend_schema_view(
    list=extend_schema(
        summary="실·국 목록",
        description="실·국과 직속기관·사업소를 보고회 순서(표시 순서)대로 돌려줍니다. "
        "폐지된 실·국도 포함되며 `is_active`로 거를 수 있습니다.",
    ),
    retrieve=extend_schema(summary="실·국 하나"),
)
class BureauViewSet(OrgChartViewSet):
    serializer_class = BureauSerializer
    filterset_class = BureauFilter
    ordering_fields = ["display_order", "name", "id", "division_count"]

    def get_queryset(self):
        return selectors.bureau_list()


@extend_schema_view(
    list=extend_schema(summary="과 목록", description="과를 실·국 순서, 과 순서대로 돌려줍니다."),
    retrieve=extend_schema(summary="과 하나"),
)
class DivisionViewSet(OrgChartViewSet):
    serializer_class = DivisionSerializer
    filterset_class = DivisionFilter
    ordering_fields = ["display_order", "name", "id", "team_count"]

    def get_queryset(self):
        return selectors.division_list()


@extend_schema_view(
    list=extend_schema(
        summary="팀 목록",
        description="팀을 조직도 순서대로, 재직 중인 팀원 수와 팀장과 함께 돌려줍니다.",
    ),
    retrieve=extend_schema(summary="팀 하나"),
)
class TeamViewSet(OrgChartViewSet):
    serializer_class = TeamSerializer
    filterset_class = TeamFilter
    ordering_fields = ["display_order", "name", "id", "member_count"]

    def get_queryset(self):
        return selectors.team_list()


@extend_schema_view(
    list=extend_schema(
        summary="직원 목록",
        description="직원 명부: 성명, 사번, 업무용 이메일, 직위와 소속. 퇴직자도 포함되며 "
        "`is_active`로 거를 수 있습니다. 로그인 아이디와 역할(그룹)은 내보내지 않습니다.",
    ),
    retrieve=extend_schema(summary="직원 한 명"),
)
class PersonViewSet(OrgChartViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["full_name", "employee_number", "id"]

    def get_queryset(self):
        return selectors.person_list()
