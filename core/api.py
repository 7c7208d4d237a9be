"""Shared DRF pieces: pagination, ordering, the translation of business-rule errors, and
JSON errors for the schema views.

DRF imports this module from its settings (DEFAULT_PAGINATION_CLASS) while it is itself
being imported: nothing here may import DRF views, generics or drf_spectacular.views.
"""

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Window
from rest_framework import filters
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import BusinessRuleError


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class OneQueryPagination(Pagination):
    """The page's rows and the total in one query (``COUNT(*) OVER ()``).

    For a list whose filter is the expensive part (a Korean search matching thousands of
    ideas), the usual COUNT(*) before the page would run the whole search twice. The total
    comes with the rows instead; only a page past the end asks COUNT(*) separately, to
    tell "no such page" from "no rows". Without such a filter the plain COUNT(*) is used:
    a window over every matching row would keep PostgreSQL from sorting only the top of
    the list (measured in benchmarks/bench_idea_list.py: 2× slower for the plain list).
    """

    # The query parameters that make a filter expensive; without them the usual COUNT(*)
    # is cheaper than a window over every matching row.
    window_count_params = ("q",)

    def paginate_queryset(self, queryset, request, view=None):
        if not any(request.query_params.get(p) for p in self.window_count_params):
            return super().paginate_queryset(queryset, request, view)
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        raw = request.query_params.get(self.page_query_param) or 1
        try:
            number = int(raw)
            if number < 1:
                raise ValueError
        except (TypeError, ValueError):
            raise NotFound(self.invalid_page_message.format(page_number=raw, message="")) from None
        start = (number - 1) * page_size
        rows = list(queryset.annotate(_total=Window(Count("pk")))[start : start + page_size])
        paginator = Paginator(queryset, page_size)
        # Paginator.count is a cached property: the window's total stands in for COUNT(*).
        paginator.count = rows[0]._total if rows else queryset.count()
        try:
            paginator.validate_number(number)
        except InvalidPage as exc:
            raise NotFound(
                self.invalid_page_message.format(page_number=raw, message=str(exc))
            ) from None
        self.page = Page(rows, number, paginator)
        self.request = request
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return rows


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
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # A ValidationError raised with a bare list (a query parameter checked outside a
        # serializer, say) would answer a JSON array; every error body is an object.
        response.data = {"detail": " ".join(str(message) for message in response.data)}
    return response


class JSONErrorsMixin:
    """Errors as JSON, like the rest of the API, from views that render something else
    (the schema as YAML, Swagger UI as HTML); otherwise an anonymous caller would get a
    YAML or HTML 401."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


ERROR_RESPONSES = {
    "400": ("ValidationError", "요청 값이 올바르지 않습니다(필드별 메시지)."),
    "401": ("Error", "로그인하지 않았거나 토큰이 없거나 틀렸습니다."),
    "403": ("Error", "권한이 없습니다."),
    "404": ("Error", "대상이나 페이지가 없습니다."),
    "409": ("Error", "그 사이 다른 사람이 먼저 고쳤습니다(불러온 version이 낡음)."),
    "415": ("Error", "받지 않는 요청 형식(Content-Type)입니다."),
}


def _body_components(operation, schemas):
    """The component schemas an operation's request body refers to."""
    for media in operation.get("requestBody", {}).get("content", {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name in schemas:
                yield name, schemas[name]


def _saves_a_loaded_version(method, operation, schemas) -> bool:
    """An update that carries the ``version`` the caller loaded is refused with a 409
    (``EditConflict``) when somebody saved in between."""
    if method not in ("put", "patch"):
        return False
    return any(
        "version" in s.get("properties", {}) for _, s in _body_components(operation, schemas)
    )


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: document the errors every operation can give.

    Every API view needs a signed-in caller (401/403); one with a path parameter or a page
    can answer 404; one that changes something, or takes query parameters or a body, can
    answer 400. Responses an operation documents itself keep their description.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Error",
        {
            "type": "object",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        },
    )
    schemas.setdefault(
        "ValidationError",
        {
            "type": "object",
            "description": "필드 이름(또는 detail)별 오류 메시지",
            "additionalProperties": {},
        },
    )
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            parameters = operation.get("parameters", [])
            codes = ["401", "403"]
            if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
                codes.append("404")
            # A change goes through a service, whose refusal (BusinessRuleError) is a 400
            # even without a body (deleting an assignment already scored, say).
            changes = method in ("post", "put", "patch", "delete")
            if changes or any(p["in"] == "query" for p in parameters) or "requestBody" in operation:
                codes.append("400")
            responses = operation.setdefault("responses", {})
            # An operation may document an error of its own (a 404 for an unknown id given
            # in the query) with a description only: the body is still the shared shape.
            codes += [code for code in responses if code in ERROR_RESPONSES]
            if _saves_a_loaded_version(method, operation, schemas):
                codes.append("409")
            for code in sorted(set(codes)):
                component, description = ERROR_RESPONSES[code]
                response = responses.setdefault(code, {"description": description})
                response.setdefault(
                    "content",
                    {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                )
    return result


# drf-spectacular marks nothing required in a PATCH ("Patched…") component, since DRF
# validates it as partial; but an update without the ``version`` the caller loaded is refused
# (409/400), so the schema must say it is required wherever an update body carries one.
def require_fields_the_app_requires(result, generator, request, public):
    """drf-spectacular post-processing hook: ``version`` required in every update body."""
    schemas = result.get("components", {}).get("schemas", {})
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if not _saves_a_loaded_version(method, operation, schemas):
                continue
            for _, schema in _body_components(operation, schemas):
                if "version" in schema.get("properties", {}):
                    required = schema.setdefault("required", [])
                    if "version" not in required:
                        required.append("version")
    return result
