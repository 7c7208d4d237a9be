from django.urls import path

from visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="visit_list"),
    path("new/", views.VisitPlan.as_view(), name="visit_plan"),
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
    path("<int:pk>/members/add/", views.VisitAddMember.as_view(), name="visit_add_member"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/decide/", views.VisitDecide.as_view(), name="visit_decide"),
    path("<int:pk>/report/", views.VisitReport.as_view(), name="visit_report"),
    path("<int:pk>/derive/", views.VisitDeriveIdea.as_view(), name="visit_derive"),
    path("report/", views.year_report, name="year_report"),
    path("report.pdf", views.year_report_pdf, name="year_report_pdf"),
    path("report.xlsx", views.year_report_xlsx, name="year_report_xlsx"),
]
