from django.urls import path

from roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.home, name="home"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/copy/", views.VersionCopy.as_view(), name="version_copy"),
    path(
        "versions/<int:pk>/put-in-force/",
        views.VersionPutInForce.as_view(),
        name="version_put_in_force",
    ),
    path("versions/<int:pk>/excel/", views.version_excel, name="version_excel"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/indicator/", views.TaskIndicator.as_view(), name="task_indicator"),
    path("tasks/<int:pk>/ideas/", views.TaskLinkIdea.as_view(), name="task_link_idea"),
    path("tasks/<int:pk>/edit/", views.TaskEdit.as_view(), name="task_edit"),
    path(
        "tasks/<int:pk>/ideas/<int:idea_pk>/unlink/",
        views.TaskUnlinkIdea.as_view(),
        name="task_unlink_idea",
    ),
    path("tasks/<int:pk>/plans/", views.TaskLinkPlan.as_view(), name="task_link_plan"),
    path(
        "tasks/<int:pk>/plans/<int:plan_pk>/unlink/",
        views.TaskUnlinkPlan.as_view(),
        name="task_unlink_plan",
    ),
    path("tasks/<int:pk>/reports/", views.TaskReport.as_view(), name="task_report"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/review/", views.ReportReview.as_view(), name="report_review"),
    path("surveys/<int:pk>/", views.SurveyDetail.as_view(), name="survey"),
    path("surveys/<int:pk>/excel/", views.survey_excel, name="survey_excel"),
]
