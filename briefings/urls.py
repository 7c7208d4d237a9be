from django.urls import path

from briefings.views import sessions

app_name = "briefings"
urlpatterns = [
    # Everybody's schedule and agendas
    path("", sessions.schedule, name="schedule"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/calendar.ics", sessions.session_ics, name="session_ics"),
    path(
        "sessions/<int:pk>/items/<int:item_pk>/directive/",
        sessions.DirectiveCreate.as_view(),
        name="directive_create",
    ),
    path("seasons/<int:season_pk>/calendar.ics", sessions.season_ics, name="season_ics"),
    # The planning office
    path("manage/", sessions.manage, name="manage"),
    path("manage/sessions/<int:pk>/", sessions.SessionChange.as_view(), name="session_change"),
    path("manage/<int:season_pk>/", sessions.Plan.as_view(), name="plan"),
    path("manage/<int:season_pk>/publish/", sessions.Publish.as_view(), name="publish"),
    path("manage/<int:season_pk>/regenerate/", sessions.Regenerate.as_view(), name="regenerate"),
]
