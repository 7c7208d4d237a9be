from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("벤치마킹 방문")

    def ready(self):
        from notifications.models import Notification
        from notifications.reminders import register
        from visits import permissions  # noqa: F401  (registers the rules)
        from visits.reminders import visit_reports_due

        register(Notification.Kind.VISIT_REPORT_DUE, visit_reports_due)
