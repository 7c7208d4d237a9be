"""The REST API's router: every app registers its viewsets here, under /api/v1/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# departments
# (registered by departments.api)
