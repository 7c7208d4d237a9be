from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("의견과 공감")

    def ready(self):
        from participation import permissions  # noqa: F401  (registers the rules)
