from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("심사·선정")

    def ready(self):
        from core.home import register_waiting
        from reviews import home, permissions  # noqa: F401  (permissions registers the rules)

        register_waiting(home.ideas_to_review)
        register_waiting(home.rounds_to_manage)
