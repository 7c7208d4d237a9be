from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("아이디어")

    def ready(self):
        from ideas import permissions  # noqa: F401  (registers the rules)
