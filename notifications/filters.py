"""Filters of the inbox, for the API list (the page offers the same ``unread`` switch)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        label=_("읽지 않은 알림만"), field_name="read_at", lookup_expr="isnull"
    )
    kind = django_filters.ChoiceFilter(label=_("종류"), choices=Notification.Kind.choices)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
