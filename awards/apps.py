from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("으뜸 도정상")

    def ready(self):
        from awards import permissions  # noqa: F401  (registers the rules)
