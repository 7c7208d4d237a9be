from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("혁신 로드맵")

    def ready(self):
        from roadmap import permissions  # noqa: F401  (registers the rules)
