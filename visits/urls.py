from django.urls import path

from visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="visit_list"),
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
    path("report/", views.year_report, name="year_report"),
    path("report.pdf", views.year_report_pdf, name="year_report_pdf"),
    path("report.xlsx", views.year_report_xlsx, name="year_report_xlsx"),
]
