from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("혁신 로드맵")

    def ready(self):
        from core.home import register_waiting
        from roadmap import home, permissions  # noqa: F401  (permissions registers the rules)

        register_waiting(home.reports_to_review)

        from roadmap.insight import register_all

        register_all()
