"""Shared DRF pieces: pagination and the translation of business-rule errors."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import BusinessRuleError


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc, context):
    """Refused business rules become 400/403/409 with the Korean messages at their fields."""
    if isinstance(exc, BusinessRuleError):
        body = {
            (field or "detail"): messages if field else " ".join(messages)
            for field, messages in exc.errors.items()
        }
        return Response(body, status=exc.status_code)
    return drf_exception_handler(exc, context)
