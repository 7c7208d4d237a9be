from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "rollout"
    verbose_name = _("추진 관리")

    def ready(self):
        from notifications.models import Notification
        from notifications.reminders import register
        from rollout import permissions  # noqa: F401  (registers the rules)
        from rollout.reminders import directives_due, progress_reports_due

        register(Notification.Kind.PROGRESS_REPORT_DUE, progress_reports_due)
        register(Notification.Kind.DIRECTIVE_DUE, directives_due)

        from rollout.insight import register_all

        register_all()
