"""The REST API's entry points: the router (every app registers its viewsets here, under
/api/v1/), the OpenAPI schema and Swagger UI."""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from awards import api as awards_api
from briefings import api as briefings_api
from core.api import JSONErrorsMixin
from departments import api as departments_api
from exports import api as exports_api
from ideas import api as ideas_api
from insight import api as insight_api
from notifications import api as notifications_api
from participation import api as participation_api
from reviews import api as reviews_api
from roadmap import api as roadmap_api
from rollout import api as rollout_api
from similarity import api as similarity_api
from visits import api as visits_api


class Router(DefaultRouter):
    """Object ids in paths are ASCII digits only: the default ``[^/.]+`` let ``1%0A`` (a line
    feed) through to ``int()``, which read it as 1. A viewset may still set its own
    ``lookup_value_regex``."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if "lookup_value_regex" not in vars(viewset) and not any(
            "lookup_value_regex" in vars(base)
            for base in viewset.__mro__[1:-1]
            if base.__module__.split(".")[0] != "rest_framework"
        ):
            viewset = type(viewset.__name__, (viewset,), {"lookup_value_regex": "[0-9]+"})
        return super().get_lookup_regex(viewset, lookup_prefix)


router = Router()

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

# rollout: plans with their co-owners, tracks' steps, milestones, KPIs and reports; calendars
router.register("rollout-plans", rollout_api.PlanViewSet, basename="rollout-plan")
router.register("co-owners", rollout_api.CoOwnerViewSet, basename="co-owner")
router.register("ordinance-steps", rollout_api.OrdinanceStepViewSet, basename="ordinance-step")
router.register("milestones", rollout_api.MilestoneViewSet, basename="milestone")
router.register("kpis", rollout_api.KpiViewSet, basename="kpi")
router.register("progress-reports", rollout_api.ReportViewSet, basename="progress-report")
router.register("budget-rounds", rollout_api.BudgetRoundViewSet, basename="budget-round")
router.register("council-sessions", rollout_api.CouncilSessionViewSet, basename="council-session")
router.register(
    "directive-follow-ups", rollout_api.DirectiveFollowUpViewSet, basename="directive-follow-up"
)

# notifications: the caller's inbox
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")

# exports: the planning office's and bureau directors' Excel workbooks
router.register("exports", exports_api.ExportJobViewSet, basename="exportjob")

# insight: the dashboards' numbers, one endpoint per panel
router.register("insight", insight_api.InsightViewSet, basename="insight")
router.register("history", insight_api.HistoryViewSet, basename="history")
router.register("briefing-books", insight_api.BriefingBookViewSet, basename="briefing-book")
# roadmap: versions, tasks (units, plans, indicators), performance reports, staff surveys
router.register("roadmap-versions", roadmap_api.VersionViewSet, basename="roadmap-version")
router.register("roadmap-tasks", roadmap_api.TaskViewSet, basename="roadmap-task")
router.register("roadmap-reports", roadmap_api.ReportViewSet, basename="roadmap-report")
router.register("surveys", roadmap_api.SurveyViewSet, basename="survey")

# participation: comments and endorsements (공감) on ideas and roadmap tasks
router.register("comments", participation_api.CommentViewSet, basename="comment")
router.register("endorsements", participation_api.EndorsementViewSet, basename="endorsement")
# awards: the best-department award, its points ledger, verified work-reduction outcomes
router.register("award-grades", awards_api.AwardGradeViewSet, basename="award-grade")
router.register("award-rounds", awards_api.AwardRoundViewSet, basename="award-round")
router.register("nominations", awards_api.NominationViewSet, basename="nomination")
router.register("point-entries", awards_api.PointEntryViewSet, basename="point-entry")
router.register(
    "outcome-measurements", awards_api.OutcomeMeasurementViewSet, basename="outcome-measurement"
)

# visits: benchmarking programmes, visits with their reports and derived ideas
router.register("visit-programmes", visits_api.VisitProgrammeViewSet, basename="visit-programme")
router.register("visits", visits_api.VisitViewSet, basename="visit")


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """/api/schema/: OpenAPI 3 for signed-in callers (session or token)."""


# Swagger UI styles its page with a <style> element and style attributes, and shows data:
# images; its start-up script comes from ?script (the split view), so script-src stays 'self'.
@method_decorator(
    csp_update({"style-src": ["'unsafe-inline'"], "img-src": ["data:"]}), name="dispatch"
)
class SwaggerView(JSONErrorsMixin, SpectacularSwaggerSplitView):
    """/api/docs/: Swagger UI, served from drf-spectacular-sidecar's static files."""


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/: a JSON 404 for a signed-in caller (401 otherwise) rather
    than Django's HTML page, which no API client can read."""

    def handle(self, request, *args, **kwargs):
        raise NotFound()

    get = post = put = patch = delete = head = options = handle
