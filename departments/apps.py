from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("조직")

    def ready(self):
        from departments import permissions  # noqa: F401  (registers the rules)
