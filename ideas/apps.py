from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class IdeasConfig(AppConfig):
    name = "ideas"
    # "plural": the English app name is "Ideas"; a plain "아이디어" labels one idea.
    verbose_name = pgettext_lazy("plural", "아이디어")

    def ready(self):
        from core.home import register_waiting
        from ideas import home, permissions  # noqa: F401  (permissions registers the rules)

        register_waiting(home.team_work)
        register_waiting(home.exemptions_to_decide)
        register_waiting(home.seasons_to_watch)
