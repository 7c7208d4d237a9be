from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("알림")

    def ready(self):
        from notifications import permissions, reminders  # noqa: F401  (registers rules, providers)
