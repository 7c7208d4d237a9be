from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimilarityConfig(AppConfig):
    name = "similarity"
    verbose_name = _("비슷한 아이디어")

    def ready(self):
        from similarity import permissions  # noqa: F401  (registers the rules)
