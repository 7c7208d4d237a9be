from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("엑셀 내보내기")

    def ready(self):
        from exports import permissions  # noqa: F401  (registers the rules)
