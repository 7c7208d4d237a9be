from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("심사·선정")

    def ready(self):
        from reviews import permissions  # noqa: F401  (registers the rules)
