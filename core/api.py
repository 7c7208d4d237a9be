"""Shared DRF pieces: pagination and the translation of business-rule errors."""

from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import BusinessRuleError, PermissionRefused


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc, context):
    """Refused business rules become 400 (or 403) with the Korean message at its field."""
    if isinstance(exc, BusinessRuleError):
        code = (
            status.HTTP_403_FORBIDDEN
            if isinstance(exc, PermissionRefused)
            else status.HTTP_400_BAD_REQUEST
        )
        key = exc.field or "detail"
        body = {key: [exc.message]} if exc.field else {"detail": exc.message}
        return Response(body, status=code)
    if isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict | list):
        exc.detail = {"detail": exc.detail}
    return drf_exception_handler(exc, context)
