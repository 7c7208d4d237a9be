from django.urls import path

from exports.views import jobs

app_name = "exports"
urlpatterns = [
    path("", jobs.JobList.as_view(), name="job_list"),
    path("<int:pk>/", jobs.job_detail, name="job_detail"),
    path("<int:pk>/status/", jobs.job_status, name="job_status"),
    path("<int:pk>/download/", jobs.download, name="download"),
]
