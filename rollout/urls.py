from django.urls import path

from rollout import views

app_name = "rollout"
# One page adds a row to a calendar or, given its pk, changes it.
budget_rounds = views.CalendarEdit.as_view(calendar="budget_round")
council_sessions = views.CalendarEdit.as_view(calendar="session")
urlpatterns = [
    path("", views.board, name="board"),
    path("calendars/", views.calendars, name="calendars"),
    path("calendars/budget-rounds/new/", budget_rounds, name="budget_round_add"),
    path("calendars/budget-rounds/<int:pk>/", budget_rounds, name="budget_round_edit"),
    path("calendars/sessions/new/", council_sessions, name="council_session_add"),
    path("calendars/sessions/<int:pk>/", council_sessions, name="council_session_edit"),
    path("rollout.xlsx", views.board_workbook, name="board_workbook"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEdit.as_view(), name="plan_edit"),
    path("plans/<int:pk>/file/", views.PlanFile.as_view(), name="plan_file"),
    path("plans/<int:pk>/cannot/", views.PlanCannot.as_view(), name="plan_cannot"),
    path(
        "plans/<int:pk>/cannot/decide/", views.PlanCannotDecide.as_view(), name="plan_cannot_decide"
    ),
    path("plans/<int:pk>/complete/", views.PlanComplete.as_view(), name="plan_complete"),
    path("plans/<int:pk>/budget/", views.BudgetTrackEdit.as_view(), name="budget_edit"),
    path(
        "plans/<int:pk>/ordinance/",
        views.PlanPartEdit.as_view(part="ordinance"),
        name="ordinance_edit",
    ),
    path(
        "plans/<int:pk>/immediate/",
        views.PlanPartEdit.as_view(part="immediate"),
        name="immediate_edit",
    ),
    path(
        "plans/<int:pk>/milestones/",
        views.PlanPartEdit.as_view(part="milestone"),
        name="milestone_add",
    ),
    path("plans/<int:pk>/kpis/", views.PlanPartEdit.as_view(part="kpi"), name="kpi_add"),
    path("plans/<int:pk>/co-owners/", views.CoOwnerAdd.as_view(), name="co_owner_add"),
    path("milestones/<int:pk>/done/", views.MilestoneDone.as_view(), name="milestone_done"),
    path("steps/<int:pk>/", views.StepEdit.as_view(), name="step_edit"),
    path("reports/<int:pk>/", views.ReportEdit.as_view(), name="report_edit"),
    path(
        "reports/<int:pk>/attachments/",
        views.ReportAttachmentUpload.as_view(),
        name="report_attachment_upload",
    ),
    path(
        "report-attachments/<int:pk>/",
        views.report_attachment_download,
        name="report_attachment_download",
    ),
    path(
        "report-attachments/<int:pk>/delete/",
        views.ReportAttachmentDelete.as_view(),
        name="report_attachment_delete",
    ),
    path("reports/<int:pk>/file/", views.ReportFile.as_view(), name="report_file"),
    path("reports/<int:pk>/review/", views.ReportReview.as_view(), name="report_review"),
    path("ideas/<int:idea_pk>/", views.idea_plan, name="idea_plan"),
    path(
        "directives/<int:pk>/follow-up/",
        views.DirectiveFollowUpEdit.as_view(),
        name="directive_follow_up",
    ),
]
