from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "insight"
    verbose_name = _("현황 분석")

    def ready(self) -> None:
        from insight import permissions  # noqa: F401  (registers the rules)
