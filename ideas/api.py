"""The ideas API (/api/v1/seasons|ideas|attachments|exemptions/).

Thin, like the pages: scope the object to the caller, parse the input, call the service,
answer. Who may do what is decided by the rules in ``ideas.permissions`` — asked through
``user.has_perm`` or by the services themselves, whose refusals (``BusinessRuleError``)
``core.api.exception_handler`` turns into 400/403/409 with the Korean message at its field.
An object the caller may not even read (another team's draft) is a 404, never a 403.

Questions about the caller alone (may it oversee every team?) go to ``rules.has_perm``
directly: ``user.has_perm`` would also ask Django's model permissions, which this project
does not use, at two queries per request.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import partial

import rules
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import OrderingFilter
from core.errors import BusinessRuleError
from core.pagination import LargeListPagination
from core.permissions import HasRulesPermission
from departments.models import Team
from ideas import permissions, search, selectors, services
from ideas.attachments import ALLOWED, download_response, upload_response
from ideas.filters import IdeaFilter
from ideas.models import Exemption, Idea, IdeaAttachment, Season
from ideas.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    DuplicateOfSerializer,
    ExemptionCreateSerializer,
    ExemptionDecisionSerializer,
    ExemptionSerializer,
    HistoryEntrySerializer,
    IdeaCreateSerializer,
    IdeaDetailSerializer,
    IdeaListSerializer,
    IdeaUpdateSerializer,
    ReasonSerializer,
    SeasonSerializer,
    SeasonTransitionSerializer,
    SendBackSerializer,
    SimilarBodySerializer,
    SimilarIdeaSerializer,
    SimilarQuerySerializer,
    TeamQuotaSerializer,
)

# A download is sent as the type its upload was checked to be.
DOWNLOAD_TYPES = sorted({kind.content_type for kind in ALLOWED.values()})
REFUSED = OpenApiResponse(
    response={"type": "object", "additionalProperties": {}},
    description="규칙상 안 됩니다: 빠진 항목은 필드별 메시지, 마감·권한 문제는 `detail`.",
)
CONFLICT = OpenApiResponse(
    response={"type": "object", "properties": {"detail": {"type": "string"}}},
    description="그 사이 다른 사람이 저장했습니다(`version`이 낡음). 다시 불러와 고치세요.",
)


@contextmanager
def errors_renamed(**names: str):
    """Report a service's error at the API's name of the field (e.g. decision_note → note)."""
    try:
        yield
    except BusinessRuleError as exc:
        exc.errors = {names.get(k, k) if k else k: v for k, v in exc.errors.items()}
        raise


# Seasons ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="시즌 목록",
        description="최근 접수 시작 순. 준비(draft) 상태의 시즌은 시즌을 관리하는 "
        "기획조정실과 시스템 관리자에게만 보입니다.",
    ),
    retrieve=extend_schema(summary="시즌 하나"),
    create=extend_schema(
        summary="시즌 만들기", description="기획조정실만. 준비 상태로 만들어집니다."
    ),
    partial_update=extend_schema(summary="시즌 고치기", description="기획조정실만."),
)
class SeasonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SeasonSerializer
    permission_classes = [HasRulesPermission]
    permission_required = {
        "create": "ideas.manage_season",
        "partial_update": "ideas.manage_season",
        "transition": "ideas.manage_season",
    }
    filter_backends = [OrderingFilter]
    ordering_fields = ["submission_opens_at", "submission_closes_at", "name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.seasons_with_idea_counts(self.request.user).order_by(
            "-submission_opens_at", "-pk"
        )

    def _respond(self, season: Season, status_code: int = status.HTTP_200_OK) -> Response:
        season = self.get_queryset().get(pk=season.pk)  # with idea_count
        return Response(self.get_serializer(season).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        season = services.season_create(by=request.user, **serializer.validated_data)
        return self._respond(season, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        season = self.get_object()
        serializer = self.get_serializer(season, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        season = services.season_update(season=season, by=request.user, **serializer.validated_data)
        return self._respond(season)

    @extend_schema(
        summary="시즌 상태 바꾸기",
        description="준비 → 접수 중 → 보고회 → 심사 → 종료(한 단계 되돌리기도 가능). 기획조정실만.",
        request=SeasonTransitionSerializer,
        responses=SeasonSerializer,
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        season = self.get_object()
        serializer = SeasonTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        season = services.season_transition(
            season=season, to=serializer.validated_data["to"], by=request.user
        )
        return self._respond(season)

    @extend_schema(
        summary="팀별 제출 현황",
        description="시즌의 팀마다 제출 건수, 제출 예외 상태와 제출 현황(제출 완료·제출 예외·"
        "예외 승인 대기·미제출). 기획조정실은 모든 팀, 실·국장은 그 실·국의 팀, "
        "팀원은 자기 팀만 봅니다.",
        responses=TeamQuotaSerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def quota(self, request, pk=None):
        season = self.get_object()
        user = request.user
        if rules.has_perm("ideas.view_season_overview", user):
            teams = selectors.team_quota(season=season)
        elif user.bureau_id and rules.has_perm("ideas.view_bureau_overview", user, user.bureau):
            teams = selectors.team_quota(season=season, bureau=user.bureau)
        elif user.team_id:
            teams = selectors.team_quota(season=season).filter(pk=user.team_id)
        else:
            teams = Team.objects.none()
        page = self.paginate_queryset(teams)
        return self.get_paginated_response(TeamQuotaSerializer(page, many=True).data)


# Ideas -----------------------------------------------------------------------------


def readable_ideas(user) -> QuerySet[Idea]:
    """What ``ideas.view_idea`` lets the caller read, as a query: the library of submitted
    ideas plus the caller's own team's drafts."""
    return Idea.objects.readable_by(user)


@extend_schema_view(
    list=extend_schema(
        summary="아이디어 목록",
        description="제출된 모든 아이디어(도서관)와 내 팀의 작성 중인 아이디어. `q`는 제목과 "
        "요약에서 단어의 일부로도 찾습니다(예: `관리시스`). 기본 정렬은 작성 중인 것 먼저, "
        "그다음 최근 제출 순.",
    ),
    retrieve=extend_schema(
        summary="아이디어 하나",
        description="다른 팀의 작성 중인 아이디어는 404. `allowed_actions`는 지금 내가 할 수 "
        "있는 일입니다.",
    ),
    create=extend_schema(
        summary="아이디어 작성 시작",
        description="내 팀의 초안을 만듭니다(팀은 로그인한 직원의 팀). 접수 중인 시즌에만, "
        "내용은 비어 있어도 됩니다.",
        request=IdeaCreateSerializer,
        responses={201: IdeaDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="아이디어 고치기",
        description="작성자, 공동 작성자와 팀장이 작성 중이거나 보완 요청된 아이디어를 고칩니다. "
        "`version`은 불러온 값을 그대로 보내며, 그 사이 누가 저장했으면 409로 거절됩니다.",
        request=IdeaUpdateSerializer,
        responses={200: IdeaDetailSerializer, 409: CONFLICT},
    ),
)
class IdeaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    # Ordering is IdeaFilter's own ``ordering`` (shared with the pages), not DRF's.
    filter_backends = [DjangoFilterBackend]
    filterset_class = IdeaFilter
    # The library's size: the page's rows found from the ordering index, the total
    # estimated beyond 10,000 (a Korean search can match 100,000 ideas).
    pagination_class = LargeListPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        base = readable_ideas(self.request.user)
        if self.action == "list":
            return selectors.idea_rows(base=base).order_by(
                F("submitted_at").desc(nulls_first=True), "-created_at", "-pk"
            )
        return selectors.with_co_authors(
            base.select_related(
                "season", "created_by", "submitted_by", "duplicate_of"
            ).prefetch_related(
                Prefetch("attachments", IdeaAttachment.objects.select_related("uploaded_by"))
            )
        )

    def get_serializer_class(self):
        return IdeaListSerializer if self.action == "list" else IdeaDetailSerializer

    def get_object(self) -> Idea:
        idea = super().get_object()
        if not self.request.user.has_perm("ideas.view_idea", idea):
            raise Http404
        return idea

    def _respond(self, idea: Idea, status_code: int = status.HTTP_200_OK) -> Response:
        idea = self.get_queryset().get(pk=idea.pk)
        return Response(
            IdeaDetailSerializer(idea, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request, *args, **kwargs):
        serializer = IdeaCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = services.idea_create_draft(by=request.user, **serializer.validated_data)
        return self._respond(idea, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        idea = self.get_object()
        serializer = IdeaUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "version" not in data:
            raise BusinessRuleError(_("불러온 아이디어의 version을 보내세요."), field="version")
        idea = services.idea_update_draft(idea=idea, by=request.user, **data)
        return self._respond(idea)

    @extend_schema(
        summary="제출",
        description="팀장이 접수 기간에 제출합니다(보완 요청된 아이디어는 다시 제출). 빠진 "
        "항목은 필드마다 400으로, 마감·권한 문제는 `detail`로 돌려줍니다.",
        request=None,
        responses={200: IdeaDetailSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        idea = services.idea_submit(idea=self.get_object(), by=request.user)
        return self._respond(idea)

    @extend_schema(
        summary="철회",
        description="팀장이 제출 마감 전에 제출한 아이디어를 철회합니다.",
        request=ReasonSerializer,
        responses=IdeaDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        idea = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = services.idea_withdraw(
            idea=idea, by=request.user, reason=serializer.validated_data["reason"]
        )
        return self._respond(idea)

    @extend_schema(
        summary="보완 요청",
        description="기획조정실이 제출된 아이디어를 사유와 함께 팀에 돌려보냅니다.",
        request=SendBackSerializer,
        responses=IdeaDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        idea = self.get_object()
        serializer = SendBackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = services.idea_send_back(
            idea=idea, by=request.user, reason=serializer.validated_data["reason"]
        )
        return self._respond(idea)

    @extend_schema(
        summary="과 대표 과제로 지정",
        description="실·국장이 과마다 한 건을 지정합니다(같은 과의 이전 대표 과제는 풀립니다).",
        request=None,
        responses={200: IdeaDetailSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def representative(self, request, pk=None):
        idea = services.idea_mark_representative(idea=self.get_object(), by=request.user)
        return self._respond(idea)

    @extend_schema(
        summary="중복 연결",
        description="기획조정실이 아이디어를 먼저 제출된 원본(id 또는 접수번호)에 연결합니다. "
        "`original`을 비우면 연결을 끊습니다.",
        request=DuplicateOfSerializer,
        responses=IdeaDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="duplicate-of")
    def duplicate_of(self, request, pk=None):
        idea = self.get_object()
        serializer = DuplicateOfSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        original = self._original(serializer.validated_data["original"])
        with errors_renamed(duplicate_of="original"):
            idea = services.idea_link_duplicate(
                idea=idea,
                original=original,
                by=request.user,
                reason=serializer.validated_data["reason"],
            )
        return self._respond(idea)

    def _original(self, value: str | None) -> Idea | None:
        value = (value or "").strip()
        if not value:
            return None
        lookup = {"pk": int(value)} if value.isdigit() else {"reference_number": value}
        original = readable_ideas(self.request.user).filter(**lookup).first()
        if original is None:
            raise BusinessRuleError(
                _("원본 아이디어를 찾을 수 없습니다: %(value)s") % {"value": value},
                field="original",
            )
        return original

    @extend_schema(
        summary="처리 이력",
        description="작성, 제출, 보완 요청, 철회, 첨부 등 상태 변경의 기록(오래된 순). 심사 중 "
        "제안 팀·작성자를 가린 심사위원에게는 `actor`가 null입니다.",
        responses=HistoryEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        idea = self.get_object()
        data = HistoryEntrySerializer(selectors.idea_history(idea), many=True).data
        if permissions.proposer_hidden(request.user, idea):
            for entry in data:  # who acted: mostly the authors (blind to the proposer)
                entry["actor"] = None
        return Response(data)

    @extend_schema(
        methods=["get"],
        summary="비슷한 아이디어",
        description="작성 중인 제목(과 요약)과 비슷한, 이미 제출된 아이디어를 모든 시즌에서 "
        "최대 5건 찾습니다. 띄어쓰기가 달라도 찾습니다. 요약이 400자보다 길면 같은 주소에 "
        "POST로 보내세요.",
        parameters=[SimilarQuerySerializer],
        responses=SimilarIdeaSerializer(many=True),
        filters=False,
    )
    @extend_schema(
        methods=["post"],
        summary="비슷한 아이디어(긴 요약)",
        description="제목과 요약(2,000자까지)을 본문으로 받아 GET과 같은 방식으로 찾습니다. "
        "작성 화면의 실시간 확인과 같은 목록입니다. 아무것도 저장하지 않습니다.",
        request=SimilarBodySerializer,
        responses=SimilarIdeaSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def similar(self, request):
        # POST: a long summary does not fit in a URL (8 KB request line); it reads only.
        if request.method == "POST":
            query = SimilarBodySerializer(data=request.data)
        else:
            query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        typed = query.validated_data
        found = search.similar_ideas(
            title=typed["title"],
            summary=typed["summary"],
            exclude_pk=typed.get("exclude"),
        )
        return Response(SimilarIdeaSerializer(found, many=True, context={"request": request}).data)

    @extend_schema(
        methods=["get"],
        summary="첨부 파일 목록",
        responses=AttachmentSerializer(many=True),
        filters=False,
    )
    @extend_schema(
        methods=["post"],
        summary="첨부 파일 올리기",
        description="multipart/form-data의 `file` 하나. 형식(확장자와 파일 내용)과 크기를 "
        "확인하며, 거절되면 `file`에 이유를 돌려줍니다. 아이디어를 고칠 수 있는 사람만.",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, pk=None):
        idea = self.get_object()
        if request.method == "GET":
            return Response(AttachmentSerializer(idea.attachments.all(), many=True).data)
        return upload_response(
            request,
            upload_serializer=AttachmentUploadSerializer,
            store=partial(services.attachment_add, idea=idea, by=request.user),
            output_serializer=AttachmentSerializer,
        )


# Attachments -----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="첨부 파일 목록",
        description="읽을 수 있는 아이디어의 첨부 파일. `idea`로 한 아이디어의 것만 거릅니다.",
    ),
    retrieve=extend_schema(summary="첨부 파일 하나"),
    destroy=extend_schema(
        summary="첨부 파일 지우기", description="아이디어를 고칠 수 있는 사람만."
    ),
)
class AttachmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AttachmentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["idea"]

    def get_queryset(self):
        return (
            IdeaAttachment.objects.filter(idea__in=readable_ideas(self.request.user))
            .select_related("uploaded_by", "idea__season")
            .order_by("pk")
        )

    def get_object(self) -> IdeaAttachment:
        attachment = super().get_object()
        if not self.request.user.has_perm("ideas.view_attachment", attachment.idea):
            raise Http404
        return attachment

    def destroy(self, request, *args, **kwargs):
        services.attachment_remove(attachment=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="첨부 파일 내려받기",
        description="올린 때의 파일 이름으로 내려받습니다. 아이디어를 읽을 수 있는 사람만.",
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in DOWNLOAD_TYPES},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def download(self, request, pk=None):
        return download_response(self.get_object())


# Exemptions ------------------------------------------------------------------------


def exemptions_visible_to(user) -> QuerySet[Exemption]:
    """A team sees its own requests, a bureau director the bureau's, the planning office all
    (the same overview permissions as the quota status)."""
    qs = Exemption.objects.select_related("season", "bureau", "filed_by", "decided_by")
    if rules.has_perm("ideas.view_season_overview", user):
        return qs
    team_id = getattr(user, "team_id", None)  # None also for the schema generator
    visible = Q(team_id=team_id) if team_id else Q(pk__in=[])
    if getattr(user, "bureau_id", None) and rules.has_perm(
        "ideas.view_bureau_overview", user, user.bureau
    ):
        visible |= Q(bureau_id=user.bureau_id)
    return qs.filter(visible)


@extend_schema_view(
    list=extend_schema(
        summary="제출 예외 목록",
        description="팀은 자기 팀의 신청, 실·국장은 그 실·국의 신청, 기획조정실은 모든 신청을 "
        "봅니다. 최근 신청 순.",
    ),
    retrieve=extend_schema(summary="제출 예외 하나"),
    create=extend_schema(
        summary="제출 예외 신청",
        description="예외를 허용하는 시즌의 접수 기간에 팀장이 신청합니다(`other` 사유는 설명 필수).",
        request=ExemptionCreateSerializer,
        responses={201: ExemptionSerializer},
    ),
)
class ExemptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ExemptionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["season", "status"]

    def get_queryset(self):
        return exemptions_visible_to(self.request.user).order_by("-filed_at", "-pk")

    def _respond(self, exemption: Exemption, status_code=status.HTTP_200_OK) -> Response:
        exemption = self.get_queryset().get(pk=exemption.pk)
        return Response(ExemptionSerializer(exemption).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = ExemptionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        exemption = services.exemption_file(by=request.user, **serializer.validated_data)
        return self._respond(exemption, status.HTTP_201_CREATED)

    @extend_schema(
        summary="제출 예외 승인·반려",
        description="그 팀의 실·국장이 결정합니다. 반려할 때는 `note`에 사유를 적습니다.",
        request=ExemptionDecisionSerializer,
        responses=ExemptionSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        exemption = self.get_object()
        serializer = ExemptionDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with errors_renamed(decision_note="note"):
            exemption = services.exemption_decide(
                exemption=exemption,
                by=request.user,
                approve=serializer.validated_data["approve"],
                note=serializer.validated_data["note"],
            )
        return self._respond(exemption)
