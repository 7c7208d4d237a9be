from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("아이디어")

    def ready(self):
        from core.home import register_waiting
        from ideas import home, permissions  # noqa: F401  (permissions registers the rules)

        register_waiting(home.team_work)
        register_waiting(home.exemptions_to_decide)
        register_waiting(home.seasons_to_watch)
