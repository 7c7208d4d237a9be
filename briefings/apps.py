from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = _("보고회")

    def ready(self):
        from briefings import home, permissions, reminders  # noqa: F401  (rules, providers)
        from core.home import register_waiting

        register_waiting(home.sessions_today)
