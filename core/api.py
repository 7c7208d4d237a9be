"""Shared DRF pieces: pagination, ordering, the translation of business-rule errors, and
JSON errors for the schema views.

DRF imports this module from its settings (DEFAULT_PAGINATION_CLASS) while it is itself
being imported: nothing here may import DRF views, generics or drf_spectacular.views.
"""

from rest_framework import filters
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import BusinessRuleError


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class OrderingFilter(filters.OrderingFilter):
    """DRF's ordering, with the view's ``ordering_fields`` listed in the schema."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if isinstance(fields, list | tuple):
            allowed = ", ".join(f"`{name}`" for name in fields)
            parameters[0]["description"] = (
                f"정렬 기준: {allowed}. 앞에 `-`를 붙이면 역순, 쉼표로 여러 개를 잇습니다."
            )
        return parameters


def exception_handler(exc, context):
    """Refused business rules become 400/403/409 with the Korean messages at their fields."""
    if isinstance(exc, BusinessRuleError):
        body = {
            (field or "detail"): messages if field else " ".join(messages)
            for field, messages in exc.errors.items()
        }
        return Response(body, status=exc.status_code)
    return drf_exception_handler(exc, context)


class JSONErrorsMixin:
    """Errors as JSON, like the rest of the API, from views that render something else
    (the schema as YAML, Swagger UI as HTML); otherwise an anonymous caller would get a
    YAML or HTML 401."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
