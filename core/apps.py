from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("공통")

    def ready(self):
        from core.permissions import _register_rules

        _register_rules()
