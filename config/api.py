"""The REST API's entry points: the router (every app registers its viewsets here, under
/api/v1/), the OpenAPI schema and Swagger UI."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from briefings import api as briefings_api
from core.api import JSONErrorsMixin
from departments import api as departments_api
from exports import api as exports_api
from ideas import api as ideas_api
from notifications import api as notifications_api
from reviews import api as reviews_api
from similarity import api as similarity_api

router = DefaultRouter()

# departments: the org chart, read-only
router.register("bureaus", departments_api.BureauViewSet, basename="bureau")
router.register("divisions", departments_api.DivisionViewSet, basename="division")
router.register("teams", departments_api.TeamViewSet, basename="team")
router.register("people", departments_api.PersonViewSet, basename="person")

# ideas: seasons, ideas and their attachments, exemptions
router.register("seasons", ideas_api.SeasonViewSet, basename="season")
router.register("ideas", ideas_api.IdeaViewSet, basename="idea")
router.register("attachments", ideas_api.AttachmentViewSet, basename="attachment")
router.register("exemptions", ideas_api.ExemptionViewSet, basename="exemption")

# similarity: the planning office's likely duplicate pairs of a season
router.register("duplicate-pairs", similarity_api.DuplicatePairViewSet, basename="duplicate-pair")

# reviews: rounds and criteria, assignments, blind evaluations, decisions, directives
router.register("review-rounds", reviews_api.ReviewRoundViewSet, basename="review-round")
router.register("assignments", reviews_api.AssignmentViewSet, basename="assignment")
router.register("evaluations", reviews_api.EvaluationViewSet, basename="evaluation")
router.register("decisions", reviews_api.DecisionViewSet, basename="decision")
router.register("directives", reviews_api.DirectiveViewSet, basename="directive")

# briefings: sessions with their agendas, each season's schedule and calendar
router.register(
    "briefing-sessions", briefings_api.BriefingSessionViewSet, basename="briefing-session"
)
router.register(
    "briefing-schedules", briefings_api.BriefingScheduleViewSet, basename="briefing-schedule"
)

# notifications: the caller's inbox
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")

# exports: the planning office's and bureau directors' Excel workbooks
router.register("exports", exports_api.ExportJobViewSet, basename="exportjob")


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """/api/schema/: OpenAPI 3 for signed-in callers (session or token)."""


class SwaggerView(JSONErrorsMixin, SpectacularSwaggerView):
    """/api/docs/: Swagger UI, served from drf-spectacular-sidecar's static files."""


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/: a JSON 404 for a signed-in caller (401 otherwise) rather
    than Django's HTML page, which no API client can read."""

    def handle(self, request, *args, **kwargs):
        raise NotFound()

    get = post = put = patch = delete = head = options = handle
