from django.urls import path

from notifications.views import inbox

app_name = "notifications"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("<int:pk>/", inbox.notification_open, name="open"),
    path("<int:pk>/read/", inbox.NotificationRead.as_view(), name="read"),
    path("read-all/", inbox.NotificationsReadAll.as_view(), name="read_all"),
]
