from django.urls import path

from departments.views import imports, orgchart

app_name = "departments"
urlpatterns = [
    path("", orgchart.org_chart, name="org_chart"),
    path("import/", imports.OrgChartImport.as_view(), name="import"),
    path("import/confirm/", imports.OrgChartImportConfirm.as_view(), name="import_confirm"),
]
