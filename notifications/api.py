"""The caller's notifications (/api/v1/notifications/): list, read one, mark read.

Scoped to the caller: another person's notice is a 404. Writes go through the services.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.permissions import HasRulesPermission
from notifications import selectors, services
from notifications.filters import NotificationFilter
from notifications.models import Notification
from notifications.serializers import (
    NotificationSerializer,
    ReadAllSerializer,
    UnreadCountSerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="내 알림 목록",
        description="호출한 사람에게 온 알림, 최근 것부터. `unread=true`면 읽지 않은 것만.",
    ),
    retrieve=extend_schema(summary="내 알림 하나"),
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = NotificationSerializer
    permission_classes = [HasRulesPermission]
    permission_required = "notifications.view_inbox"
    filter_backends = [DjangoFilterBackend]
    filterset_class = NotificationFilter

    def get_queryset(self):
        user = self.request.user
        if not getattr(user, "pk", None):  # the schema generator
            return Notification.objects.none()
        return selectors.inbox(user=user)

    @extend_schema(summary="읽음으로 표시", request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(
            notification=self.get_object(), by=request.user
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="모두 읽음으로 표시", request=None, responses={200: ReadAllSerializer})
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request):
        marked = services.notifications_mark_all_read(by=request.user)
        return Response({"marked": marked})

    @extend_schema(
        summary="읽지 않은 알림 수",
        description="머리글의 배지와 같은 수.",
        responses={200: UnreadCountSerializer},
    )
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[])
    def unread_count(self, request):
        return Response({"unread": selectors.unread_count(user=request.user)})
