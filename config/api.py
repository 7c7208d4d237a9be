"""The REST API's entry points: the router (every app registers its viewsets here, under
/api/v1/), the OpenAPI schema and Swagger UI."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core.api import JSONErrorsMixin
from departments import api as departments_api

router = DefaultRouter()

# departments: the org chart, read-only
router.register("bureaus", departments_api.BureauViewSet, basename="bureau")
router.register("divisions", departments_api.DivisionViewSet, basename="division")
router.register("teams", departments_api.TeamViewSet, basename="team")
router.register("people", departments_api.PersonViewSet, basename="person")


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """/api/schema/: OpenAPI 3 for signed-in callers (session or token)."""


class SwaggerView(JSONErrorsMixin, SpectacularSwaggerView):
    """/api/docs/: Swagger UI, served from drf-spectacular-sidecar's static files."""
