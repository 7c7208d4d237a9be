"""Comments and endorsements (공감) through the API, with the pages' rules: a target is
named by ``target_type`` (idea, task) and ``target_id``; a reviewer scoring an idea in an
open round gets a 403 for its comments and count, as the page shows nothing."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from core.errors import BusinessRuleError
from core.permissions import HasRulesPermission
from participation import services
from participation.models import Comment, Endorsement
from participation.serializers import (
    CommentEditSerializer,
    CommentInputSerializer,
    CommentReasonSerializer,
    CommentSerializer,
    EngagementSerializer,
    TargetSerializer,
)
from participation.targets import TARGETS, resolve

TARGET_PARAMETERS = [
    OpenApiParameter("target_type", str, enum=list(TARGETS), required=True),
    OpenApiParameter("target_id", int, required=True),
]


NO_TARGET = "그런 글이 없습니다."


def _target_from(data, user):
    serializer = TargetSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    kind = serializer.validated_data["target_type"]
    target = resolve(kind, serializer.validated_data["target_id"])
    if target is None:
        raise BusinessRuleError(NO_TARGET, field="target_id")
    if not user.has_perm("participation.take_part", target):
        raise PermissionDenied("이 글의 의견과 공감을 볼 수 없습니다.")
    return kind, target


class CommentViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CommentSerializer
    permission_classes = [HasRulesPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return Comment.objects.select_related("author").order_by("created_at", "pk")

    def get_object(self):
        comment = super().get_object()
        # The comment's target decides who reads it (drafts, reviewers' blindness).
        target = comment.target
        if target is None or not self.request.user.has_perm("participation.take_part", target):
            raise NotFound()
        return comment

    @extend_schema(summary="한 글의 의견", parameters=TARGET_PARAMETERS)
    def list(self, request, *args, **kwargs):
        kind, target = _target_from(request.query_params, request.user)
        qs = self.get_queryset().filter(
            content_type=TARGETS[kind].content_type, object_id=target.pk
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(request=CommentInputSerializer, responses={201: CommentSerializer})
    def create(self, request, *args, **kwargs):
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = resolve(data.validated_data["target_type"], data.validated_data["target_id"])
        if target is None:
            raise BusinessRuleError(NO_TARGET, field="target_id")
        parent = None
        if data.validated_data.get("parent"):
            parent = Comment.objects.filter(pk=data.validated_data["parent"]).first()
            if parent is None:
                raise BusinessRuleError("그런 의견이 없습니다.", field="parent")
        comment = services.comment_post(
            target=target, body=data.validated_data["body"], by=request.user, parent=parent
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentEditSerializer, responses={200: CommentSerializer})
    def partial_update(self, request, *args, **kwargs):
        data = CommentEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_edit(
            comment=self.get_object(), body=data.validated_data["body"], by=request.user
        )
        return Response(CommentSerializer(comment).data)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.comment_delete(comment=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="의견 숨기기 (기획조정실)", request=CommentReasonSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        data = CommentReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_hide(
            comment=self.get_object(), reason=data.validated_data["reason"], by=request.user
        )
        return Response(CommentSerializer(comment).data)

    @extend_schema(summary="의견 신고", request=CommentReasonSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        data = CommentReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.comment_report(
            comment=self.get_object(), reason=data.validated_data["reason"], by=request.user
        )
        return Response(status=status.HTTP_201_CREATED)


class EndorsementViewSet(viewsets.GenericViewSet):
    """공감: the count and the caller's own, given (once) and taken back."""

    permission_classes = [HasRulesPermission]
    serializer_class = EngagementSerializer
    pagination_class = None
    queryset = Endorsement.objects.none()

    def _summary(self, kind, target):
        content_type = TARGETS[kind].content_type
        endorsements = Endorsement.objects.filter(content_type=content_type, object_id=target.pk)
        return EngagementSerializer(
            {
                "target_type": kind,
                "target_id": target.pk,
                "endorsement_count": endorsements.count(),
                "endorsed": endorsements.filter(user=self.request.user).exists(),
                "comment_count": Comment.objects.filter(
                    content_type=content_type,
                    object_id=target.pk,
                    status=Comment.Status.VISIBLE,
                ).count(),
            }
        ).data

    @extend_schema(
        summary="공감 수와 내 공감",
        parameters=TARGET_PARAMETERS,
        responses={200: EngagementSerializer},
    )
    @action(detail=False, methods=["get"])
    def summary(self, request):
        kind, target = _target_from(request.query_params, request.user)
        return Response(self._summary(kind, target))

    @extend_schema(summary="공감하기 (한 사람 한 번)", request=TargetSerializer)
    def create(self, request):
        data = TargetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind = data.validated_data["target_type"]
        target = resolve(kind, data.validated_data["target_id"])
        if target is None:
            raise BusinessRuleError(NO_TARGET, field="target_id")
        services.endorsement_add(target=target, by=request.user)
        return Response(self._summary(kind, target), status=status.HTTP_201_CREATED)

    @extend_schema(summary="공감 거두기", request=TargetSerializer)
    @action(detail=False, methods=["post"])
    def withdraw(self, request):
        kind, target = _target_from(request.data, request.user)
        services.endorsement_remove(target=target, by=request.user)
        return Response(self._summary(kind, target))
